import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';
import { bundledDataset } from './scripts/vite-dataset-plugin.ts';

/** The add-on's id on addons.mozilla.org; e2e tests pin its moz-extension UUID through it. */
export const GECKO_ID = 'backstory@backstory-reader.org';

export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  // Explicit imports everywhere: a reader can follow every name to its module.
  imports: false,
  manifestVersion: 3,
  vite: () => ({ plugins: [preact(), bundledDataset()] }),
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    permissions: ['storage', 'activeTab'],
    // The extension's own pages and its background load only what ships inside it: no request can
    // leave them, whatever a later change tried. (Content scripts live under each page's policy.)
    content_security_policy: {
      extension_pages:
        "default-src 'self'; connect-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'none'",
    },
    // Suggested keys; readers change them on the browser's shortcuts page (chrome://extensions/shortcuts,
    // about:addons → Manage Extension Shortcuts).
    commands: {
      'next-mention': {
        suggested_key: { default: 'Alt+Shift+Period' },
        description: '__MSG_command_nextMention__',
      },
      'previous-mention': {
        suggested_key: { default: 'Alt+Shift+Comma' },
        description: '__MSG_command_previousMention__',
      },
      'close-card': { suggested_key: { default: 'Alt+Shift+K' }, description: '__MSG_command_closeCard__' },
    },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: GECKO_ID,
              strict_min_version: '142.0',
              data_collection_permissions: { required: ['none'] },
            },
          },
        }
      : {}),
  }),
  zip: {
    // The sources zip is for store reviewers: everything needed to rebuild, nothing generated.
    excludeSources: ['demo-output/**', 'docs/**', 'bench/out/**', 'stats.html'],
  },
  webExt: {
    // Debian's browsers; `npm run dev` must never download one.
    binaries: {
      chrome: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      firefox: process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr',
    },
    chromiumArgs: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  },
});
