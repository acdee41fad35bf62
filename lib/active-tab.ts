import { browser } from 'wxt/browser';

/**
 * The tab an extension page is about: `?tab=<id>` when given (the popup opened as a full page, deep
 * links), otherwise the active tab of the current window (the toolbar popup).
 */
export async function resolveTargetTabId(search: string): Promise<number | undefined> {
  const fromQuery = Number.parseInt(new URLSearchParams(search).get('tab') ?? '', 10);
  if (Number.isInteger(fromQuery) && fromQuery >= 0) return fromQuery;
  const [active] = await browser.tabs.query({ active: true, currentWindow: true });
  return active?.id;
}
