/**
 * The end-to-end harness: launches real Chromium or Firefox with the BUILT extension, serves fixture
 * pages from 127.0.0.1, and opens the extension's popup and pages as a user would. Every e2e test
 * goes through here so a new feature needs only a few lines to be tested in both browsers.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve } from 'node:path';
import puppeteer, {
  ProtocolError,
  type Browser,
  type EvaluateFunc,
  type Page,
  type WebWorker,
} from 'puppeteer-core';

export type BrowserKind = 'chromium' | 'firefox';

/** Both browsers, for `describe.each(BROWSERS)`. */
export const BROWSERS: BrowserKind[] = ['chromium', 'firefox'];

const ROOT = resolve(import.meta.dirname, '../..');
/** Built by `npm run build` (the e2e script runs it first). */
export const BUILD_DIRS: Record<BrowserKind, string> = {
  chromium: join(ROOT, '.output/chrome-mv3'),
  firefox: join(ROOT, '.output/firefox-mv3'),
};
export const FIXTURE_PAGES_DIR = join(ROOT, 'tests/fixtures/pages');

/** Must match GECKO_ID in wxt.config.ts; duplicated so the harness does not load the WXT config. */
const GECKO_ID = 'backstory@backstory-reader.org';
/** Pinned through `extensions.webextensions.uuids` so moz-extension:// URLs are known in advance. */
export const FIREFOX_EXTENSION_UUID = '6b1f3c2e-7d4a-4e59-9a43-0c8d2b7e5f10';

const BROWSER_PATHS: Record<BrowserKind, { env: string; candidates: string[]; install: string }> = {
  chromium: {
    env: 'CHROMIUM_PATH',
    candidates: ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'],
    install: 'apt-get update && apt-get install -y chromium',
  },
  firefox: {
    env: 'FIREFOX_PATH',
    candidates: ['/usr/bin/firefox-esr', '/usr/bin/firefox'],
    install: 'apt-get update && apt-get install -y firefox-esr',
  },
};

/** The browser binary for `kind`, or an error naming the command that installs it. */
export function findBrowser(kind: BrowserKind): string {
  const { env, candidates, install } = BROWSER_PATHS[kind];
  const fromEnv = process.env[env];
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    throw new Error(`${env}=${fromEnv} does not exist. Install ${kind} with: ${install}`);
  }
  const found = candidates.find((path) => existsSync(path));
  if (found) return found;
  throw new Error(
    `${kind} is not installed (looked in ${candidates.join(', ')}; set ${env} to override). ` +
      `Install it with: ${install}`,
  );
}

/** Where Debian's browsers keep a language's files, and the package that brings them. */
const LANGUAGE_FILES: Record<
  BrowserKind,
  { binary: string; files: (locale: string) => { path: string; install: string } }
> = {
  chromium: {
    binary: '/usr/bin/chromium',
    files: (locale) => ({
      path: `/usr/lib/chromium/locales/${locale}.pak`,
      install: 'apt-get install -y chromium-l10n',
    }),
  },
  firefox: {
    binary: '/usr/bin/firefox-esr',
    files: (locale) => ({
      path: `/usr/lib/firefox-esr/browser/extensions/langpack-${locale}@firefox-esr.mozilla.org.xpi`,
      install: `apt-get install -y firefox-esr-l10n-${locale}`,
    }),
  },
};

/**
 * Fails clearly when Debian's browser lacks the language a test starts it in: it would quietly
 * speak English instead. Browsers from elsewhere (CHROMIUM_PATH, FIREFOX_PATH) are taken as they are.
 */
function checkLanguageFiles(kind: BrowserKind, executablePath: string, locale: string): void {
  const { binary, files } = LANGUAGE_FILES[kind];
  if (executablePath !== binary) return;
  const { path, install } = files(locale);
  if (!existsSync(path))
    throw new Error(`${kind} has no "${locale}" language files (${path}). Install them with: ${install}`);
}

