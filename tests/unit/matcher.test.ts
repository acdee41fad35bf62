import { describe, expect, it } from 'vitest';
import {
  compileMatcher,
  compilePortableMatcher,
  loadPortableMatcher,
  type Matcher,
  type MatcherAlias,
  type PortableMatcher,
} from '@/lib/match/matcher';
import { loadBundledDataset } from '@/lib/dataset/bundled-source';
import { matcherAliases } from '@/lib/dataset/matcher-aliases';

const ALIASES: MatcherAlias[] = [
  { text: 'Vladimir Putin', entityId: 'putin', caseSensitive: true },
  { text: 'Putin', entityId: 'putin', caseSensitive: true },
  { text: 'Путин', entityId: 'putin', caseSensitive: true },
  { text: 'Путина', entityId: 'putin', caseSensitive: true },
  { text: 'Путін', entityId: 'putin', caseSensitive: true },
  { text: 'Zelensky', entityId: 'zelensky', caseSensitive: true },
  { text: 'Zelenskyy', entityId: 'zelensky', caseSensitive: true },
  { text: 'Zelenskiy', entityId: 'zelensky', caseSensitive: true },
  { text: 'Kyiv', entityId: 'kyiv', caseSensitive: true },
  { text: 'Kiev', entityId: 'kyiv', caseSensitive: true },
  { text: 'Київ', entityId: 'kyiv', caseSensitive: true },
  { text: 'Киев', entityId: 'kyiv', caseSensitive: true },
  { text: 'Zaporizhzhia', entityId: 'zaporizhzhia', caseSensitive: true },
  { text: 'Zaporizhzhya', entityId: 'zaporizhzhia', caseSensitive: true },
  { text: 'Zaporizhzhia nuclear power plant', entityId: 'znpp', caseSensitive: true },
  { text: 'ZNPP', entityId: 'znpp', caseSensitive: true },
  { text: 'ceasefire', entityId: 'ceasefire', caseSensitive: false },
  { text: '30-day ceasefire', entityId: 'ceasefire', caseSensitive: false },
  { text: 'cessez-le-feu', entityId: 'ceasefire', caseSensitive: false },
  { text: 'US', entityId: 'united-states', caseSensitive: true },
  { text: 'U.S.', entityId: 'united-states', caseSensitive: true },
  { text: 'Truth Social', entityId: 'truth-social', caseSensitive: true },
  { text: 'Straße', entityId: 'strasse', caseSensitive: true },
  { text: 'Erdoğan', entityId: 'erdogan', caseSensitive: true },
];

const matcher = compileMatcher(ALIASES);

/** The mentions of `text` as [entity, exact original text] pairs. */
function found(text: string, by: Matcher = matcher): [string, string][] {
  return by.scan(text).map((m) => [m.entityId, text.slice(m.start, m.end)]);
}

describe('matcher: basics', () => {
  it('finds names with offsets into the original string', () => {
    const text = 'Talks between Putin and Zelensky in Kyiv.';
    expect(matcher.scan(text)).toEqual([
      { entityId: 'putin', start: 14, end: 19 },
      { entityId: 'zelensky', start: 24, end: 32 },
      { entityId: 'kyiv', start: 36, end: 40 },
    ]);
  });

  it('returns nothing for text without names, and for an empty string', () => {
    expect(matcher.scan('Nothing to see here.')).toEqual([]);
    expect(matcher.scan('')).toEqual([]);
  });

  it('counts its distinct alias keys', () => {
    expect(compileMatcher([]).size).toBe(0);
    expect(compileMatcher([ALIASES[1]!, { ...ALIASES[1]!, text: 'PUTIN' }]).size).toBe(1);
  });
});

