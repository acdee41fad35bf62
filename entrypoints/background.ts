import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { createMessageRouter } from '@/lib/message-router';
import type { TabStatus } from '@/lib/messages';

/** Per-tab state lives in session storage so it survives the service worker being stopped. */
const tabKey = (tabId: number) => `tab:${tabId}`;

export default defineBackground(() => {
  const manifest = browser.runtime.getManifest();
  const about = { name: manifest.name, version: manifest.version };

  // Registered synchronously so a message that wakes the service worker is never missed.
  browser.runtime.onMessage.addListener(
    createMessageRouter(
      { id: browser.runtime.id, origin: browser.runtime.getURL('/') },
      {
        content: {
          ping: () => about,
          async pageReady({ url }, { tabId }) {
            await browser.storage.session.set({ [tabKey(tabId)]: { contentScriptActive: true, url } });
            return null;
          },
        },
        page: {
          ping: () => about,
          async getTabStatus({ tabId }) {
            const stored = await browser.storage.session.get(tabKey(tabId));
            return (stored[tabKey(tabId)] as TabStatus | undefined) ?? { contentScriptActive: false };
          },
        },
      },
    ),
  );
  browser.tabs.onRemoved.addListener((tabId) => void browser.storage.session.remove(tabKey(tabId)));
});
