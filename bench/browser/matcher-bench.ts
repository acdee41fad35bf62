import { compileMatcher, type MatcherAlias } from '../../lib/match/matcher.ts';
import { medianMs, mediansInterleaved } from './timing.ts';

export interface MatcherBenchInput {
  aliases: MatcherAlias[];
  synthetic: string[];
  text: string;
  runs: number;
}

/** What `npm run bench` reports for the matcher (milliseconds are medians). */
export interface MatcherBenchResult {
  textChars: number;
  aliasCount: number;
  compileMs: number;
  trieMs: number;
  trieMentions: number;
  regexMs: number;
  regexMatches: number;
  plus20kMs: number;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Side by side on the same text: our trie, one combined case-insensitive RegExp, and the trie with 20k more aliases. */
export function benchMatcher({ aliases, synthetic, text, runs }: MatcherBenchInput): MatcherBenchResult {
  const compileMs = medianMs(runs, () => compileMatcher(aliases));
  const matcher = compileMatcher(aliases);
  // What a naive highlighter does: every alias in one alternation, longest first, case-insensitive.
  const alternation = [...new Set(aliases.map((a) => a.text))]
    .sort((a, b) => b.length - a.length)
    .map(escapeRegExp);
  const regex = new RegExp(alternation.join('|'), 'gi');
  const countRegexMatches = () => {
    let count = 0;
    regex.lastIndex = 0;
    while (regex.exec(text)) count++;
    return count;
  };
  const bigger = compileMatcher([
    ...aliases,
    ...synthetic.map((name, i) => ({ text: name, entityId: `synthetic-${i}`, caseSensitive: i % 2 === 0 })),
  ]);
  const { trieMs, regexMs, plus20kMs } = mediansInterleaved(runs, {
    trieMs: () => matcher.scan(text),
    regexMs: countRegexMatches,
    plus20kMs: () => bigger.scan(text),
  });
  return {
    textChars: text.length,
    aliasCount: aliases.length,
    compileMs,
    trieMs,
    trieMentions: matcher.scan(text).length,
    regexMs,
    regexMatches: countRegexMatches(),
    plus20kMs,
  };
}
