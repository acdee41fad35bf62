import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatIssue } from '@/lib/dataset/compile';
import {
  describeIssue,
  ISSUE_WORDING,
  type IssueCode,
  issueText,
  recognizeIssue,
} from '@/lib/dataset/issue-text';
import { MAX_PACK_BYTES, validatePackText } from '@/lib/dataset/pack';
import { type CatalogueEntry, catalogueTranslator, type MessageKey } from '@/lib/i18n';
import { KYIV_BUNDLE as BUNDLE, SCHOOL_PACK_META } from '../fixtures/kyiv-bundle';

const catalogue = (locale: string) =>
  JSON.parse(
    readFileSync(join(import.meta.dirname, `../../public/_locales/${locale}/messages.json`), 'utf8'),
  ) as Record<string, CatalogueEntry>;
const english = catalogueTranslator(catalogue('en'));
const ukrainian = catalogueTranslator(catalogue('uk'));
const CODES = Object.keys(ISSUE_WORDING) as IssueCode[];

const entity = (id: string, overrides: Record<string, unknown> = {}) => ({
  id,
  category: 'place',
  name: 'Town Hall',
  aliases: [],
  description: 'Where the council meets',
  background: 'Built in 1901.',
  facts: [],
  sources: [{ url: 'https://example.org/hall', title: 'Hall' }],
  ...overrides,
});

const pack = (overrides: Record<string, unknown> = {}) => ({
  meta: SCHOOL_PACK_META,
  entities: [entity('town-hall')],
  relations: [],
  events: [],
  ...overrides,
});

/** Packs with nearly every problem a reader's file can have. */
const BROKEN = [
  pack({
    entities: [
      entity('town-hall', { facts: 'none', colour: 'red' }),
      entity('Bad_Id', { category: 'building', description: 'x'.repeat(121) }),
      entity('library', { name: undefined, sources: [{ url: 'ftp://example.org', title: 'x' }] }),
      entity('old-kyiv', { name: 'Kiev' }),
      entity('old-kyiv'),
      entity('everyday', {
        name: 'Everyday Hall',
        aliases: [
          { text: 'The', lang: 'en', caseSensitive: true },
          { text: 'eh', lang: 'en', caseSensitive: false },
        ],
      }),
    ],
    relations: [
      { from: 'town-hall', to: 'atlantis', type: 'located-in', source: 'https://example.org/' },
      {
        from: 'kyiv',
        to: 'kyiv',
        type: 'part-of',
        source: 'https://example.org/',
        since: '2024',
        until: '2020',
      },
    ],
    events: [
      {
        id: 'opening',
        date: '2030-01-01',
        title: 'Opening',
        summary: 'Opened.',
        entities: ['town-hall'],
        sources: [{ url: 'https://example.org/', title: 'x' }],
      },
    ],
    extends: [{ id: 'nowhere', aliases: [{ text: '…', lang: 'en', caseSensitive: true }] }],
  }),
  { ...pack(), meta: { ...pack().meta, id: 'bundle' } },
  [pack(), pack({ meta: { ...pack().meta, id: 'second', date: '2020-02-31' } })],
  [],
  '{ "meta": ',
  ' '.repeat(MAX_PACK_BYTES + 1),
];
const issuesOf = (value: unknown) =>
  validatePackText(typeof value === 'string' ? value : JSON.stringify(value), 'pack.json', [BUNDLE]).issues;

describe('pack problems in the reader’s language', () => {
  it('the English catalogue words every problem exactly as the checks and the command line do', () => {
    for (const code of CODES)
      expect(english(`issue_${code}` as MessageKey, '$1', '$2', '$3'), code).toBe(ISSUE_WORDING[code]);
  });

  it('recognises each message from its wording, with the values filled in', () => {
    for (const code of CODES) {
      const values = ['first value', '2', 'third: "quoted"'].slice(
        0,
        ISSUE_WORDING[code].split('$').length - 1,
      );
      expect(recognizeIssue(issueText(code, ...values)), code).toEqual({ code, values });
    }
    expect(recognizeIssue('something nobody wrote')).toBeUndefined();
  });

  it('recognises every problem a broken pack has, so none is left in English', () => {
    const issues = BROKEN.flatMap(issuesOf);
    expect(issues.length).toBeGreaterThan(15);
    for (const issue of issues) expect(recognizeIssue(issue.message), formatIssue(issue)).toBeDefined();
  });

  it('lists the problems in English exactly as the command line prints them', () => {
    for (const issue of BROKEN.flatMap(issuesOf))
      expect(describeIssue(issue, english)).toBe(formatIssue(issue));
  });

  it('lists them in Ukrainian: the record, the problem and its values, with the file’s own field names', () => {
    const described = (value: unknown) => issuesOf(value).map((issue) => describeIssue(issue, ukrainian));
    expect(described(BROKEN[0])).toEqual(
      expect.arrayContaining([
        'pack.json: сутність «town-hall»: facts: має бути списком',
        'pack.json: сутність «town-hall»: colour: невідоме поле "colour"',
        'pack.json: сутність «library»: name: відсутнє',
        'pack.json: сутність «library»: sources.0.url: має починатися з https:// або http://',
        'pack.json: сутність «Bad_Id»: description: має бути не довшим за 120 символів',
        'pack.json: зв’язок №1: to: невідомий ідентифікатор сутності «atlantis»',
        'pack.json: зв’язок №2: to: пов’язує сутність саму з собою',
        'pack.json: зв’язок №2: until: раніше за дату початку (since: 2024)',
        'pack.json: подія «opening»: date: 2030-01-01 пізніше за дату актуальності набору (asOf) 2025-06-01',
        'pack.json: сутність «old-kyiv»: name: «Kiev» належить також «kyiv»; позначте її як неоднозначну (ambiguous) в одній із них',
        'pack.json: сутність «old-kyiv»: id: уже використовується іншою сутністю',
        'pack.json: сутність «everyday»: aliases.0: «The» — поширене слово, його підсвічувало б на кожній сторінці; позначте його як неоднозначне (ambiguous), щоб лишити тільки для пошуку',
        'pack.json: сутність «everyday»: aliases.1: надто коротко, щоб безпечно підсвічувати: потрібно 2 літери чи цифри з урахуванням регістру або 3 без нього',
      ]),
    );
    expect(described(BROKEN[1])).toEqual([
      'pack.json: meta: id: «bundle» зарезервовано для вбудованих даних; дайте пакету інший id',
    ]);
    expect(described(BROKEN[2])).toEqual(['pack.json, пакет №2: meta.date: невідоме поле "date"']);
    expect(described(BROKEN[3])).toEqual(['pack.json: містить порожній список пакетів']);
    expect(described(new Array(500).fill(0)).at(-1)).toBe(
      'pack.json: має більше проблем, ніж перші 100, показані тут; виправте показані та імпортуйте файл знову',
    );
  });
});
