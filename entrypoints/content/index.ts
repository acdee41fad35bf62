import { defineContentScript } from 'wxt/utils/define-content-script';
import { sendFromContent } from '@/lib/messages';

export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  runAt: 'document_idle',
  main() {
    void sendFromContent('pageReady', { url: location.href });
  },
});
