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

// Scores by kind of match; the best kind wins, then prominence, then the shorter name.
const EXACT = 100;
const PREFIX = 80;
const WORD_PREFIX = 65;
const SUBSTRING = 45;
const TYPO = 30; // minus 8 per edit

/** Builds a search function over `names`. `prominence` (e.g. number of links) breaks ties. */
export function createSearchIndex(
  names: readonly SearchableName[],
  prominence: ReadonlyMap<string, number> = new Map(),
) {
  const entries = names.map((name) => ({ ...name, words: name.folded.split(' ') }));
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
      .sort(
        (a, b) =>
          b.score - a.score ||
          (prominence.get(b.entityId) ?? 0) - (prominence.get(a.entityId) ?? 0) ||
          a.matched.length - b.matched.length ||
          a.entityId.localeCompare(b.entityId),
      )
      .slice(0, limit);
  };
}

function scoreName(q: string, folded: string, words: string[]): number {
  if (folded === q) return EXACT;
  if (folded.startsWith(q)) return PREFIX - Math.min(10, folded.length - q.length) / 10;
  if (words.some((word) => word.startsWith(q))) return WORD_PREFIX;
  if (q.length >= 3 && folded.includes(q)) return SUBSTRING;
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
  return distance <= allowed ? TYPO - distance * 8 : 0;
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
