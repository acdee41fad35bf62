import { describe, expect, it, vi } from 'vitest';
import { RequestFailure } from '@/lib/messages';
import { DEFAULT_SETTINGS, type Settings } from '@/lib/settings';
import { createContentMessageListener, createMessageRouter, type RouterHandlers } from '@/lib/message-router';

const identity = { id: 'our-id', origin: 'chrome-extension://our-id/' };
const about = { name: 'Backstory', version: '1.2.3' };

const unused = () => {
  throw new Error('not used in this test');
};

function makeRouter(overrides: Partial<RouterHandlers['page']> = {}) {
  const reportMentions = vi.fn(() => null);
  const handlers: RouterHandlers = {
    content: {
      ping: () => about,
      reportMentions,
      getMatcherData: unused,
      getEntityDetail: unused,
      openInBackstory: unused,
    },
    page: {
      ping: () => about,
      getTabMentions: () => ({ state: 'not-running', mentions: [] }),
      getEntityDetail: unused,
      getEntities: unused,
      getTimeline: unused,
      search: unused,
      getDatasetInfo: unused,
      rebuildCache: unused,
      importPack: unused,
      removePack: unused,
      exportPacks: unused,
      ...overrides,
    },
  };
  return { route: createMessageRouter(identity, handlers), reportMentions };
}

const fromPopup = { id: 'our-id', url: 'chrome-extension://our-id/popup.html' };
const fromContent = { id: 'our-id', url: 'https://news.example/story', tab: { id: 7 } };

describe('message router', () => {
  it('answers a page ping with the extension identity', async () => {
    const { route } = makeRouter();
    await expect(route({ from: 'page', type: 'ping', payload: {} }, fromPopup)).resolves.toEqual({
      ok: true,
      value: about,
    });
  });

  it('passes the sending tab to content handlers, never a tab the message claims', async () => {
    const { route, reportMentions } = makeRouter();
    const report = {
      url: 'https://news.example/story',
      mentions: [{ entityId: 'kyiv', count: 2, first: 0 }],
    };
    const claimed = await route(
      { from: 'content', type: 'reportMentions', payload: { ...report, tabId: 99 } },
      fromContent,
    );
    expect(claimed).toMatchObject({ ok: false, error: expect.stringContaining('tabId') });
    expect(reportMentions).not.toHaveBeenCalled();
    await route({ from: 'content', type: 'reportMentions', payload: report }, fromContent);
    expect(reportMentions).toHaveBeenCalledWith(report, { tabId: 7, url: 'https://news.example/story' });
  });

  it('refuses messages from other extensions', async () => {
    const { route } = makeRouter();
    const answer = await route(
      { from: 'page', type: 'ping', payload: {} },
      { ...fromPopup, id: 'someone-else' },
    );
    expect(answer).toEqual({
      ok: false,
      reason: 'internal',
      error: expect.stringContaining('did not come from this extension'),
    });
  });

  it('refuses page messages sent by a content script (web page URL)', async () => {
    const { route } = makeRouter();
    const answer = await route({ from: 'page', type: 'getTabMentions', payload: { tabId: 1 } }, fromContent);
    expect(answer).toMatchObject({ ok: false, error: expect.stringContaining('extension’s own pages') });
  });

  it('refuses content messages that do not come from a tab', async () => {
    const { route } = makeRouter();
    const answer = await route({ from: 'content', type: 'ping', payload: {} }, fromPopup);
    expect(answer).toMatchObject({ ok: false, error: expect.stringContaining('from a tab') });
  });

  it('names the bad field of an invalid payload instead of crashing', async () => {
    const { route } = makeRouter();
    const answer = await route(
      { from: 'page', type: 'getTabMentions', payload: { tabId: 'seven' } },
      fromPopup,
    );
    expect(answer).toMatchObject({ ok: false, error: expect.stringMatching(/getTabMentions.*tabId/) });
    const search = await route(
      { from: 'page', type: 'search', payload: { query: 'x', limit: 1000 } },
      fromPopup,
    );
    expect(search).toMatchObject({ ok: false, error: expect.stringMatching(/"search".*limit/) });
  });

  it('rejects unknown message types, including prototype keys', async () => {
    const { route } = makeRouter();
    for (const type of ['launchMissiles', '__proto__', 'constructor', 'toString']) {
      const answer = await route({ from: 'page', type, payload: {} }, fromPopup);
      expect(answer).toEqual({ ok: false, reason: 'internal', error: `Unknown message "${type}".` });
    }
  });

  it('turns a handler that throws into an error result', async () => {
    const { route } = makeRouter({
      getTabMentions: () => {
        throw new Error('storage exploded');
      },
    });
    const answer = await route({ from: 'page', type: 'getTabMentions', payload: { tabId: 1 } }, fromPopup);
    // The detail is the error's own words (readers see it after a sentence in their language).
    expect(answer).toEqual({ ok: false, reason: 'internal', error: 'storage exploded' });
  });

  it('keeps the reason a handler fails with, so pages can word it for the reader', async () => {
    const { route } = makeRouter({
      removePack: ({ id }) => {
        throw new RequestFailure('noSuchPack', `No pack "${id}" is installed.`, id);
      },
      exportPacks: () => {
        throw new RequestFailure('noPacks', 'No packs are installed.');
      },
    });
    expect(await route({ from: 'page', type: 'removePack', payload: { id: 'gone' } }, fromPopup)).toEqual({
      ok: false,
      reason: 'noSuchPack',
      error: 'No pack "gone" is installed.',
      subject: 'gone',
    });
    expect(await route({ from: 'page', type: 'exportPacks', payload: {} }, fromPopup)).toEqual({
      ok: false,
      reason: 'noPacks',
      error: 'No packs are installed.',
    });
  });

  it('ignores messages that are not Backstory envelopes', () => {
    const { route } = makeRouter();
    expect(route('hello', fromPopup)).toBeUndefined();
    expect(route({ type: 'ping' }, fromPopup)).toBeUndefined();
  });
});

