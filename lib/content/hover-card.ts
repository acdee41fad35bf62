/**
 * The hover card on a page: one shadow-root host per page (created with WXT's createShadowRootUi,
 * reused for every card), opened by hovering or focusing a mention or by the keyboard shortcut,
 * placed next to the hovered line with @floating-ui, and removed with the content script.
 */
import { computePosition, offset, shift, size } from '@floating-ui/dom';
import { h, render } from 'preact';
import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createShadowRootUi } from 'wxt/utils/content-script-ui/shadow-root';
import { HoverCard, type HoverCardState } from '@/components/HoverCard';
import { LocaleProvider } from '@/components/i18n';
import cardCss from '@/components/hover-card.css?inline';
import { createDetailLoader } from '../card/detail-loader.ts';
import { nextTabStop } from '../card/tab-order.ts';
import { HoverIntent, type Timers } from '../card/hover-intent.ts';
import { focusedElement } from '../highlight/composed-tree.ts';
import { OWN_UI_ATTRIBUTE } from '../highlight/exclusions.ts';
import { type MentionEvent, watchMentionEvents } from '../highlight/hit-testing.ts';
import type { PageMention } from '../highlight/page-mentions.ts';
import { elementAtStart, scrollToRange } from '../highlight/renderer.ts';
import { browserTranslator, uiLanguages } from '../i18n.ts';
import type { EntityDetail } from '../knowledge/types.ts';
import { sendFromContent } from '../messages.ts';
import { saveSetting } from '../settings.ts';
import type { PageSession } from './page-session.ts';

const CARD_GAP_PX = 6; // between the name's line and the card
const VIEWPORT_MARGIN_PX = 8; // the card never touches the window's edge
const MIN_CARD_HEIGHT_PX = 240; // room for name, description and a few lines; less scrolls
const MAX_CARD_HEIGHT_PX = 520; // a card, not a page
const HOST_ID = 'backstory-card-host';
const DEFAULT_SHOW_DELAY_MS = 500; // Page Previews' minimum time before a card shows

/** What the content script can ask of the card (the keyboard shortcuts). */
export interface HoverCardControl {
  /** Moves to the next or previous mention, scrolls it into view and opens its card. */
  navigate(direction: 'next' | 'previous'): boolean;
  close(): void;
  /**
   * Follows settings the session has just applied: the open card takes the new colour scheme, and
   * goes when its name is no longer highlighted (site or category turned off, renderer switched).
   */
  settingsApplied(): void;
}

interface Shown {
  mention: PageMention;
  rect: DOMRect;
  trigger: Element | undefined;
  state: HoverCardState;
}

