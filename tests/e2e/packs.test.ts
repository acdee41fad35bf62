import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { BROWSERS, type ExtensionGlobal, type ExtensionSession, type FixtureServer } from './harness';
import { useExtension } from './use-extension';
import { hoverUntilCard, resetSettings, waitForMentionsWhere } from './page-probes';

const PACKS = join(import.meta.dirname, '../fixtures/packs');

async function importPack(options: Page, file: string) {
  const input = await options.waitForSelector('input[type="file"]');
  await input!.uploadFile(join(PACKS, file));
}

/** Waits for the options page's confirmation holding `text` ("Imported …", "Removed …"). */
const waitForSuccess = (options: Page, text: string) =>
  options.waitForFunction(
    (wanted) => document.querySelector('.success')?.textContent?.includes(wanted),
    {},
    text,
  );

/**
 * A generated pack of a made-up town's halls, just under the 5 MB a pack may be, made to weigh
 * what pages' matcher data weighs: twelve aliases a hall and long ids. One adds about 4.6 MB to
 * the matcher data (1.3 MB for the bundle alone), so two of them overflow Chrome's 10 MB
 * storage.local.
 */
function hallsPack(town: string): string {
  const id = town.toLowerCase();
  const entities = Array.from({ length: 4100 }, (_, i) => ({
    id: `${id}-assembly-hall-of-a-town-made-up-for-tests-${i}`,
    category: 'place',
    name: `${town} Hall ${i}`,
    aliases: Array.from({ length: 12 }, (_, room) => ({
      text: `${town} Hall ${i} Room ${room}`,
      lang: 'en',
      caseSensitive: true,
    })),
    description: `Hall ${i} of ${town}, a town made up for Backstory's tests of how much the pages' storage holds`,
    background: `One of the halls of ${town}.`,
    facts: [],
    sources: [{ url: `https://example.org/${id}`, title: town }],
  }));
  return JSON.stringify({
    meta: {
      id,
      title: `${town} halls`,
      version: '1.0.0',
      asOf: '2025-06-01',
      license: 'CC0 1.0 (generated for tests)',
      languages: ['en'],
    },
    entities,
    relations: [],
    events: [],
  });
}

/** The version of the matcher data pages read from storage.local. */
const publishedVersion = (session: ExtensionSession) =>
  session.evaluateInExtension(async () => {
    const stored = await (globalThis as unknown as ExtensionGlobal).chrome.storage.local.get(
      'matcherDataVersion',
    );
    return stored.matcherDataVersion as string | undefined;
  });

const panelText = (options: Page) =>
  options.$eval('[aria-labelledby="dataset-title"]', (panel) => panel.textContent ?? '');

/** Clicks the remove button of the pack titled `title`, as a reader would. */
const removePack = (options: Page, title: string) =>
  options.evaluate(
    (label) => document.querySelector<HTMLButtonElement>(`button[aria-label="${label}"]`)!.click(),
    `Remove the pack “${title}”`,
  );

