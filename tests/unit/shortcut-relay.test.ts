import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { relayShortcut } from '@/lib/background/shortcut-relay';

/** Every message the background sends to a tab: [tabId, message]. */
let sent: [number, unknown][];

beforeEach(async () => {
  fakeBrowser.reset();
  sent = [];
  fakeBrowser.tabs.sendMessage = vi.fn(async (tabId: number, message: unknown) => {
    sent.push([tabId, message]);
    return { ok: true, value: true };
  }) as never;
  await fakeBrowser.windows.create({ focused: true }); // the reader's window, where the tabs open
  await fakeBrowser.tabs.create({ url: 'https://news.example/one', active: false });
  await fakeBrowser.tabs.create({ url: 'https://news.example/two', active: true });
});

describe('keyboard shortcuts reach the page in front', () => {
  it('asks the active tab for the next and previous mention, and to close its card', async () => {
    const [active] = await fakeBrowser.tabs.query({ active: true, currentWindow: true });
    await relayShortcut('next-mention');
    await relayShortcut('previous-mention');
    await relayShortcut('close-card');
    expect(sent).toEqual([
      [active!.id, { from: 'extension', type: 'navigateMention', payload: { direction: 'next' } }],
      [active!.id, { from: 'extension', type: 'navigateMention', payload: { direction: 'previous' } }],
      [active!.id, { from: 'extension', type: 'closeCard', payload: {} }],
    ]);
  });

  it('sends nothing for a command it does not know', async () => {
    await relayShortcut('_execute_action');
    expect(sent).toEqual([]);
  });
});
