/** Sites: which pages Backstory may run on, and the reader's "turned off on this site" list. Pure. */

/** Normalises what a reader types as a site: "https://www.Example.com/x" → "www.example.com". */
export function normaliseSitePattern(input: string): string | undefined {
  let text = input.trim().toLowerCase();
  if (!text) return undefined;
  const wildcard = text.startsWith('*.');
  if (wildcard) text = text.slice(2);
  try {
    text = new URL(text.includes('://') ? text : `http://${text}`).hostname;
  } catch {
    return undefined;
  }
  if (!/^[a-z0-9.-]+$/.test(text) || text.startsWith('.') || text.endsWith('.')) return undefined;
  return wildcard ? `*.${text}` : text;
}

/** True when `hostname` is turned off: an exact entry, or "*.example.com" (the domain and its subdomains). */
export function isSiteDisabled(disabledSites: readonly string[], hostname: string): boolean {
  const host = hostname.toLowerCase();
  return disabledSites.some((pattern) => {
    if (!pattern.startsWith('*.')) return pattern === host;
    const domain = pattern.slice(2);
    return host === domain || host.endsWith(`.${domain}`);
  });
}

/** True when Backstory should highlight on `hostname` at all. */
export function isActiveOn(
  settings: { enabled: boolean; disabledSites: readonly string[] },
  hostname: string,
): boolean {
  return settings.enabled && !isSiteDisabled(settings.disabledSites, hostname);
}

/**
 * Sites where browsers never let an extension's content script run: their add-on stores (Chrome
 * and Edge block theirs, Firefox its restricted domains), so the popup must not ask for a reload.
 */
const EXTENSION_STORES: readonly { host: string; path?: string }[] = [
  { host: 'chromewebstore.google.com' },
  { host: 'chrome.google.com', path: '/webstore' },
  { host: 'microsoftedge.microsoft.com', path: '/addons' },
  { host: 'addons.mozilla.org' },
  { host: 'discovery.addons.mozilla.org' },
  { host: 'accounts.firefox.com' },
  { host: 'support.mozilla.org' },
];

/** The site of a URL Backstory can run on (http or https), else undefined (browser pages, stores, files…). */
export function supportedHost(url: string | undefined): string | undefined {
  if (!url) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
  const isStore = EXTENSION_STORES.some(
    (store) => parsed.hostname === store.host && (!store.path || parsed.pathname.startsWith(store.path)),
  );
  return isStore ? undefined : parsed.hostname;
}

/**
 * The longest page address a page's report carries. Addresses can be longer (a search page's, a
 * tracker's query string): a page at one still gets its report, which carries the address cut to
 * this length; two pages whose first 8,192 characters agree are then taken for one.
 */
export const MAX_REPORTED_URL_LENGTH = 8192;

/** What a page's report says its address is: the address without its fragment, cut to the limit. */
export function reportedUrl(url: string): string {
  return url.split('#')[0]!.slice(0, MAX_REPORTED_URL_LENGTH);
}

/** True when two addresses show the same page: only the fragment (#…), or what the report cuts, may differ. */
export function samePage(a: string, b: string): boolean {
  return reportedUrl(a) === reportedUrl(b);
}
