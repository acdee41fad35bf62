import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { relationMessageKey } from '@/lib/dataset/relation-types';
import type { Translate } from '@/lib/i18n';
import type { LinkedEntity } from '@/lib/knowledge/types';

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

/** How a link reads in the reader's language: the dataset's role if it has one, else its type's label. */
export function linkLabel(t: Translate, link: Pick<LinkedEntity, 'type' | 'direction' | 'role'>): string {
  return link.role ?? t(relationMessageKey(link.type, link.direction));
}
