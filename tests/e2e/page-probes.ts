/**
 * Probes that read what Backstory drew on a page, from the page's own world: highlights in the
 * CSS highlight registry (Highlight API renderer) or <mark> elements (inline-marks renderer).
 */
import type { ElementHandle, Page } from 'puppeteer-core';
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
    // Marks inside web components too: every open shadow root, however deep.
    const roots: (Document | ShadowRoot)[] = [document];
    for (let i = 0; i < roots.length; i++)
      for (const element of roots[i]!.querySelectorAll('*'))
        if (element.shadowRoot) roots.push(element.shadowRoot);
    const marks = roots.flatMap((root) => [...root.querySelectorAll('mark[data-backstory-entity]')]);
    // Page order across shadow trees: compare the chains of hosts down to each node, outermost first.
    const chainOf = (node: Node): Node[] => {
      const chain = [node];
      for (let root = node.getRootNode(); root instanceof ShadowRoot; root = root.host.getRootNode())
        chain.unshift(root.host);
      return chain;
    };
    const compare = (a: Range, b: Range): number => {
      const [chainA, chainB] = [chainOf(a.startContainer), chainOf(b.startContainer)];
      for (let level = 0; level < Math.min(chainA.length, chainB.length); level++) {
        const [x, y] = [chainA[level]!, chainB[level]!];
        if (x === y) continue;
        const position = x.compareDocumentPosition(y);
        return position & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
      }
      return chainA.length - chainB.length || a.startOffset - b.startOffset;
    };
    for (const mark of marks) {
      const range = document.createRange();
      range.selectNodeContents(mark);
      const last = found[found.length - 1];
      // A mention's first mark is its one tab stop; the marks after it, up to the next, are its other parts.
      if (last?.entityId !== undefined && !mark.hasAttribute('tabindex')) {
        last.text += mark.textContent ?? '';
      } else {
        found.push({
          category: mark.getAttribute('data-backstory-category') ?? '',
          entityId: mark.getAttribute('data-backstory-entity') ?? '',
          text: mark.textContent ?? '',
          range,
        });
      }
    }
    found.sort((a, b) => compare(a.range, b.range));
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

/**
 * What the page's report to the popup counts, per entity id: every mention on the page, drawn or
 * not (the Highlight API draws only those near the viewport).
 */
export async function reportedCounts(session: ExtensionSession, page: Page): Promise<Record<string, number>> {
  const report = await tabReport(session, page);
  return Object.fromEntries((report?.mentions ?? []).map((m) => [m.entityId, m.count]));
}

/** The last report the tab's page sent (what the popup and the badge show), if any. */
export async function tabReport(
  session: ExtensionSession,
  page: Page,
): Promise<{ url: string; mentions: { entityId: string; count: number }[] } | undefined> {
  const tabId = await session.tabIdOf(page);
  return session.evaluateInExtension(async (key) => {
    const stored = await (globalThis as unknown as ExtensionGlobal).chrome.storage.session.get(key);
    return stored[key] as { url: string; mentions: { entityId: string; count: number }[] } | undefined;
  }, `tab:${tabId}`);
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

/** The centre of the first occurrence of `text` on the page (viewport coordinates). */
export async function pointAt(page: Page, text: string): Promise<{ x: number; y: number }> {
  const point = await page.evaluate((wanted) => {
    // The page's own text first, then the text of its web components (open shadow roots).
    const texts: Text[] = [];
    const collect = (root: Node) => {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
      const hosts: Element[] = [];
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (node instanceof Text) texts.push(node);
        else if ((node as Element).shadowRoot) hosts.push(node as Element);
      }
      for (const host of hosts) collect(host.shadowRoot!);
    };
    collect(document.body);
    for (const node of texts) {
      const at = node.data.indexOf(wanted.slice(0, 4));
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, Math.min(node.data.length, at + wanted.length));
      if (!range.toString().startsWith(wanted.slice(0, 4))) continue;
      const rect = range.getClientRects()[0];
      if (rect) return { x: rect.left + Math.min(rect.width / 2, 20), y: rect.top + rect.height / 2 };
    }
    return undefined;
  }, text);
  if (!point) throw new Error(`"${text}" is not on the page`);
  return point;
}

/** The id of the card's host element, in the page's own tree. */
export const CARD_HOST_ID = 'backstory-card-host';

/**
 * The hover card's shadow root, or null while no card has been opened on the page. The root is
 * closed, so no script of the page's can reach the card (read a private pack's text in it, or
 * rewrite it); the tests reach it as only the browser's automation protocol can: Chromium's
 * DevTools protocol resolves a closed root like any node, and WebDriver BiDi serializes it when
 * asked to include every shadow tree. The handle can be passed to `page.evaluate`, whose function
 * then holds the root like any other value.
 *
 * Both ways go through puppeteer's internals (the browser's protocol, the frame's protocol client
 * and realm): it has no public way to a closed shadow root.
 */
export async function cardRoot(page: Page): Promise<ElementHandle<ShadowRoot> | null> {
  const frame = page.mainFrame() as unknown as ProtocolFrame;
  if ((page.browser() as unknown as { protocol: 'cdp' | 'webDriverBiDi' }).protocol === 'cdp') {
    const host = await page.$(`#${CARD_HOST_ID}`);
    if (!host) return null;
    try {
      const { objectId } = (host as unknown as { remoteObject(): { objectId: string } }).remoteObject();
      const { node } = await frame.client.send('DOM.describeNode', { objectId, pierce: true, depth: 1 });
      const backendNodeId = node.shadowRoots?.[0]?.backendNodeId;
      return backendNodeId === undefined ? null : await frame.mainRealm().adoptBackendNode(backendNodeId);
    } finally {
      await host.dispose();
    }
  }
  const realm = frame.mainRealm();
  const found = await realm.realm.callFunction(
    `() => document.getElementById(${JSON.stringify(CARD_HOST_ID)})`,
    false,
    { serializationOptions: { maxDomDepth: 0, includeShadowTree: 'all' }, resultOwnership: 'none' },
  );
  const shadowRoot = found.result?.value?.shadowRoot;
  return shadowRoot ? realm.createHandle(shadowRoot) : null;
}

