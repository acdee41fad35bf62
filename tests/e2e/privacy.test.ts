import { join } from 'node:path';
import type { Target } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BrowserKind,
  BROWSERS,
  type ExtensionSession,
  type FixtureServer,
  launchWithExtension,
  type RecordingProxy,
  startFixtureServer,
  startRecordingProxy,
} from './harness';
import { hoverUntilCard, setSettings, waitForMentions, waitForMentionsWhere } from './page-probes';

/**
 * Browsers contact their vendor's update, sign-in and settings services on their own, with or
 * without any extension (and despite every switch we set to stop them). Those hosts are the only
 * exception. In Chromium, where each request can be traced to the context that made it, the test
 * also proves that no page, content script, extension page or service worker asked for them; in
 * Firefox, where it cannot, the exception is only the service hosts Firefox itself was seen to call
 * (remote settings, updates, push, captive-portal checks), none a place an extension would fetch from.
 */
const BROWSER_VENDOR_HOST: Record<BrowserKind, RegExp> = {
  chromium: /(^|\.)(google\.com|googleapis\.com|gstatic\.com)$/,
  firefox:
    /(^|\.)(services\.mozilla\.com|cdn\.mozilla\.net)$|^(aus5\.mozilla\.org|detectportal\.firefox\.com)$/,
};

/** "CONNECT host:443" or "GET http://host/…" → host */
function hostOf(request: string): string {
  const target = request.slice(request.indexOf(' ') + 1);
  return target.includes('://') ? new URL(target).hostname : target.split(':')[0]!;
}

/**
 * Privacy proof: every request the browser makes while the whole extension is used goes through a
 * recording proxy. The only requests allowed are the test pages' own loads from the local server.
 */
