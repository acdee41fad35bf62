/**
 * What Backstory's highlighter is compared with: the cheapest possible pass over a page's text, and
 * mark.js used the two ways people use it to highlight a list of names.
 */
import Mark from 'mark.js';

// mark.js handles an array by recursing once per keyword: a call with many more overflows the stack.
const MARK_ARRAY_CHUNK = 500;

/** The floor: a bare TreeWalker over every text node under `root`, reading each one's text. */
export function walkAllText(root: Node): { chars: number; nodes: number } {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  let chars = 0;
  let nodes = 0;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    chars += (node as Text).data.length; // read, as any highlighter must
    nodes++;
  }
  return { chars, nodes };
}

/** The outcome of a mark.js run. */
export interface MarkOutcome {
  /** Marks mark.js created. */
  marks: number;
  /** True when the run was stopped at its time cap. */
  capped: boolean;
}

/** Thrown from mark.js's callbacks to stop a run at its time cap. */
class CapReached extends Error {}

/**
 * `new Mark(root).mark(aliases)` with mark.js's default options, as a naive user calls it (each
 * alias split into words, diacritics-insensitive, partial-word matches), `MARK_ARRAY_CHUNK`
 * aliases per call. Stopped once `capMs` have passed: such a run is reported as capped, its time a
 * lower bound.
 */
export async function markAliasArray(
  root: HTMLElement,
  aliases: readonly string[],
  capMs: number,
): Promise<MarkOutcome> {
  const mark = new Mark(root);
  const deadline = performance.now() + capMs;
  // mark.js cannot be cancelled, and one call can take minutes on a big page (every mark splits a
  // text node, and every keyword walks them all again). It calls `filter` before each match and
  // `noMatch` after each keyword without one, so a throw from them stops it within one keyword.
  const checkCap = () => {
    if (performance.now() >= deadline) throw new CapReached();
  };
  const options: Mark.MarkOptions = {
    filter: () => {
      checkCap();
      return true; // mark every match, as the default filter does
    },
    noMatch: checkCap,
    each: () => marks++,
  };
  let marks = 0;
  try {
    for (let i = 0; i < aliases.length; i += MARK_ARRAY_CHUNK) {
      const chunk = aliases.slice(i, i + MARK_ARRAY_CHUNK);
      await new Promise((done) => mark.mark(chunk, { ...options, done }));
    }
  } catch (error) {
    if (error instanceof CapReached) return { marks, capped: true };
    throw error;
  }
  return { marks, capped: false };
}

/** `markRegExp` with one combined RegExp of every alias. */
export function markCombinedRegExp(root: HTMLElement, regex: RegExp): Promise<number> {
  return new Promise((done) => new Mark(root).markRegExp(regex, { done }));
}

/** Every alias in one alternation, escaped, longest first (so the longest name wins), case-insensitive. */
export function combinedRegExp(aliases: readonly string[]): RegExp {
  const alternation = [...aliases]
    .sort((a, b) => b.length - a.length)
    .map((alias) => alias.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(alternation.join('|'), 'gi');
}