describe.each(BROWSERS)('dataset packs in %s', (kind) => {
  let session: ExtensionSession;
  let server: FixtureServer;

  useExtension(kind, (launched) => ({ session, server } = launched));
  beforeAll(async () => {
    await resetSettings(session);
  });

  it('imports a pack: its entities highlight on pages and open in cards, and removing it takes them away', async () => {
    const options = await session.openExtensionPage('options.html', '.dataset');
    expect(await panelText(options)).toContain('No packs imported yet.');
    await importPack(options, 'riverside.json');
    await waitForSuccess(options, 'Imported “Riverside local news”');
    expect(await panelText(options)).toContain('Entries: 1, links: 1, events: 1');

    const page = await session.openPage(server.url('/riverside.html'));
    const mentions = await waitForMentionsWhere(
      page,
      (m) => m.some((x) => x.text === 'Riverside Library') && m.some((x) => x.text === 'Kyjiwstadt'),
      'the pack’s entity and its extra alias',
    );
    expect(mentions.find((m) => m.text === 'Riverside Library')!.category).toBe('place');
    const card = await hoverUntilCard(page, 'Riverside Library');
    // Markup in a pack is data: shown as text, never run.
    expect(card.text).toContain('<b>discusses</b>');

    await options.bringToFront();
    await removePack(options, 'Riverside local news');
    await waitForSuccess(options, 'Removed');
    await page.bringToFront();
    await waitForMentionsWhere(
      page,
      (m) =>
        !m.some((x) => x.text === 'Riverside Library') &&
        !m.some((x) => x.text === 'Kyjiwstadt') &&
        m.some((x) => x.text === 'Kyiv'),
      'the pack’s highlights gone, the bundle’s still there',
    );
    await page.close();
    await options.close();
  });

  it('will not remove a pack another pack builds on, and says which one to remove first', async () => {
    const options = await session.openExtensionPage('options.html', '.dataset');
    const remove = (title: string) => removePack(options, title);
    await importPack(options, 'riverside.json');
    await waitForSuccess(options, 'Imported');
    await importPack(options, 'riverside-fair.json'); // its fair is located in the first pack's library
    await waitForSuccess(options, 'Imported “Riverside book fair”');
    await remove('Riverside local news');
    await options.waitForSelector('.error');
    expect(await options.$eval('.error', (error) => error.textContent)).toBe(
      '“Riverside local news” was not removed: other packs use its entries. Remove them first:' +
        '“Riverside book fair” uses riverside-library',
    );
    expect(await panelText(options)).toContain('Riverside local news'); // still installed
    await remove('Riverside book fair');
    await waitForSuccess(options, 'Removed');
    await remove('Riverside local news');
    await waitForSuccess(options, 'Removed “Riverside local news”');
    expect(await panelText(options)).toContain('No packs imported yet.');
    await options.close();
  });

  it('keeps the pack list current in every open window, without a reload', async () => {
    const first = await session.openExtensionPage('options.html', '.dataset');
    const second = await session.openExtensionPage('options.html', '.dataset');
    expect(await panelText(first)).toContain('No packs imported yet.');
    await importPack(second, 'riverside.json');
    await waitForSuccess(second, 'Imported');
    // The first window learns of the import by itself.
    await first.waitForFunction(
      () => document.querySelector('.packs')?.textContent?.includes('Riverside local news'),
      { timeout: 10_000 },
    );

    await first.bringToFront();
    await removePack(first, 'Riverside local news');
    await waitForSuccess(first, 'Removed');
    await second.waitForFunction(
      () =>
        !document.querySelector('.packs') && document.body.textContent?.includes('No packs imported yet.'),
      { timeout: 10_000 },
    );
    await second.close();
    await first.close();
  });

  it('exports the packs to a file that imports again, in an order that keeps their links', async () => {
    const options = await session.openExtensionPage('options.html', '.dataset');
    await importPack(options, 'riverside.json');
    await waitForSuccess(options, 'Imported');
    await importPack(options, 'riverside-fair.json'); // links to the first pack's library
    await waitForSuccess(options, 'Imported “Riverside book fair”');
    // Each pack's title and counts (its file name is the export's once imported again).
    const installed = () =>
      options.$$eval('.packs li', (packs) =>
        packs.map((pack) => [
          pack.querySelector('strong')?.textContent,
          pack.textContent?.match(/Entries.*/)?.[0],
        ]),
      );
    const before = await installed();
    await options.evaluate(() =>
      [...document.querySelectorAll('button')].find((b) => b.textContent === 'Export all packs')!.click(),
    );
    // The browser saves it without asking (the session's download folder); Chromium renames a
    // finished download into place, Firefox may show it at full size a moment before it is whole.
    const file = join(session.downloadDir, 'backstory-packs.json');
    await expect
      .poll(
        () => {
          if (!existsSync(file)) return undefined;
          try {
            return (JSON.parse(readFileSync(file, 'utf8')) as { meta: { id: string } }[]).map(
              (pack) => pack.meta.id,
            );
          } catch {
            return undefined;
          }
        },
        { timeout: 10_000 },
      )
      .toEqual(['riverside-local', 'riverside-fair']); // the one built on comes first, though its id sorts later

    await removePack(options, 'Riverside book fair');
    await waitForSuccess(options, 'Removed');
    await removePack(options, 'Riverside local news');
    await waitForSuccess(options, 'Removed “Riverside local news”');
    const input = await options.waitForSelector('input[type="file"]');
    await input!.uploadFile(file);
    await options.waitForFunction(() =>
      document
        .querySelector('.success')
        ?.textContent?.startsWith('Imported these packs: Riverside local news and Riverside book fair.'),
    );
    expect(await installed()).toEqual(before); // the same packs, with the same counts
    await removePack(options, 'Riverside book fair');
    await waitForSuccess(options, 'Removed');
    await removePack(options, 'Riverside local news');
    await waitForSuccess(options, 'Removed “Riverside local news”');
    await options.close();
  });

  it('rebuilds the cache on request and keeps every pack, which still highlights', async () => {
    const options = await session.openExtensionPage('options.html', '.dataset');
    await importPack(options, 'riverside.json');
    await waitForSuccess(options, 'Imported');
    // What is installed, with its counts: the same after the rebuild.
    const installed = () =>
      options.evaluate(() =>
        ['.dataset', '.packs'].map((selector) => document.querySelector(selector)?.textContent).join(' | '),
      );
    const before = await installed();
    await options.evaluate(() =>
      [...document.querySelectorAll('button')].find((b) => b.textContent === 'Rebuild the cache')!.click(),
    );
    await options.waitForFunction(
      () => document.querySelector('.success')?.textContent === 'The cache was rebuilt.',
    );
    expect(await installed()).toBe(before);
    expect(await panelText(options)).toContain('Riverside local news');
    const page = await session.openPage(server.url('/riverside.html'));
    await waitForMentionsWhere(
      page,
      (m) => m.some((x) => x.text === 'Riverside Library'),
      'the pack still works',
    );
    await page.close();
    await options.bringToFront();
    await removePack(options, 'Riverside local news');
    await waitForSuccess(options, 'Removed');
    await options.close();
  });

  it('refuses a broken pack with errors naming the problems, and keeps what was there', async () => {
    const options = await session.openExtensionPage('options.html', '.dataset');
    await importPack(options, 'riverside.json');
    await waitForSuccess(options, 'Imported');
    await importPack(options, 'broken.json');
    await options.waitForSelector('.error .issues li');
    const issues = await options.$$eval('.error .issues li', (items) =>
      items.map((item) => item.textContent),
    );
    expect(issues).toEqual([
      'broken.json: entity "broken-thing": facts: must be a list',
      'broken.json: relation #1: to: unknown entity id "atlantis"',
    ]);
    expect(await options.$eval('.error p', (p) => p.textContent)).toMatch(
      /Nothing was imported from broken\.json/,
    );
    // Everything that was there is still there.
    expect(await panelText(options)).toContain('Riverside local news');
    const page = await session.openPage(server.url('/riverside.html'));
    await waitForMentionsWhere(
      page,
      (m) => m.some((x) => x.text === 'Riverside Library'),
      'the earlier pack still works',
    );
    await page.close();
    await options.bringToFront();
    await removePack(options, 'Riverside local news');
    await waitForSuccess(options, 'Removed');
    await options.close();
  });

  it('refuses a pack pages’ storage cannot hold (Chromium’s 10 MB), keeping every pack and highlight that was there', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'backstory-big-packs-'));
    const upload = async (options: Page, town: string) => {
      const file = join(folder, `${town.toLowerCase()}.json`);
      writeFileSync(file, hallsPack(town));
      const input = await options.waitForSelector('input[type="file"]');
      await input!.uploadFile(file);
    };
    try {
      const options = await session.openExtensionPage('options.html', '.dataset');
      await upload(options, 'Aldermoor');
      await options.waitForFunction(
        () => document.querySelector('.success')?.textContent?.includes('Imported “Aldermoor halls”'),
        { timeout: 60_000 },
      );
      const version = await publishedVersion(session);

      await upload(options, 'Birchwick');
      if (kind === 'chromium') {
        await options.waitForSelector('.error .issues li', { timeout: 60_000 });
        expect(await options.$eval('.error p', (p) => p.textContent)).toMatch(
          /^Nothing was imported from birchwick\.json/,
        );
        const [issue] = await options.$$eval('.error .issues li', (items) =>
          items.map((item) => item.textContent),
        );
        const sizes =
          /^birchwick\.json: cannot be imported: to highlight it with the built-in data and your other packs, pages would need ([\d.]+) MB of storage, and the browser allows Backstory 10 MB; remove a pack to make room, then import this again$/.exec(
            issue ?? '',
          );
        expect(sizes, issue ?? '').not.toBeNull();
        expect(Number(sizes![1])).toBeGreaterThan(10);
        // Nothing changed: the list, and the data pages read.
        expect(await panelText(options)).toContain('Aldermoor halls');
        expect(await panelText(options)).not.toContain('Birchwick halls');
        expect(await publishedVersion(session)).toBe(version);
      } else {
        // Firefox keeps storage.local in IndexedDB under its own, far larger limits: it has room.
        await options.waitForFunction(
          () => document.querySelector('.success')?.textContent?.includes('Imported “Birchwick halls”'),
          { timeout: 60_000 },
        );
      }

      // Pages keep highlighting the bundle and the pack that was there.
      const page = await session.openPage(server.url('/riverside.html'));
      await page.evaluate(() => {
        const added = document.createElement('p');
        added.textContent = 'Aldermoor Hall 7 is far from Kyiv.';
        document.body.append(added);
      });
      await waitForMentionsWhere(
        page,
        (m) => m.some((x) => x.text === 'Aldermoor Hall 7') && m.some((x) => x.text === 'Kyiv'),
        'the first big pack’s hall and the bundle’s Kyiv',
        30_000,
      );
      await page.close();

      await options.bringToFront();
      if (kind === 'chromium') {
        // Removing a pack makes room, as the message says.
        await removePack(options, 'Aldermoor halls');
        await waitForSuccess(options, 'Removed “Aldermoor halls”');
        await upload(options, 'Birchwick');
        await options.waitForFunction(
          () => document.querySelector('.success')?.textContent?.includes('Imported “Birchwick halls”'),
          { timeout: 60_000 },
        );
      } else {
        await removePack(options, 'Aldermoor halls');
        await waitForSuccess(options, 'Removed “Aldermoor halls”');
      }
      await removePack(options, 'Birchwick halls');
      await waitForSuccess(options, 'Removed “Birchwick halls”');
      await options.close();
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }, 240_000);
});
