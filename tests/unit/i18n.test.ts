import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RELATION_TYPE_IDS, RELATION_TYPES, relationMessageKey } from '@/lib/dataset/relation-types';
import { CATALOGUE_LANGUAGES, type CatalogueEntry, catalogueTranslator, uiLanguages } from '@/lib/i18n';

const LOCALES_DIR = join(import.meta.dirname, '../../public/_locales');
const catalogues = Object.fromEntries(
  readdirSync(LOCALES_DIR).map((locale) => [
    locale,
    JSON.parse(readFileSync(join(LOCALES_DIR, locale, 'messages.json'), 'utf8')) as Record<
      string,
      CatalogueEntry
    >,
  ]),
);
const english = catalogues.en!;
const placeholderTokens = (message: string) =>
  (message.match(/\$[A-Za-z0-9_]+\$/g) ?? []).map((t) => t.toUpperCase()).sort();

describe('UI text catalogues', () => {
  it('ship English and Ukrainian', () => {
    expect(Object.keys(catalogues).sort()).toEqual(['en', 'uk']);
  });

  describe.each(Object.keys(catalogues).filter((locale) => locale !== 'en'))('%s', (locale) => {
    const catalogue = catalogues[locale]!;

    it('has every English key and no other', () => {
      expect(Object.keys(catalogue).filter((key) => !(key in english))).toEqual([]);
      expect(Object.keys(english).filter((key) => !(key in catalogue))).toEqual([]);
    });

    it('keeps each message’s placeholders', () => {
      for (const [key, entry] of Object.entries(english)) {
        const translated = catalogue[key]!;
        const contents = (e: CatalogueEntry) =>
          Object.fromEntries(
            Object.entries(e.placeholders ?? {}).map(([name, p]) => [name.toLowerCase(), p.content]),
          );
        expect(contents(translated), key).toEqual(contents(entry));
        expect(placeholderTokens(translated.message), key).toEqual(placeholderTokens(entry.message));
        expect(translated.message.trim(), key).not.toBe('');
      }
    });
  });
});

describe('relation labels', () => {
  it('name every relation type from both ends in every catalogue, in the dataset’s English wording', () => {
    for (const type of RELATION_TYPE_IDS) {
      const [outgoing, incoming] = [
        relationMessageKey(type, 'outgoing'),
        relationMessageKey(type, 'incoming'),
      ];
      expect(english[outgoing]?.message, outgoing).toBe(RELATION_TYPES[type].label);
      expect(english[incoming]?.message, incoming).toBe(RELATION_TYPES[type].inverse);
      for (const catalogue of Object.values(catalogues)) {
        expect(catalogue[outgoing]?.message.trim(), outgoing).toBeTruthy();
        expect(catalogue[incoming]?.message.trim(), incoming).toBeTruthy();
      }
    }
    expect(catalogueTranslator(catalogues.uk!)(relationMessageKey('capital-of', 'incoming'))).toBe('столиця');
  });
});

describe('the translator', () => {
  it('fills named placeholders, numbered substitutions and literal dollars as browsers do', () => {
    const t = catalogueTranslator({
      greet: {
        message: 'Hello $NAME$, you have $COUNT$ new',
        placeholders: { name: { content: '$1' }, count: { content: '$2' } },
      },
      price: { message: 'Costs $$5 ($1)' },
    });
    expect(t('greet' as never, 'Olena', 3)).toBe('Hello Olena, you have 3 new');
    expect(t('price' as never, 'approx.')).toBe('Costs $5 (approx.)');
    expect(t('missing' as never)).toBe('missing');
  });

  it('fills the real English catalogue', () => {
    const t = catalogueTranslator(english);
    expect(t('footer_dataset', '1.0.0', '31 August 2025', '226')).toBe(
      'Dataset 1.0.0 · as of 31 August 2025 · 226 entries',
    );
    expect(catalogueTranslator(catalogues.uk!)('onPage_count', '3')).toContain('3');
  });
});

describe('the language the UI declares and formats in', () => {
  it('each catalogue names its own language', () => {
    for (const [locale, catalogue] of Object.entries(catalogues))
      expect(catalogue.catalogueLanguage?.message, locale).toBe(locale);
    expect([...CATALOGUE_LANGUAGES].sort()).toEqual(Object.keys(catalogues).sort());
  });

  it('is the reader’s own locale when the text is in its language', () => {
    expect(uiLanguages('en', 'en-GB')).toEqual({ language: 'en-GB', formatting: 'en-GB' });
    expect(uiLanguages('uk', 'uk')).toEqual({ language: 'uk', formatting: 'uk' });
  });

  it('declares the text’s language when the browser’s has no catalogue, and still formats for the reader', () => {
    expect(uiLanguages('en', 'de-DE')).toEqual({ language: 'en', formatting: 'de-DE' });
  });

  it('follows the catalogue in use when the browser reports another one’s language', () => {
    expect(uiLanguages('uk', 'en-US')).toEqual({ language: 'uk', formatting: 'uk' });
  });
});
