import { defineContentScript } from 'wxt/utils/define-content-script';
import { onPageNavigated, startPageSession } from '@/lib/content/page-session';

export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  runAt: 'document_idle',
  main(ctx) {
    const session = startPageSession(document, ctx.signal);
    // Single-page apps swap their content without a page load: scan the new content.
    ctx.addEventListener(window, 'wxt:locationchange', () => onPageNavigated(session));
  },
});
