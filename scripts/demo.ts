/**
 * `npm run demo [-- --firefox]`: builds the extension, serves the sample article in demo/ on
 * 127.0.0.1 and opens Chromium (or Firefox) with Backstory loaded on it.
 * With a display, the browser is visible and stays open until you close it. Without one (servers,
 * CI), it runs headless and saves three screenshots to demo-output/: the highlighted article, an
 * open hover card, and the popup's entity detail with linked entities and timeline.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'puppeteer-core';
import { type BrowserKind, launchWithExtension, startFixtureServer } from '../tests/e2e/harness.ts';
import { pointAt, waitForCard, waitForMentions } from '../tests/e2e/page-probes.ts';

const ROOT = resolve(import.meta.dirname, '..');
const OUTPUT = join(ROOT, 'demo-output');
const ARTICLE_VIEWPORT = { width: 1280, height: 800 }; // the Chrome Web Store's screenshot size
const POPUP_WIDTH = 380; // the toolbar popup's width
const CARD_ENTITY = 'Kremlin'; // named near the top of the article: its card opens below at full height
const DETAIL_ENTITY = 'Steve Witkoff'; // links and a timeline that straddles the article's date

const kind: BrowserKind = process.argv.includes('--firefox') ? 'firefox' : 'chromium';
const visible =
  Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY) && !process.argv.includes('--headless');

async function screenshots() {
  const server = await startFixtureServer(join(ROOT, 'demo'));
  const session = await launchWithExtension(kind, { headless: true });
  try {
    mkdirSync(OUTPUT, { recursive: true });
    const page = await session.openPage(server.url('/article.html'));
    await page.setViewport(ARTICLE_VIEWPORT);
    await waitForMentions(page, 25);
    await page.mouse.move(2, 2);
    const files = [
      join(OUTPUT, `1-highlighted-article-${kind}.png`),
      join(OUTPUT, `2-hover-card-${kind}.png`),
      join(OUTPUT, `3-popup-entity-${kind}.png`),
    ];
    await page.screenshot({ path: files[0] });

    const name = await pointAt(page, CARD_ENTITY);
    await page.mouse.move(name.x, name.y, { steps: 5 });
    await waitForCard(page, { open: true, name: CARD_ENTITY, loaded: true });
    await page.screenshot({ path: files[1] });
    await page.mouse.move(2, 2);

    // Wait for the page's report so the popup has "On this page" to start from.
    await new Promise((done) => setTimeout(done, 1000));
    // The popup's own document, in a tab the width of the popup, so the whole entity view fits in
    // one picture (the toolbar popup itself scrolls inside its 560 px).
    const tabId = await session.tabIdOf(page);
    const popup = await session.openExtensionPage(`popup.html?tab=${tabId}`, '.found');
    await popup.setViewport({ width: POPUP_WIDTH, height: 560 });
    await openFound(popup, DETAIL_ENTITY);
    await popup.waitForSelector('.timeline__section-title');
    await popup.waitForSelector('.timeline__events .event');
    await popup.evaluate(async () => {
      document.querySelector<HTMLElement>('.app')!.style.height = 'auto';
      document.querySelector<HTMLElement>('.app__main')!.style.overflow = 'visible';
      (document.activeElement as HTMLElement | null)?.blur();
      // Two frames: the taller layout is painted before the picture is taken.
      for (let frame = 0; frame < 2; frame++) await new Promise((done) => requestAnimationFrame(done));
    });
    await popup.screenshot({ path: files[2], fullPage: true });
    for (const file of files) console.log(file);
  } finally {
    await session.close();
    await server.close();
  }
}

async function openFound(popup: Page, name: string) {
  await popup.evaluate((wanted) => {
    const buttons = [...document.querySelectorAll<HTMLButtonElement>('.found__open')];
    buttons.find((button) => button.querySelector('.found__name')?.textContent === wanted)!.click();
  }, name);
}

async function visibleBrowser() {
  const server = await startFixtureServer(join(ROOT, 'demo'));
  const session = await launchWithExtension(kind, { headless: false });
  await session.openPage(server.url('/article.html'));
  console.log(
    `Backstory is running in ${kind} on ${server.url('/article.html')}. Close the browser to end the demo.`,
  );
  await new Promise<void>((done) => session.browser.once('disconnected', () => done()));
  await server.close();
}

console.log(`Building Backstory for ${kind === 'firefox' ? 'Firefox' : 'Chrome'}…`);
execFileSync('npx', ['wxt', 'build', ...(kind === 'firefox' ? ['-b', 'firefox'] : [])], {
  cwd: ROOT,
  stdio: 'inherit',
});
if (visible) await visibleBrowser();
else await screenshots();
