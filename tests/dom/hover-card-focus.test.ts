import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ContentScriptContext } from 'wxt/utils/content-script-context';
import { startHoverCard } from '@/lib/content/hover-card';
import type { PageSession } from '@/lib/content/page-session';
import type { PageMention } from '@/lib/highlight/page-mentions';
import { DEFAULT_SETTINGS } from '@/lib/settings';

/**
 * The card on a page of two names and a link after them, with a stand-in for the page session and
 * its highlighter: with inline marks the names are focusable <mark>s, with the Highlight API plain
 * text the shortcut reaches.
 */
function pageWithNames(renderer: 'highlight-api' | 'inline-marks') {
  const name = (id: string, text: string) =>
    renderer === 'inline-marks'
      ? `<mark id="${id}" data-backstory-entity="${id}" tabindex="0">${text}</mark>`
      : `<span id="${id}">${text}</span>`;
  const markup =
    `<a id="before" href="#a">before</a><p>Talks: ${name('putin', 'Putin')} and ${name('trump', 'Trump')}.</p>` +
    '<a id="after" href="#b">after</a>';
  document.body.replaceChildren(...new DOMParser().parseFromString(markup, 'text/html').body.childNodes);
  const mentions = ['putin', 'trump'].map((id, serial): PageMention => {
    const text = document.getElementById(id)!.firstChild as Text;
    return {
      serial,
      entityId: id,
      category: 'person',
      startNode: text,
      startOffset: 0,
      endNode: text,
      endOffset: text.data.length,
      nodes: [text],
    };
  });
  const rect = new DOMRect(10, 10, 50, 16);
  const highlighter = {
    index: {
      all: () => mentions,
      has: (mention: PageMention) => mentions.includes(mention),
      ofEntity: (id: string) => mentions.filter((m) => m.entityId === id),
    },
    renderer: () => ({
      kind: renderer,
      rangeOf: (mention: PageMention) => {
        const range = document.createRange();
        range.setStart(mention.startNode, 0);
        range.setEnd(mention.endNode, mention.endOffset);
        return range;
      },
      rectsOf: () => [rect],
      flash: () => undefined,
    }),
    shadowRoots: () => [],
    mentionOfMark: (mark: Element) => mentions.find((mention) => mention.entityId === mark.id),
  };
  let settings = DEFAULT_SETTINGS;
  let highlighting = true;
  const session = {
    highlighter: () => (highlighting ? highlighter : undefined),
    settings: () => settings,
    entity: (id: string) => ({ name: id, category: 'person', description: '' }),
  } as unknown as PageSession;
  return Object.assign(session, {
    /** As the session applies new settings: `on` false when the page stops highlighting. */
    change(next: Partial<typeof DEFAULT_SETTINGS>, on = true) {
      settings = { ...settings, ...next };
      highlighting = on;
    },
  });
}

/**
 * Every shadow root as it is attached. The card's is closed, so `host.shadowRoot` is null to the
 * page and to these tests alike; in a real browser the end-to-end tests reach it through the
 * automation protocol instead.
 */
const attachedRoots = new WeakMap<Element, ShadowRoot>();
const attachShadow = Element.prototype.attachShadow;
beforeAll(() => {
  Element.prototype.attachShadow = function (this: Element, init: ShadowRootInit) {
    const root = attachShadow.call(this, init);
    attachedRoots.set(this, root);
    return root;
  };
});
afterAll(() => {
  Element.prototype.attachShadow = attachShadow;
});

const host = () => document.getElementById('backstory-card-host')!;
const cardRoot = () => attachedRoots.get(host())!;
const card = () => cardRoot().querySelector<HTMLElement>('.card');
const button = (selector: string) => cardRoot().querySelector<HTMLButtonElement>(selector)!;
const focused = () => document.activeElement?.id || document.activeElement?.tagName;

let ctx: ContentScriptContext;

beforeEach(() => {
  ctx = new ContentScriptContext('test');
  fakeBrowser.runtime.sendMessage = vi.fn(() => new Promise(() => {})) as never; // details never come
  // Message names for text: the card's words are not what these tests are about.
  Object.assign(fakeBrowser.i18n, { getMessage: (key: string) => key, getUILanguage: () => 'en-GB' });
});

afterEach(() => {
  ctx.abort();
  host()?.remove();
});

