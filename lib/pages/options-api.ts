/** The OptionsApi the options page uses: settings in storage, packs and the cache through the background. */
import { browser } from 'wxt/browser';
import type { OptionsApi } from '@/components/OptionsApp';
import type { Translate } from '../i18n.ts';
import { MATCHER_DATA_VERSION_KEY } from '../knowledge/matcher-data.ts';
import { type Result, sendFromPage } from '../messages.ts';
import { loadableOf } from './failure-text.ts';
import { loadSettings, saveSetting, watchSettings } from '../settings.ts';
import { readShortcuts } from './shortcuts.ts';

/** The options page's access to settings, packs and the cache; failures worded with `t`. */
export function createOptionsApi(t: Translate): OptionsApi {
  const loadable = <T>(result: Result<T>) => loadableOf(result, t);
  return {
    loadSettings,
    saveSetting,
    watchSettings,
    datasetInfo: async () => loadable(await sendFromPage('getDatasetInfo', {})),
    watchDataset(onChange) {
      // The background publishes a new matcher version after every import, removal and rebuild.
      const listener = (changes: Record<string, unknown>, area: string) => {
        if (area === 'local' && MATCHER_DATA_VERSION_KEY in changes) onChange();
      };
      browser.storage.onChanged.addListener(listener);
      return () => browser.storage.onChanged.removeListener(listener);
    },
    rebuildCache: async () => loadable(await sendFromPage('rebuildCache', {})),
    importPack: async (text, fileName) => loadable(await sendFromPage('importPack', { text, fileName })),
    removePack: async (id) => loadable(await sendFromPage('removePack', { id })),
    exportPacks: async (id) => loadable(await sendFromPage('exportPacks', id === undefined ? {} : { id })),
    shortcuts: readShortcuts,
    openShortcutSettings() {
      // Firefox has an API for its shortcut page; Chrome has a page extensions may open.
      const commands = browser.commands as { openShortcutSettings?: () => Promise<void> };
      if (commands.openShortcutSettings) void commands.openShortcutSettings();
      else void browser.tabs.create({ url: 'chrome://extensions/shortcuts' });
    },
  };
}
