/**
 * The `highlight` section: Backstory's highlighter on whole pages, side by side in the same
 * browser with the floor (a bare walk over the text) and mark.js as people use it; plus long
 * tasks, dictionary scaling, and following appended paragraphs vs rescanning.
 *
 * JSON keys (milliseconds are medians):
 * - `pages[]`: `{ name, chars (text characters in the body), floorMs, markArrayMs, markRegExpMs,
 *   backstoryMs: { highlightApi, inlineMarks }, longTasks: { highlightApi, inlineMarks } (null in a
 *   browser that reports no long tasks: Firefox),
 *   frameGapMs: { markRegExp, highlightApi, inlineMarks } }`.
 *   `longTasks` is per renderer: the long tasks seen during all of that renderer's runs on the page,
 *   the warm-ups included. `frameGapMs` is the longest time the page went without a frame from the
 *   start of a run until its last frame was rendered (the median run's). `markArrayMs` at or above MARK_ARRAY_CAP_MS means the run was capped
 *   (the time it was stopped at, a lower bound).
 * - `dictionaryScaling: { bundledMs, plus20kMs }`: the Highlight API renderer on the page closest to 1 MB.
 * - `appendVsRescan: { appendMs, rescanMs }`: the Highlight API renderer on the biggest page.
 */
import type { Page } from 'puppeteer-core';
import type { PageStats } from './browser/fresh-page.ts';
import type { BenchEntity, HighlightSetup, highlightBench } from './browser/highlight-bench.ts';
import { WARM_UPS } from './browser/timing.ts';
import { ms, size, times } from './format.ts';
import { generateNewsPage } from './news-generator.ts';
import type { BenchContext, BenchSection } from './sections.ts';

// A short article, a long one, a live blog, a long-running live blog (sizes of text, roughly).
const PAGE_SIZES = [50_000, 250_000, 1_000_000, 1_500_000];
const PAGE_SEED = 11; // any fixed seed: the same pages every run
const APPENDED_SEED = 97; // another seed, so the appended paragraphs are new text
// Medians of 15: single runs are bimodal (a frame rendered or a collection in the middle of a scan
// adds its cost to that run alone), and with 7 the small pages' medians moved by a third from one
// full run to the next (measured: the Highlight API on the 50 kB page at 2.7, 3.7 and 6.3 ms).
const RUNS = 15;
const MARK_ARRAY_CAP_MS = 20_000; // mark.js's array call takes minutes on big pages; by then the point is made
const APPENDED_PARAGRAPHS = 100; // a busy live blog's afternoon
const PARAGRAPH_CHARS = 1_000; // generous: generated paragraphs average well under this
const SCALING_PAGE_CHARS = 1_000_000; // dictionary scaling runs on the page closest to this size

const ISOLATION = {
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-embedder-policy': 'require-corp',
};

/** The goals, as ratios: the machine's speed cancels out of them. */
const GOALS = {
  vsMarkRegExp: 3, // (d) at least this many times faster than (c)
  vsFloor: 4, // (d) at most this many times (a)
  plus20k: 1.3, // 20,000 more aliases cost at most this factor
  appendVsRescan: 10, // appending at least this many times cheaper than a full rescan
  // Ours, not the issue's: while (d) runs the page still paints, at least every this many ms (the
  // length of a long animation frame).
  frameGapMs: 50,
};

interface BenchPage {
  name: string;
  html: string;
}

/** What a browser-side measurement resolves to. */
type Measured<K extends keyof typeof highlightBench> = Awaited<ReturnType<(typeof highlightBench)[K]>>;
type SideBySide = Measured<'sideBySide'>;
type BackstoryResult = SideBySide['highlightApi'];

interface PageResult {
  name: string;
  stats: PageStats;
  floorMs: number;
  markArray: Measured<'markArray'>;
  markRegExp: SideBySide['markRegExp'];
  highlightApi: BackstoryResult;
  inlineMarks: BackstoryResult;
}

/** The generated pages, or the saved ones from `--pages DIR`. */
function benchPages({ savedPages, names }: BenchContext): BenchPage[] {
  if (savedPages) {
    if (savedPages.length === 0) throw new Error('--pages: the folder holds no .html pages');
    return savedPages;
  }
  return PAGE_SIZES.map((chars) => ({
    name: `news ${size(chars)}`,
    html: generateNewsPage(names, chars, PAGE_SEED),
  }));
}

