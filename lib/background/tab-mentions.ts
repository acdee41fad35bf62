/**
 * What each tab's content script found, kept in session storage (it survives the service worker
 * being stopped, and is gone when the browser closes), and shown as the tab's toolbar badge.
 */
import { browser } from 'wxt/browser';
import type { EntitySummary } from '../knowledge/types.ts';
import type { PageReport, TabMentions } from '../messages.ts';

const BADGE_COLOUR = '#1d3557'; // the icon's deep blue
const tabKey = (tabId: number) => `tab:${tabId}`;

/** Stores a tab's report and updates its badge with the number of distinct entities found. */
export async function storeTabReport(tabId: number, report: PageReport): Promise<void> {
  const stored = { state: 'active', ...report };
  const distinct = report.mentions.length;
  await Promise.all([
    browser.storage.session.set({ [tabKey(tabId)]: stored }),
    browser.action.setBadgeText({ tabId, text: distinct > 0 ? String(distinct) : '' }),
    browser.action.setBadgeBackgroundColor({ tabId, color: BADGE_COLOUR }),
  ]);
}

/** What tab `tabId` reported (entities named by `summarise`), or 'not-running' when its content script never did. */
export async function readTabReport(
  tabId: number,
  summarise: (ids: string[]) => Promise<EntitySummary[]>,
): Promise<TabMentions> {
  const stored = (await browser.storage.session.get(tabKey(tabId)))[tabKey(tabId)] as
    (PageReport & { state: 'active' }) | undefined;
  if (!stored) return { state: 'not-running', mentions: [] };
  const entities = new Map((await summarise(stored.mentions.map((m) => m.entityId))).map((e) => [e.id, e]));
  // Entities a removed pack took away are dropped: the popup never shows a name it cannot open.
  const mentions = stored.mentions.flatMap((m) => {
    const entity = entities.get(m.entityId);
    return entity ? [{ ...m, entity }] : [];
  });
  return { ...stored, mentions };
}

/** Forgets a closed tab. */
export async function forgetTab(tabId: number): Promise<void> {
  await browser.storage.session.remove(tabKey(tabId));
}
