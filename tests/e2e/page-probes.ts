/**
 * Probes that read what Backstory drew on a page, from the page's own world: highlights in the
 * CSS highlight registry (Highlight API renderer) or <mark> elements (inline-marks renderer).
 */
import type { Page } from 'puppeteer-core';
import type { ExtensionGlobal, ExtensionSession } from './harness';

/** One highlighted mention as a reader sees it. */
export interface DrawnMention {
  category: string;
  text: string;
  /** Set for inline marks only. */
  entityId?: string;
}

/** Every highlight on the page, in document order, whichever renderer drew it. */
export function drawnMentions(page: Page): Promise<DrawnMention[]> {
  return page.evaluate(() => {
    const found: { category: string; text: string; entityId?: string; range: Range }[] = [];
    const registry = (globalThis as unknown as { CSS: { highlights?: Map<string, Set<AbstractRange>> } }).CSS
      .highlights;
    for (const category of ['person', 'organization', 'place', 'topic']) {
      for (const staticRange of registry?.get(`backstory-${category}`) ?? []) {
        const range = document.createRange();
        range.setStart(staticRange.startContainer, staticRange.startOffset);
        range.setEnd(staticRange.endContainer, staticRange.endOffset);
        found.push({ category, text: range.toString(), range });
      }
    }
    let previousSerial: string | null = null;
    for (const mark of document.querySelectorAll('mark[data-backstory-entity]')) {
      const serial = mark.getAttribute('data-backstory-serial');
      const range = document.createRange();
      range.selectNodeContents(mark);
      const last = found[found.length - 1];
      if (serial === previousSerial && last) {
        last.text += mark.textContent ?? '';
      } else {
        found.push({
          category: mark.getAttribute('data-backstory-category') ?? '',
          entityId: mark.getAttribute('data-backstory-entity') ?? '',
          text: mark.textContent ?? '',
          range,
        });
      }
      previousSerial = serial;
    }
    found.sort((a, b) => a.range.compareBoundaryPoints(Range.START_TO_START, b.range));
    return found.map(({ category, text, entityId }) =>
      entityId ? { category, text, entityId } : { category, text },
    );
  });
}

/** Waits until the page shows at least `count` highlights; returns them. */
export async function waitForMentions(page: Page, count: number, timeout = 10_000): Promise<DrawnMention[]> {
  const deadline = Date.now() + timeout;
  let last: DrawnMention[] = [];
  while (Date.now() < deadline) {
    last = await drawnMentions(page);
    if (last.length >= count) return last;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(
    `Expected at least ${count} highlights, found ${last.length}: ${JSON.stringify(last.map((m) => m.text))}`,
  );
}

/** Waits until `check` holds for the drawn mentions, returning them. */
export async function waitForMentionsWhere(
  page: Page,
  check: (mentions: DrawnMention[]) => boolean,
  what: string,
  timeout = 10_000,
): Promise<DrawnMention[]> {
  const deadline = Date.now() + timeout;
  let last: DrawnMention[] = [];
  while (Date.now() < deadline) {
    last = await drawnMentions(page);
    if (check(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(
    `Timed out waiting for ${what}; highlights were: ${JSON.stringify(last.map((m) => m.text))}`,
  );
}

/** The text of the page's body, as a copy-paste or a screen reader would get it. */
export function bodyText(page: Page): Promise<string> {
  return page.evaluate(() => document.body.textContent ?? '');
}

/** Changes settings as the options page would (values as stored by lib/settings.ts). */
export async function setSettings(session: ExtensionSession, values: Record<string, unknown>): Promise<void> {
  const stored = Object.fromEntries(Object.entries(values).map(([key, value]) => [`settings.${key}`, value]));
  await session.evaluateInExtension(
    (items) => (globalThis as unknown as ExtensionGlobal).chrome.storage.local.set(items),
    stored,
  );
}

/** Restores every setting to its default. */
export async function resetSettings(session: ExtensionSession): Promise<void> {
  await session.evaluateInExtension(async () => {
    const storage = (globalThis as unknown as ExtensionGlobal).chrome.storage.local;
    const all = await storage.get(null);
    const keys = Object.keys(all).filter((key) => key.startsWith('settings.'));
    await (storage as unknown as { remove(keys: string[]): Promise<void> }).remove(keys);
  });
}
