import { describe, expect, it, vi } from 'vitest';
import { createMessageRouter, type RouterHandlers } from '@/lib/message-router';

const identity = { id: 'our-id', origin: 'chrome-extension://our-id/' };
const about = { name: 'Backstory', version: '1.2.3' };

function makeRouter(overrides: Partial<RouterHandlers['page']> = {}) {
  const pageReady = vi.fn(() => null);
  const handlers: RouterHandlers = {
    content: { ping: () => about, pageReady },
    page: { ping: () => about, getTabStatus: () => ({ contentScriptActive: false }), ...overrides },
  };
  return { route: createMessageRouter(identity, handlers), pageReady };
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
    const { route, pageReady } = makeRouter();
    await route(
      { from: 'content', type: 'pageReady', payload: { url: 'https://news.example/story' } },
      fromContent,
    );
    expect(pageReady).toHaveBeenCalledWith(
      { url: 'https://news.example/story' },
      { tabId: 7, url: 'https://news.example/story' },
    );
  });

  it('refuses messages from other extensions', async () => {
    const { route } = makeRouter();
    const answer = await route(
      { from: 'page', type: 'ping', payload: {} },
      { ...fromPopup, id: 'someone-else' },
    );
    expect(answer).toEqual({ ok: false, error: expect.stringContaining('did not come from this extension') });
  });

  it('refuses page messages sent by a content script (web page URL)', async () => {
    const { route } = makeRouter();
    const answer = await route({ from: 'page', type: 'getTabStatus', payload: { tabId: 1 } }, fromContent);
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
      { from: 'page', type: 'getTabStatus', payload: { tabId: 'seven' } },
      fromPopup,
    );
    expect(answer).toMatchObject({ ok: false, error: expect.stringMatching(/getTabStatus.*tabId/) });
  });

  it('rejects unknown message types, including prototype keys', async () => {
    const { route } = makeRouter();
    for (const type of ['launchMissiles', '__proto__', 'constructor', 'toString']) {
      const answer = await route({ from: 'page', type, payload: {} }, fromPopup);
      expect(answer).toEqual({ ok: false, error: `Unknown message "${type}".` });
    }
  });

  it('turns a handler that throws into an error result', async () => {
    const { route } = makeRouter({
      getTabStatus: () => {
        throw new Error('storage exploded');
      },
    });
    const answer = await route({ from: 'page', type: 'getTabStatus', payload: { tabId: 1 } }, fromPopup);
    expect(answer).toEqual({ ok: false, error: '"getTabStatus" failed: storage exploded' });
  });

  it('ignores messages that are not Backstory envelopes', () => {
    const { route } = makeRouter();
    expect(route('hello', fromPopup)).toBeUndefined();
    expect(route({ type: 'ping' }, fromPopup)).toBeUndefined();
  });
});
