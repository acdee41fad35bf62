/**
 * The data layer and the popup, measured through the BUILT extension in real Chromium: building
 * the cache, answering lookups, timelines and searches over the message protocol, the first
 * highlight on a page and the popup's first complete view, each with the service worker warm and
 * cold (stopped, as the browser does when it is idle).
 */
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import type { Page } from 'puppeteer-core';
import {
  type ExtensionGlobal,
  type ExtensionSession,
  launchWithExtension,
  startFixtureServer,
} from '../tests/e2e/harness.ts';
import { ms } from './format.ts';
import type { BenchSection } from './sections.ts';

const ROOT = resolve(import.meta.dirname, '..');
const RUNS = 7; // cold/warm pairs and cache builds: each is a whole round trip, seconds in all
const LOOKUPS = 60; // entity lookups and timelines: enough for a p95
const SEARCHES = ['zaporizhzhia', 'zelenskyy', 'путін', 'witkof', 'ceasefire', 'kiev'];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function p95(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)]!;
}

/** Times each message's round trip from an extension page, in that page's own clock. */
function timeMessages(
  session: ExtensionSession,
  messages: { type: string; payload: unknown }[],
): Promise<number[]> {
  return session.evaluateInExtension(async (list) => {
    const api = (globalThis as unknown as ExtensionGlobal).chrome.runtime;
    const times: number[] = [];
    for (const { type, payload } of list) {
      const start = performance.now();
      const answer = (await api.sendMessage({ from: 'page', type, payload })) as {
        ok: boolean;
        error?: string;
      };
      if (!answer.ok) throw new Error(`${type}: ${answer.error}`);
      times.push(performance.now() - start);
    }
    return times;
  }, messages);
}

/**
 * Before a page loads, starts watching for `condition` in it and records when it first holds
 * (milliseconds since the page's navigation started). Read with `readMark`.
 */
