/**
 * What content scripts need to highlight a page, compiled by the background whenever the cache is
 * (re)built and kept in `storage.local`, which content scripts read directly: the first highlight on
 * a page never waits for the service worker to wake.
 */
import type { Category, Entity } from '../dataset/schema.ts';
import { matcherAliases } from '../dataset/matcher-aliases.ts';
import type { MatcherAlias } from '../match/matcher.ts';

/** The storage.local key holding the current MatcherData. */
export const MATCHER_DATA_KEY = 'matcherData';

/** Compact on purpose: it is read on every page load. */
export interface MatcherData {
  /** Changes whenever the cache is rebuilt (bundle version, packs). */
  version: string;
  /** [alias text, entity id, case-sensitive (1) or not (0)] */
  aliases: [string, string, 0 | 1][];
  /** entity id → [name, category, one-line description] (for marks' accessible descriptions and styling) */
  entities: Record<string, [string, Category, string]>;
}

/** Builds the matcher data for `entities`. */
export function buildMatcherData(entities: readonly Entity[], version: string): MatcherData {
  const data: MatcherData = { version, aliases: [], entities: {} };
  for (const alias of matcherAliases(entities))
    data.aliases.push([alias.text, alias.entityId, alias.caseSensitive ? 1 : 0]);
  for (const entity of entities)
    data.entities[entity.id] = [entity.name, entity.category, entity.description];
  return data;
}

/** The matcher's aliases, from stored matcher data. */
export function aliasesFromMatcherData(data: MatcherData): MatcherAlias[] {
  return data.aliases.map(([text, entityId, caseSensitive]) => ({
    text,
    entityId,
    caseSensitive: caseSensitive === 1,
  }));
}