describe('the card gives focus back however it closes', () => {
  it('the × button sends focus back where it was before the shortcut (Highlight API)', async () => {
    const control = await startHoverCard(ctx, pageWithNames('highlight-api'));
    document.getElementById('before')!.focus();
    control.navigate('next');
    expect(focused()).toBe('backstory-card-host'); // the keyboard is in the card
    button('.card__close').focus();
    button('.card__close').click(); // Enter or Space on a button
    expect(card()).toBeNull();
    expect(focused()).toBe('before'); // not <body>
  });

  it('the × button sends focus back to the name, whose card stays closed (inline marks)', async () => {
    await startHoverCard(ctx, pageWithNames('inline-marks'));
    document.getElementById('trump')!.focus();
    expect(card()).not.toBeNull();
    document
      .getElementById('trump')!
      .dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
    expect(focused()).toBe('backstory-card-host');
    button('.card__close').click();
    expect(card()).toBeNull();
    expect(focused()).toBe('trump');
  });
});

describe('what the page’s own scripts can do to the card', () => {
  it('cannot find it in the page until the reader opens a card, not even in passing', async () => {
    const page = pageWithNames('highlight-api');
    const added: Node[] = [];
    const watching = new MutationObserver((records) => records.forEach((r) => added.push(...r.addedNodes)));
    watching.observe(document.documentElement, { childList: true });
    const control = await startHoverCard(ctx, page);
    await new Promise((resolve) => setTimeout(resolve, 0)); // the records of the start, delivered
    expect(added).toEqual([]);
    watching.disconnect();
    expect(document.getElementById('backstory-card-host')).toBeNull();
    expect(document.documentElement.lastElementChild).toBe(document.body);
    control.navigate('next');
    expect(host().parentElement).toBe(document.documentElement);
    expect(card()).not.toBeNull();
  });

  it('cannot reach an open card: its shadow root is closed', async () => {
    const control = await startHoverCard(ctx, pageWithNames('highlight-api'));
    control.navigate('next');
    expect(card()).not.toBeNull();
    expect(host().shadowRoot).toBeNull();
    expect(cardRoot().mode).toBe('closed');
  });

  it('cannot press “More in Backstory” or “Turn off on this site” with button.click()', async () => {
    // Should a page's script ever get hold of the buttons (the closed root keeps them from it), a
    // scripted click still does nothing.
    const control = await startHoverCard(ctx, pageWithNames('highlight-api'));
    control.navigate('next');
    const [more, turnOff] = cardRoot().querySelectorAll<HTMLButtonElement>('.card__actions button');
    for (let i = 0; i < 20; i++) more!.click(); // a page opening tabs in a loop
    turnOff!.click();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const sent = JSON.stringify(vi.mocked(fakeBrowser.runtime.sendMessage).mock.calls);
    expect(sent).not.toContain('openInBackstory');
    expect(await fakeBrowser.storage.local.get('settings.disabledSites')).toEqual({});
    expect(card()).not.toBeNull(); // and the card the reader opened stays as it was
  });
});

describe('Tab past the card’s last control goes on from the name', () => {
  it('with the Highlight API, to what follows the name, whatever had focus before', async () => {
    const control = await startHoverCard(ctx, pageWithNames('highlight-api'));
    (document.activeElement as HTMLElement | null)?.blur(); // the reader was just reading
    control.navigate('next');
    const buttons = [...cardRoot().querySelectorAll<HTMLButtonElement>('button')];
    buttons.at(-1)!.focus();
    buttons
      .at(-1)!
      .dispatchEvent(
        new KeyboardEvent('keydown', { key: 'Tab', bubbles: true, composed: true, cancelable: true }),
      );
    expect(card()).toBeNull();
    expect(focused()).toBe('after');
  });
});

