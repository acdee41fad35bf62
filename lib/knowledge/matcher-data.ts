/**
 * What content scripts need to highlight a page, compiled by the background whenever the cache is
 * (re)built and kept in `storage.local`, which content scripts read directly: the first highlight on
 * a page never waits for the service worker to wake.
 */
import type { Category, Entity } from '../dataset/schema.ts';
import { matcherAliases } from '../dataset/matcher-aliases.ts';
import {
  compileMatcher,
  compilePortableMatcher,
  loadPortableMatcher,
  type Matcher,
  type MatcherAlias,
  type PortableMatcher,
} from '../match/matcher.ts';

/** The storage.local key holding the current MatcherData. */
export const MATCHER_DATA_KEY = 'matcherData';
/**
 * The storage.local key holding that data's version alone: the background checks it at every start,
 * and reading the whole data (over a megabyte) for that would be waste.
 */
export const MATCHER_DATA_VERSION_KEY = 'matcherDataVersion';

/**
 * Bumped when MatcherData changes shape: data stored by an older version of the extension is then
 * ignored (and replaced) rather than misread.
 */
export const MATCHER_DATA_FORMAT = 3 as const;

/**
 * The compiled matcher is several times the size of the alias list it comes from (about 1.2 MB for
 * the bundled dataset), and Chrome's storage.local holds 10 MB in all. Above this many characters,
 * as when packs add tens of thousands of aliases, the alias list is stored instead and pages
 * compile it themselves (in slices: lib/content/matcher-loading.ts), as slowly as that is, rather
 * than not at all.
 */
export const MAX_COMPILED_CHARS = 4_000_000;

/** Compact on purpose: it is read on every page load. */
export type MatcherData = {
  format: typeof MATCHER_DATA_FORMAT;
  /** Changes whenever the cache is rebuilt (bundle version, packs). */
  version: string;
  /** entity id → [name, category, one-line description] (for marks' accessible descriptions and styling) */
  entities: Record<string, [string, Category, string]>;
} & (
  | {
      /** Every alias, compiled: pages load it instead of compiling it. */
      matcher: PortableMatcher;
    }
  | {
      /** Every alias as [text, entity id, case-sensitive (1) or not (0)], when compiled would be too big. */
      aliases: [string, string, 0 | 1][];
    }
);

/** Builds the matcher data for `entities`. */
export function buildMatcherData(
  entities: readonly Entity[],
  version: string,
  maxCompiledChars = MAX_COMPILED_CHARS,
): MatcherData {
  const aliases = matcherAliases(entities);
  const matcher = compilePortableMatcher(aliases);
  const names = Object.fromEntries(
    entities.map((entity): [string, [string, Category, string]] => [
      entity.id,
      [entity.name, entity.category, entity.description],
    ]),
  );
  const common = { format: MATCHER_DATA_FORMAT, version, entities: names };
  // Measured as stored (a string of a megabyte or so, once per publish).
  if (JSON.stringify(matcher).length <= maxCompiledChars) return { ...common, matcher };
  return {
    ...common,
    aliases: aliases.map(({ text, entityId, caseSensitive }) => [text, entityId, caseSensitive ? 1 : 0]),
  };
}

/** The matcher stored matcher data describes: loaded when it was stored compiled, else compiled now. */
export function matcherFromData(data: MatcherData): Matcher {
  if ('matcher' in data) return loadPortableMatcher(data.matcher);
  return compileMatcher(storedAliases(data.aliases));
}

/**
 * The stored aliases as the matcher takes them, one at a time: converting tens of thousands at once
 * would be a long step of its own, and a second copy of the list.
 */
export function* storedAliases(aliases: [string, string, 0 | 1][]): Generator<MatcherAlias> {
  for (const [text, entityId, caseSensitive] of aliases)
    yield { text, entityId, caseSensitive: caseSensitive === 1 };
}

/** True when `stored` is matcher data this version of the extension can read. */
export function isCurrentMatcherData(stored: unknown): stored is MatcherData {
  return (stored as MatcherData | undefined)?.format === MATCHER_DATA_FORMAT;
}
