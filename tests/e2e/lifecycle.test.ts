import { describe, expect, it } from 'vitest';
import { BROWSERS, type ExtensionGlobal, type ExtensionSession, type FixtureServer } from './harness';
import { useExtension } from './use-extension';
import {
  bodyText,
  drawnMentions,
  hoverUntilCard,
  resetSettings,
  setSettings,
  waitForMentions,
  waitForMentionsWhere,
} from './page-probes';

describe.each(BROWSERS)('extension lifecycle in %s', (kind) => {
  let session: ExtensionSession;
  let server: FixtureServer;

  useExtension(kind, (launched) => ({ session, server } = launched));

  it('when the extension is reloaded (as on an update), the old content script takes its highlights away', async () => {
    const page = await session.openPage(server.url('/article.html'));
    await waitForMentions(page, 20);
    const drawn = (await drawnMentions(page)).length;
    const text = await bodyText(page);
    // Tag the highlights this content script registered, to tell them from any that come later.
    const tagged = await page.evaluate(() => {
      const highlights = [...CSS.highlights.values()] as unknown as Record<string, unknown>[];
      for (const highlight of highlights) highlight.fromOldVersion = true;
      return highlights.length;
    });
    expect(tagged).toBeGreaterThan(0);
    const oldHighlights = () =>
      page.evaluate(
        () =>
          [...CSS.highlights.values()].filter((h) => (h as unknown as Record<string, unknown>).fromOldVersion)
            .length,
      );
    expect(await oldHighlights()).toBe(tagged);
    // The reload closes the page this runs in, so its answer never comes.
    void session
      .evaluateInExtension(() => (globalThis as unknown as ExtensionGlobal).chrome.runtime.reload())
      .catch(() => undefined);
    // Chromium never injects the new version into open tabs: the page is left with nothing of ours.
    // Firefox injects it into open tabs: the old highlights go and the new ones come, never both.
    await expect
      .poll(async () => (await drawnMentions(page)).length, { timeout: 10_000, interval: 250 })
      .toBe(kind === 'chromium' ? 0 : drawn);
    await expect.poll(oldHighlights, { timeout: 10_000, interval: 250 }).toBe(0);
    if (kind === 'chromium') {
      expect(await page.evaluate(() => document.getElementById('backstory-card-host'))).toBeNull();
    }
    expect(await bodyText(page)).toBe(text);
  });
});

/**
 * Firefox runs the background as an event page and suspends it after 30 s without events; here
 * after 1 s, so that each step below meets a background that is not running and has to wake it.
 * (Firefox suspends it even in the middle of answering a message: with 1 s, a pack import of about
 * a second was cut off, so the steps here are ones that take the background far less.)
 * The background page is marked before each pause: the mark is gone afterwards only if Firefox
 * did suspend it (a test that cannot tell would pass with a background that never stopped).
 */
describe('Firefox suspends the idle background, and nothing the reader does notices', () => {
  let session: ExtensionSession;
  let server: FixtureServer;

  useExtension('firefox', (launched) => ({ session, server } = launched), { backgroundIdleMs: 1000 });

  type BackgroundWindow = { backstoryTestMark?: boolean };
  type RuntimeWithPage = { browser: { runtime: { getBackgroundPage(): Promise<BackgroundWindow> } } };
  const markBackground = () =>
    session.evaluateInExtension(async () => {
      const page = await (globalThis as unknown as RuntimeWithPage).browser.runtime.getBackgroundPage();
      page.backstoryTestMark = true;
    });
  const suspendedSinceMarked = () =>
    session.evaluateInExtension(async () => {
      const page = await (globalThis as unknown as RuntimeWithPage).browser.runtime.getBackgroundPage();
      return page.backstoryTestMark !== true;
    });
  const idle = () => new Promise((resolve) => setTimeout(resolve, 3000));

  it('a card, the popup and a setting each wake it and work', async () => {
    await resetSettings(session);
    const page = await session.openPage(server.url('/article.html'));
    await waitForMentions(page, 20);

    await markBackground();
    await idle();
    await hoverUntilCard(page, 'Vladimir Putin'); // loaded: its detail came from the background
    expect(await suspendedSinceMarked()).toBe(true);

    await markBackground();
    await idle();
    const popup = await session.openPopup(page, '.found'); // the page's report outlived the background
    expect(await popup.$$eval('.found__name', (names) => names.map((name) => name.textContent))).toEqual(
      expect.arrayContaining(['Vladimir Putin', 'Kyiv']),
    );
    await popup.close();
    expect(await suspendedSinceMarked()).toBe(true);

    await markBackground();
    await idle();
    await setSettings(session, { disabledSites: ['127.0.0.1'] }); // the background tells open pages
    await waitForMentionsWhere(page, (mentions) => mentions.length === 0, 'no highlights');
    expect(await suspendedSinceMarked()).toBe(true);
    await setSettings(session, { disabledSites: [] });
    await waitForMentions(page, 20);

    await page.close();
  });
});