describe('matcher: spelling variants and scripts', () => {
  it('knows every transliteration given as an alias', () => {
    expect(found('Zelenskyy met Zelenskiy’s aides; Zelensky spoke.')).toEqual([
      ['zelensky', 'Zelenskyy'],
      ['zelensky', 'Zelenskiy'],
      ['zelensky', 'Zelensky'],
    ]);
    expect(found('Kiev, or Kyiv')).toEqual([
      ['kyiv', 'Kiev'],
      ['kyiv', 'Kyiv'],
    ]);
  });

  it('matches Cyrillic forms, including inflections listed as aliases', () => {
    expect(found('Путин заявил; у Путина; Путін сказав; в Киеве нет; Київ')).toEqual([
      ['putin', 'Путин'],
      ['putin', 'Путина'],
      ['putin', 'Путін'],
      ['kyiv', 'Київ'],
    ]);
  });

  it('is diacritic-insensitive and maps offsets back to the original', () => {
    const text = 'Near Zaporízhzhia and Zaporizhzhya, Erdogan and Erdoğan.';
    expect(found(text)).toEqual([
      ['zaporizhzhia', 'Zaporízhzhia'],
      ['zaporizhzhia', 'Zaporizhzhya'],
      ['erdogan', 'Erdogan'],
      ['erdogan', 'Erdoğan'],
    ]);
  });

  it('handles text that decomposes (combining accents written separately)', () => {
    const text = 'Zapori\u0301zhzhia';
    expect(found(text)).toEqual([['zaporizhzhia', text]]);
  });

  it('folds letters that have no decomposition (ß)', () => {
    expect(found('Die Straße und die Strasse')).toEqual([
      ['strasse', 'Straße'],
      ['strasse', 'Strasse'],
    ]);
  });
});

describe('matcher: case rules', () => {
  it('proper names are case-sensitive', () => {
    expect(found('putin and PUTIN are not Putin')).toEqual([['putin', 'Putin']]);
    expect(found('let us go to the US')).toEqual([['united-states', 'US']]);
  });

  it('topics are case-insensitive', () => {
    expect(found('Ceasefire now; a CEASEFIRE; the ceasefire')).toEqual([
      ['ceasefire', 'Ceasefire'],
      ['ceasefire', 'CEASEFIRE'],
      ['ceasefire', 'ceasefire'],
    ]);
  });

  it('matches aliases with punctuation inside', () => {
    expect(found('The U.S. envoy')).toEqual([['united-states', 'U.S.']]);
  });

  it('tries every entity an alias can mean, case-sensitive ones first', () => {
    // One spelling, three readings: a name written exactly, a name written without its accent,
    // and a topic that matches however it is written.
    const shared = compileMatcher([
      { text: 'Orbán', entityId: 'orban', caseSensitive: true },
      { text: 'Orban', entityId: 'orban-topic', caseSensitive: false },
      { text: 'Kharkiv', entityId: 'kharkiv', caseSensitive: true },
    ]);
    const scan = (text: string) => found(text, shared);
    expect(scan('Orbán, Orban, ORBAN, orbán; Kharkiv, KHARKIV')).toEqual([
      ['orban', 'Orbán'],
      ['orban', 'Orban'],
      ['orban-topic', 'ORBAN'],
      ['orban-topic', 'orbán'],
      ['kharkiv', 'Kharkiv'],
    ]);
  });
});

