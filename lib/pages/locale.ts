import { browser } from 'wxt/browser';
import type { Locale } from '@/components/i18n';
import { browserTranslator } from '../i18n.ts';

/** The reader's language for the extension's own pages: the browser's i18n and UI language. */
export function browserLocale(): Locale {
  return {
    t: browserTranslator((key, substitutions) => browser.i18n.getMessage(key as never, substitutions)),
    locale: browser.i18n.getUILanguage(),
  };
}
