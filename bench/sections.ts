/**
 * The benchmark sections `npm run bench` runs, in order. Each returns its JSON keys (merged into
 * the one object `--json` prints) and the lines of its human-readable report.
 */
import type { Browser } from 'puppeteer-core';
import type { Dataset } from '../lib/dataset/schema.ts';
import type { MatcherAlias } from '../lib/match/matcher.ts';
import type { BrowserKind, FixtureServer } from '../tests/e2e/harness.ts';
import type { MatcherBenchResult } from './browser/matcher-bench.ts';
import { ms } from './format.ts';
import { extensionSection } from './extension-section.ts';
import { highlightSection } from './highlight-section.ts';

/** What every section gets from the runner. */
export interface BenchContext {
  browser: Browser;
  /** Which browser `browser` is (`--browser`; Chromium unless told). */
  browserKind: BrowserKind;
  /** Serves bench/out (the bench page and bundle) on 127.0.0.1. */
  server: FixtureServer;
  dataset: Dataset;
  aliases: MatcherAlias[];
  /** Distinct alias texts, for generated news. */
  names: string[];
  synthetic: string[];
  newsText(chars: number, seed?: number): string;
  /** Pages from `--pages DIR`, if given. */
  savedPages: { name: string; html: string }[] | undefined;
  log(line: string): void;
}

/** One section of the benchmark. */
export interface BenchSection {
  name: string;
  title: string;
  run(context: BenchContext): Promise<{ json: Record<string, unknown>; report: string[] }>;
}

const RUNS = 7; // medians of 7: stable on a busy 2-core machine, still quick

const matcherSection: BenchSection = {
  name: 'matcher',
  title: 'Matcher: 1 MB of news text (goals: ≥ 2× faster than one RegExp; +20k aliases ≤ 1.3×)',
  async run({ browser, server, aliases, synthetic, newsText }) {
    const page = await browser.newPage();
    await page.goto(server.url('/index.html'));
    const text = newsText(1_000_000, 3);
    const result: MatcherBenchResult = await page.evaluate((input) => window.backstoryBench.matcher(input), {
      aliases,
      synthetic,
      text,
      runs: RUNS,
    });
    await page.close();
    const speedup = result.regexMs / result.trieMs;
    const scaling = result.plus20kMs / result.trieMs;
    return {
      json: { matcher: { ...result, speedupVsRegExp: speedup, plus20kRatio: scaling } },
      report: [
        `text: ${(result.textChars / 1e6).toFixed(2)} M chars; ${result.aliasCount} aliases (trie built in ${ms(result.compileMs)})`,
        `Backstory trie          ${ms(result.trieMs).padStart(10)}  (${result.trieMentions} mentions)`,
        `one combined RegExp /gi ${ms(result.regexMs).padStart(10)}  (${result.regexMatches} matches, no word boundaries)`,
        `trie + 20,000 aliases   ${ms(result.plus20kMs).padStart(10)}`,
        `→ trie is ${speedup.toFixed(1)}× faster than the RegExp (goal ≥ 2×); +20k aliases cost ${scaling.toFixed(2)}× (goal ≤ 1.3×)`,
      ],
    };
  },
};

/** All sections, in the order they run. */
export const BENCH_SECTIONS: BenchSection[] = [matcherSection, highlightSection, extensionSection];