/** The new paragraphs a live blog appends. */
function appendedParagraphs({ newsText }: BenchContext): string[] {
  const paragraphs = newsText(APPENDED_PARAGRAPHS * PARAGRAPH_CHARS, APPENDED_SEED).split('\n\n');
  if (paragraphs.length < APPENDED_PARAGRAPHS) throw new Error('Too few generated paragraphs to append');
  return paragraphs.slice(0, APPENDED_PARAGRAPHS);
}

function closestInSize(pages: BenchPage[], chars: number): BenchPage {
  const distance = (page: BenchPage) => Math.abs(page.html.length - chars);
  return pages.reduce((best, page) => (distance(page) < distance(best) ? page : best));
}

function biggest(pages: BenchPage[]): BenchPage {
  return pages.reduce((best, page) => (page.html.length > best.html.length ? page : best));
}

/**
 * The bench page, cross-origin isolated: only then does Chromium's clock tick in 5 µs instead of
 * 100 µs steps, and the floor on a 50 kB page is about one 100 µs step. (The fixture server sets no
 * headers, so the tab answers for it.)
 */
async function openIsolatedTab({ browser, server }: BenchContext): Promise<Page> {
  const tab = await browser.newPage();
  const url = server.url('/index.html');
  const body = await (await fetch(url)).text();
  await tab.setRequestInterception(true);
  tab.on('request', (request) => {
    if (request.url() !== url) return void request.continue();
    void request.respond({ status: 200, contentType: 'text/html; charset=utf-8', headers: ISOLATION, body });
  });
  await tab.goto(url);
  if (!(await tab.evaluate(() => crossOriginIsolated))) throw new Error('The bench page is not isolated.');
  return tab;
}

/** Every method on one page, in the same tab, one after another. */
async function measurePage(tab: Page, page: BenchPage): Promise<PageResult> {
  const stats = await tab.evaluate((html) => window.backstoryBench.highlight.usePage(html), page.html);
  // (b) alone, first: its capped runs take 20 s, and interleaved they would stretch every round.
  const markArray = await tab.evaluate(
    (runs, capMs) => window.backstoryBench.highlight.markArray(runs, capMs),
    RUNS,
    MARK_ARRAY_CAP_MS,
  );
  const { floor, markRegExp, highlightApi, inlineMarks } = await tab.evaluate(
    (runs) => window.backstoryBench.highlight.sideBySide(runs),
    RUNS,
  );
  return { name: page.name, stats, floorMs: floor.ms, markArray, markRegExp, highlightApi, inlineMarks };
}

async function measureScaling(tab: Page, page: BenchPage) {
  await tab.evaluate((html) => window.backstoryBench.highlight.usePage(html), page.html);
  return tab.evaluate((runs) => window.backstoryBench.highlight.dictionaryScaling(runs), RUNS);
}

async function measureAppend(tab: Page, page: BenchPage, paragraphs: string[]) {
  await tab.evaluate((html) => window.backstoryBench.highlight.usePage(html), page.html);
  return tab.evaluate(
    (runs, texts) => window.backstoryBench.highlight.appendVsRescan(runs, texts),
    RUNS,
    paragraphs,
  );
}

// ---- the report ---------------------------------------------------------------------------------

const row = (label: string, time: string, painted: string, frozen: string, ratio: string, found: string) =>
  `  ${label.padEnd(46)}${time.padStart(14)}${painted.padStart(14)}${frozen.padStart(12)}${ratio.padStart(10)}   ${found}`;

