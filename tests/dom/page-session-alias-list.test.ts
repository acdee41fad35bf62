import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { startPageSession } from '@/lib/content/page-session';
import type { Category } from '@/lib/dataset/schema';
import { MATCHER_DATA_FORMAT, MATCHER_DATA_KEY, type MatcherData } from '@/lib/knowledge/matcher-data';
import type { Matcher } from '@/lib/match/matcher';
import { SETTING_ITEMS } from '@/lib/settings';
import { syntheticAliases } from '../unit/support/synthetic-aliases';

// Thousands of invented names: stored as an alias list, as the background stores big packs, the
// page compiles them in many slices.
const FILLER = syntheticAliases(3000, 5).map(({ text, entityId, caseSensitive }): [string, string, 0 | 1] => [
  text,
  entityId,
  caseSensitive ? 1 : 0,
]);

/** Alias-list matcher data of `version` naming Kyiv and Zelensky as `kyiv<suffix>` and `zelensky<suffix>`. */
function aliasListData(version: string, suffix = '', filler = FILLER): MatcherData {
  const aliases: [string, string, 0 | 1][] = [
    ...filler,
    ['Kyiv', `kyiv${suffix}`, 1],
    ['Zelensky', `zelensky${suffix}`, 1],
  ];
  const entities: Record<string, [string, Category, string]> = {};
  for (const [text, entityId] of aliases) entities[entityId] = [text, 'place', 'A place'];
  return { format: MATCHER_DATA_FORMAT, version, entities, aliases };
}

const publish = (data: MatcherData) => browser.storage.local.set({ [MATCHER_DATA_KEY]: data });

/** The entity of every highlighted name on the page, in order. */
const markedEntities = () =>
  [...document.querySelectorAll('mark[data-backstory-entity]')].map((mark) =>
    mark.getAttribute('data-backstory-entity'),
  );

/** Every time the work gave the page its turn (scheduler.yield, which runSliced prefers) is counted and may act. */
let yields = 0;
let onYield: () => void | Promise<void> = () => {};
let controller: AbortController;

beforeEach(async () => {
  yields = 0;
  onYield = () => {};
  controller = new AbortController();
  // A clock that moves 1 ms at each reading: slices end after a set amount of work, not of real time.
  let now = 0;
  vi.spyOn(performance, 'now').mockImplementation(() => now++);
  vi.stubGlobal('scheduler', {
    yield: async () => {
      yields++;
      await onYield();
    },
  });
  await SETTING_ITEMS.renderer.setValue('inline-marks');
  document.body.replaceChildren();
  const paragraph = document.createElement('p');
  paragraph.textContent = 'Zelensky spoke in Kyiv on Monday.';
  document.body.append(paragraph);
});

afterEach(() => {
  controller.abort();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe('a page given matcher data as an alias list', () => {
  it('compiles it in slices and highlights the names', async () => {
    await publish(aliasListData('v1'));
    const session = startPageSession(document, controller.signal);
    await session.ready;
    expect(yields).toBeGreaterThan(3);
    expect(markedEntities()).toEqual(['zelensky', 'kyiv']);
  });

  it('stops compiling when the page session ends, and highlights nothing', async () => {
    await publish(aliasListData('v1'));
    onYield = () => controller.abort();
    const session = startPageSession(document, controller.signal);
    await session.ready;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(yields).toBe(1); // not a slice more after the abort
    expect(session.highlighter()).toBeUndefined();
    expect(markedEntities()).toEqual([]);
  });

  it('drops a compile that newer data made stale: the highlighter never gets the stale matcher', async () => {
    await publish(aliasListData('v1', '-v1', []));
    const session = startPageSession(document, controller.signal);
    await session.ready;
    expect(markedEntities()).toEqual(['zelensky-v1', 'kyiv-v1']);
    const given: Matcher[] = [];
    const highlighter = session.highlighter()!;
    const setMatcher = highlighter.setMatcher.bind(highlighter);
    vi.spyOn(highlighter, 'setMatcher').mockImplementation((matcher, entity) => {
      given.push(matcher);
      setMatcher(matcher, entity);
    });

    // v2 is published; while the page compiles it, v3 is published too.
    await publish(aliasListData('v2', '-v2'));
    let newerPublished = false;
    onYield = async () => {
      if (newerPublished) return;
      newerPublished = true;
      await publish(aliasListData('v3', '-v3', []));
      session.matcherDataChanged('v3');
    };
    session.matcherDataChanged('v2');

    await vi.waitFor(() => expect(markedEntities()).toEqual(['zelensky-v3', 'kyiv-v3']));
    expect(newerPublished).toBe(true);
    expect(given.map((matcher) => matcher.scan('Kyiv')[0]?.entityId)).toEqual(['kyiv-v3']);
  });
});
