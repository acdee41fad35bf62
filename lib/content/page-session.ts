/**
 * Backstory on one page: reads the settings and the matcher data straight from extension storage
 * (no waiting for the service worker), loads the data only if Backstory is on here, highlights,
 * follows dataset changes (`matcherDataChanged`) and setting changes (`settingsChanged`), the
 * background's messages, live, reports what it found, and answers the popup. Everything stops when
 * `signal` aborts.
 */
import { browser } from 'wxt/browser';
import type { Category } from '../dataset/schema.ts';
import {
  createHighlighter,
  type EntityInfo,
  type Highlighter,
  type HighlightOptions,
} from '../highlight/highlighter.ts';
import type { EntityTally } from '../highlight/page-mentions.ts';
import { scrollToRange } from '../highlight/renderer.ts';
import { isCurrentMatcherData, MATCHER_DATA_KEY, type MatcherData } from '../knowledge/matcher-data.ts';
import type { Matcher } from '../match/matcher.ts';
import { loadMatcherFromData } from './matcher-loading.ts';
import { sendFromContent } from '../messages.ts';
import { findPublishedDate } from '../page/published-date.ts';
import { loadSettings, type Settings } from '../settings.ts';
import { isActiveOn, reportedUrl } from '../sites.ts';

const REPORT_DEBOUNCE_MS = 250; // live blogs add paragraphs in bursts; one report per burst

export interface PageSession {
  /** The highlighter while Backstory is on for this page. */
  highlighter(): Highlighter | undefined;
  settings(): Settings;
  /** Applies settings the reader just changed (the background's `settingsChanged` message). */
  applySettings(next: Settings): void;
  /** Takes newly published matcher data, if this page highlights (the `matcherDataChanged` message). */
  matcherDataChanged(version: string): void;
  entity(id: string): EntityInfo | undefined;
  /** Scrolls to the entity's first mention and flashes it; false if it is not on the page. */
  showMention(entityId: string): boolean;
  /** Resolves once the first scan (if any) has finished. */
  ready: Promise<void>;
}

interface Knowledge {
  version: string;
  matcher: Matcher;
  entities: Record<string, [string, Category, string]>;
}

/** The knowledge in `data`, or undefined if `signal` aborted while it was compiled (see loadMatcherFromData). */
async function compile(data: MatcherData, signal: AbortSignal): Promise<Knowledge | undefined> {
  const matcher = await loadMatcherFromData(data, signal);
  return matcher && { version: data.version, matcher, entities: data.entities };
}

/** The background's current matcher data (asking wakes it), or undefined if it cannot answer. */
async function askForMatcherData(): Promise<MatcherData | undefined> {
  const answer = await sendFromContent('getMatcherData', {});
  return answer.ok ? answer.value : undefined;
}

async function readMatcherData(): Promise<MatcherData | undefined> {
  const stored: unknown = (await browser.storage.local.get(MATCHER_DATA_KEY))[MATCHER_DATA_KEY];
  if (isCurrentMatcherData(stored)) return stored;
  // First run after install or update: the background may not have published (this version's)
  // data yet.
  return askForMatcherData();
}

/**
 * The page's knowledge from `data`; from the background's own data if `data` cannot be loaded.
 * Undefined when there is none, or when `signal` stopped the compile.
 */
async function knowledgeFrom(data: MatcherData, signal: AbortSignal): Promise<Knowledge | undefined> {
  try {
    return await compile(data, signal);
  } catch {
    // Stored data this code cannot load (damaged, or of another build of the extension).
    const fresh = await askForMatcherData();
    try {
      return fresh && !signal.aborted ? await compile(fresh, signal) : undefined;
    } catch {
      return undefined; // nothing to highlight with: the page stays as it is
    }
  }
}

const optionsFrom = (settings: Settings): HighlightOptions => ({
  categories: settings.categories,
  firstMentionOnly: settings.firstMentionOnly,
  renderer: settings.renderer,
  colors: settings.highlightColors,
});

