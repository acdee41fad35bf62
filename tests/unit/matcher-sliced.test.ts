import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { compileInSlices, loadMatcherFromData } from '@/lib/content/matcher-loading';
import { buildMatcherData, type MatcherData } from '@/lib/knowledge/matcher-data';
import { compileMatcher, compileMatcherInSteps, type Matcher, type MatcherAlias } from '@/lib/match/matcher';
import { loadBundledDataset } from '@/lib/dataset/bundled-source';
import { matcherAliases } from '@/lib/dataset/matcher-aliases';
import { syntheticAliases, syntheticText } from './support/synthetic-aliases';

const ALIASES = syntheticAliases(4000, 11);
const TEXTS = [1, 2, 3, 4, 5].map((seed) => syntheticText(ALIASES, 2000, seed));
const expected = compileMatcher(ALIASES);

/**
 * A clock that moves 1 ms each time it is read, and a record of every time the work gave the page
 * its turn (`scheduler.yield()`, which runSliced prefers): slicing is then counted, not timed.
 */
let yields = 0;
let onYield: (count: number) => void = () => {};
beforeEach(() => {
  yields = 0;
  onYield = () => {};
  let now = 0;
  vi.spyOn(performance, 'now').mockImplementation(() => now++);
  vi.stubGlobal('scheduler', {
    yield: () => {
      onYield(++yields);
      return Promise.resolve();
    },
  });
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

/** Drives the stepwise compile without pausing, counting its steps. */
function compileCountingSteps(aliases: Iterable<MatcherAlias>): { matcher: Matcher; steps: number } {
  const steps = compileMatcherInSteps(aliases);
  for (let count = 1; ; count++) {
    const next = steps.next();
    if (next.done) return { matcher: next.value, steps: count };
  }
}

describe('compiling in slices', () => {
  it('finds exactly what compileMatcher finds, on thousands of synthetic aliases and texts', async () => {
    const sliced = await compileInSlices(ALIASES, new AbortController().signal);
    expect(sliced?.size).toBe(expected.size);
    for (const text of TEXTS) {
      const mentions = expected.scan(text);
      expect(mentions.length).toBeGreaterThan(500);
      expect(sliced!.scan(text)).toEqual(mentions);
    }
  });

  it('finds exactly what compileMatcher finds on the bundled dataset, stored as an alias list', async () => {
    const { entities } = loadBundledDataset();
    const data = buildMatcherData(entities, 'v1', 0); // no room for the compiled form: the alias list is kept
    expect('aliases' in data).toBe(true);
    const stored = JSON.parse(JSON.stringify(data)) as MatcherData;
    const text = entities.map((entity) => entity.background).join('\n\n');
    const loaded = await loadMatcherFromData(stored, new AbortController().signal);
    expect(loaded!.scan(text)).toEqual(compileMatcher(matcherAliases(entities)).scan(text));
  });

  it('works in many small steps, more of them for a longer list', () => {
    const small = compileCountingSteps(ALIASES.slice(0, 400));
    const large = compileCountingSteps(ALIASES);
    expect(large.steps).toBeGreaterThan(50);
    expect(large.steps).toBeGreaterThan(5 * small.steps);
    expect(large.matcher.scan(TEXTS[0]!)).toEqual(expected.scan(TEXTS[0]!));
  });

  it('gives the page its turn between slices of a large list', async () => {
    await compileInSlices(ALIASES, new AbortController().signal);
    expect(yields).toBeGreaterThan(5);
  });

  it('compiles a short list in one slice, without yielding', async () => {
    const matcher = await compileInSlices(ALIASES.slice(0, 3), new AbortController().signal);
    expect(yields).toBe(0);
    expect(matcher?.size).toBeGreaterThan(0);
  });

  it('loads a compiled matcher at once, without slices', async () => {
    const { entities } = loadBundledDataset();
    const data = buildMatcherData(entities, 'v1');
    expect('matcher' in data).toBe(true);
    const loaded = await loadMatcherFromData(data, new AbortController().signal);
    expect(yields).toBe(0);
    expect(loaded!.scan('Zelensky met Putin in Kyiv.').length).toBe(3);
  });

  it('stops when its signal aborts: the rest of the list is never read, and no matcher comes back', async () => {
    const controller = new AbortController();
    let read = 0;
    function* counted() {
      for (const alias of ALIASES) {
        read++;
        yield alias;
      }
    }
    onYield = (count) => count === 1 && controller.abort();
    const matcher = await compileInSlices(counted(), controller.signal);
    expect(matcher).toBeUndefined();
    expect(yields).toBe(1);
    expect(read).toBeGreaterThan(0);
    expect(read).toBeLessThan(ALIASES.length / 4);
  });

  it('does nothing when its signal has already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    let read = 0;
    const matcher = await compileInSlices(
      (function* () {
        for (const alias of ALIASES) {
          read++;
          yield alias;
        }
      })(),
      controller.signal,
    );
    expect(matcher).toBeUndefined();
    expect(read).toBe(0);
  });
});