/** A browser running the built extension, with helpers to reach the extension's contexts. */
export interface ExtensionSession {
  kind: BrowserKind;
  browser: Browser;
  /** `chrome-extension://<id>/` or `moz-extension://<uuid>/` */
  extensionOrigin: string;
  /** The folder the browser saves downloads to, without asking (a new empty one per session). */
  downloadDir: string;
  /** Opens a web page in a new tab and waits for it to load. */
  openPage(url: string): Promise<Page>;
  /** Opens one of the extension's pages (e.g. `popup.html?tab=3`) in a new tab, waiting for `readySelector`. */
  openExtensionPage(path: string, readySelector: string): Promise<Page>;
  /** Opens the toolbar popup for the tab showing `page`, as a user's click would where the browser allows. */
  openPopup(page: Page, readySelector?: string): Promise<Page>;
  /** The browser's id for the tab showing `page` (as `tabs.query` reports it). */
  tabIdOf(page: Page): Promise<number>;
  /** Runs `fn` in an extension context (an extension page), where `browser`/`chrome` APIs exist. */
  evaluateInExtension<Params extends unknown[], Func extends EvaluateFunc<Params>>(
    fn: Func,
    ...args: Params
  ): Promise<Awaited<ReturnType<Func>>>;
  /** Chromium only: the extension's service worker, e.g. to stop it. */
  serviceWorker(): Promise<WebWorker>;
  /**
   * Stops the background (Chromium: the service worker, as the browser does when idle; Firefox:
   * the extension is reloaded, as after an update). The next message starts it again.
   */
  restartBackground(): Promise<void>;
  close(): Promise<void>;
}

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--no-default-browser-check',
  // This machine's network is closed: without these Chromium keeps dialling Google's hosts.
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--disable-features=Translate,OptimizationHints,MediaRouter',
];

/** How to launch: headless (tests, CI, servers) or in a visible window (the demo with a display). */
export interface LaunchOptions {
  headless?: boolean;
  /** Port of an HTTP proxy on 127.0.0.1 that ALL the browser's traffic must go through (privacy test). */
  proxyPort?: number;
  /** Starts the browser as if the system asked for reduced motion (`prefers-reduced-motion: reduce`). */
  reducedMotion?: boolean;
  /**
   * The browser's own language, as a reader's would be (e.g. `uk`): extensions speak it. Needs the
   * browser's language files (Debian's chromium-l10n and firefox-esr-l10n-<lang>; .ci/run installs them).
   */
  locale?: string;
  /** Firefox only: how long its event page may be idle before Firefox suspends it (default 30 s). */
  backgroundIdleMs?: number;
}

/** Launches `kind` with the built extension installed. */
export async function launchWithExtension(
  kind: BrowserKind,
  options: LaunchOptions = {},
): Promise<ExtensionSession> {
  const buildDir = BUILD_DIRS[kind];
  if (!existsSync(join(buildDir, 'manifest.json'))) {
    throw new Error(`No build at ${buildDir}. Run \`npm run build\` first (npm run test:e2e does).`);
  }
  const executablePath = findBrowser(kind);
  if (options.locale) checkLanguageFiles(kind, executablePath, options.locale);
  const headless = options.headless ?? true;
  return kind === 'chromium'
    ? launchChromium(executablePath, buildDir, headless, options)
    : launchFirefox(executablePath, buildDir, headless, options);
}