describe('matcher: apostrophes, possessives, dashes, spaces and invisible characters', () => {
  it('accepts possessives with straight and typographic apostrophes', () => {
    expect(found("Putin's call, Putin’s call, Putinʼs call")).toEqual([
      ['putin', 'Putin'],
      ['putin', 'Putin'],
      ['putin', 'Putin'],
    ]);
  });

  it('treats hyphens, dashes and spaces alike', () => {
    expect(found('a 30‑day ceasefire (non-breaking hyphen)')).toEqual([['ceasefire', '30‑day ceasefire']]);
    expect(found('a 30 day ceasefire')).toEqual([['ceasefire', '30 day ceasefire']]);
    expect(found('un cessez‐le‐feu')).toEqual([['ceasefire', 'cessez‐le‐feu']]);
  });

  it('accepts non-breaking, thin and repeated spaces and line breaks inside names', () => {
    expect(found('Vladimir\u00a0Putin')).toEqual([['putin', 'Vladimir\u00a0Putin']]);
    expect(found('Vladimir\u2009Putin')).toEqual([['putin', 'Vladimir\u2009Putin']]);
    expect(found('Vladimir\n      Putin')).toEqual([['putin', 'Vladimir\n      Putin']]);
    expect(found('Truth\u202fSocial')).toEqual([['truth-social', 'Truth\u202fSocial']]);
  });

  it('ignores soft hyphens and zero-width characters inside names', () => {
    expect(found('Zelen\u00adsky')).toEqual([['zelensky', 'Zelen\u00adsky']]);
    expect(found('Pu\u200btin')).toEqual([['putin', 'Pu\u200btin']]);
  });

  it('does not treat a soft hyphen as a word boundary', () => {
    expect(found('Putin\u00adism')).toEqual([]);
  });

  it('does not run a name across a dash with space beside it: that is punctuation between words', () => {
    const spaced = compileMatcher([
      { text: 'Kyiv', entityId: 'kyiv', caseSensitive: true },
      { text: 'Kyiv Independent', entityId: 'ki', caseSensitive: true },
      { text: 'Donald Trump', entityId: 'trump', caseSensitive: true },
    ]);
    expect(found('Drones hit Kyiv – Independent monitors said', spaced)).toEqual([['kyiv', 'Kyiv']]);
    expect(found('Drones hit Kyiv - Independent monitors said', spaced)).toEqual([['kyiv', 'Kyiv']]);
    expect(found('Donald —Trump', spaced)).toEqual([]);
    // Unspaced, a dash is still a space inside a name.
    expect(found('the Kyiv-Independent story', spaced)).toEqual([['ki', 'Kyiv-Independent']]);
    expect(found('Donald Trump', spaced)).toEqual([['trump', 'Donald Trump']]);
  });

  it('keeps the accent of a name’s last letter in decomposed (NFD) text', () => {
    const decomposed = compileMatcher([{ text: 'Зеленський', entityId: 'zelensky', caseSensitive: true }]);
    const text = 'Зеленський said'.normalize('NFD');
    expect(found(text, decomposed)).toEqual([['zelensky', 'Зеленський'.normalize('NFD')]]);
    expect(found('Erdog\u0306an said', matcher)).toEqual([['erdogan', 'Erdog\u0306an']]); // ğ, decomposed
  });
});

describe('matcher: word boundaries', () => {
  it('never matches inside a longer word, in Latin or Cyrillic', () => {
    expect(found('Putinism and Kievan Rus and USB and UKyiv')).toEqual([]);
    expect(found('Путинизм и Киевская')).toEqual([]);
  });

  it('matches next to punctuation, digits are part of words', () => {
    expect(found('(Putin), "Kyiv"; —Zelensky— Kyiv2')).toEqual([
      ['putin', 'Putin'],
      ['kyiv', 'Kyiv'],
      ['zelensky', 'Zelensky'],
    ]);
  });

  it('matches next to emoji, which are not letters', () => {
    expect(found('🇺🇦Zelensky🇺🇦 and 🙂Putin')).toEqual([
      ['zelensky', 'Zelensky'],
      ['putin', 'Putin'],
    ]);
  });
});

describe('matcher: longest match wins, then leftmost', () => {
  it('prefers the longer alias starting at the same place', () => {
    expect(found('the Zaporizhzhia nuclear power plant and Zaporizhzhia')).toEqual([
      ['znpp', 'Zaporizhzhia nuclear power plant'],
      ['zaporizhzhia', 'Zaporizhzhia'],
    ]);
    expect(found('Vladimir Putin')).toEqual([['putin', 'Vladimir Putin']]);
  });

  it('falls back to the shorter alias when the longer one does not complete', () => {
    expect(found('Zaporizhzhia nuclear power')).toEqual([['zaporizhzhia', 'Zaporizhzhia']]);
  });

  it('resolves overlapping matches by length, then position', () => {
    const overlap = compileMatcher([
      { text: 'New York', entityId: 'ny', caseSensitive: true },
      { text: 'York Minster Cathedral', entityId: 'minster', caseSensitive: true },
      { text: 'Alpha Beta', entityId: 'ab', caseSensitive: true },
      { text: 'Beta Gamma', entityId: 'bg', caseSensitive: true },
    ]);
    const scan = (text: string) => found(text, overlap);
    expect(scan('New York Minster Cathedral')).toEqual([['minster', 'York Minster Cathedral']]);
    expect(scan('Alpha Beta Gamma')).toEqual([['ab', 'Alpha Beta']]);
  });

  it('prefers an exact-case reading when an alias exists in both rules', () => {
    const both = compileMatcher([
      { text: 'Patriot', entityId: 'weapon', caseSensitive: true },
      { text: 'patriot', entityId: 'generic', caseSensitive: false },
    ]);
    expect(both.scan('Patriot').map((m) => m.entityId)).toEqual(['weapon']);
    expect(both.scan('patriot').map((m) => m.entityId)).toEqual(['generic']);
  });
});

