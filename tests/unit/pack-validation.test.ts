import { describe, expect, it } from 'vitest';
import { formatIssue } from '@/lib/dataset/compile';
import {
  MAX_LISTED_ISSUES,
  MAX_PACK_BYTES,
  type Pack,
  packsDependingOn,
  validatePackText,
} from '@/lib/dataset/pack';
import type { Dataset } from '@/lib/dataset/schema';
import { KYIV_BUNDLE as BUNDLE, SCHOOL_PACK_META } from '../fixtures/kyiv-bundle';

function pack(overrides: Record<string, unknown> = {}) {
  return {
    meta: SCHOOL_PACK_META,
    entities: [
      {
        id: 'town-hall',
        category: 'place',
        name: 'Town Hall',
        aliases: [{ text: 'the Hall', lang: 'en', caseSensitive: true }],
        description: 'Where the council meets',
        background: 'Built in 1901.',
        facts: [],
        sources: [{ url: 'https://example.org/hall', title: 'Hall' }],
      },
    ],
    relations: [{ from: 'town-hall', to: 'kyiv', type: 'located-in', source: 'https://example.org/hall' }],
    events: [],
    ...overrides,
  };
}

const check = (value: unknown) =>
  validatePackText(typeof value === 'string' ? value : JSON.stringify(value), 'pack.json', [
    BUNDLE,
  ]).issues.map(formatIssue);

