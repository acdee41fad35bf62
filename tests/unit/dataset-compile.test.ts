import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileBundledDataset } from '@/lib/dataset/bundled-source';
import { formatIssue } from '@/lib/dataset/compile';

const META = `id: test-data
title: Test data
version: 1.0.0
asOf: 2025-08-31
license: CC BY 4.0
languages: [en, uk]
`;

const KYIV = `- id: kyiv
  category: place
  name: Kyiv
  aliases:
    en: [Kiev]
    uk: [Київ, Києва]
  description: Capital of Ukraine
  background: Kyiv is the capital. It was attacked in 2022.
  facts:
    - { label: Founded, value: 5th century }
    - { label: Population, value: about 3 million, date: 2022 }
  sources:
    - { url: https://en.wikipedia.org/wiki/Kyiv, title: Kyiv (Wikipedia) }
`;

const CEASEFIRE = `- id: ceasefire
  category: topic
  name: Ceasefire
  aliases:
    en: [truce, { text: Truce Talks, caseSensitive: true }]
  description: A halt to fighting agreed by the sides
  background: A ceasefire stops the fighting. It may precede peace talks.
  facts: []
  sources:
    - { url: https://en.wikipedia.org/wiki/Ceasefire, title: Ceasefire (Wikipedia) }
`;

const EVENT = `- id: 2022-02-24-invasion
  date: 2022-02-24
  title: Russia launches a full-scale invasion
  summary: Russian forces attack from the north, east and south.
  entities: [kyiv, ceasefire]
  sources:
    - { url: https://en.wikipedia.org/wiki/Russian_invasion_of_Ukraine, title: Invasion (Wikipedia) }
`;