/** Starts Backstory on `document`. */
export function startPageSession(document: Document, signal: AbortSignal): PageSession {
  const location = document.defaultView!.location;
  let settings: Settings | undefined;
  let knowledge: Knowledge | undefined;
  let loading: Promise<void> | undefined;
  let publishedWhileLoading = false;
  /** The data being compiled, and how to stop that compile when newer data makes it stale. */
  let compiling: { version: string; stop(): void } | undefined;
  let highlighter: Highlighter | undefined;
  let reportTimer: ReturnType<typeof setTimeout> | undefined;
  let lastTally: EntityTally[] = [];

  const entity = (id: string): EntityInfo | undefined => {
    const row = knowledge?.entities[id];
    return row ? { name: row[0], category: row[1], description: row[2] } : undefined;
  };

  const report = (tally: EntityTally[]) => {
    lastTally = tally;
    clearTimeout(reportTimer);
    reportTimer = setTimeout(() => {
      if (signal.aborted) return;
      const publishedAt = findPublishedDate(document);
      void sendFromContent('reportMentions', {
        url: reportedUrl(location.href), // an address over the limit would have the report refused
        ...(publishedAt ? { publishedAt } : {}),
        mentions: lastTally.map(({ entityId, count, first }) => ({ entityId, count, first })),
      });
    }, REPORT_DEBOUNCE_MS);
  };

  const active = () => settings !== undefined && isActiveOn(settings, location.hostname);

  // Back/Forward can restore this page from the browser's cache, highlights and all, after another
  // page's report took the tab's place: say again what this one shows.
  document.defaultView!.addEventListener(
    'pageshow',
    (event) => {
      if (event.persisted && settings) report(lastTally);
    },
    { signal },
  );

  /**
   * Loads the published matcher data (`prefetched`: a read already under way), one load at a time,
   * and reads again if more was published meanwhile (a pack imported twice in a row). Only pages
   * that highlight call this: a page with Backstory off never loads the data. Never rejects.
   */
  const loadKnowledge = (prefetched?: Promise<MatcherData | undefined>): Promise<void> =>
    (loading ??= (async () => {
      try {
        let pending = prefetched;
        do {
          // A prefetched read began earlier: what was announced since then still counts.
          if (!pending) publishedWhileLoading = false;
          const data = await (pending ?? readMatcherData());
          pending = undefined;
          if (!data || signal.aborted || data.version === knowledge?.version) continue;
          // A big alias list takes many slices to compile: newer data (see matcherDataChanged) or
          // the end of the session stops it, and the loop reads again.
          const stopCompile = new AbortController();
          const stop = () => stopCompile.abort();
          signal.addEventListener('abort', stop, { once: true });
          compiling = { version: data.version, stop };
          let next: Knowledge | undefined;
          try {
            next = await knowledgeFrom(data, stopCompile.signal);
          } finally {
            compiling = undefined;
            signal.removeEventListener('abort', stop);
          }
          if (!next || stopCompile.signal.aborted) continue;
          knowledge = next;
          highlighter?.setMatcher(next.matcher, entity);
        } while (publishedWhileLoading && !signal.aborted);
      } catch {
        // Storage unreadable (the extension was reloaded under us): the page stays as it is.
      } finally {
        loading = undefined;
      }
    })());

  const startHighlighting = () => {
    if (!knowledge || highlighter || signal.aborted || !active()) return;
    highlighter = createHighlighter({
      document,
      matcher: knowledge.matcher,
      entity,
      options: optionsFrom(settings!),
      onMentionsChanged: report,
      signal,
    });
    highlighter.start();
  };

  const stopHighlighting = () => {
    highlighter?.stop();
    highlighter = undefined;
    report([]);
  };

  const ready = (async () => {
    // Read beside the settings, not after them: waiting for them first delayed the first highlight
    // by about 15 ms (measured). A page with Backstory off drops it without loading it.
    const stored = readMatcherData().catch(() => undefined);
    settings = await loadSettings();
    if (active()) {
      await loadKnowledge(stored);
      startHighlighting();
    }
    await highlighter?.idle();
    report(highlighter?.tally() ?? []); // also when nothing was found: clears the badge
  })();

  /** New settings from the background's `settingsChanged` message. */
  const applySettings = (next: Settings) => {
    if (!settings || signal.aborted) return; // still starting: the initial load reads the latest values
    const wasActive = active();
    settings = next;
    if (!active()) {
      if (wasActive) stopHighlighting();
    } else if (!highlighter) void loadKnowledge().then(startHighlighting);
    else highlighter.setOptions(optionsFrom(next));
  };

  /** The background's `matcherDataChanged` message: data of `version` is in storage. */
  const matcherDataChanged = (version: string) => {
    if (signal.aborted || version === knowledge?.version) return;
    // Still starting, the page's first read may have begun before this data was published; and
    // data still being compiled is stale now, unless it is this very version.
    if (loading || !settings) {
      publishedWhileLoading = true;
      if (compiling && compiling.version !== version) compiling.stop();
    }
    // A page with Backstory off lets its old data go; it reads the newest if it is turned on.
    else if (!active()) knowledge = undefined;
    else void loadKnowledge().then(startHighlighting);
  };

  const showMention = (entityId: string): boolean => {
    const first = highlighter?.index.ofEntity(entityId)[0];
    if (!first || !highlighter) return false;
    scrollToRange(highlighter.renderer().rangeOf(first));
    highlighter.renderer().flash(first);
    return true;
  };

  signal.addEventListener('abort', () => {
    clearTimeout(reportTimer);
    highlighter?.stop();
    highlighter = undefined;
  });

  return {
    highlighter: () => highlighter,
    settings: () => settings!,
    applySettings,
    matcherDataChanged,
    entity,
    showMention,
    ready,
  };
}

/**
 * Call on single-page navigation: the page's content changed wholesale, so everything is scanned
 * again. A change of the #fragment alone (a table of contents, a footnote link) is a jump within
 * the same article: the highlights stay.
 */
export function onPageNavigated(session: PageSession, from: URL, to: URL): void {
  if (onlyFragmentDiffers(from, to)) return;
  session.highlighter()?.rescanAll();
}

/** True when two URLs name the same document and differ at most in their #fragment. */
export function onlyFragmentDiffers(a: URL, b: URL): boolean {
  return a.href.split('#')[0] === b.href.split('#')[0];
}
