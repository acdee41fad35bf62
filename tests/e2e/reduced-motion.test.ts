/**
 * A reader whose system asks for less motion (prefers-reduced-motion: reduce) gets a card that
 * appears without animating. The browser is started with that preference, as the system would set it.
 */
import { describe, expect, it } from 'vitest';
import { BROWSERS, type ExtensionSession, type FixtureServer } from './harness';
import { hoverUntilCard, resetSettings, waitForMentions } from './page-probes';
import { useExtension } from './use-extension';

describe.each(BROWSERS)('reduced motion in %s', (kind) => {
  let session: ExtensionSession;
  let server: FixtureServer;

  useExtension(kind, (launched) => ({ session, server } = launched), { reducedMotion: true });

  it('the hover card appears without animating', async () => {
    await resetSettings(session);
    const page = await session.openPage(server.url('/card.html'));
    expect(await page.evaluate(() => matchMedia('(prefers-reduced-motion: reduce)').matches)).toBe(true);
    await waitForMentions(page, 5);
    const card = await hoverUntilCard(page, 'Vladimir Putin');
    expect(card.animation).toBe('none');
    await page.close();
  });
});
