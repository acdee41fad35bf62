import { render } from 'preact';
import { browser } from 'wxt/browser';
import { PopupApp } from '@/components/PopupApp';
import { resolveTargetTabId } from '@/lib/active-tab';
import { fail, sendFromPage } from '@/lib/messages';

const manifest = browser.runtime.getManifest();
const root = document.getElementById('app');
if (root) {
  render(
    <PopupApp
      name={manifest.name}
      version={manifest.version}
      ping={() => sendFromPage('ping', {})}
      tabStatus={async () => {
        const tabId = await resolveTargetTabId(location.search);
        return tabId === undefined ? fail('No tab is selected.') : sendFromPage('getTabMentions', { tabId });
      }}
    />,
    root,
  );
}
