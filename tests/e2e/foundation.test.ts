import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  BROWSERS,
  BUILD_DIRS,
  type ExtensionGlobal,
  type ExtensionSession,
  type FixtureServer,
} from './harness';
import { useExtension } from './use-extension';

describe.each(BROWSERS)('foundation in %s', (kind) => {
  let session: ExtensionSession;
  let server: FixtureServer;

  useExtension(kind, (launched) => ({ session, server } = launched));

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
    const popup = await session.openPopup(page, '.app__version');
    expect(await popup.$eval('.app__title', (el) => el.textContent)).toBe('Backstory');
    // The background's answer to ping: the extension's name and the version in its manifest.
    const { version } = JSON.parse(await readFile(join(BUILD_DIRS[kind], 'manifest.json'), 'utf8')) as {
      version: string;
    };
    expect(await popup.$eval('.app__version', (el) => el.textContent)).toBe(`Backstory ${version}`);
    await popup.waitForSelector('.app__version + p');
    expect(await popup.$eval('.app__version + p', (el) => el.textContent)).toMatch(
      /^Dataset \d+\.\d+\.\d+ · as of .+ · \d+ entries$/,
    );
    expect(await popup.$eval('.notice h2', (el) => el.textContent)).toBe(
      'Nothing Backstory knows is on this page',
    );
  });
});
