import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { startHoverCard } from '@/lib/content/hover-card';
import { onPageNavigated, startPageSession } from '@/lib/content/page-session';
import { createContentMessageListener } from '@/lib/message-router';

const INVALIDATION_CHECK_MS = 2000;

export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  runAt: 'document_idle',
  // WXT would otherwise window.postMessage its start to the page, extension id included: any site
  // could tell that the reader has Backstory, even where it is turned off.
  noScriptStartedPostMessage: true,
  main(ctx) {
    const session = startPageSession(document, ctx.signal);
    // Single-page apps swap their content without a page load: scan the new content.
    ctx.addEventListener(window, 'wxt:locationchange', (event) =>
      onPageNavigated(session, event.oldUrl, event.newUrl),
    );
    // Listening from the start, before the card is mounted: a change announced meanwhile is not
    // missed. A shortcut pressed that early waits for the card.
    const card = startHoverCard(ctx, session);
    const onMessage = createContentMessageListener(
      { id: browser.runtime.id },
      {
        showMention: ({ entityId }) => ({ found: session.showMention(entityId) }),
        navigateMention: async ({ direction }) => ({ found: (await card).navigate(direction) }),
        closeCard: async () => {
          (await card).close();
          return null;
        },
        settingsChanged: async ({ settings }) => {
          session.applySettings(settings);
          (await card).settingsApplied();
          return null;
        },
        matcherDataChanged: ({ version }) => {
          session.matcherDataChanged(version);
          return null;
        },
      },
    );
    browser.runtime.onMessage.addListener(onMessage);
    ctx.onInvalidated(() => browser.runtime.onMessage.removeListener(onMessage));
    // Chrome tells an orphaned content script nothing when its extension is disabled, removed or
    // updated; the context notices on its next check. Checking every few seconds means highlights
    // and the card go soon after, not at the next hover.
    ctx.setInterval(() => undefined, INVALIDATION_CHECK_MS);
  },
});