async function launchChromium(
  executablePath: string,
  buildDir: string,
  headless: boolean,
  { proxyPort, reducedMotion, locale }: LaunchOptions,
): Promise<ExtensionSession> {
  // `<-loopback>` removes Chromium's implicit bypass, so even 127.0.0.1 goes through the proxy.
  const proxyArgs = proxyPort
    ? [`--proxy-server=http://127.0.0.1:${proxyPort}`, '--proxy-bypass-list=<-loopback>']
    : [];
  const downloadDir = newDownloadDir();
  const browser = await puppeteer.launch({
    browser: 'chrome',
    executablePath,
    headless,
    defaultViewport: headless ? undefined : null,
    pipe: true,
    downloadBehavior: { policy: 'allow', downloadPath: downloadDir },
    enableExtensions: [buildDir],
    args: [
      ...CHROMIUM_ARGS,
      ...proxyArgs,
      ...(reducedMotion ? ['--force-prefers-reduced-motion'] : []),
      ...(locale ? [`--lang=${locale}`] : []),
    ],
  });
  const workerTarget = await browser.waitForTarget(
    (target) => target.type() === 'service_worker' && target.url().startsWith('chrome-extension://'),
  );
  const extensionId = new URL(workerTarget.url()).host;
  const extensionOrigin = `chrome-extension://${extensionId}/`;
  let helperPage: Page | undefined;

  const session: ExtensionSession = {
    kind: 'chromium',
    browser,
    extensionOrigin,
    downloadDir,
    openPage: (url) => openWebPage(browser, url),
    async openExtensionPage(path, readySelector) {
      const page = await browser.newPage();
      await page.goto(extensionOrigin + path);
      await page.waitForSelector(readySelector);
      return page;
    },
    async openPopup(page, readySelector = 'main') {
      await page.bringToFront();
      const extension = (await browser.extensions()).get(extensionId);
      if (!extension) throw new Error('The extension is not installed.');
      // Only a target created by this click: extension pages already open in tabs do not count.
      const existing = new Set(browser.targets());
      const popupTarget = browser.waitForTarget(
        (target) => !existing.has(target) && target.url().startsWith(`${extensionOrigin}popup.html`),
      );
      await extension.triggerAction(page);
      const popup = await (await popupTarget).asPage();
      await popup.waitForSelector(readySelector);
      return popup;
    },
    tabIdOf: (page) => tabIdOf(session, page),
    async evaluateInExtension<Params extends unknown[], Func extends EvaluateFunc<Params>>(
      fn: Func,
      ...args: Params
    ): Promise<Awaited<ReturnType<Func>>> {
      helperPage ??= await session.openExtensionPage('popup.html', 'body');
      return helperPage.evaluate<Params, Func>(fn, ...args);
    },
    async serviceWorker() {
      const target = await browser.waitForTarget(
        (t) => t.type() === 'service_worker' && t.url().startsWith(extensionOrigin),
      );
      const worker = await target.worker();
      if (!worker) throw new Error('The extension service worker has no worker handle.');
      return worker;
    },
    async restartBackground() {
      await (await session.serviceWorker()).close();
    },
    close: () => closeAndClean(browser, downloadDir),
  };
  return session;
}

function newDownloadDir(): string {
  return mkdtempSync(join(tmpdir(), 'backstory-downloads-'));
}

async function closeAndClean(browser: Browser, downloadDir: string): Promise<void> {
  await browser.close();
  rmSync(downloadDir, { recursive: true, force: true });
}

