import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BROWSERS,
  type ExtensionGlobal,
  type ExtensionSession,
  type FixtureServer,
  launchWithExtension,
  startFixtureServer,
} from './harness';

describe.each(BROWSERS)('foundation in %s', (kind) => {
  let session: ExtensionSession;
  let server: FixtureServer;

  beforeAll(async () => {
    server = await startFixtureServer();
    session = await launchWithExtension(kind);
  });
  afterAll(async () => {
    await session?.close();
    await server?.close();
  });

  it('runs the content script on a web page, and the popup shows the background’s answer', async () => {
    const page = await session.openPage(server.url('/hello.html'));
    // The content script reports once it has scanned the page; the popup reads that report.
    const tabId = await session.tabIdOf(page);
    await expect
      .poll(
        () =>
          session.evaluateInExtension(
            async (id) =>
              (await (globalThis as unknown as ExtensionGlobal).chrome.runtime.sendMessage({
                from: 'page',
                type: 'getTabMentions',
                payload: { tabId: id },
              })) as { value?: { state?: string } },
            tabId,
          ),
        { timeout: 10_000 },
      )
      .toMatchObject({ value: { state: 'active' } });
    // The popup names the extension and shows the dataset the background answers with.
    const popup = await session.openPopup(page, '.app__footer p');
    expect(await popup.$eval('.app__title', (el) => el.textContent)).toBe('Backstory');
    expect(await popup.$eval('.app__footer p', (el) => el.textContent)).toMatch(
      /^Dataset \d+\.\d+\.\d+ · as of .+ · \d+ entries$/,
    );
    expect(await popup.$eval('.notice h2', (el) => el.textContent)).toBe(
      'Nothing Backstory knows is on this page',
    );
  });
});
