import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { DEFAULT_SETTINGS, loadSettings, saveSetting, watchSettings } from '@/lib/settings';
import { contentToBackgroundSchemas } from '@/lib/messages';
import {
  isActiveOn,
  isSiteDisabled,
  MAX_REPORTED_URL_LENGTH,
  normaliseSitePattern,
  reportedUrl,
  samePage,
  supportedHost,
} from '@/lib/sites';

describe('site patterns', () => {
  it('normalises what a reader types into a host or a wildcard', () => {
    expect(normaliseSitePattern('https://www.Example.com/news/x')).toBe('www.example.com');
    expect(normaliseSitePattern('  news.example.com ')).toBe('news.example.com');
    expect(normaliseSitePattern('*.Example.com')).toBe('*.example.com');
    for (const bad of ['', '   ', 'not a site', 'http://', '*.', 'exa mple.com', '.example.com']) {
      expect(normaliseSitePattern(bad), bad).toBeUndefined();
    }
  });

  it('turns off exact hosts, and a domain with its subdomains for wildcards', () => {
    const off = ['news.example.com', '*.example.org'];
    expect(isSiteDisabled(off, 'news.example.com')).toBe(true);
    expect(isSiteDisabled(off, 'other.example.com')).toBe(false);
    expect(isSiteDisabled(off, 'example.org')).toBe(true);
    expect(isSiteDisabled(off, 'a.b.example.org')).toBe(true);
    expect(isSiteDisabled(off, 'notexample.org')).toBe(false);
    expect(isActiveOn({ enabled: true, disabledSites: off }, 'example.net')).toBe(true);
    expect(isActiveOn({ enabled: false, disabledSites: [] }, 'example.net')).toBe(false);
  });

  it('knows which pages an extension may read', () => {
    expect(supportedHost('https://news.example.com/a')).toBe('news.example.com');
    expect(supportedHost('http://127.0.0.1:8080/')).toBe('127.0.0.1');
    expect(supportedHost('https://chrome.google.com/search')).toBe('chrome.google.com');
    for (const url of [
      'chrome://extensions',
      'about:addons',
      'moz-extension://x/popup.html',
      'file:///tmp/a.html',
      'https://chromewebstore.google.com/detail/abc',
      'https://chrome.google.com/webstore/detail/abc',
      'https://addons.mozilla.org/en-US/firefox/addon/x/',
      'https://microsoftedge.microsoft.com/addons/detail/x',
      undefined,
      'nonsense',
    ]) {
      expect(supportedHost(url)).toBeUndefined();
    }
  });
});

describe('page addresses in reports', () => {
  const long = `https://news.example.com/search?q=${'kyiv+'.repeat(3000)}`;

  it('takes addresses that differ only in their fragment for one page, and others for two', () => {
    expect(samePage('https://a.example/x#top', 'https://a.example/x#comments')).toBe(true);
    expect(samePage('https://a.example/x', 'https://a.example/y')).toBe(false);
  });

  it('reports a page at an address of any length, one the background accepts, as the same page', () => {
    expect(long.length).toBeGreaterThan(MAX_REPORTED_URL_LENGTH);
    const url = reportedUrl(`${long}#section`);
    expect(url).toHaveLength(MAX_REPORTED_URL_LENGTH);
    const report = { url, mentions: [{ entityId: 'kyiv', count: 1, first: 0 }] };
    expect(v.safeParse(contentToBackgroundSchemas.reportMentions, report).success).toBe(true);
    // The popup compares the tab's full address with the report's.
    expect(samePage(long, url)).toBe(true);
    expect(samePage(`${long.slice(0, 100)}other`, url)).toBe(false);
  });
});

describe('settings', () => {
  it('reads defaults when nothing is stored', async () => {
    expect(await loadSettings()).toEqual(DEFAULT_SETTINGS);
  });

  it('saves and reads back each setting', async () => {
    await saveSetting('renderer', 'inline-marks');
    await saveSetting('disabledSites', ['news.example.com']);
    await saveSetting('hoverDelayMs', 800);
    expect(await loadSettings()).toMatchObject({
      renderer: 'inline-marks',
      disabledSites: ['news.example.com'],
      hoverDelayMs: 800,
    });
  });

  it('refuses an invalid value, naming the setting, and keeps the old one', async () => {
    await saveSetting('hoverDelayMs', 700);
    await expect(saveSetting('hoverDelayMs', 5)).rejects.toThrow('Invalid value for setting "hoverDelayMs"');
    expect((await loadSettings()).hoverDelayMs).toBe(700);
  });

  it('reads a corrupted stored value as its default', async () => {
    await fakeBrowser.storage.local.set({
      'settings.renderer': 'flashing-banner',
      'settings.categories': { person: 'yes' },
    });
    const settings = await loadSettings();
    expect(settings.renderer).toBe('highlight-api');
    expect(settings.categories).toEqual(DEFAULT_SETTINGS.categories);
  });

  it('tells watchers about every change', async () => {
    const seen: boolean[] = [];
    const stop = watchSettings((settings) => seen.push(settings.firstMentionOnly));
    await saveSetting('firstMentionOnly', true);
    await new Promise((resolve) => setTimeout(resolve, 10));
    stop();
    await saveSetting('firstMentionOnly', false);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(seen).toEqual([true]);
  });
});
