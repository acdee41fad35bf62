/**
 * What each tab's content script found, kept in session storage (it survives the service worker
 * being stopped, and is gone when the browser closes), and shown as the tab's toolbar badge.
 */
import { browser } from 'wxt/browser';
import type { PageReport, TabMentions } from '../messages.ts';

const BADGE_COLOUR = '#1d3557'; // the icon's deep blue
const tabKey = (tabId: number) => `tab:${tabId}`;

/** Stores a tab's report and updates its badge with the number of distinct entities found. */
export async function storeTabReport(tabId: number, report: PageReport): Promise<void> {
  const stored: TabMentions = { state: 'active', ...report };
  const distinct = report.mentions.length;
  await Promise.all([
    browser.storage.session.set({ [tabKey(tabId)]: stored }),
    browser.action.setBadgeText({ tabId, text: distinct > 0 ? String(distinct) : '' }),
    browser.action.setBadgeBackgroundColor({ tabId, color: BADGE_COLOUR }),
  ]);
}

/** What tab `tabId` reported, or 'not-running' when its content script never did. */
export async function readTabReport(tabId: number): Promise<TabMentions> {
  const stored = await browser.storage.session.get(tabKey(tabId));
  return (stored[tabKey(tabId)] as TabMentions | undefined) ?? { state: 'not-running', mentions: [] };
}

/** Forgets a closed tab. */
export async function forgetTab(tabId: number): Promise<void> {
  await browser.storage.session.remove(tabKey(tabId));
}
