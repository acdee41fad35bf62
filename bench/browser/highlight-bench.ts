/**
 * The highlighting benchmark's browser side: on the page `usePage()` loaded, each method runs on a
 * fresh copy of that page (see fresh-page.ts), warm-ups (timing.ts) then `runs` timed runs.
 */
import { matcherAliases } from '../../lib/dataset/matcher-aliases.ts';
import type { Category, Entity } from '../../lib/dataset/schema.ts';
import { createHighlighter, type EntityInfo, type Highlighter } from '../../lib/highlight/highlighter.ts';
import { DEFAULT_HIGHLIGHT_COLORS } from '../../lib/highlight/styles.ts';
import { compileMatcher, type Matcher } from '../../lib/match/matcher.ts';
import type { Renderer } from '../../lib/settings.ts';
import { combinedRegExp, markAliasArray, markCombinedRegExp, walkAllText } from './baselines.ts';
import { freshPage, usePage } from './fresh-page.ts';
import { watchFrames, watchJank } from './jank.ts';
import { frameRendered, medianOfRuns, repeatRuns } from './timing.ts';

/** The dataset's entities, as much of them as the highlighter and its matcher need. */
export type BenchEntity = Pick<Entity, 'id' | 'name' | 'category' | 'description' | 'aliases'>;

export interface HighlightSetupInput {
  entities: BenchEntity[];
  /** Invented names for the dictionary-scaling run. */
  synthetic: string[];
}

export interface HighlightSetup {
  aliasCount: number;
  /** Distinct alias texts: what mark.js is given. */
  distinctNames: number;
  compileMs: number;
  plus20kCompileMs: number;
}

/** A matcher and the entity lookup that goes with it. */
interface Dictionary {
  matcher: Matcher;
  entity: (id: string) => EntityInfo | undefined;
}

interface Prepared {
  bundled: Dictionary;
  plus20k: Dictionary;
  names: string[];
  regex: RegExp;
}

let prepared: Prepared | undefined;

const ALL_CATEGORIES: Record<Category, boolean> = {
  person: true,
  organization: true,
  place: true,
  topic: true,
};
const COLORS = { ...DEFAULT_HIGHLIGHT_COLORS };

/** Compiles the matchers and the combined RegExp once, before any page is measured. */
export function setup({ entities, synthetic }: HighlightSetupInput): HighlightSetup {
  const aliases = matcherAliases(entities);
  const infos = new Map<string, EntityInfo>(
    entities.map((e) => [e.id, { name: e.name, category: e.category, description: e.description }]),
  );
  const syntheticAliases = synthetic.map((name, i) => ({
    text: name,
    entityId: `synthetic-${i}`,
    caseSensitive: i % 2 === 0, // half each, like real names and topics
  }));
  for (const alias of syntheticAliases)
    infos.set(alias.entityId, { name: alias.text, category: 'person', description: 'invented' });
  const entity = (id: string) => infos.get(id);
  let start = performance.now();
  const matcher = compileMatcher(aliases);
  const compileMs = performance.now() - start;
  start = performance.now();
  const bigger = compileMatcher([...aliases, ...syntheticAliases]);
  const plus20kCompileMs = performance.now() - start;
  const names = [...new Set(aliases.map((alias) => alias.text))];
  prepared = {
    bundled: { matcher, entity },
    plus20k: { matcher: bigger, entity },
    names,
    regex: combinedRegExp(names),
  };
  return { aliasCount: aliases.length, distinctNames: names.length, compileMs, plus20kCompileMs };
}

function ready(): Prepared {
  if (!prepared) throw new Error('highlight.setup() must run first');
  return prepared;
}

/** (a) The floor: a bare TreeWalker over the page's text, on a fresh page. */
async function floorOnce(): Promise<{ ms: number }> {
  const root = await freshPage();
  const start = performance.now();
  walkAllText(root);
  return { ms: performance.now() - start };
}

