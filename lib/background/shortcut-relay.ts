/**
 * Keyboard shortcuts (the manifest's `commands`) arrive in the background; the page they are about
 * is the active tab's, whose content script moves between mentions or closes the card.
 */
import { browser } from 'wxt/browser';
import { sendToTab } from '../messages.ts';

/** Sends the active tab's content script what shortcut `command` asks of it; other commands are ignored. */
export async function relayShortcut(command: string): Promise<void> {
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  if (tab?.id === undefined) return;
  if (command === 'close-card') await sendToTab(tab.id, 'closeCard', {});
  else if (command === 'next-mention' || command === 'previous-mention') {
    await sendToTab(tab.id, 'navigateMention', {
      direction: command === 'next-mention' ? 'next' : 'previous',
    });
  }
}