function pageTable(result: PageResult): string[] {
  const { stats, floorMs, markArray, markRegExp, highlightApi, inlineMarks } = result;
  const vsFloor = (value: number) => times(value / floorMs);
  const backstoryRow = (label: string, r: BackstoryResult) =>
    row(
      label,
      ms(r.ms),
      ms(r.paintedMs),
      ms(r.frameGapMs),
      vsFloor(r.ms),
      `${r.mentions} mentions; ${jank(r)}`,
    );
  return [
    `${result.name}: ${stats.textChars.toLocaleString('en')} text chars in ${stats.textNodes.toLocaleString('en')} text nodes (${size(stats.htmlChars)} of HTML)`,
    row('method', 'median', 'painted', 'no frame', '× (a)', 'found'),
    row('(a) TreeWalker over every text node (floor)', ms(floorMs), '', '', '1×', ''),
    row(
      '(b) mark.js mark(aliases), ≤ 500 per call',
      `${markArray.capped ? '≥ ' : ''}${ms(markArray.ms)}`,
      '',
      '',
      vsFloor(markArray.ms),
      `${markArray.marks} marks${markArray.capped ? ` (capped at ${MARK_ARRAY_CAP_MS / 1000} s)` : ''}`,
    ),
    row(
      '(c) mark.js markRegExp(one RegExp /gi)',
      ms(markRegExp.ms),
      ms(markRegExp.paintedMs),
      ms(markRegExp.frameGapMs),
      vsFloor(markRegExp.ms),
      `${markRegExp.marks} marks`,
    ),
    backstoryRow('(d) Backstory, Highlight API', highlightApi),
    backstoryRow('(d) Backstory, inline marks', inlineMarks),
  ];
}

const jank = ({ jankReported, longTasks, longestTaskMs, longFrames, blockingMs, runs }: BackstoryResult) =>
  !jankReported
    ? `long tasks not reported by this browser (see "no frame") in ${runs} runs`
    : `${longTasks} long tasks${longTasks ? ` (longest ${ms(longestTaskMs)})` : ''}, ${longFrames} long frames` +
      (longFrames ? ` (${ms(blockingMs / runs)} blocking a run)` : '') +
      ` in ${runs} runs`;

const verdict = (met: boolean) => (met ? '✓ met   ' : '✗ missed');

/** One line per goal: met or missed, with the figures it was judged on. */
function goalLines(
  pages: PageResult[],
  scaling: { bundledMs: number; plus20kMs: number },
  append: { appendMs: number; rescanMs: number },
): string[] {
  const renderers = [
    ['Highlight API', (r: PageResult) => r.highlightApi],
    ['inline marks', (r: PageResult) => r.inlineMarks],
  ] as const;
  const perPage = (ratio: (page: PageResult) => number) => pages.map((page) => times(ratio(page))).join(', ');
  const lines = [`Goals (figures per page, in order: ${pages.map((page) => page.name).join(', ')})`];
  for (const [label, of] of renderers) {
    const speedup = (page: PageResult) => page.markRegExp.ms / of(page).ms;
    lines.push(
      `  ${verdict(pages.every((p) => speedup(p) >= GOALS.vsMarkRegExp))} (d) ${label} ≥ ${GOALS.vsMarkRegExp}× faster than (c): ${perPage(speedup)}`,
    );
  }
  for (const [label, of] of renderers) {
    const cost = (page: PageResult) => of(page).ms / page.floorMs;
    lines.push(
      `  ${verdict(pages.every((p) => cost(p) <= GOALS.vsFloor))} (d) ${label} ≤ ${GOALS.vsFloor}× (a): ${perPage(cost)}`,
    );
  }
  const scalingRatio = scaling.plus20kMs / scaling.bundledMs;
  lines.push(
    `  ${verdict(scalingRatio <= GOALS.plus20k)} 20k extra aliases ≤ ${GOALS.plus20k}×: ${times(scalingRatio)} (${ms(scaling.bundledMs)} → ${ms(scaling.plus20kMs)})`,
  );
  const total = (of: (page: PageResult) => number) => pages.reduce((sum, page) => sum + of(page), 0);
  const longTasks = total((page) => page.highlightApi.longTasks + page.inlineMarks.longTasks);
  const jankReported = pages.every((page) => page.highlightApi.jankReported && page.inlineMarks.jankReported);
  if (!jankReported)
    lines.push(
      `  ? n/a     0 long tasks during (d): this browser reports none; the next line is the measure`,
    );
  else
    lines.push(
      `  ${verdict(longTasks === 0)} 0 long tasks during (d): ${longTasks} (long animation frames, which ` +
        `also count rendering: Highlight API ${total((page) => page.highlightApi.longFrames)}, ` +
        `inline marks ${total((page) => page.inlineMarks.longFrames)})`,
    );
  const frameGaps = (of: (page: PageResult) => BackstoryResult) =>
    pages.map((page) => ms(of(page).frameGapMs)).join(', ');
  const painting = pages.every((page) =>
    renderers.every(([, of]) => of(page).frameGapMs <= GOALS.frameGapMs),
  );
  lines.push(
    `  ${verdict(painting)} (ours) the page paints at least every ${GOALS.frameGapMs} ms during (d): longest ` +
      `time without a frame, Highlight API ${frameGaps((page) => page.highlightApi)}; inline marks ` +
      `${frameGaps((page) => page.inlineMarks)}`,
  );
  const appendRatio = append.rescanMs / append.appendMs;
  lines.push(
    `  ${verdict(appendRatio >= GOALS.appendVsRescan)} appending ≥ ${GOALS.appendVsRescan}× cheaper than a full rescan: ${times(appendRatio)} (${ms(append.appendMs)} vs ${ms(append.rescanMs)})`,
  );
  return lines;
}