/** Writes a dataset folder from `files` (path → YAML) and compiles it. */
function compile(files: Record<string, string>) {
  const root = mkdtempSync(join(tmpdir(), 'backstory-dataset-'));
  for (const [path, text] of Object.entries({ 'meta.yaml': META, ...files })) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  const result = compileBundledDataset(root);
  // Paths in messages are relative to the working directory; keep only the part inside the dataset.
  const messages = result.issues.map((issue) =>
    formatIssue({ ...issue, file: issue.file.replace(/^.*backstory-dataset-[^/]+\//, '') }),
  );
  return { ...result, messages };
}

const VALID = { 'entities/a.yaml': KYIV + CEASEFIRE, 'events/2022.yaml': EVENT };

describe('compiling the authoring files', () => {
  it('compiles valid files into the runtime form', () => {
    const { dataset, messages } = compile(VALID);
    expect(messages).toEqual([]);
    expect(dataset!.meta).toMatchObject({ id: 'test-data', version: '1.0.0', asOf: '2025-08-31' });
    const kyiv = dataset!.entities.find((e) => e.id === 'kyiv')!;
    expect(kyiv.aliases).toEqual([
      { text: 'Kiev', lang: 'en', caseSensitive: true },
      { text: 'Київ', lang: 'uk', caseSensitive: true },
      { text: 'Києва', lang: 'uk', caseSensitive: true },
    ]);
    expect(kyiv.facts[1]).toEqual({ label: 'Population', value: 'about 3 million', date: '2022' });
    const ceasefire = dataset!.entities.find((e) => e.id === 'ceasefire')!;
    expect(ceasefire.aliases).toEqual([
      { text: 'truce', lang: 'en', caseSensitive: false },
      { text: 'Truce Talks', lang: 'en', caseSensitive: true },
    ]);
  });

  it('names file and line for a YAML syntax error', () => {
    const { dataset, messages } = compile({ ...VALID, 'events/2023.yaml': '- id: x\n  title: [unclosed\n' });
    expect(dataset).toBeUndefined();
    expect(messages).toContainEqual(expect.stringMatching(/^events\/2023\.yaml:\d+: is not valid YAML/));
  });

  it('names file, line, record and field for a missing or wrong field', () => {
    const broken = KYIV.replace('  description: Capital of Ukraine\n', '').replace(
      'category: place',
      'category: city',
    );
    const { messages } = compile({ ...VALID, 'entities/a.yaml': broken + CEASEFIRE });
    expect(messages).toContain('entities/a.yaml:1: entity "kyiv": description: is missing');
    expect(messages).toContainEqual(
      expect.stringMatching(/^entities\/a\.yaml:1: entity "kyiv": category: must be one of person/),
    );
  });

  it('reports too-long descriptions, bad dates, missing sources and unsafe links', () => {
    const broken = CEASEFIRE.replace('A halt to fighting agreed by the sides', 'x'.repeat(121)).replace(
      'sources:\n    - { url: https://en.wikipedia.org/wiki/Ceasefire, title: Ceasefire (Wikipedia) }',
      'sources: []',
    );
    const event = EVENT.replace('date: 2022-02-24', 'date: 2022-02-30').replace(
      'https://en.wikipedia.org/wiki/Russian_invasion_of_Ukraine',
      'javascript:alert(1)',
    );
    const { messages } = compile({ 'entities/a.yaml': KYIV + broken, 'events/2022.yaml': event });
    expect(messages).toContainEqual(
      expect.stringMatching(/entity "ceasefire": description: must be at most 120 characters/),
    );
    expect(messages).toContainEqual(
      expect.stringMatching(/entity "ceasefire": sources: must list at least one source/),
    );
    expect(messages).toContainEqual(
      expect.stringMatching(/event "2022-02-24-invasion": date: must be a real date/),
    );
    expect(messages).toContainEqual(
      expect.stringMatching(/event "2022-02-24-invasion": sources\.0\.url: must start with https/),
    );
  });

  it('rejects duplicate ids, dangling references and dates after asOf', () => {
    const { messages } = compile({
      ...VALID,
      'entities/b.yaml': KYIV,
      'relations/r.yaml':
        '- { from: kyiv, type: capital-of, to: ukraine, source: https://example.org/ }\n' +
        '- { from: kyiv, type: related-to, to: ceasefire, since: 2026-01, source: https://example.org/ }\n',
      'events/2025.yaml': EVENT.replace('2022-02-24-invasion', '2025-09-01-later')
        .replace('2022-02-24', '2025-09-01')
        .replace('[kyiv, ceasefire]', '[kyiv, nowhere]'),
    });
    expect(messages).toContainEqual(expect.stringMatching(/entity "kyiv": id: is used by another entity/));
    expect(messages).toContainEqual(
      expect.stringMatching(/^relations\/r\.yaml:1: relation #1: to: unknown entity id "ukraine"/),
    );
    expect(messages).toContainEqual(
      expect.stringMatching(/relation #2: since: 2026-01 is after the dataset's asOf date 2025-08-31/),
    );
    expect(messages).toContainEqual(
      expect.stringMatching(/event "2025-09-01-later": date: 2025-09-01 is after/),
    );
    expect(messages).toContainEqual(
      expect.stringMatching(/event "2025-09-01-later": entities\.1: unknown entity id "nowhere"/),
    );
  });

  it('rejects an alias claimed by two entities unless one marks it ambiguous', () => {
    const clash = CEASEFIRE.replace('en: [truce,', 'en: [Kiev, truce,');
    // Whichever entity comes second (by id) is the one reported.
    expect(compile({ ...VALID, 'entities/a.yaml': KYIV + clash }).messages).toEqual([
      'entities/a.yaml:1: entity "kyiv": aliases.0: "Kiev" is also claimed by "ceasefire"; mark it ambiguous on one of them',
    ]);
    const shared = CEASEFIRE.replace('en: [truce,', 'en: [{ text: Kiev, ambiguous: true }, truce,');
    expect(compile({ ...VALID, 'entities/a.yaml': KYIV + shared }).messages).toEqual([]);
  });

  it('compares aliases the way the matcher does (case and diacritics folded)', () => {
    const clash = CEASEFIRE.replace('en: [truce,', 'en: [KÍEV, truce,');
    expect(compile({ ...VALID, 'entities/a.yaml': KYIV + clash }).messages).toContainEqual(
      expect.stringMatching(/entity "kyiv": aliases\.0: "Kiev" is also claimed by "ceasefire"/),
    );
  });

  it('requires every entity to have an event or a relation', () => {
    const lonely = KYIV.replace(/kyiv/g, 'lviv')
      .replace(/Kyiv/g, 'Lviv')
      .replace('Kiev', 'Lvov')
      .replace('Київ, Києва', 'Львів');
    expect(compile({ ...VALID, 'entities/b.yaml': lonely }).messages).toContain(
      'entities/b.yaml:1: entity "lviv": has no event and no relation; link it to at least one',
    );
  });

  it('requires files to be lists in known folders', () => {
    const { messages } = compile({ ...VALID, 'entities/c.yaml': 'id: kyiv\n', 'notes/x.yaml': '- a\n' });
    expect(messages).toContain('entities/c.yaml: must be a list of records (each starting with "- ")');
    expect(messages).toContain('notes/x.yaml: is not in entities/, relations/ or events/ (or meta.yaml)');
  });
});
