import { beforeAll, describe, expect, it } from 'vitest';
import { BROWSERS, type ExtensionGlobal, type ExtensionSession, type FixtureServer } from './harness';
import { useExtension } from './use-extension';
import {
  MATCHER_DATA_FORMAT,
  MATCHER_DATA_KEY,
  MATCHER_DATA_VERSION_KEY,
} from '../../lib/knowledge/matcher-data';
import { resetSettings, setSettings, waitForMentions, waitForMentionsWhere } from './page-probes';

/** Sends a page → background message from an extension page and returns the Result. */
function ask(session: ExtensionSession, type: string, payload: unknown) {
  return session.evaluateInExtension(
    (t, p) =>
      (globalThis as unknown as ExtensionGlobal).chrome.runtime.sendMessage({
        from: 'page',
        type: t,
        payload: p,
      }),
    type,
    payload,
  ) as Promise<{ ok: boolean; value?: unknown; error?: string }>;
}

/** Makes the cache look as if an older dataset version had built it, with a record missing. */
function ageTheCache(session: ExtensionSession) {
  return session.evaluateInExtension(
    () =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('backstory');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(['meta', 'entities'], 'readwrite');
          const meta = tx.objectStore('meta');
          const read = meta.get('manifest');
          read.onsuccess = () => meta.put({ ...read.result, bundleVersion: '0.0.1' });
          tx.objectStore('entities').delete('kyiv');
          tx.oncomplete = () => {
            db.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
}

describe.each(BROWSERS)('data layer in %s', (kind) => {
  let session: ExtensionSession;
  let server: FixtureServer;

  useExtension(kind, (launched) => ({ session, server } = launched));
  beforeAll(async () => {
    await resetSettings(session);
  });

  it('after install, reads entities, relations and events from the cache', async () => {
    const detail = (await ask(session, 'getEntityDetail', { id: 'zaporizhzhia-nuclear-power-plant' })) as {
      ok: boolean;
      value: { entity: { name: string }; relations: unknown[]; eventCount: number };
    };
    expect(detail.ok).toBe(true);
    expect(detail.value.entity.name).toBe('Zaporizhzhia Nuclear Power Plant');
    expect(detail.value.relations.length).toBeGreaterThan(2);
    expect(detail.value.eventCount).toBeGreaterThan(2);
    const info = (await ask(session, 'getDatasetInfo', {})) as {
      value: { cache: string; bundle: { counts: { entities: number } } };
    };
    expect(info.value.cache).toBe('ready');
    expect(info.value.bundle.counts.entities).toBeGreaterThanOrEqual(150);
  });

  it('answers from intact data after the background is stopped (Chromium: its service worker)', async () => {
    await session.restartBackground();
    const timeline = (await ask(session, 'getTimeline', {
      entityIds: ['steve-witkoff'],
      order: 'desc',
      limit: 3,
    })) as {
      ok: boolean;
      value: { id: string; date: string }[];
    };
    expect(timeline.ok).toBe(true);
    expect(timeline.value).toHaveLength(3);
    expect(timeline.value[0]!.date >= timeline.value[1]!.date).toBe(true);
    const page = await session.openPage(server.url('/article.html'));
    await waitForMentions(page, 20); // content scripts read matcher data without the worker
    await page.close();
  });

  it('a setting changed while the background is stopped still reaches open pages at once', async () => {
    await resetSettings(session);
    const page = await session.openPage(server.url('/article.html'));
    await waitForMentions(page, 20);
    await session.restartBackground();
    // The change wakes the background, which tells every open tab (the settingsChanged message).
    await setSettings(session, { disabledSites: ['127.0.0.1'] });
    await waitForMentionsWhere(page, (mentions) => mentions.length === 0, 'no highlights');
    await setSettings(session, { disabledSites: [] });
    await waitForMentions(page, 20);
    await page.close();
  });

  it('rebuilds a cache left by an older dataset version, keeping the reader’s settings', async () => {
    await setSettings(session, { renderer: 'inline-marks', disabledSites: ['news.example.com'] });
    await ageTheCache(session);
    expect((await ask(session, 'getEntityDetail', { id: 'kyiv' })).value).toBeNull(); // the damage is real…
    await session.restartBackground();
    // …and a restarted background notices the old version and rebuilds from the bundle.
    const kyiv = (await ask(session, 'getEntityDetail', { id: 'kyiv' })) as {
      value: { entity: { name: string } } | null;
    };
    expect(kyiv.value?.entity.name).toBe('Kyiv');
    const stored = await session.evaluateInExtension(() =>
      (globalThis as unknown as ExtensionGlobal).chrome.storage.local.get([
        'settings.renderer',
        'settings.disabledSites',
      ]),
    );
    expect(stored).toEqual({
      'settings.renderer': 'inline-marks',
      'settings.disabledSites': ['news.example.com'],
    });
    await resetSettings(session);
  });

  it('rebuilds the cache from the bundle when its database is deleted (as clearing browsing data does)', async () => {
    const deleted = await session.evaluateInExtension(
      () =>
        new Promise<string>((resolve) => {
          const request = indexedDB.deleteDatabase('backstory');
          request.onsuccess = () => resolve('deleted');
          request.onerror = () => resolve(`failed: ${request.error?.message}`);
          // The background's own connection gives way (it closes on a version change).
          request.onblocked = () => undefined;
        }),
    );
    expect(deleted).toBe('deleted');
    // The running background answers at once, rebuilding first: no restart needed.
    const kyiv = (await ask(session, 'getEntityDetail', { id: 'kyiv' })) as {
      ok: boolean;
      value: { entity: { name: string } } | null;
    };
    expect(kyiv.ok).toBe(true);
    expect(kyiv.value?.entity.name).toBe('Kyiv');
    const info = (await ask(session, 'getDatasetInfo', {})) as { value: { cache: string } };
    expect(info.value.cache).toBe('ready');
    const page = await session.openPage(server.url('/article.html'));
    await waitForMentions(page, 20);
    await page.close();
  });

  it('pages still highlight when storage holds matcher data an older version wrote, or damaged data', async () => {
    const plant = (data: object) =>
      session.evaluateInExtension(
        async (key, versionKey, value) => {
          const storage = (globalThis as unknown as ExtensionGlobal).chrome.storage.local;
          await storage.set({ [key]: value });
          await storage.remove(versionKey); // as an older version left it, or as if never published
        },
        MATCHER_DATA_KEY,
        MATCHER_DATA_VERSION_KEY,
        data,
      );
    const publishedFormat = async () => {
      const stored = await session.evaluateInExtension(
        (key) => (globalThis as unknown as ExtensionGlobal).chrome.storage.local.get(key),
        MATCHER_DATA_KEY,
      );
      return (stored[MATCHER_DATA_KEY] as { format?: number } | undefined)?.format;
    };
    // The background's own publishing, once done, must not be what rescues the page below.
    await expect.poll(publishedFormat).toBe(MATCHER_DATA_FORMAT);
    // Before the matcher was published compiled, pages compiled this alias list themselves.
    await plant({ version: 'older', aliases: [['Kyiv', 'kyiv', 1]], entities: {} });
    let page = await session.openPage(server.url('/article.html'));
    await waitForMentions(page, 20); // the page asked the background for current data
    await page.close();
    expect(await publishedFormat()).toBeUndefined(); // nothing else replaced the old data meanwhile
    await session.restartBackground();
    await ask(session, 'ping', {}); // a restarted background replaces what it cannot read
    await expect.poll(publishedFormat).toBe(MATCHER_DATA_FORMAT);

    // Data of the current format that cannot be loaded: the page falls back to asking too.
    await plant({ format: MATCHER_DATA_FORMAT, version: 'damaged', matcher: { size: 1 }, entities: {} });
    page = await session.openPage(server.url('/article.html'));
    await waitForMentions(page, 20);
    await page.close();
    await session.restartBackground();
    await ask(session, 'ping', {});
    await expect
      .poll(async () => {
        const stored = await session.evaluateInExtension(
          (key) => (globalThis as unknown as ExtensionGlobal).chrome.storage.local.get(key),
          MATCHER_DATA_KEY,
        );
        return (stored[MATCHER_DATA_KEY] as { version?: string } | undefined)?.version;
      })
      .not.toBe('damaged');
  });

  it('a web page cannot send Backstory messages or change what it reports', async () => {
    const page = await session.openPage(server.url('/article.html'));
    await waitForMentions(page, 20);
    const tabId = await session.tabIdOf(page);
    type Report = { value: { url: string; mentions: { entityId: string; count: number }[] } };
    await expect
      .poll(async () => ((await ask(session, 'getTabMentions', { tabId })) as Report).value.mentions.length, {
        timeout: 10_000,
      })
      .toBeGreaterThan(10);
    const before = (await ask(session, 'getTabMentions', { tabId })) as Report;
    const attempts = await page.evaluate(async () => {
      const fake = {
        from: 'content',
        type: 'reportMentions',
        payload: { url: 'https://evil.example/', mentions: [{ entityId: 'kyiv', count: 999, first: 0 }] },
      };
      window.postMessage(fake, '*');
      document.dispatchEvent(new CustomEvent('message', { detail: fake }));
      const runtime = (globalThis as { chrome?: { runtime?: { sendMessage?: unknown } } }).chrome?.runtime;
      return { canSend: typeof runtime?.sendMessage === 'function' };
    });
    expect(attempts.canSend).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const after = (await ask(session, 'getTabMentions', { tabId })) as {
      value: { url: string; mentions: { entityId: string; count: number }[] };
    };
    expect(after.value.url).toBe(server.url('/article.html'));
    expect(after.value.mentions).toEqual(before.value.mentions);
    expect(after.value.mentions.find((m) => m.entityId === 'kyiv')!.count).toBeLessThan(10);
    await page.close();
  });

  it('refuses a malformed message from an extension page with an error, without crashing', async () => {
    const bad = await ask(session, 'getTimeline', { order: 'sideways' });
    expect(bad).toMatchObject({ ok: false, error: expect.stringContaining('order') });
    expect((await ask(session, 'getEntities', { ids: ['kyiv'] })).ok).toBe(true);
  });
});
