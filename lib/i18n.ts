/**
 * UI text through the browser's i18n (`_locales/<lang>/messages.json`), English first, Ukrainian
 * second. Components never call browser APIs: the extension's pages (lib/pages/locale.ts) and the
 * hover card (lib/content/hover-card.ts) make a `Translate` from `browser.i18n.getMessage` and pass
 * it down (components/i18n.tsx); tests make one from the JSON.
 */
import type english from '../public/_locales/en/messages.json';

/** Every message key, checked at compile time against the English catalogue. */
export type MessageKey = keyof typeof english;

/** Looks up a message, filling $1…$9 with `substitutions`. */
export type Translate = (key: MessageKey, ...substitutions: (string | number)[]) => string;

/** One catalogue entry, as messages.json stores it. */
export interface CatalogueEntry {
  message: string;
  description?: string;
  placeholders?: Record<string, { content: string; example?: string }>;
}

/** A Translate backed by the browser's getMessage (which expects strings). */
export function browserTranslator(getMessage: (key: string, substitutions?: string[]) => string): Translate {
  return (key, ...substitutions) => getMessage(key, substitutions.map(String)) || key;
}

/**
 * A Translate over a catalogue object, with the browser's substitution rules: named $PLACEHOLDER$s
 * map to their `content` ("$1"), then $1…$9 take the substitutions; "$$" is a literal "$".
 */
export function catalogueTranslator(catalogue: Record<string, CatalogueEntry>): Translate {
  return (key, ...substitutions) => {
    const entry = Object.hasOwn(catalogue, key) ? catalogue[key] : undefined;
    if (!entry) return key;
    const placeholders = entry.placeholders ?? {};
    const withNamed = entry.message.replace(/\$([A-Za-z0-9_@]+)\$/g, (whole, name: string) => {
      const found = Object.entries(placeholders).find(
        ([placeholder]) => placeholder.toLowerCase() === name.toLowerCase(),
      );
      return found ? found[1].content : whole;
    });
    return withNamed.replace(/\$(\$|[1-9])/g, (_whole, which: string) =>
      which === '$' ? '$' : String(substitutions[Number(which) - 1] ?? ''),
    );
  };
}

/** The languages the extension has catalogues for (public/_locales). */
export const CATALOGUE_LANGUAGES: readonly string[] = ['en', 'uk'];

/**
 * The language the UI's text is in, to declare with `lang` (screen readers choose their voice by
 * it), and the locale to format dates and numbers in. The text is in the catalogue's language: the
 * browser's UI language when there is a catalogue for it, else English. Formatting follows the
 * reader's own locale (a German reader gets German dates in the English UI), except when the browser
 * fills messages from a catalogue other than its reported UI language's (Chromium started with
 * --lang reports en-US): then the catalogue's language, so that text and dates agree.
 */
export function uiLanguages(
  catalogueLanguage: string,
  uiLanguage: string,
): { language: string; formatting: string } {
  const primary = uiLanguage.toLowerCase().split(/[-_]/)[0] ?? '';
  if (primary === catalogueLanguage) return { language: uiLanguage, formatting: uiLanguage };
  const hasCatalogue = CATALOGUE_LANGUAGES.includes(primary);
  return { language: catalogueLanguage, formatting: hasCatalogue ? catalogueLanguage : uiLanguage };
}