describe('pack validation', () => {
  it('accepts a valid pack that links to bundled entities', () => {
    const { packs, issues } = validatePackText(JSON.stringify(pack()), 'pack.json', [BUNDLE]);
    expect(issues).toEqual([]);
    expect(packs!.map((valid) => valid.entities[0]!.id)).toEqual(['town-hall']);
  });

  it('says when the file is not JSON', () => {
    expect(check('{ "meta": ')).toEqual([expect.stringMatching(/^pack\.json: is not valid JSON \(/)]);
  });

  it('says when the file is too large, before parsing it', () => {
    expect(check(' '.repeat(MAX_PACK_BYTES + 1))).toEqual([
      `pack.json: is too large: ${MAX_PACK_BYTES + 1} bytes, over the limit of 5 MB (${MAX_PACK_BYTES} bytes)`,
    ]);
  });

  it('names the record and field with the wrong type', () => {
    const bad = pack();
    (bad.entities[0] as Record<string, unknown>).facts = 'none';
    // The malformed entity still exists: the relation from it is not reported as dangling.
    expect(check(bad)).toEqual(['pack.json: entity "town-hall": facts: must be a list']);
  });

  it('names an unknown entity id and an invalid date', () => {
    const bad = pack({
      relations: [{ from: 'town-hall', to: 'atlantis', type: 'located-in', source: 'https://example.org/' }],
      events: [
        {
          id: 'opening',
          date: '2020-02-31',
          title: 'Opening',
          summary: 'Opened.',
          entities: ['town-hall'],
          sources: [{ url: 'https://example.org/', title: 'x' }],
        },
      ],
    });
    // All at once: a schema problem does not hide the dangling reference in a well-formed record.
    expect(check(bad)).toEqual([
      'pack.json: event "opening": date: must be a real date written YYYY, YYYY-MM or YYYY-MM-DD',
      'pack.json: relation #1: to: unknown entity id "atlantis"',
    ]);
    (bad.events as { date: string }[])[0]!.date = '2020-02-03';
    expect(check(bad)).toEqual(['pack.json: relation #1: to: unknown entity id "atlantis"']);
  });

  it('rejects ids that already exist unless the pack extends them', () => {
    const clash = pack();
    (clash.entities[0] as { id: string }).id = 'kyiv';
    (clash.relations[0] as { from: string }).from = 'kyiv';
    expect(check(clash)).toContainEqual(
      'pack.json: entity "kyiv": id: is already used by an installed entity',
    );
    const extension = pack({
      extends: [{ id: 'kyiv', aliases: [{ text: 'Kyjiw', lang: 'de', caseSensitive: true }] }],
    });
    expect(check(extension)).toEqual([]);
    expect(
      check(
        pack({
          extends: [{ id: 'nowhere', aliases: [{ text: 'Xanadu', lang: 'en', caseSensitive: true }] }],
        }),
      ),
    ).toEqual(['pack.json: extends #1: id: unknown entity id "nowhere"']);
  });

  it('rejects an alias the bundle already owns', () => {
    const bad = pack();
    bad.entities[0]!.aliases.push({ text: 'Kiev', lang: 'en', caseSensitive: true });
    expect(check(bad)).toEqual([
      'pack.json: entity "town-hall": aliases.1: "Kiev" is also claimed by "kyiv"; mark it ambiguous on one of them',
    ]);
  });

  it('refuses an event id that is already installed, so a pack cannot replace a bundled event', () => {
    const event = {
      id: 'invasion',
      date: '2022-02-24',
      title: 'Rewritten',
      summary: 'Not what happened.',
      entities: ['kyiv'],
      sources: [{ url: 'https://example.org/', title: 'x' }],
    };
    const bundle = { ...BUNDLE, events: [{ ...event, title: 'Full-scale invasion' }] };
    const issues = validatePackText(JSON.stringify(pack({ events: [event] })), 'pack.json', [bundle]).issues;
    expect(issues.map(formatIssue)).toEqual([
      'pack.json: event "invasion": id: is already used by an installed event',
    ]);
  });

  it('checks the aliases a pack adds to other entities like its own', () => {
    const extension = (text: string, ambiguous?: boolean) =>
      pack({ extends: [{ id: 'kyiv', aliases: [{ text, lang: 'en', caseSensitive: true, ambiguous }] }] });
    expect(check(extension('the Hall'))).toEqual([
      'pack.json: extends #1: aliases.0: "the Hall" is also claimed by "town-hall"; mark it ambiguous to share it',
    ]);
    expect(check(extension(' — '))).toEqual(['pack.json: extends #1: aliases.0: has no letters to match']);
    expect(check(extension('the Hall', true))).toEqual([]);
    // An alias another installed pack added to an entity is taken too.
    const other = { ...pack({ meta: { ...pack().meta, id: 'other' }, entities: [], relations: [] }) };
    const installed = [
      BUNDLE,
      { ...other, extends: [{ id: 'kyiv', aliases: [{ text: 'Kyjiw', lang: 'de', caseSensitive: true }] }] },
    ] as Dataset[];
    const takesKyjiw = pack({
      entities: [{ ...pack().entities[0]!, aliases: [{ text: 'Kyjiw', lang: 'de', caseSensitive: true }] }],
    });
    expect(
      validatePackText(JSON.stringify(takesKyjiw), 'pack.json', installed).issues.map(formatIssue),
    ).toEqual([
      'pack.json: entity "town-hall": aliases.0: "Kyjiw" is also claimed by "kyiv"; mark it ambiguous on one of them',
    ]);
  });

  it('accepts a file holding several packs (an export of all packs), each checked against those before it', () => {
    const second = pack({
      meta: { ...pack().meta, id: 'second' },
      entities: [],
      relations: [],
      extends: [{ id: 'town-hall', aliases: [{ text: 'City Hall', lang: 'en', caseSensitive: true }] }],
    });
    const both = validatePackText(JSON.stringify([pack(), second]), 'all.json', [BUNDLE]);
    expect(both.issues).toEqual([]);
    expect(both.packs!.map((valid) => valid.meta.id)).toEqual(['school-pack', 'second']);
    expect(check([pack(), pack()])).toEqual([
      'pack.json, pack #2: meta: id: "school-pack" is already installed',
      'pack.json, pack #2: entity "town-hall": id: is already used by an installed entity',
    ]);
    expect(check([])).toEqual(['pack.json: is an empty list of packs']);
  });

  it('refuses names and aliases that would be highlighted all over every page', () => {
    const hall = pack().entities[0]!;
    const withAliases = (...aliases: { text: string; caseSensitive: boolean; ambiguous?: boolean }[]) =>
      check(pack({ entities: [{ ...hall, aliases: aliases.map((a) => ({ lang: 'en', ...a })) }] }));
    // Initials with their case, a three-letter word without, a common word in capitals (a title),
    // and a common word kept for search only are all fine.
    expect(
      withAliases(
        { text: 'TH', caseSensitive: true },
        { text: 'hal', caseSensitive: false },
        { text: 'TIME', caseSensitive: true },
        { text: 'the', caseSensitive: false, ambiguous: true },
      ),
    ).toEqual([]);
    const tooShort =
      'is too short to highlight safely: it needs 2 letters or digits if case-sensitive, 3 if not';
    expect(
      withAliases(
        { text: 'e', caseSensitive: true },
        { text: '1', caseSensitive: true },
        { text: 'и', caseSensitive: false },
        { text: 'th', caseSensitive: false },
        { text: 'May', caseSensitive: true },
        { text: 'війна', caseSensitive: false },
      ),
    ).toEqual([
      `pack.json: entity "town-hall": aliases.0: ${tooShort}`,
      `pack.json: entity "town-hall": aliases.1: ${tooShort}`,
      `pack.json: entity "town-hall": aliases.2: ${tooShort}`,
      `pack.json: entity "town-hall": aliases.3: ${tooShort}`,
      'pack.json: entity "town-hall": aliases.4: "May" is a common word, which would be highlighted all over every page; mark it ambiguous to keep it for search only',
      'pack.json: entity "town-hall": aliases.5: "війна" is a common word, which would be highlighted all over every page; mark it ambiguous to keep it for search only',
    ]);
    // A name takes its category's case rule, which its author cannot change: two letters will do,
    // but not one, nor a common word.
    const named = (category: string, name: string) =>
      check(pack({ entities: [{ ...hall, category, name }] }));
    expect(named('topic', 'AI')).toEqual([]);
    expect(named('place', 'X')).toEqual([
      'pack.json: entity "town-hall": name: is too short to highlight safely: it needs at least 2 letters or digits',
    ]);
    expect(named('topic', 'War')).toEqual([
      'pack.json: entity "town-hall": name: "War" is a common word, which would be highlighted all over every page; give the entity a fuller name',
    ]);
  });

  it('lists the first hundred problems of a file that has thousands, and says there are more', () => {
    const zeros = check(new Array(200_000).fill(0)); // every "pack" in the list is wrong
    expect(zeros).toHaveLength(MAX_LISTED_ISSUES + 1);
    expect(zeros[0]).toMatch(/^pack\.json, pack #1: /);
    expect(zeros.at(-1)).toBe(
      'pack.json: has more problems than the first 100 listed here; fix these and import it again',
    );
    const entity = pack().entities[0]!;
    const badEntities = Array.from({ length: 300 }, (_, i) => ({
      ...entity,
      id: `place-${i}`,
      facts: 'none',
    }));
    const many = check(pack({ entities: badEntities, relations: [] }));
    expect(many).toHaveLength(MAX_LISTED_ISSUES + 1);
    expect(many.at(-1)).toMatch(/has more problems than the first 100/);
    // A file with just that many problems lists them all, with no such line.
    expect(check(pack({ entities: badEntities.slice(0, 100), relations: [] }))).toHaveLength(100);
  });

  it('refuses prototype-polluting keys and leaves Object.prototype alone', () => {
    const text = JSON.stringify(pack()).replace('"meta":', '"__proto__": { "polluted": true }, "meta":');
    expect(check(text)).toEqual([expect.stringMatching(/^pack\.json: __proto__: /)]);
    const nested = JSON.stringify(pack()).replace(
      '"category":',
      '"constructor": { "prototype": { "polluted": true } }, "category":',
    );
    expect(check(nested)).toEqual([expect.stringMatching(/^pack\.json: entity "town-hall": constructor: /)]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('treats markup as plain text data', () => {
    const html = pack();
    html.entities[0]!.description = '<img src=x onerror=alert(1)>';
    const { packs } = validatePackText(JSON.stringify(html), 'pack.json', [BUNDLE]);
    expect(packs![0]!.entities[0]!.description).toBe('<img src=x onerror=alert(1)>');
  });

  it('refuses a pack whose id is already installed', () => {
    const installed = [BUNDLE, { ...BUNDLE, meta: { ...BUNDLE.meta, id: 'riverside' } }];
    const { issues } = validatePackText(
      JSON.stringify(pack({ meta: { ...pack().meta, id: 'riverside' } })),
      'pack.json',
      installed,
    );
    expect(issues.map(formatIssue)).toContain('pack.json: meta: id: "riverside" is already installed');
  });

  it('refuses the id the built-in data is filed under, whatever the bundle calls itself', () => {
    const renamed = { ...BUNDLE, meta: { ...BUNDLE.meta, id: 'russia-ukraine-war' } };
    const { issues } = validatePackText(
      JSON.stringify(pack({ meta: { ...pack().meta, id: 'bundle' } })),
      'pack.json',
      [renamed],
    );
    expect(issues.map(formatIssue)).toEqual([
      'pack.json: meta: id: "bundle" is reserved for the built-in data; give the pack another id',
    ]);
  });
});

describe('which packs depend on a pack', () => {
  const asPack = (id: string, entityId: string, linksTo: string) =>
    ({
      ...pack({
        relations: [{ from: entityId, to: linksTo, type: 'located-in', source: 'https://example.org/hall' }],
      }),
      meta: { ...SCHOOL_PACK_META, id },
      entities: [{ ...pack().entities[0]!, id: entityId }],
    }) as unknown as Pack;

  it('names the packs that link to its entities', () => {
    const hall = asPack('hall', 'town-hall', 'kyiv');
    const visits = asPack('visits', 'visitor-centre', 'town-hall');
    expect(packsDependingOn(hall, [hall, visits])).toEqual([{ pack: visits, entityIds: ['town-hall'] }]);
  });

  it('does not count a pack’s links to its own entities, even where another pack has the same ids', () => {
    // Two packs can hold the same entity id when one of them is set aside (it is not loaded).
    const old = asPack('plant', 'energoatom-plant', 'kyiv');
    const fixed = asPack('plant-fixed', 'energoatom-plant', 'kyiv');
    expect(packsDependingOn(old, [old, fixed])).toEqual([]);
    expect(packsDependingOn(fixed, [old, fixed])).toEqual([]);
  });
});