describe('a card opened by focus follows the focus', () => {
  it('closes when focus moves on from the name to something else on the page (inline marks)', async () => {
    await startHoverCard(ctx, pageWithNames('inline-marks'));
    document.getElementById('trump')!.focus();
    expect(card()).not.toBeNull();
    document.getElementById('after')!.focus(); // Tab past the last name
    await vi.waitFor(() => expect(card()).toBeNull(), { timeout: 2000 });
  });

  it('the shortcut opens the card of a name that already has focus (inline marks)', async () => {
    const control = await startHoverCard(ctx, pageWithNames('inline-marks'));
    control.navigate('next'); // Putin
    document.getElementById('trump')!.focus(); // the reader Tabs on to Trump…
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true })); // …and closes it
    expect(card()).toBeNull();
    expect(focused()).toBe('trump');
    expect(control.navigate('next')).toBe(true); // from Putin on: Trump, where focus already is
    expect(card()).not.toBeNull();
    expect(cardRoot().textContent).toContain('trump');
  });

  it('moves to the next name when focus does', async () => {
    await startHoverCard(ctx, pageWithNames('inline-marks'));
    document.getElementById('putin')!.focus();
    document.getElementById('trump')!.focus();
    await new Promise((resolve) => setTimeout(resolve, 400)); // past the close delay
    expect(card()).not.toBeNull();
    expect(cardRoot().textContent).toContain('trump');
  });
});

describe('a page that removes the card', () => {
  it('gets it back the next time a name is opened', async () => {
    const control = await startHoverCard(ctx, pageWithNames('highlight-api'));
    control.navigate('next');
    control.close();
    const removed = host();
    removed.remove(); // the page clears what others added to <html>
    expect(control.navigate('next')).toBe(true);
    expect(removed.isConnected).toBe(true);
    expect(card()).not.toBeNull();
    expect(focused()).toBe('backstory-card-host'); // and the keyboard is in it
  });
});

describe('the open card follows settings', () => {
  it('takes a new colour scheme at once, and goes (focus back) when the name stops being highlighted', async () => {
    const page = pageWithNames('highlight-api');
    const control = await startHoverCard(ctx, page);
    document.getElementById('before')!.focus();
    control.navigate('next');
    expect(host().getAttribute('data-scheme')).toBe('system');
    page.change({ colorScheme: 'dark' });
    control.settingsApplied();
    expect(host().getAttribute('data-scheme')).toBe('dark');
    expect(card()).not.toBeNull();

    page.change({ disabledSites: [location.hostname] }, false); // "turn off on this site" from the popup
    control.settingsApplied();
    expect(card()).toBeNull();
    expect(focused()).toBe('before');
  });
});

describe('the pointer on the card', () => {
  const pointer = (type: string, x: number, y: number, related: EventTarget | null = null, bubbles = true) =>
    new PointerEvent(type, {
      clientX: x,
      clientY: y,
      bubbles,
      composed: true,
      pointerType: 'mouse',
      relatedTarget: related,
    });

  /** Hovers Trump until his card shows, then moves onto the card and rests there past the close delay. */
  async function restOnCard() {
    await startHoverCard(ctx, pageWithNames('inline-marks'));
    const mark = document.getElementById('trump')!;
    mark.dispatchEvent(pointer('pointerover', 20, 15));
    mark.dispatchEvent(pointer('pointermove', 20, 15));
    await vi.waitFor(() => expect(card()).not.toBeNull(), { timeout: 2000 });
    const shown = card()!;
    mark.dispatchEvent(pointer('pointerout', 200, 200, shown));
    mark.dispatchEvent(pointer('pointerleave', 200, 200, shown, false));
    shown.dispatchEvent(pointer('pointerover', 200, 200, mark));
    shown.dispatchEvent(pointer('pointerenter', 200, 200, mark, false));
    shown.dispatchEvent(pointer('pointermove', 200, 200));
    await new Promise((resolve) => setTimeout(resolve, 600)); // past the 300 ms close delay
    return card();
  }

  it('keeps it open, also on a page that stops pointer events at the window before they reach it', async () => {
    const stop = (event: Event) => event.stopPropagation();
    const types = ['pointerover', 'pointerout', 'pointerenter', 'pointerleave'];
    for (const type of types) window.addEventListener(type, stop, true);
    try {
      expect(await restOnCard()).not.toBeNull();
    } finally {
      for (const type of types) window.removeEventListener(type, stop, true);
    }
  });

  it('leaves nothing behind per hover: the timers do not register with the page context', async () => {
    const registered = vi.spyOn(ctx, 'onInvalidated');
    await restOnCard();
    const afterOne = registered.mock.calls.length;
    const mark = document.getElementById('putin')!;
    for (let pass = 0; pass < 20; pass++) {
      mark.dispatchEvent(pointer('pointermove', 20, 15));
      await new Promise((resolve) => setTimeout(resolve, 20));
      document.body.dispatchEvent(pointer('pointermove', 500, 500));
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(registered.mock.calls.length).toBe(afterOne);
  });
});