describe('content-side listener', () => {
  const showMention = vi.fn(({ entityId }: { entityId: string }) => ({ found: entityId === 'kyiv' }));
  const settingsChanged = vi.fn((_payload: { settings: Settings }) => null);
  const matcherDataChanged = vi.fn((_payload: { version: string }) => null);
  const listen = createContentMessageListener(
    { id: 'our-id' },
    {
      showMention,
      navigateMention: () => ({ found: false }),
      closeCard: () => null,
      settingsChanged,
      matcherDataChanged,
    },
  );

  it('answers the extension', async () => {
    await expect(
      listen({ from: 'extension', type: 'showMention', payload: { entityId: 'kyiv' } }, fromPopup),
    ).resolves.toEqual({
      ok: true,
      value: { found: true },
    });
  });

  it('refuses other senders and bad payloads', async () => {
    const spoof = await listen(
      { from: 'extension', type: 'showMention', payload: { entityId: 'kyiv' } },
      { id: 'evil' },
    );
    expect(spoof).toMatchObject({ ok: false });
    const bad = await listen(
      { from: 'extension', type: 'showMention', payload: { entityId: '<img>' } },
      fromPopup,
    );
    expect(bad).toMatchObject({ ok: false, error: expect.stringContaining('entityId') });
    expect(listen({ type: 'showMention' }, fromPopup)).toBeUndefined();
  });

  it('takes new settings only when every one of them is valid', async () => {
    const settings = { ...DEFAULT_SETTINGS, renderer: 'inline-marks' };
    await expect(
      listen({ from: 'extension', type: 'settingsChanged', payload: { settings } }, fromPopup),
    ).resolves.toEqual({ ok: true, value: null });
    expect(settingsChanged).toHaveBeenCalledWith({ settings }, expect.anything());
    const bad = await listen(
      { from: 'extension', type: 'settingsChanged', payload: { settings: { ...settings, hoverDelayMs: 5 } } },
      fromPopup,
    );
    expect(bad).toMatchObject({ ok: false, error: expect.stringContaining('hoverDelayMs') });
    expect(settingsChanged).toHaveBeenCalledTimes(1);
  });

  it('passes on the version of newly published matcher data, and refuses a message without one', async () => {
    await expect(
      listen(
        { from: 'extension', type: 'matcherDataChanged', payload: { version: '1.1.0+packs' } },
        fromPopup,
      ),
    ).resolves.toEqual({ ok: true, value: null });
    expect(matcherDataChanged).toHaveBeenCalledWith({ version: '1.1.0+packs' }, expect.anything());
    const bad = await listen(
      { from: 'extension', type: 'matcherDataChanged', payload: { version: '' } },
      fromPopup,
    );
    expect(bad).toMatchObject({ ok: false, error: expect.stringContaining('version') });
    expect(matcherDataChanged).toHaveBeenCalledTimes(1);
  });
});
