import { render } from '@testing-library/preact';
import axe from 'axe-core';
import type { ComponentChild } from 'preact';
import { LocaleProvider } from '@/components/i18n';
import { type CatalogueEntry, catalogueTranslator } from '@/lib/i18n';
import english from '@/public/_locales/en/messages.json';
import ukrainian from '@/public/_locales/uk/messages.json';

/** The English translator, exactly as the browser would fill it from messages.json. */
export const t = catalogueTranslator(english as Record<string, CatalogueEntry>);

/** The Ukrainian translator, the same way. */
export const tUkrainian = catalogueTranslator(ukrainian as Record<string, CatalogueEntry>);

/** Renders `ui` with a catalogue (English unless told) and a fixed locale, as the extension's pages do. */
export function renderWithLocale(ui: ComponentChild, locale = 'en-GB', translate = t) {
  return render(<LocaleProvider value={{ t: translate, locale }}>{ui}</LocaleProvider>);
}

/** Accessibility violations axe finds in `element` (layout-dependent rules are left to the real browsers). */
export async function axeViolations(element: Element): Promise<string[]> {
  const results = await axe.run(element, {
    rules: { 'color-contrast': { enabled: false }, region: { enabled: false } },
  });
  return results.violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
  );
}