/** (b) mark.js with the alias array, 500 per call, capped at `capMs` per run. */
export async function markArray(runs: number, capMs: number) {
  const { names } = ready();
  const results = await repeatRuns(
    runs,
    async () => {
      const root = await freshPage();
      const start = performance.now();
      const outcome = await markAliasArray(root, names, capMs);
      return { ms: performance.now() - start, ...outcome };
    },
    (result) => result.capped, // one capped run says all there is to say; more would take minutes
  );
  const capped = results.some((result) => result.capped);
  return {
    ms: capped ? Math.max(...results.map((r) => r.ms)) : medianOfRuns(results, (r) => r.ms),
    capped,
    marks: results.at(-1)!.marks,
  };
}

/**
 * (c) mark.js `markRegExp` with one combined RegExp, on a fresh page. `paintedMs` runs on to the end
 * of the next frame: mark.js is synchronous, so its layout and paint come after it returns.
 */
async function markRegExpOnce() {
  const root = await freshPage();
  const frames = watchFrames();
  const start = performance.now();
  const marks = await markCombinedRegExp(root, ready().regex);
  const ms = performance.now() - start;
  const paintedAt = await frameRendered();
  return { ms, paintedMs: paintedAt - start, frameGapMs: frames.stop(start, paintedAt), marks };
}

function summariseMarkRegExp(results: Awaited<ReturnType<typeof markRegExpOnce>>[]) {
  return {
    ms: medianOfRuns(results, (r) => r.ms),
    paintedMs: medianOfRuns(results, (r) => r.paintedMs),
    frameGapMs: medianOfRuns(results, (r) => r.frameGapMs),
    marks: results.at(-1)!.marks,
  };
}

/** A highlighter on the current page, as the content script starts it (all categories, every mention). */
function newHighlighter(dictionary: Dictionary, renderer: Renderer, signal: AbortSignal): Highlighter {
  return createHighlighter({
    document,
    matcher: dictionary.matcher,
    entity: dictionary.entity,
    options: { categories: ALL_CATEGORIES, firstMentionOnly: false, renderer, colors: COLORS },
    onMentionsChanged: () => {},
    signal,
  });
}

function mentionCount(highlighter: Highlighter): number {
  return highlighter.index.tally().reduce((sum, entry) => sum + entry.count, 0);
}

/**
 * One first scan of a fresh page: start() until idle(), the jank that started in that time, (as
 * for mark.js) the time until the frame after it has been rendered, and the longest time in
 * between that the page went without a frame.
 */
async function highlightOnce(dictionary: Dictionary, renderer: Renderer) {
  await freshPage();
  const controller = new AbortController();
  const highlighter = newHighlighter(dictionary, renderer, controller.signal);
  const jank = watchJank();
  const frames = watchFrames();
  const start = performance.now();
  highlighter.start();
  await highlighter.idle();
  const idleAt = performance.now();
  const rendered = frameRendered(); // asked for at once: the frame right after the scan
  const scanJank = await jank.stop(idleAt); // not that frame's own tasks: they are no longer the scan
  const paintedAt = await rendered;
  const result = {
    ms: idleAt - start,
    jank: scanJank,
    paintedMs: paintedAt - start,
    frameGapMs: frames.stop(start, paintedAt),
    mentions: mentionCount(highlighter),
  };
  controller.abort(); // stops the highlighter and removes its highlights
  // Putting back thousands of inline marks is sliced: done here, not inside the next timed run.
  await highlighter.idle();
  return result;
}

/**
 * (d)'s figures over its runs. Long tasks, long frames and blocking time are summed over every run,
 * the cold warm-ups included: a real page visit is always cold.
 */
function summariseBackstory(results: Awaited<ReturnType<typeof highlightOnce>>[]) {
  return {
    ms: medianOfRuns(results, (r) => r.ms),
    paintedMs: medianOfRuns(results, (r) => r.paintedMs),
    frameGapMs: medianOfRuns(results, (r) => r.frameGapMs),
    mentions: results.at(-1)!.mentions,
    jankReported: results.every((r) => r.jank.reported),
    longTasks: results.reduce((sum, r) => sum + r.jank.longTasks, 0),
    longestTaskMs: Math.max(...results.map((r) => r.jank.longestTaskMs)),
    longFrames: results.reduce((sum, r) => sum + r.jank.longFrames, 0),
    blockingMs: results.reduce((sum, r) => sum + r.jank.blockingMs, 0),
    runs: results.length,
  };
}

