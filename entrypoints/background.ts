import dataset from 'virtual:backstory-dataset';
import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { createHandlers } from '@/lib/background/handlers';
import { createKnowledgeBase } from '@/lib/background/knowledge-base';
import { forgetTab } from '@/lib/background/tab-mentions';
import { openBackstoryDB, type BackstoryDatabase } from '@/lib/db/schema';
import { MATCHER_DATA_KEY, type MatcherData } from '@/lib/knowledge/matcher-data';
import { createMessageRouter } from '@/lib/message-router';

export default defineBackground(() => {
  const manifest = browser.runtime.getManifest();
  let db: Promise<BackstoryDatabase> | undefined;
  const knowledge = createKnowledgeBase(dataset, {
    openDb: () => (db ??= openBackstoryDB(() => (db = undefined))),
    publishMatcherData: (data) => browser.storage.local.set({ [MATCHER_DATA_KEY]: data }),
    publishedMatcherVersion: async () =>
      ((await browser.storage.local.get(MATCHER_DATA_KEY))[MATCHER_DATA_KEY] as MatcherData | undefined)
        ?.version,
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
  // Any other wake-up (a message, a stopped worker restarting) checks the cache on first use.
  void knowledge.service();
});
