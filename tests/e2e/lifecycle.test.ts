import { describe, expect, it } from 'vitest';
import { BROWSERS, type ExtensionGlobal, type ExtensionSession, type FixtureServer } from './harness';
import { useExtension } from './use-extension';
import { bodyText, drawnMentions, waitForMentions } from './page-probes';

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
