import dataset, { fingerprint } from 'virtual:backstory-dataset';
import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { createHandlers } from '@/lib/background/handlers';
import { createKnowledgeBase } from '@/lib/background/knowledge-base';
import { relayShortcut } from '@/lib/background/shortcut-relay';
import { announceMatcherData, broadcastSettings } from '@/lib/background/tab-broadcast';
import { forgetTab } from '@/lib/background/tab-mentions';
import { rememberBundleFingerprint } from '@/lib/db/cache';
import { openBackstoryDB, type BackstoryDatabase } from '@/lib/db/schema';
import { MATCHER_DATA_VERSION_KEY } from '@/lib/knowledge/matcher-data';
import { matcherDataItems } from '@/lib/knowledge/publish';
import { createMessageRouter } from '@/lib/message-router';
import { isSettingStorageKey } from '@/lib/settings';

export default defineBackground(() => {
  const manifest = browser.runtime.getManifest();
  rememberBundleFingerprint(dataset, fingerprint); // hashed at build time, not at every start
  let db: Promise<BackstoryDatabase> | undefined;
  const knowledge = createKnowledgeBase(dataset, {
    // A failed open is not kept: the next use ("Rebuild cache", a restart) tries IndexedDB again.
    openDb: () =>
      (db ??= openBackstoryDB(() => {
        db = undefined;
        knowledge.checkOnNextUse(); // a deleted database is rebuilt, not read as empty
      }).catch((error: unknown) => {
        db = undefined;
        throw error;
      })),
    publishMatcherData: async (data) => {
      await browser.storage.local.set(matcherDataItems(data));
      void announceMatcherData(data.version); // open pages need not hold up the import or rebuild
    },
    // Versions before this key existed stored none: their data is replaced.
    publishedMatcherVersion: async () =>
      (await browser.storage.local.get(MATCHER_DATA_VERSION_KEY))[MATCHER_DATA_VERSION_KEY] as
        string | undefined,
    // Chrome's is 10 MB (we do not ask for unlimitedStorage); Firefox declares one it does not enforce.
    storageQuotaBytes: (browser.storage.local as { QUOTA_BYTES?: number }).QUOTA_BYTES,
    extensionVersion: manifest.version,
  });

  // Every listener is registered synchronously, so an event that wakes the worker is never missed.
  browser.runtime.onMessage.addListener(
    createMessageRouter(
      { id: browser.runtime.id, origin: browser.runtime.getURL('/') },
      createHandlers(knowledge, { name: manifest.name, version: manifest.version }),
    ),
  );
  browser.runtime.onInstalled.addListener(() => void knowledge.ensureFresh());
  browser.runtime.onStartup.addListener(() => void knowledge.ensureFresh());
  browser.tabs.onRemoved.addListener((tabId) => void forgetTab(tabId));
  // A prerendered page swapped in for a tab's own gets a new tab id, and the old one no onRemoved.
  browser.tabs.onReplaced.addListener((_addedTabId, removedTabId) => void forgetTab(removedTabId));
  browser.commands.onCommand.addListener((command) => void relayShortcut(command));
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && Object.keys(changes).some(isSettingStorageKey)) void broadcastSettings();
  });
  // Any other wake-up (a message, a stopped worker restarting) checks the cache on first use.
  void knowledge.service();
});