/** What `cardRoot` uses of puppeteer's frame: its protocol client (CDP) or realm (BiDi). */
interface ProtocolFrame {
  client: {
    send(
      method: 'DOM.describeNode',
      params: { objectId: string; pierce: boolean; depth: number },
    ): Promise<{ node: { shadowRoots?: { backendNodeId: number }[] } }>;
  };
  mainRealm(): {
    adoptBackendNode(backendNodeId: number): Promise<ElementHandle<ShadowRoot>>;
    realm: {
      callFunction(
        declaration: string,
        awaitPromise: boolean,
        options: object,
      ): Promise<{ result?: { value?: { shadowRoot?: object | null } } }>;
    };
    createHandle(remoteValue: object): ElementHandle<ShadowRoot>;
  };
}

/** What the hover card shows, read through its shadow root. */
export interface CardView {
  open: boolean;
  name?: string;
  /** The dialog's accessible name source: the heading its aria-labelledby points at. */
  labelledBy?: string;
  text?: string;
  box?: { x: number; y: number; width: number; height: number };
  /** Height of the card's content, whatever room the window leaves it. */
  contentHeight?: number;
  fontFamily?: string;
  /** The language the card declares for itself. */
  lang?: string;
  /** The CSS animation it enters with ('none' for none). */
  animation?: string;
}

export async function readCard(page: Page): Promise<CardView> {
  const root = await cardRoot(page);
  if (!root) return { open: false };
  try {
    return await root.evaluate((root) => {
      const dialog = root.querySelector<HTMLElement>('[role="dialog"]');
      if (!dialog) return { open: false };
      const labelId = dialog.getAttribute('aria-labelledby') ?? '';
      const rect = dialog.getBoundingClientRect();
      return {
        open: true,
        name: root.getElementById(labelId)?.textContent ?? undefined,
        labelledBy: labelId,
        text: dialog.textContent ?? '',
        box: { x: rect.x, y: rect.y, width: rect.width, height: rect.height },
        contentHeight: dialog.scrollHeight,
        fontFamily: getComputedStyle(dialog).fontFamily,
        lang: dialog.closest('[lang]')?.getAttribute('lang') ?? undefined,
        animation: getComputedStyle(dialog).animationName,
      };
    });
  } finally {
    await root.dispose();
  }
}

/**
 * Clicks the card's button labelled `label` with the mouse, as the reader would: the card's footer
 * answers only real clicks, never a page script's `button.click()`.
 */
export async function clickCardButton(page: Page, label: string): Promise<void> {
  const root = await cardRoot(page);
  if (!root) throw new Error(`No card is open to press "${label}" in`);
  const button = await root.evaluateHandle(
    (root, text) => [...root.querySelectorAll('button')].find((b) => b.textContent === text)!,
    label,
  );
  await root.dispose();
  await (button as ElementHandle<HTMLButtonElement>).click();
  await button.dispose();
}

/**
 * Hovers `name` as a reader would (the pointer comes from the window's corner and rests on the
 * name) and waits for its card, loaded.
 */
export async function hoverUntilCard(page: Page, name: string): Promise<CardView> {
  await page.mouse.move(5, 5);
  const at = await pointAt(page, name);
  await page.mouse.move(at.x, at.y);
  return waitForCard(page, { open: true, name, loaded: true });
}

/** Waits until the card is open (showing `name`, if given) or closed. */
export async function waitForCard(
  page: Page,
  expected: { open: boolean; name?: string; loaded?: boolean },
  timeout = 5000,
) {
  const deadline = Date.now() + timeout;
  let view: CardView = { open: false };
  let previous: CardView | undefined;
  while (Date.now() < deadline) {
    view = await readCard(page);
    const loaded =
      !expected.loaded ||
      ((view.text ?? '').includes(expected.name ?? '') && !(view.text ?? '').includes('Loading'));
    // An open card counts once it has settled where it is placed (placement is asynchronous).
    const settled = !view.open || JSON.stringify(view.box) === JSON.stringify(previous?.box);
    if (view.open === expected.open && (!expected.name || view.name === expected.name) && loaded && settled)
      return view;
    previous = view;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`Card was ${JSON.stringify(view)}, expected ${JSON.stringify(expected)}`);
}

/** Sends a shortcut's message to the tab's content script, as the background does when a shortcut is pressed. */
export async function pressShortcut(
  session: ExtensionSession,
  page: Page,
  command: 'next' | 'previous' | 'close',
) {
  const tabId = await session.tabIdOf(page);
  await session.evaluateInExtension(
    (id, which) => {
      const api = (
        globalThis as unknown as {
          chrome: { tabs: { sendMessage(id: number, message: unknown): Promise<unknown> } };
        }
      ).chrome;
      const message =
        which === 'close'
          ? { from: 'extension', type: 'closeCard', payload: {} }
          : { from: 'extension', type: 'navigateMention', payload: { direction: which } };
      return api.tabs.sendMessage(id, message);
    },
    tabId,
    command,
  );
  await page.bringToFront();
}
