/**
 * The BackstoryApi the popup and the full page use: typed messages to the background, the tab's
 * content script, settings in storage, and live updates from storage change events.
 */
import { browser } from 'wxt/browser';
import type { BackstoryApi, TabContext } from '@/components/BackstoryApp';
import type { Translate } from '../i18n.ts';
import { type Result, sendFromPage, sendToTab } from '../messages.ts';
import { loadableOf } from './failure-text.ts';
import { loadSettings, saveSetting } from '../settings.ts';
import { supportedHost } from '../sites.ts';
import { readShortcuts } from './shortcuts.ts';

/**
 * The tab a view is about: `?tab=<id>` (the full page, deep links), else the active tab of the
 * current window (the toolbar popup, where the activeTab permission also reveals its address).
 */
async function resolveTab(search: string): Promise<TabContext> {
  const fromQuery = Number.parseInt(new URLSearchParams(search).get('tab') ?? '', 10);
  const tab =
    Number.isInteger(fromQuery) && fromQuery >= 0
      ? await browser.tabs.get(fromQuery).catch(() => undefined)
      : (await browser.tabs.query({ active: true, currentWindow: true }))[0];
  if (tab?.id === undefined) return { tabId: undefined, host: undefined, supported: false };
  if (!tab.url) {
    // Without the address (no activeTab grant), trust the page's own report if it made one.
    const report = await sendFromPage('getTabMentions', { tabId: tab.id });
    const host = report.ok ? supportedHost(report.value.url) : undefined;
    return {
      tabId: tab.id,
      host,
      supported: host !== undefined || !report.ok || report.value.state === 'not-running',
    };
  }
  const host = supportedHost(tab.url);
  return { tabId: tab.id, host, supported: host !== undefined, url: tab.url };
}

/** The popup's and full page's access to the background, the tab and settings; failures worded with `t`. */
export function createBackstoryApi(search: string, t: Translate): BackstoryApi {
  const loadable = <T>(result: Result<T>) => loadableOf(result, t);
  return {
    tab: () => resolveTab(search),
    tabMentions: async (tabId) => loadable(await sendFromPage('getTabMentions', { tabId })),
    entityDetail: async (id) => loadable(await sendFromPage('getEntityDetail', { id })),
    timeline: async (query) => loadable(await sendFromPage('getTimeline', query)),
    async search(query, limit) {
      const result = await sendFromPage('search', { query: query.slice(0, 200), limit });
      return result.ok ? result.value : [];
    },
    datasetInfo: async () => loadable(await sendFromPage('getDatasetInfo', {})),
    about: async () => loadable(await sendFromPage('ping', {})),
    async showOnPage(tabId, entityId) {
      const result = await sendToTab(tabId, 'showMention', { entityId });
      return result.ok && result.value.found;
    },
    loadSettings,
    saveSetting,
    watch(tabId, onChange) {
      const listener = (changes: Record<string, unknown>, area: string) => {
        const keys = Object.keys(changes);
        if (
          (area === 'session' && tabId !== undefined && keys.includes(`tab:${tabId}`)) ||
          (area === 'local' && keys.some((key) => key.startsWith('settings.')))
        ) {
          onChange();
        }
      };
      browser.storage.onChanged.addListener(listener);
      return () => browser.storage.onChanged.removeListener(listener);
    },
    openOptions: () => void browser.runtime.openOptionsPage(),
    async nextMentionShortcut() {
      return (
        (await readShortcuts()).find((command) => command.name === 'next-mention')?.shortcut || undefined
      );
    },
  };
}