describe('matcher: tricky real-world text', () => {
  it('handles a news lede end to end', () => {
    const lede =
      'US President Donald Trump said he would speak with Vladimir Putin about a 30-day ceasefire, ' +
      'which Kyiv has accepted; the Kremlin-controlled Zaporizhzhia nuclear power plant may be "divided up", ' +
      'he wrote on Truth Social.';
    expect(found(lede).map(([id]) => id)).toEqual([
      'united-states',
      'putin',
      'ceasefire',
      'kyiv',
      'znpp',
      'truth-social',
    ]);
  });

  it('keeps offsets right after astral characters and surrogate pairs', () => {
    const text = '𝐀𝐁 Putin';
    const [mention] = matcher.scan(text);
    expect(text.slice(mention!.start, mention!.end)).toBe('Putin');
  });

  it('does not match names split by a line break inside the word', () => {
    expect(found('Zelen\nsky')).toEqual([]);
  });
});

describe('matcher: the first-word check before a walk never hides a match', () => {
  // The scan walks the trie only from words that are the first word of some alias. Short aliases,
  // first words that end in punctuation, and words spelled with invisible or folding characters are
  // where that check could go wrong.
  const short = compileMatcher([
    { text: 'EU', entityId: 'eu', caseSensitive: true },
    { text: 'UN Security Council', entityId: 'unsc', caseSensitive: true },
    { text: 'G7', entityId: 'g7', caseSensitive: true },
    { text: 'A summit', entityId: 'a-summit', caseSensitive: false },
    { text: 'in absentia', entityId: 'in-absentia', caseSensitive: false },
    { text: 'Straße', entityId: 'strasse', caseSensitive: true },
    { text: 'Strasbourg', entityId: 'strasbourg', caseSensitive: true },
    { text: 'U.S.', entityId: 'united-states', caseSensitive: true },
    { text: "People's Republic", entityId: 'prc', caseSensitive: true },
    { text: 'Erdoğan', entityId: 'erdogan', caseSensitive: true },
    { text: 'Al-Assad', entityId: 'assad', caseSensitive: true },
  ]);
  const scan = (text: string) => found(text, short);

  it('finds aliases of one, two and three units, and ones that branch at a space', () => {
    expect(scan('The EU and the G7 met; the UN Security Council did not.')).toEqual([
      ['eu', 'EU'],
      ['g7', 'G7'],
      ['unsc', 'UN Security Council'],
    ]);
    expect(scan('a summit, tried in absentia')).toEqual([
      ['a-summit', 'a summit'],
      ['in-absentia', 'in absentia'],
    ]);
  });

  it('finds aliases whose first word ends in punctuation or a hyphen', () => {
    expect(scan('the U.S. and the People\u2019s Republic; Al-Assad, al\u2011Assad')).toEqual([
      ['united-states', 'U.S.'],
      ['prc', 'People\u2019s Republic'],
      ['assad', 'Al-Assad'],
    ]);
  });

  it('still walks when a word holds repeated spaces, invisible, combining or folding characters', () => {
    expect(scan('UN  Security Council')).toEqual([['unsc', 'UN  Security Council']]);
    expect(scan('in\u00a0\u00a0absentia')).toEqual([['in-absentia', 'in\u00a0\u00a0absentia']]);
    expect(scan('A  summit')).toEqual([['a-summit', 'A  summit']]);
    expect(scan('U\u00adN Security Council')).toEqual([['unsc', 'U\u00adN Security Council']]);
    expect(scan('UN\u00ad Security Council')).toEqual([['unsc', 'UN\u00ad Security Council']]);
    expect(scan('Stra\u00dfe and STRASSE')).toEqual([['strasse', 'Stra\u00dfe']]);
    expect(scan('Strasse, Straße')).toEqual([
      ['strasse', 'Strasse'],
      ['strasse', 'Straße'],
    ]);
    expect(scan('Erdog\u0306an')).toEqual([['erdogan', 'Erdog\u0306an']]);
  });

  it('rejects words that only share the first units, or begin with an alias', () => {
    expect(scan('EUR, Euro, UNESCO, G77, inside, ab, Strass, Straßen, USA, Peoples, Erdoğanism')).toEqual([]);
  });
});

