/**
 * Tells every open tab's content script that the settings changed, with all of them, so a switch
 * flipped in the options page, the popup or a card applies to every page at once. Tabs without
 * our content script (browser pages, pages opened before install in Chrome) just do not answer.
 */
import { browser } from 'wxt/browser';
import { sendToTab } from '../messages.ts';
import { loadSettings } from '../settings.ts';

export async function broadcastSettings(): Promise<void> {
  const [settings, tabs] = await Promise.all([loadSettings(), browser.tabs.query({})]);
  await Promise.all(
    tabs.map((tab) =>
      tab.id === undefined ? undefined : sendToTab(tab.id, 'settingsChanged', { settings }),
    ),
  );
}