async function launchFirefox(
  executablePath: string,
  buildDir: string,
  headless: boolean,
  { proxyPort, reducedMotion, locale, backgroundIdleMs }: LaunchOptions,
): Promise<ExtensionSession> {
  const proxyPrefs = proxyPort
    ? {
        'network.proxy.type': 1,
        'network.proxy.http': '127.0.0.1',
        'network.proxy.http_port': proxyPort,
        'network.proxy.ssl': '127.0.0.1',
        'network.proxy.ssl_port': proxyPort,
        'network.proxy.no_proxies_on': '',
        'network.proxy.allow_hijacking_localhost': true,
      }
    : {};
  const downloadDir = newDownloadDir();
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath,
    headless,
    defaultViewport: headless ? undefined : null,
    // Needed to open and script moz-extension:// pages over WebDriver BiDi.
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: FIREFOX_EXTENSION_UUID }),
      // Keep Firefox off the network: no update, telemetry or remote-settings traffic.
      'app.update.enabled': false,
      'extensions.update.enabled': false,
      'datareporting.policy.dataSubmissionEnabled': false,
      'toolkit.telemetry.enabled': false,
      'network.captive-portal-service.enabled': false,
      'browser.safebrowsing.malware.enabled': false,
      'browser.safebrowsing.phishing.enabled': false,
      // Downloads go straight to the session's folder, as with Chromium's download behaviour.
      'browser.download.folderList': 2,
      'browser.download.dir': downloadDir,
      'browser.download.useDownloadDir': true,
      'browser.download.always_ask_before_handling_new_types': false,
      'browser.download.alwaysOpenPanel': false,
      ...proxyPrefs,
      ...(reducedMotion ? { 'ui.prefersReducedMotion': 1 } : {}),
      ...(locale ? { 'intl.locale.requested': locale } : {}),
      ...(backgroundIdleMs ? { 'extensions.background.idle.timeout': backgroundIdleMs } : {}),
    },
  });
  await browser.installExtension(buildDir);
  const extensionOrigin = `moz-extension://${FIREFOX_EXTENSION_UUID}/`;
  let helperPage: Page | undefined;

  const session: ExtensionSession = {
    kind: 'firefox',
    browser,
    extensionOrigin,
    downloadDir,
    openPage: (url) => openWebPage(browser, url),
    async openExtensionPage(path, readySelector) {
      for (let attempt = 1; ; attempt++) {
        const page = await browser.newPage();
        // Known quirk: with --remote-allow-system-access, goto to moz-extension:// may never resolve.
        void page.goto(extensionOrigin + path).catch(() => undefined);
        try {
          await waitForExtensionPage(page, extensionOrigin, readySelector);
          return page;
        } catch (error) {
          // Now and then puppeteer keeps evaluating in the tab's discarded about:blank document,
          // and every evaluation fails: a fresh tab gets a fresh start.
          await page.close().catch(() => undefined);
          if (attempt >= 3 || !causedByProtocolError(error)) throw error;
        }
      }
    },
    async openPopup(page, readySelector = 'main') {
      // Puppeteer cannot click Firefox's toolbar button, so open the popup document in a tab and
      // tell it which tab it is about, as the real popup learns from the active tab.
      const tabId = await session.tabIdOf(page);
      return session.openExtensionPage(`popup.html?tab=${tabId}`, readySelector);
    },
    tabIdOf: (page) => tabIdOf(session, page),
    async evaluateInExtension<Params extends unknown[], Func extends EvaluateFunc<Params>>(
      fn: Func,
      ...args: Params
    ): Promise<Awaited<ReturnType<Func>>> {
      helperPage ??= await session.openExtensionPage('popup.html', 'body');
      return helperPage.evaluate<Params, Func>(fn, ...args);
    },
    serviceWorker() {
      throw new Error('Firefox runs the background as an event page, not a service worker.');
    },
    async restartBackground() {
      const page = helperPage;
      helperPage = undefined;
      await page
        ?.evaluate(() =>
          (globalThis as unknown as { chrome: { runtime: { reload(): void } } }).chrome.runtime.reload(),
        )
        .catch(() => undefined);
      // The reload closes the extension's pages; wait until a fresh one answers again.
      for (let attempt = 0; attempt < 50; attempt++) {
        try {
          await session.evaluateInExtension(() => 0);
          return;
        } catch {
          helperPage = undefined;
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
      }
      throw new Error('The extension did not come back after reloading.');
    },
    close: () => closeAndClean(browser, downloadDir),
  };
  return session;
}

async function openWebPage(browser: Browser, url: string): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(url, { waitUntil: 'load' });
  return page;
}

async function tabIdOf(session: ExtensionSession, page: Page): Promise<number> {
  // Tab URLs are hidden without the "tabs" permission (which Backstory does not ask for), so find
  // the tab the way the popup does: bring it to the front and ask for the active tab. The helper
  // extension page is opened first, so opening it cannot steal the front.
  await session.evaluateInExtension(() => 0);
  await page.bringToFront();
  const ids = await session.evaluateInExtension(async () => {
    const tabs = await (globalThis as unknown as ExtensionGlobal).chrome.tabs.query({
      active: true,
      lastFocusedWindow: true,
    });
    return tabs.map((tab) => tab.id ?? -1);
  });
  if (ids.length !== 1 || ids[0] === -1) throw new Error(`Expected one active tab, found ${ids.length}.`);
  return ids[0]!;
}

