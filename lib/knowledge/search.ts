/**
 * Entity search: by any name or alias, case- and diacritic-insensitive, prefix- and typo-tolerant.
 * "zelenskiy", "zaporozh", "Путин", "kiev" and "zelenksy" all find the right entity. Runs in memory
 * over a few thousand folded names: fast enough for every key press.
 */
import { foldForSearch } from '../match/normalize.ts';

/** One searchable name. `folded` must come from `foldForSearch`. */
export interface SearchableName {
  entityId: string;
  text: string;
  folded: string;
}

/** A ranked hit: the entity and the name that matched best. */
export interface RankedHit {
  entityId: string;
  matched: string;
  score: number;
}

// Scores by kind of match; the best kind always wins. Within a kind a match loses the share of the
// name it leaves out (under a point): "herson" finds the city Kherson before Kherson Oblast, and both
// before the more-linked topic that "Kherson counteroffensive" names.
const EXACT = 100;
const PREFIX = 80;
const WORD_PREFIX = 65;
const SUBSTRING = 45;
const TYPO = 30; // minus 8 per edit
// Prominence then adds 0.1 of a point per doubling of links, at most 0.9: never enough to cross a
// kind or an edit, enough to settle near ties ("donald": Donald Trump, 56 links, before Donald Tusk,
// 6 links and one letter shorter), not enough to beat a clearly closer name ("vladimir": Vladimir
// Putin before "Vladimir Zelensky", an alias of the more-linked Volodymyr Zelensky).
const PROMINENCE_PER_DOUBLING = 0.1;
const MAX_PROMINENCE = 0.9;

/** Builds a search function over `names`. `prominence` (e.g. number of links) settles near ties. */
export function createSearchIndex(
  names: readonly SearchableName[],
  prominence: ReadonlyMap<string, number> = new Map(),
) {
  const entries = names.map((name) => ({ ...name, words: name.folded.split(' ') }));
  const lift = (entityId: string) =>
    Math.min(MAX_PROMINENCE, PROMINENCE_PER_DOUBLING * Math.log2(1 + (prominence.get(entityId) ?? 0)));
  return function search(query: string, limit = 10): RankedHit[] {
    const q = foldForSearch(query);
    if (!q) return [];
    const best = new Map<string, RankedHit>();
    for (const entry of entries) {
      const score = scoreName(q, entry.folded, entry.words);
      if (score <= 0) continue;
      const current = best.get(entry.entityId);
      const better =
        !current ||
        score > current.score ||
        (score === current.score && entry.text.length < current.matched.length);
      if (better) best.set(entry.entityId, { entityId: entry.entityId, matched: entry.text, score });
    }
    return [...best.values()]
      .map((hit) => ({ hit, rank: hit.score + lift(hit.entityId) }))
      .sort(
        (a, b) =>
          b.rank - a.rank ||
          a.hit.matched.length - b.hit.matched.length ||
          a.hit.entityId.localeCompare(b.hit.entityId),
      )
      .slice(0, limit)
      .map(({ hit }) => hit);
  };
}

function scoreName(q: string, folded: string, words: string[]): number {
  if (folded === q) return EXACT;
  const leftOut = Math.max(0, 1 - q.length / folded.length); // under 1
  if (folded.startsWith(q)) return PREFIX - leftOut;
  if (words.some((word) => word.startsWith(q))) return WORD_PREFIX - leftOut;
  if (q.length >= 3 && folded.includes(q)) return SUBSTRING - leftOut;
  // Typos: compare with the whole name and with the name's start (the reader may still be typing).
  if (q.length < 4) return 0;
  const allowed = q.length >= 8 ? 2 : 1;
  const whole =
    Math.abs(folded.length - q.length) <= allowed ? editDistance(q, folded, allowed) : allowed + 1;
  const start = folded.length > q.length ? editDistance(q, folded.slice(0, q.length), allowed) : allowed + 1;
  const wordDistance = Math.min(
    ...words.map((word) =>
      Math.abs(word.length - q.length) <= allowed ? editDistance(q, word, allowed) : allowed + 1,
    ),
  );
  const distance = Math.min(whole, start, wordDistance);
  return distance <= allowed ? TYPO - distance * 8 - leftOut : 0;
}

/**
 * Optimal string alignment distance (Levenshtein plus adjacent transpositions, "zelenksy"), giving
 * up early once every path exceeds `max`.
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let previousPrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        value = Math.min(value, previousPrevious[j - 2]! + 1);
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > max) return max + 1;
    previousPrevious = previous;
    previous = current;
  }
  return previous[b.length]!;
}