describe.each(BROWSERS)('privacy in %s', (kind) => {
  let server: FixtureServer;
  let proxy: RecordingProxy;
  let session: ExtensionSession;

  beforeAll(async () => {
    server = await startFixtureServer();
    proxy = await startRecordingProxy(server.origin);
    session = await launchWithExtension(kind, { proxyPort: proxy.port });
  });
  afterAll(async () => {
    await session?.close();
    await proxy?.close();
    await server?.close();
  });

  it('makes no request but the pages’ own, through install, highlighting, card, popup, options and a pack import', async () => {
    const fromContexts = kind === 'chromium' ? await recordEveryContext(session) : undefined;
    // Highlighting with the Highlight API, then with inline marks (mark.js), which the card uses below.
    await setSettings(session, { renderer: 'highlight-api' });
    const page = await session.openPage(server.url('/article.html'));
    await waitForMentions(page, 20);
    await setSettings(session, { renderer: 'inline-marks' });
    await page.waitForSelector('mark[data-backstory-entity]');
    await waitForMentions(page, 20);
    // The hover card, with its data.
    await hoverUntilCard(page, 'Vladimir Putin');
    await page.keyboard.press('Escape');
    // The popup: on this page, an entity with its timeline, search.
    await new Promise((resolve) => setTimeout(resolve, 600));
    const popup = await session.openPopup(page, '.found');
    await popup.focus('#search-input');
    await popup.keyboard.type('zaporizhzhia');
    await popup.waitForSelector('.search__result');
    await popup.keyboard.press('Enter');
    await popup.waitForSelector('.timeline__events');
    await popup.close();
    // The options page and a pack import (whose entity then highlights).
    const options = await session.openExtensionPage('options.html', '.dataset');
    const input = await options.waitForSelector('input[type="file"]');
    await input!.uploadFile(join(import.meta.dirname, '../fixtures/packs/riverside.json'));
    await options.waitForFunction(() =>
      document.querySelector('.success')?.textContent?.includes('Imported'),
    );
    const riverside = await session.openPage(server.url('/riverside.html'));
    await waitForMentionsWhere(
      riverside,
      (m) => m.some((x) => x.text === 'Riverside Library'),
      'the pack’s entity',
    );
    await new Promise((resolve) => setTimeout(resolve, 1000)); // time for anything late to show itself

    const pageLoads = proxy.requests.filter((request) => request.startsWith(`GET ${server.origin}/`));
    const elsewhere = proxy.requests.filter((request) => !request.startsWith(`GET ${server.origin}/`));
    expect(pageLoads.length).toBeGreaterThanOrEqual(2); // the proxy really sees the browser's traffic
    expect(elsewhere.filter((request) => !BROWSER_VENDOR_HOST[kind].test(hostOf(request)))).toEqual([]);
    if (fromContexts) {
      // Every network request any page, content script, extension page or worker made.
      const network = fromContexts.filter((url) => /^(https?|wss?):/.test(url));
      expect(network.length).toBeGreaterThanOrEqual(2);
      expect(network.filter((url) => !url.startsWith(`${server.origin}/`))).toEqual([]);
    }
    // Only the pages the test opened (and their favicons, which browsers ask for by themselves).
    const paths = new Set(pageLoads.map((request) => new URL(request.slice(4)).pathname));
    expect(
      [...paths].filter((path) => !['/article.html', '/riverside.html', '/favicon.ico'].includes(path)),
    ).toEqual([]);
  });

  it('lets no extension page or the background reach the network, even if its code tried', async () => {
    // Through the browser's own rule (the manifest's content security policy), not our restraint:
    // a no-cors request needs no permission and would reach any server that listens.
    const tryFetch = (url: string) =>
      fetch(url, { mode: 'no-cors' }).then(
        () => 'reached',
        () => 'refused',
      );
    const probe = server.url('/csp-probe');
    expect(await session.evaluateInExtension(tryFetch, probe)).toBe('refused');
    if (kind === 'chromium')
      expect(await (await session.serviceWorker()).evaluate(tryFetch, probe)).toBe('refused');
    expect(server.requests.filter((path) => path === '/csp-probe')).toEqual([]);
  });

  it('posts a site no message, and adds nothing to its page until the reader opens a first card', async () => {
    await setSettings(session, { renderer: 'highlight-api' });
    const page = await session.browser.newPage();
    // The page's listeners are there before any script of ours runs, as a tracker's would be: one
    // for messages, one for every element added to <html>, even if removed at once.
    await page.evaluateOnNewDocument(() => {
      const seen = { messages: [] as string[], added: [] as string[] };
      (globalThis as { seen?: typeof seen }).seen = seen;
      window.addEventListener('message', (event) => seen.messages.push(JSON.stringify(event.data)));
      // <html> may not exist yet when this runs: the whole document is watched, <html>'s children kept.
      new MutationObserver((records) => {
        for (const record of records)
          if (record.target === document.documentElement)
            for (const node of record.addedNodes)
              if (node.nodeType === 1 && !['HEAD', 'BODY'].includes((node as Element).tagName))
                seen.added.push((node as Element).tagName); // not the page's own head and body
      }).observe(document, { childList: true, subtree: true });
    });
    await page.goto(server.url('/article.html'), { waitUntil: 'load' });
    await waitForMentions(page, 20);
    const seen = () =>
      page.evaluate(() => (globalThis as { seen?: { messages: string[]; added: string[] } }).seen!);
    expect(await seen()).toEqual({ messages: [], added: [] });
    await hoverUntilCard(page, 'Vladimir Putin');
    expect(await seen()).toEqual({ messages: [], added: ['DIV'] });
    await page.close();
  });

  it('gives a page that defined the card’s element name no way into the card', async () => {
    await setSettings(session, { renderer: 'highlight-api' });
    const page = await session.openPage(server.url('/card-element-trap.html'));
    await waitForMentions(page, 3);
    await hoverUntilCard(page, 'Vladimir Putin');
    // Had our card's host been one of the page's custom elements, its ElementInternals would hand
    // the page the card's closed shadow root.
    const caught = await page.evaluate(() =>
      (
        window as unknown as { caught: { name: string; internals: { shadowRoot: ShadowRoot | null } }[] }
      ).caught.map(({ name, internals }) => ({ name, text: internals.shadowRoot?.textContent ?? null })),
    );
    expect(caught).toEqual([]);
    await page.close();
  });

  it('gives a page’s scripts no way into an open card: not through its host, not through a point on it', async () => {
    await setSettings(session, { renderer: 'highlight-api' });
    const page = await session.openPage(server.url('/article.html'));
    await waitForMentions(page, 20);
    const card = await hoverUntilCard(page, 'Vladimir Putin');
    expect(card.text).toContain('More in Backstory'); // the card is open, and the tests can read it
    // What a script of the page's could try, the card open in front of it: its host's root, and
    // the text under a point of the card (the caret APIs can reach into shadow trees).
    const reach = await page.evaluate((box) => {
      const host = document.getElementById('backstory-card-host')!;
      const [x, y] = [box.x + box.width / 2, box.y + 40];
      const doc = document as Document & {
        caretPositionFromPoint?(x: number, y: number): { offsetNode: Node } | null;
        caretRangeFromPoint?(x: number, y: number): Range | null;
      };
      const under = doc.caretPositionFromPoint
        ? doc.caretPositionFromPoint(x, y)?.offsetNode
        : doc.caretRangeFromPoint?.(x, y)?.startContainer;
      return {
        shadowRoot: host.shadowRoot,
        underTheCard: under?.getRootNode() === document ? 'the page' : 'inside the card',
      };
    }, card.box!);
    expect(reach).toEqual({ shadowRoot: null, underTheCard: 'the page' });
    await page.close();
  });
});

/** Chromium: records the URL of every request made by every target (pages, workers, extension pages). */
async function recordEveryContext(session: ExtensionSession): Promise<string[]> {
  const urls: string[] = [];
  const watch = async (target: Target) => {
    if (!['page', 'service_worker', 'background_page', 'other', 'shared_worker'].includes(target.type()))
      return;
    try {
      const cdp = await target.createCDPSession();
      cdp.on('Network.requestWillBeSent', (event) => urls.push(event.request.url));
      await cdp.send('Network.enable');
    } catch {
      // A target that closed before we attached made no request we could miss afterwards.
    }
  };
  session.browser.on('targetcreated', (target: Target) => void watch(target));
  await Promise.all(session.browser.targets().map(watch));
  return urls;
}
