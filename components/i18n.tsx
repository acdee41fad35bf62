import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Translate } from '@/lib/i18n';

/** What every component needs to speak the reader's language. */
export interface Locale {
  t: Translate;
  /** BCP 47 tag for dates and numbers, e.g. "en-GB" or "uk". */
  locale: string;
}

const LocaleContext = createContext<Locale>({ t: (key) => key, locale: 'en' });

/** Provides the translator and locale to everything below. */
export const LocaleProvider = LocaleContext.Provider;

/** The translator and locale from the nearest LocaleProvider. */
export function useLocale(): Locale {
  return useContext(LocaleContext);
}