function pageJson(result: PageResult) {
  return {
    name: result.name,
    chars: result.stats.textChars,
    floorMs: result.floorMs,
    markArrayMs: result.markArray.ms,
    markRegExpMs: result.markRegExp.ms,
    backstoryMs: { highlightApi: result.highlightApi.ms, inlineMarks: result.inlineMarks.ms },
    // null where the browser reports no long tasks (Firefox): "none seen" would claim too much.
    longTasks: result.highlightApi.jankReported
      ? { highlightApi: result.highlightApi.longTasks, inlineMarks: result.inlineMarks.longTasks }
      : null,
    frameGapMs: {
      markRegExp: result.markRegExp.frameGapMs,
      highlightApi: result.highlightApi.frameGapMs,
      inlineMarks: result.inlineMarks.frameGapMs,
    },
  };
}

function setupLines(setup: HighlightSetup): string[] {
  return [
    `${setup.aliasCount} aliases (${setup.distinctNames} distinct texts for mark.js); matcher compiled in ` +
      `${ms(setup.compileMs)}, with 20,000 more in ${ms(setup.plus20kCompileMs)}`,
    `Medians of ${RUNS} runs after ${WARM_UPS} warm-ups, each on a freshly parsed page; (a), (c) and (d) take turns, one run each per round.`,
    '"median": until done (for (d), start() until idle()); "painted": until the next frame has been rendered',
    '(the goals use "median"); "no frame": the longest time in a run that the page painted no frame.',
  ];
}

export const highlightSection: BenchSection = {
  name: 'highlight',
  title: 'Highlighting whole pages: Backstory vs a bare walk and mark.js',
  async run(context) {
    const { dataset, synthetic, log } = context;
    const pages = benchPages(context);
    const tab = await openIsolatedTab(context);
    const entities: BenchEntity[] = dataset.entities.map(({ id, name, category, description, aliases }) => ({
      id,
      name,
      category,
      description,
      aliases,
    }));
    const setup = await tab.evaluate((input) => window.backstoryBench.highlight.setup(input), {
      entities,
      synthetic,
    });
    const results: PageResult[] = [];
    for (const page of pages) {
      log(`  measuring ${page.name} (${size(page.html.length)})…`);
      results.push(await measurePage(tab, page));
    }
    const scalingPage = closestInSize(pages, SCALING_PAGE_CHARS);
    log(`  dictionary scaling on ${scalingPage.name}…`);
    const scaling = await measureScaling(tab, scalingPage);
    const appendPage = biggest(pages);
    log(`  appending ${APPENDED_PARAGRAPHS} paragraphs to ${appendPage.name}…`);
    const append = await measureAppend(tab, appendPage, appendedParagraphs(context));
    await tab.close();
    return {
      json: {
        pages: results.map(pageJson),
        dictionaryScaling: { bundledMs: scaling.bundledMs, plus20kMs: scaling.plus20kMs },
        appendVsRescan: { appendMs: append.appendMs, rescanMs: append.rescanMs },
      },
      report: [
        ...setupLines(setup),
        ...results.flatMap((result) => ['', ...pageTable(result)]),
        '',
        `Dictionary scaling (${scalingPage.name}, Highlight API): bundled ${ms(scaling.bundledMs)}, +20,000 aliases ${ms(scaling.plus20kMs)}`,
        `Append vs rescan (${appendPage.name}, Highlight API): ${APPENDED_PARAGRAPHS} paragraphs appended followed in ${ms(append.appendMs)} (${append.appendedMentions} new mentions); full rescan ${ms(append.rescanMs)}`,
        '',
        ...goalLines(results, scaling, append),
      ],
    };
  },
};
