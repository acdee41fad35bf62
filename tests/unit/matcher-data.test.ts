import { describe, expect, it } from 'vitest';
import { loadBundledDataset } from '@/lib/dataset/bundled-source';
import { matcherAliases } from '@/lib/dataset/matcher-aliases';
import {
  buildMatcherData,
  MAX_COMPILED_CHARS,
  type MatcherData,
  matcherFromData,
} from '@/lib/knowledge/matcher-data';
import { compileMatcher } from '@/lib/match/matcher';

const { entities } = loadBundledDataset();
const text = entities.map((entity) => entity.background).join('\n\n');
const expected = compileMatcher(matcherAliases(entities)).scan(text);
/** What storage.local keeps: a JSON round trip. */
const stored = (data: MatcherData) => JSON.parse(JSON.stringify(data)) as MatcherData;

describe('matcher data in storage', () => {
  it('holds the bundled dataset compiled, well within its size budget, finding what compiling would', () => {
    const data = buildMatcherData(entities, 'v1');
    expect('matcher' in data).toBe(true);
    expect(JSON.stringify(data).length).toBeLessThan(MAX_COMPILED_CHARS);
    expect(expected.length).toBeGreaterThan(1000);
    expect(matcherFromData(stored(data)).scan(text)).toEqual(expected);
  });

  it('holds the alias list instead when the compiled form would not fit, and pages still find the same', () => {
    const data = buildMatcherData(entities, 'v1', 100_000);
    expect('matcher' in data).toBe(false);
    expect(JSON.stringify(data).length).toBeLessThan(JSON.stringify(buildMatcherData(entities, 'v1')).length);
    expect(matcherFromData(stored(data)).scan(text)).toEqual(expected);
  });
});