/**
 * (a), (c) and (d) with each renderer side by side: every round runs each of them once, in turn,
 * so a busy moment of the machine, a garbage collection or a JIT tier-up weighs on all of them
 * alike rather than on whichever method happened to run then.
 */
export async function sideBySide(runs: number) {
  const { bundled } = ready();
  const rounds = await repeatRuns(runs, async () => ({
    floor: await floorOnce(),
    markRegExp: await markRegExpOnce(),
    highlightApi: await highlightOnce(bundled, 'highlight-api'),
    inlineMarks: await highlightOnce(bundled, 'inline-marks'),
  }));
  return {
    floor: { ms: medianOfRuns(rounds, (r) => r.floor.ms) },
    markRegExp: summariseMarkRegExp(rounds.map((r) => r.markRegExp)),
    highlightApi: summariseBackstory(rounds.map((r) => r.highlightApi)),
    inlineMarks: summariseBackstory(rounds.map((r) => r.inlineMarks)),
  };
}

/** (d) with the bundled aliases and with 20,000 more, runs interleaved so drift hits both alike. */
export async function dictionaryScaling(runs: number) {
  const { bundled, plus20k } = ready();
  const results = await repeatRuns(runs, async () => ({
    bundled: await highlightOnce(bundled, 'highlight-api'),
    plus20k: await highlightOnce(plus20k, 'highlight-api'),
  }));
  return {
    bundledMs: medianOfRuns(results, (r) => r.bundled.ms),
    plus20kMs: medianOfRuns(results, (r) => r.plus20k.ms),
  };
}

/** Where a live blog adds paragraphs: after the page's last paragraph, else at the end of the body. */
function appendTarget(): Element {
  const paragraphs = document.body.querySelectorAll('p');
  return paragraphs[paragraphs.length - 1]?.parentElement ?? document.body;
}

function paragraphsFragment(texts: readonly string[]): DocumentFragment {
  const fragment = document.createDocumentFragment();
  for (const text of texts)
    fragment.append(Object.assign(document.createElement('p'), { textContent: text }));
  return fragment;
}

/** One highlighted page: the time to follow `texts` appended as paragraphs, then the time of a full rescan. */
async function appendThenRescanOnce(texts: readonly string[]) {
  await freshPage();
  const controller = new AbortController();
  const highlighter = newHighlighter(ready().bundled, 'highlight-api', controller.signal);
  highlighter.start();
  await highlighter.idle();
  const before = mentionCount(highlighter);
  const fragment = paragraphsFragment(texts); // the page's work, not ours: built before timing

  let start = performance.now();
  appendTarget().append(fragment);
  // The MutationObserver callback is a microtask queued by the append: let it queue the scan first.
  await Promise.resolve();
  await highlighter.idle();
  const appendMs = performance.now() - start;
  const appendedMentions = mentionCount(highlighter) - before;
  if (appendedMentions <= 0) throw new Error('The appended paragraphs were not highlighted.');

  start = performance.now();
  highlighter.rescanAll();
  await highlighter.idle();
  const rescanMs = performance.now() - start;
  controller.abort();
  await highlighter.idle();
  return { appendMs, rescanMs, appendedMentions };
}

/** Appending paragraphs to a highlighted page vs rescanning all of it. */
export async function appendVsRescan(runs: number, texts: string[]) {
  const results = await repeatRuns(runs, () => appendThenRescanOnce(texts));
  return {
    appendMs: medianOfRuns(results, (r) => r.appendMs),
    rescanMs: medianOfRuns(results, (r) => r.rescanMs),
    appendedMentions: results.at(-1)!.appendedMentions,
  };
}

/** Everything the runner calls, through `window.backstoryBench.highlight`. */
export const highlightBench = {
  setup,
  usePage,
  markArray,
  sideBySide,
  dictionaryScaling,
  appendVsRescan,
};