/** A local HTTP server for fixture pages, plus pages a test registers on the fly. */
export interface FixtureServer {
  /** e.g. `http://127.0.0.1:43121` */
  origin: string;
  url(path: string): string;
  /** Serves `html` at `path` (overrides a fixture file of the same path). */
  route(path: string, html: string): void;
  /** Serves `path` as a page that never finishes loading: its response stays open until close(). */
  stall(path: string): void;
  /** Every path requested so far, in order. */
  requests: string[];
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/** Starts a server for `tests/fixtures/pages` on 127.0.0.1 and a free port. */
export async function startFixtureServer(root = FIXTURE_PAGES_DIR): Promise<FixtureServer> {
  const routes = new Map<string, string>();
  const stalled = new Set<string>();
  const requests: string[] = [];
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    requests.push(path);
    void respond(path, response);
  });
  async function respond(path: string, response: ServerResponse) {
    if (stalled.has(path)) {
      // The page has begun (the tab shows its address) but its parser waits for the rest forever.
      response.writeHead(200, { 'content-type': CONTENT_TYPES['.html']! });
      response.write('<!doctype html><meta charset="utf-8"><title>Still loading</title><p>Kyiv, Moscow and ');
      return;
    }
    const routed = routes.get(path);
    if (routed !== undefined) {
      response.writeHead(200, { 'content-type': CONTENT_TYPES['.html']! });
      response.end(routed);
      return;
    }
    const file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path));
    if (!file.startsWith(root)) {
      response.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      response.writeHead(200, { 'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream' });
      response.end(body);
    } catch {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  }
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: (path) => origin + (path.startsWith('/') ? path : `/${path}`),
    route: (path, html) => routes.set(path, html),
    stall: (path) => stalled.add(path),
    requests,
    close: () =>
      new Promise((done) => {
        server.close(() => done());
        server.closeAllConnections(); // stalled pages included
      }),
  };
}

/**
 * The slice of the extension API that tests call inside extension pages. Puppeteer serialises
 * evaluate callbacks, so they reach it inline: `(globalThis as unknown as ExtensionGlobal).chrome`.
 */
export interface ExtensionGlobal {
  chrome: {
    tabs: { query(filter: object): Promise<{ id?: number; url?: string }[]> };
    action: { getBadgeText(details: { tabId: number }): Promise<string> };
    storage: {
      local: {
        get(keys?: string | string[] | null): Promise<Record<string, unknown>>;
        set(items: object): Promise<void>;
        remove(keys: string | string[]): Promise<void>;
      };
      session: { get(keys: string): Promise<Record<string, unknown>> };
    };
    runtime: { sendMessage(message: unknown): Promise<unknown>; reload(): void };
    commands: { getAll(): Promise<{ name?: string; shortcut?: string }[]> };
  };
}

/** A proxy that records every request a browser makes and lets through only those to `allowedOrigin`. */
export interface RecordingProxy {
  port: number;
  /** "GET http://127.0.0.1:1234/article.html", "CONNECT tracker.example:443", … in order. */
  requests: string[];
  close(): Promise<void>;
}

/** Starts the recording proxy on 127.0.0.1. Requests to anywhere but `allowedOrigin` are refused (403). */
export async function startRecordingProxy(allowedOrigin: string): Promise<RecordingProxy> {
  const requests: string[] = [];
  const server = createServer((request, response) => {
    const target = request.url ?? '';
    requests.push(`${request.method} ${target}`);
    if (!target.startsWith(`${allowedOrigin}/`)) {
      response.writeHead(403).end();
      return;
    }
    const upstream = httpRequest(target, { method: request.method, headers: request.headers }, (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    });
    upstream.on('error', () => response.writeHead(502).end());
    request.pipe(upstream);
  });
  server.on('connect', (request, socket) => {
    requests.push(`CONNECT ${request.url}`);
    socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    port: (server.address() as AddressInfo).port,
    requests,
    close: () =>
      new Promise((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

/**
 * Waits until `page`, which is still replacing about:blank with an extension document, shows an
 * extension page (at `origin`) with `selector` in it. The origin counts too: about:blank has a
 * <body> as well, and an extension page taken for loaded while it was still that document left
 * later evaluations without the extension's APIs. Firefox's BiDi agent can fail a polling
 * evaluation outright ("right-hand side of 'in' should be an object") when the old document goes
 * away underneath it; puppeteer treats that as fatal, so such protocol errors are retried a few
 * times. Any other failure, including a real timeout, is passed on.
 */
async function waitForExtensionPage(page: Page, origin: string, selector: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await page.waitForFunction(
        (extension, ready) => location.href.startsWith(extension) && document.querySelector(ready) !== null,
        { polling: 100 },
        origin,
        selector,
      );
      return;
    } catch (error) {
      if (attempt >= 5 || !causedByProtocolError(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
}

function causedByProtocolError(error: unknown): boolean {
  for (let current = error; current instanceof Error; current = current.cause) {
    if (current instanceof ProtocolError) return true;
  }
  return false;
}
