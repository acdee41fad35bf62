import { browser } from 'wxt/browser';
import type { Locale } from '@/components/i18n';
import { browserTranslator, uiLanguages } from '../i18n.ts';

/** The reader's language for the extension's own pages, and the language their text is in (`lang`). */
export function browserLocale(): Locale & { language: string } {
  const t = browserTranslator((key, substitutions) => browser.i18n.getMessage(key as never, substitutions));
  const { language, formatting } = uiLanguages(t('catalogueLanguage'), browser.i18n.getUILanguage());
  return { t, locale: formatting, language };
}