/** Starts the hover card for `session`'s highlights. */
export async function startHoverCard(
  ctx: ContentScriptContext,
  session: PageSession,
): Promise<HoverCardControl> {
  const t = browserTranslator((key, subs) => browser.i18n.getMessage(key as never, subs));
  const { language, formatting: locale } = uiLanguages(t('catalogueLanguage'), browser.i18n.getUILanguage());
  let shown: Shown | undefined;
  let headingCounter = 0;

  const ui = await createShadowRootUi(ctx, {
    // A plain <div>, never a custom element: a page that defined the element's name before we
    // created it would run its own constructor for our host, and the ElementInternals that
    // constructor can take would hand it the closed shadow root below.
    name: 'div',
    position: 'inline',
    anchor: document.documentElement, // outside <body>: page rules on body descendants miss it
    append: 'last',
    // Closed: the page's scripts get null for `host.shadowRoot`, so they can neither read a card (the
    // text of a private pack, for names on their page) nor rewrite or press it.
    mode: 'closed',
    css: cardCss,
    // Keys typed in the card must not reach the page's shortcuts.
    isolateEvents: ['keydown', 'keyup', 'keypress'],
    onMount(container, _shadow, host) {
      host.id = HOST_ID;
      host.setAttribute(OWN_UI_ATTRIBUTE, 'card');
      // The card speaks the reader's language, not the page's (screen readers pick the voice by it).
      container.setAttribute('lang', language);
      return container;
    },
  });
  // Not mounted until a card first opens (`open` mounts it): a site could otherwise tell from
  // <html> that the reader has Backstory, even where it is turned off.
  const host = ui.shadowHost;
  const container = ui.uiContainer;
  // The footer's buttons act beyond the card (a new tab each, the site turned off for good): only the
  // reader may press them. The closed root already keeps page scripts from the buttons; this holds
  // should one ever get hold of one. A click by keyboard or pointer is trusted; `button.click()` is not.
  container.addEventListener(
    'click',
    (event) => {
      if (!event.isTrusted && (event.target as Element | null)?.closest?.('.card__actions')) {
        event.stopImmediatePropagation();
        event.preventDefault();
      }
    },
    true,
  );

  // Plain timers: the context's own would add an invalidation listener per call, never removed, for
  // every name the pointer crosses; the hover timers stop with `intent.destroy()` on invalidation.
  const timers: Timers = {
    setTimeout: (callback, ms) => window.setTimeout(callback, ms),
    clearTimeout: (id) => window.clearTimeout(id),
    now: () => performance.now(),
  };
  const loadDetail = createDetailLoader<EntityDetail>(
    (id) => sendFromContent('getEntityDetail', { id }).then((result) => (result.ok ? result.value : null)),
    timers,
  );

  const intent = new HoverIntent<PageMention>(
    timers,
    {
      load: (mention) => void loadDetail(mention.entityId),
      show: (mention) => open(mention),
      hide: () => close(),
    },
    session.settings()?.hoverDelayMs ?? DEFAULT_SHOW_DELAY_MS,
  );

  let latestRect: DOMRect | undefined;
  let latestTrigger: Element | undefined;

  /** Which line of the mention the card is placed by (a name can wrap onto two lines). */
  let lineIndex = 0;

  const open = (mention: PageMention) => {
    const rects = session.highlighter()?.renderer().rectsOf(mention) ?? [];
    const rect = latestRect ?? rects[0];
    if (!rect) return;
    lineIndex = Math.max(
      0,
      rects.findIndex((line) => line.top <= rect.top + 1 && line.bottom >= rect.bottom - 1),
    );
    if (!host.isConnected) {
      // The first card mounts it. Later, a page that clears what others added to <html> (some do,
      // against overlays) took it away: put it back rather than open an invisible card.
      if (ui.mounted === undefined) ui.mount();
      else document.documentElement.append(host);
    }
    describeTrigger(undefined);
    shown = { mention, rect, trigger: latestTrigger, state: { status: 'loading' } };
    describeTrigger(shown.trigger);
    draw();
    void loadDetail(mention.entityId).then(
      (detail) => {
        if (shown?.mention !== mention) return;
        shown.state = detail ? { status: 'loaded', detail } : { status: 'error' };
        draw();
      },
      () => {
        if (shown?.mention !== mention) return;
        shown.state = { status: 'error' };
        draw();
      },
    );
  };

  /**
   * Hides the card. With the keyboard in it (the × button, "Turn off on this site", the pointer or
   * a scroll taking the card away), focus goes back to where it came from, not to the page's top.
   */
  const close = () => {
    const back = focusInCard() ? focusBefore : undefined;
    const trigger = shown?.trigger;
    focusBefore = undefined;
    describeTrigger(undefined);
    shown = undefined;
    draw();
    if (!back?.isConnected) return;
    if (back === trigger) quietFocus = back;
    back.focus({ preventScroll: true });
  };

  /**
   * While the card is open, the mark that opened it is described by it (inline marks only). An id
   * cannot reach out of a web component's shadow tree, so a mark inside one refers to the card by
   * element reference instead.
   */
  let describedTrigger: Element | undefined;
  type Described = Element & { ariaDescribedByElements?: Element[] | null };
  const describeTrigger = (trigger: Element | undefined) => {
    if (describedTrigger?.getRootNode() === document) describedTrigger.removeAttribute('aria-describedby');
    else if (describedTrigger) (describedTrigger as Described).ariaDescribedByElements = null;
    describedTrigger = trigger;
    if (trigger?.getRootNode() === document) trigger.setAttribute('aria-describedby', HOST_ID);
    else if (trigger) (trigger as Described).ariaDescribedByElements = [host];
  };

  const draw = () => {
    const settings = session.settings();
    host.setAttribute('data-scheme', settings?.colorScheme ?? 'system');
    if (!shown) {
      render(null, container);
      return;
    }
    const { mention, state } = shown;
    const info = session.entity(mention.entityId);
    const headingId = `backstory-card-title-${++headingCounter}`;
    render(
      h(
        LocaleProvider,
        { value: { t, locale } },
        h(HoverCard, {
          name: info?.name ?? mention.entityId,
          category: mention.category,
          state,
          headingId,
          onMore: () => void sendFromContent('openInBackstory', { entityId: mention.entityId }),
          onTurnOffSite: () => void turnOffSite(),
          onClose: () => intent.dismiss(),
        }),
      ),
      container,
    );
    void place();
  };

  const place = async () => {
    const card = container.querySelector<HTMLElement>('.card');
    if (!card || !shown) return;
    const rect = shown.rect;
    const reference = { getBoundingClientRect: () => rect, getClientRects: () => [rect] };
    // Below the line unless there is clearly more room above; never over the name itself. Decided
    // by the room for a full card, not by what the card holds now: a card opened while still
    // "Loading" would otherwise fit below, then be squeezed there or jump above once it has loaded.
    const below = window.innerHeight - rect.bottom;
    const placement = below >= MIN_CARD_HEIGHT_PX || below >= rect.top ? 'bottom-start' : 'top-start';
    const { x, y } = await computePosition(reference, card, {
      strategy: 'fixed',
      placement,
      middleware: [
        offset(CARD_GAP_PX),
        shift({ padding: VIEWPORT_MARGIN_PX }),
        size({
          padding: VIEWPORT_MARGIN_PX,
          apply: ({ availableHeight }) => {
            card.style.maxHeight = `${Math.max(MIN_CARD_HEIGHT_PX / 2, Math.min(MAX_CARD_HEIGHT_PX, availableHeight))}px`;
          },
        }),
      ],
    });
    card.style.transform = `translate(${Math.round(x)}px, ${Math.round(y)}px)`;
  };

  const turnOffSite = async () => {
    const sites = session.settings()?.disabledSites ?? [];
    const host = location.hostname;
    intent.dismiss();
    if (!sites.includes(host)) await saveSetting('disabledSites', [...sites, host]);
  };

  // Pointer on the card keeps it; leaving it starts the close delay. Learnt from moves seen at the
  // window too: a page that stops pointerover/pointerenter there in the capture phase keeps them
  // from ever reaching the card, which would then close under a resting pointer.
  let pointerOnCard = false;
  ctx.addEventListener(
    window,
    'pointermove',
    (event) => {
      const onCard = shown !== undefined && event.composedPath().includes(host);
      if (onCard === pointerOnCard) return;
      pointerOnCard = onCard;
      if (onCard) intent.enterCard();
      else if (shown) intent.leaveCard();
    },
    { capture: true, passive: true },
  );
  container.addEventListener('pointerenter', () => intent.enterCard(), true);
  container.addEventListener('pointerleave', () => intent.leaveCard(), true);
  host.addEventListener('pointerover', () => intent.enterCard());
  host.addEventListener('pointerout', (event) => {
    if (!host.contains((event as PointerEvent).relatedTarget as Node | null)) intent.leaveCard();
  });
  // ---- the keyboard ------------------------------------------------------------------------------
  // The card sits at the end of the document, so Tab would never reach it from the page. Instead
  // Enter on a focused name (inline marks), or the shortcut (Highlight API, where there is no
  // element to focus), moves the keyboard into the card. Tab alone keeps going from name to name.
  // In the card, Shift+Tab from its top goes back to the name, Tab past its last control closes it
  // and goes on to what follows the name, and Escape closes it and puts focus back.

  /** Where focus goes back to when the card, entered by keyboard, closes. */
  let focusBefore: HTMLElement | undefined;
  /** A mark we give focus back to: its focus must not open the card the reader just closed. */
  let quietFocus: Element | undefined;
  const cardElement = () => container.querySelector<HTMLElement>('.card');
  const focusInCard = () => document.activeElement === host;
  const controlsInCard = () =>
    [...container.querySelectorAll<HTMLElement>('button, a[href]')].filter((control) => !control.hidden);

  /** Moves focus into the open card; `back` is where it returns when the card closes. */
  const enterCard = (back: HTMLElement | undefined) => {
    const card = cardElement();
    if (!card) return;
    focusBefore = back;
    intent.enterCard(); // the card stays while the keyboard is in it
    card.focus({ preventScroll: true });
  };

  /** Closes the card; if the keyboard was in it, focus goes to `to` (by default where it came from). */
  const dismissAndReturn = (to?: HTMLElement) => {
    const back = focusInCard() ? (to ?? focusBefore) : undefined;
    const trigger = shown?.trigger;
    focusBefore = undefined; // given back here, not by close()
    intent.dismiss();
    if (!back?.isConnected) return;
    if (back === trigger) quietFocus = back;
    back.focus({ preventScroll: true });
  };

  // On the page, in the capture phase: before the page's own handlers see these keys.
  ctx.addEventListener(
    document,
    'keydown',
    (event) => {
      const key = event as KeyboardEvent;
      if (!shown) return;
      if (key.key === 'Escape') {
        dismissAndReturn();
      } else if (
        key.key === 'Enter' &&
        shown.trigger instanceof HTMLElement &&
        focusedElement(document) === shown.trigger
      ) {
        key.preventDefault();
        enterCard(shown.trigger);
      }
    },
    { capture: true },
  );
  container.addEventListener('keydown', (event) => {
    const key = event as KeyboardEvent;
    if (key.key !== 'Tab' || !shown) return;
    const active = ui.shadow.activeElement;
    const controls = controlsInCard();
    const atTop = active === cardElement() || active === controls[0];
    const atEnd = active === controls[controls.length - 1];
    if (key.shiftKey && atTop && focusBefore) {
      key.preventDefault();
      focusBefore.focus({ preventScroll: true }); // back to the name; the card stays open
    } else if (!key.shiftKey && atEnd) {
      // On through the page from the name: to what follows it (another name opens its own card).
      // A name the Highlight API draws has no element: the search starts where its text ends.
      key.preventDefault();
      const name = shown.trigger ?? shown.mention.endNode;
      const shadowRoots = session.highlighter()?.shadowRoots() ?? [];
      dismissAndReturn(nextTabStop(document, name, host, shadowRoots) ?? focusBefore);
    }
  });
  // Focus leaving the card for the page (a click elsewhere, a screen reader's jump) closes it.
  container.addEventListener('focusout', (event) => {
    const next = (event as FocusEvent).relatedTarget as Node | null;
    if (next && ui.shadow.contains(next)) return; // within the card (contains() stops at the host)
    if (next && next === shown?.trigger) {
      intent.leaveCard();
      return;
    }
    if (shown && next) intent.dismiss();
  });

  // Focus leaving the name that opened the card for the rest of the page closes it, as the pointer
  // leaving does (another name opens its own card; the card itself keeps it; a window losing focus
  // has no next element and keeps it too).
  ctx.addEventListener(
    document,
    'focusout',
    (event) => {
      const focus = event as FocusEvent;
      if (!shown?.trigger || (focus.composedPath()[0] ?? focus.target) !== shown.trigger) return;
      const next = focus.relatedTarget as Node | null;
      if (next && next !== host) intent.leave(shown.mention);
    },
    { capture: true },
  );

  watchMentionEvents(
    document,
    () => session.highlighter(),
    (event: MentionEvent) => {
      if (event.type === 'leave') {
        intent.leave(event.mention);
        return;
      }
      if (event.type === 'focus' && event.trigger === quietFocus) {
        quietFocus = undefined; // focus given back after closing: the card stays closed
        return;
      }
      quietFocus = undefined;
      latestRect = event.rect;
      latestTrigger = event.trigger;
      intent.setShowDelay(session.settings()?.hoverDelayMs ?? DEFAULT_SHOW_DELAY_MS);
      if (event.type === 'focus') intent.focus(event.mention);
      else intent.enter(event.mention);
    },
    ctx.signal,
  );

  // The card follows its name while the page (or a box inside it) scrolls, and goes once the name
  // has left the window.
  let scrollFrame = 0;
  ctx.addEventListener(
    window,
    'scroll',
    () => {
      if (!shown || scrollFrame) return;
      scrollFrame = requestAnimationFrame(() => {
        scrollFrame = 0;
        if (!shown) return;
        const rects = session.highlighter()?.renderer().rectsOf(shown.mention) ?? [];
        const rect = rects[Math.min(lineIndex, rects.length - 1)];
        if (!rect || rect.bottom < 0 || rect.top > window.innerHeight) {
          intent.dismiss();
          return;
        }
        shown.rect = rect;
        void place();
      });
    },
    { capture: true, passive: true },
  );

  ctx.onInvalidated(() => {
    intent.destroy();
    describeTrigger(undefined);
    render(null, container);
  });

  let cursor: PageMention | undefined;
  return {
    navigate(direction) {
      const highlighter = session.highlighter();
      const all = highlighter?.index.all() ?? [];
      if (!highlighter || all.length === 0) return false;
      const current = cursor && all.includes(cursor) ? all.indexOf(cursor) : -1;
      const next =
        current < 0
          ? direction === 'next'
            ? 0
            : all.length - 1
          : (current + (direction === 'next' ? 1 : -1) + all.length) % all.length;
      cursor = all[next]!;
      // The mention's first mark (inline marks, which also takes focus below: its focus event then
      // opens the card), else the element holding its text.
      const target = elementAtStart(highlighter.renderer().rangeOf(cursor));
      const mark = target?.hasAttribute('data-backstory-entity') ? target : undefined;
      // Instant: the card is placed by where the name is once the scroll is done.
      scrollToRange(highlighter.renderer().rangeOf(cursor));
      latestRect = highlighter.renderer().rectsOf(cursor)[0];
      if (mark instanceof HTMLElement) {
        const hadFocus = focusedElement(document) === mark; // then no focus event will come
        mark.focus({ preventScroll: true }); // its focus event opens the card, described by it
        if (hadFocus) {
          quietFocus = undefined;
          latestTrigger = mark;
          intent.focus(cursor);
        }
      } else {
        // No element to focus (Highlight API): the keyboard goes into the card itself, and comes
        // back to where it was when the card closes.
        const active = focusedElement(document);
        const before = active instanceof HTMLElement ? active : undefined;
        latestTrigger = undefined;
        intent.focus(cursor);
        enterCard(focusInCard() ? focusBefore : before);
      }
      return true;
    },
    close: () => intent.dismiss(),
    settingsApplied() {
      if (!shown) return;
      if (session.highlighter()?.index.has(shown.mention)) draw();
      else dismissAndReturn();
    },
  };
}
