/**
 * What content scripts need to highlight a page, compiled by the background whenever the cache is
 * (re)built and kept in `storage.local`, which content scripts read directly: the first highlight on
 * a page never waits for the service worker to wake.
 */
import type { Category, Entity } from '../dataset/schema.ts';
import { matcherAliases } from '../dataset/matcher-aliases.ts';
import { compilePortableMatcher, type PortableMatcher } from '../match/matcher.ts';

/** The storage.local key holding the current MatcherData. */
export const MATCHER_DATA_KEY = 'matcherData';

/**
 * Bumped when MatcherData changes shape: data stored by an older version of the extension is then
 * ignored (and replaced) rather than misread.
 */
export const MATCHER_DATA_FORMAT = 2;

/** Compact on purpose: it is read on every page load. */
export interface MatcherData {
  format: typeof MATCHER_DATA_FORMAT;
  /** Changes whenever the cache is rebuilt (bundle version, packs). */
  version: string;
  /** Every alias, compiled: pages load it instead of compiling it. */
  matcher: PortableMatcher;
  /** entity id → [name, category, one-line description] (for marks' accessible descriptions and styling) */
  entities: Record<string, [string, Category, string]>;
}

/** Builds the matcher data for `entities`. */
export function buildMatcherData(entities: readonly Entity[], version: string): MatcherData {
  const data: MatcherData = {
    format: MATCHER_DATA_FORMAT,
    version,
    matcher: compilePortableMatcher(matcherAliases(entities)),
    entities: {},
  };
  for (const entity of entities)
    data.entities[entity.id] = [entity.name, entity.category, entity.description];
  return data;
}

/** True when `stored` is matcher data this version of the extension can read. */
export function isCurrentMatcherData(stored: unknown): stored is MatcherData {
  return (stored as MatcherData | undefined)?.format === MATCHER_DATA_FORMAT;
}