async function markWhen(page: Page, condition: 'highlight' | 'popup') {
  await page.evaluateOnNewDocument((which) => {
    const holds = () =>
      which === 'highlight'
        ? [
            ...((
              globalThis as unknown as { CSS: { highlights?: Map<string, Set<unknown>> } }
            ).CSS.highlights?.values() ?? []),
          ].some((highlight) => highlight.size > 0)
        : document.querySelector('.found') !== null;
    const check = () => {
      if ((globalThis as { __backstoryMark?: number }).__backstoryMark !== undefined) return;
      if (holds()) (globalThis as { __backstoryMark?: number }).__backstoryMark = performance.now();
      else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  }, condition);
}

async function readMark(page: Page): Promise<number> {
  await page.waitForFunction(
    () => (globalThis as { __backstoryMark?: number }).__backstoryMark !== undefined,
    { timeout: 30_000 },
  );
  return page.evaluate(() => (globalThis as { __backstoryMark?: number }).__backstoryMark!);
}

export const extensionSection: BenchSection = {
  name: 'extension',
  title: 'Data layer and popup, through the built extension (goal: first highlight cold ≤ 1.2× warm)',
  async run({ log, browserKind }) {
    // Its cold runs stop Chromium's service worker through the DevTools protocol; Firefox runs the
    // background as an event page, which has no such switch.
    if (browserKind !== 'chromium')
      return {
        json: {},
        report: ['Skipped: this section runs in Chromium only (npm run bench without --browser).'],
      };
    log('Building the extension…');
    execFileSync('npx', ['wxt', 'build'], { cwd: ROOT, stdio: 'ignore' });
    const server = await startFixtureServer(join(ROOT, 'tests/fixtures/pages'));
    const session = await launchWithExtension('chromium');
    try {
      const ids = (
        (await session.evaluateInExtension(async () => {
          const api = (globalThis as unknown as ExtensionGlobal).chrome.runtime;
          const answer = (await api.sendMessage({
            from: 'page',
            type: 'search',
            payload: { query: 'a', limit: 50 },
          })) as {
            value: { entity: { id: string } }[];
          };
          return answer.value.map((hit) => hit.entity.id);
        })) as string[]
      ).slice(0, 40);
      const pick = (i: number) => ids[i % ids.length]!;

      const cacheBuild = await timeMessages(
        session,
        Array.from({ length: RUNS }, () => ({ type: 'rebuildCache', payload: {} })),
      );
      const lookups = await timeMessages(
        session,
        Array.from({ length: LOOKUPS }, (_, i) => ({ type: 'getEntityDetail', payload: { id: pick(i) } })),
      );
      const timelines = await timeMessages(
        session,
        Array.from({ length: LOOKUPS }, (_, i) => ({
          type: 'getTimeline',
          payload: { entityIds: [pick(i)], order: 'desc' },
        })),
      );
      const keyPresses = SEARCHES.flatMap((query) =>
        [...query].map((_, i) => ({ type: 'search', payload: { query: query.slice(0, i + 1), limit: 8 } })),
      );
      const searches = await timeMessages(session, keyPresses);

      const article = server.url('/article.html');
      const firstHighlight = { warm: [] as number[], cold: [] as number[] };
      const popupView = { warm: [] as number[], cold: [] as number[] };
      for (let run = 0; run < RUNS; run++) {
        for (const state of ['warm', 'cold'] as const) {
          if (state === 'cold') await (await session.serviceWorker()).close();
          else await timeMessages(session, [{ type: 'ping', payload: {} }]);
          const page = await session.browser.newPage();
          await markWhen(page, 'highlight');
          await page.goto(article);
          firstHighlight[state].push(await readMark(page));
          await new Promise((done) => setTimeout(done, 400)); // the page's report reaches the background
          const tabId = await session.tabIdOf(page);
          if (state === 'cold') await (await session.serviceWorker()).close();
          else await timeMessages(session, [{ type: 'ping', payload: {} }]);
          const popup = await session.browser.newPage();
          await markWhen(popup, 'popup');
          void popup.goto(`${session.extensionOrigin}popup.html?tab=${tabId}`);
          popupView[state].push(await readMark(popup));
          await popup.close();
          await page.close();
        }
      }
      const ratio = median(firstHighlight.cold) / median(firstHighlight.warm);
      const json = {
        dataLayer: {
          cacheBuildMs: median(cacheBuild),
          entityLookupMs: { median: median(lookups), p95: p95(lookups) },
          timelineMs: { median: median(timelines), p95: p95(timelines) },
          searchPerKeyPressMs: { median: median(searches), p95: p95(searches) },
          firstHighlightMs: {
            warm: median(firstHighlight.warm),
            cold: median(firstHighlight.cold),
            coldOverWarm: ratio,
          },
        },
        popup: { firstViewMs: { warm: median(popupView.warm), cold: median(popupView.cold) } },
      };
      return {
        json,
        report: [
          `cache built from the bundle (round trip)   ${ms(json.dataLayer.cacheBuildMs)}`,
          `entity lookup              median ${ms(json.dataLayer.entityLookupMs.median)}, p95 ${ms(json.dataLayer.entityLookupMs.p95)}`,
          `timeline query             median ${ms(json.dataLayer.timelineMs.median)}, p95 ${ms(json.dataLayer.timelineMs.p95)}`,
          `search per key press       median ${ms(json.dataLayer.searchPerKeyPressMs.median)}, p95 ${ms(json.dataLayer.searchPerKeyPressMs.p95)} (${keyPresses.length} presses)`,
          `first highlight on a page  warm ${ms(json.dataLayer.firstHighlightMs.warm)}, cold ${ms(json.dataLayer.firstHighlightMs.cold)} → cold/warm ${ratio.toFixed(2)} (goal ≤ 1.2)`,
          `popup first complete view  warm ${ms(json.popup.firstViewMs.warm)}, cold ${ms(json.popup.firstViewMs.cold)}`,
        ],
      };
    } finally {
      await session.close();
      await server.close();
    }
  },
};
