/**
 * Tells every open tab's content script what changed: all the settings, so a switch flipped in the
 * options page, the popup or a card applies to every page at once; or the version of newly
 * published matcher data, which each page then reads from storage only if it highlights. Tabs
 * without our content script (browser pages, pages opened before install in Chrome) just do not
 * answer.
 */
import { browser } from 'wxt/browser';
import { type BackgroundToContent, type PayloadOf, sendToTab } from '../messages.ts';
import { loadSettings } from '../settings.ts';

async function sendToEveryTab<K extends keyof BackgroundToContent & string>(
  type: K,
  payload: PayloadOf<BackgroundToContent, K>,
): Promise<void> {
  const tabs = await browser.tabs.query({});
  await Promise.all(tabs.map((tab) => (tab.id === undefined ? undefined : sendToTab(tab.id, type, payload))));
}

/** Sends every open tab the current settings (the `settingsChanged` message). */
export async function broadcastSettings(): Promise<void> {
  await sendToEveryTab('settingsChanged', { settings: await loadSettings() });
}

/**
 * Tells every open tab that matcher data of `version` was published (the `matcherDataChanged`
 * message). The data itself stays in storage: a storage listener in every tab would have been
 * handed a copy of all of it, old and new (megabytes), pages with Backstory off included.
 */
export async function announceMatcherData(version: string): Promise<void> {
  await sendToEveryTab('matcherDataChanged', { version });
}