describe('matcher: every bundled alias is found however a page writes it', () => {
  const aliases = matcherAliases(loadBundledDataset().entities);
  const bundled = compileMatcher(aliases);
  const separators = /[\s\-\u2010-\u2015]+/g;
  // Ways pages write a name that must never change whether it is found.
  const forms: [string, (alias: MatcherAlias) => string | undefined][] = [
    ['as written', (alias) => alias.text],
    [
      'in capitals (case-insensitive aliases)',
      (alias) => (alias.caseSensitive ? undefined : alias.text.toUpperCase()),
    ],
    [
      'with a soft hyphen after its first letter',
      (alias) => alias.text.slice(0, 1) + '\u00ad' + alias.text.slice(1),
    ],
    ['with its spaces doubled', (alias) => alias.text.replace(separators, (run) => run + run)],
    ['followed by a possessive', (alias) => alias.text + '\u2019s'],
  ];

  it.each(forms)('%s', (_, write) => {
    const missed: string[] = [];
    for (const alias of aliases) {
      const form = write(alias);
      if (form === undefined) continue;
      const text = `(${form}) and more`;
      const covered = bundled
        .scan(text)
        .some((m) => m.start === 1 && m.end >= 1 + form.length - (form.endsWith('\u2019s') ? 2 : 0));
      if (!covered) missed.push(form);
    }
    expect(missed).toEqual([]);
  });
});

describe('matcher: compiled once, loaded on every page', () => {
  // What storage.local does to the data: a JSON round trip.
  const stored = (aliases: MatcherAlias[]) =>
    JSON.parse(JSON.stringify(compilePortableMatcher(aliases))) as PortableMatcher;

  it('finds exactly what a freshly compiled matcher finds, case rules and folding included', () => {
    const loaded = loadPortableMatcher(stored(ALIASES));
    const text =
      'PUTIN met Vladimir Putin; Путина ждут в Киеве, not in Київ. A 30-day CEASEFIRE at the ' +
      'Zaporizhzhia nuclear power plant (ZNPP), said the US and U.S. envoys on Truth Social. ' +
      'Die Strasse, die Straße; Erdogan and Erdoğan; zelensky and Zelenskyy; cessez-le-feu.';
    expect(loaded.scan(text)).toEqual(matcher.scan(text));
    expect(loaded.scan(text).length).toBeGreaterThan(10);
    expect(loaded.size).toBe(matcher.size);
  });

  it('refuses data that is not a compiled matcher, naming what is wrong', () => {
    const good = stored(ALIASES);
    expect(() => loadPortableMatcher({ ...good, upper: { ...good.upper, cells: 'not base64!' } })).toThrow(
      "Portable matcher: the upper trie's cells are malformed",
    );
    expect(() => loadPortableMatcher({ ...good, lower: { ...good.lower, alphabet: [1, 2, 3] } })).toThrow(
      "Portable matcher: the lower trie's alphabet is not a list of pairs",
    );
    expect(() => loadPortableMatcher({ ...good, upper: { ...good.upper, targets: [[]] } })).toThrow(
      "Portable matcher: the upper trie's targets hold an empty or malformed entry",
    );
    expect(() => loadPortableMatcher(undefined as unknown as PortableMatcher)).toThrow(
      'Portable matcher: size is missing',
    );
  });
});
