/**
 * One stream of "mention entered / left / focused" events, whichever renderer draws. With the
 * Highlight API there are no elements to hover, so the pointer is hit-tested: the caret position
 * under it gives a text node and offset, the mentions on that node are few, and the one whose
 * rectangles contain the pointer is the one hovered. With inline marks, the marks' own pointer
 * and focus events are used.
 */
import { composedContains } from './composed-tree.ts';
import { MARK_ENTITY_ATTRIBUTE } from './exclusions.ts';
import type { Highlighter } from './highlighter.ts';
import type { PageMention } from './page-mentions.ts';

/** What happened to which mention; `rect` is the hovered line's rectangle (viewport coordinates). */
export type MentionEvent =
  | { type: 'enter'; mention: PageMention; rect: DOMRect; trigger: Element | undefined }
  | { type: 'leave'; mention: PageMention }
  | { type: 'focus'; mention: PageMention; rect: DOMRect; trigger: Element };

export interface MentionEventSource {
  /** Stops listening. */
  destroy(): void;
}

interface CaretPosition {
  node: Node;
  offset: number;
}

/** The text position under (x, y), inside `shadowRoots` too (web components whose text we highlight). */
function caretAt(
  document: Document,
  x: number,
  y: number,
  shadowRoots: ShadowRoot[],
): CaretPosition | undefined {
  const withPosition = document as Document & {
    caretPositionFromPoint?: (
      x: number,
      y: number,
      options?: { shadowRoots: ShadowRoot[] },
    ) => { offsetNode: Node; offset: number } | null;
  };
  if (withPosition.caretPositionFromPoint) {
    const position = withPosition.caretPositionFromPoint(x, y, { shadowRoots });
    return position ? { node: position.offsetNode, offset: position.offset } : undefined;
  }
  const range = document.caretRangeFromPoint?.(x, y);
  return range ? { node: range.startContainer, offset: range.startOffset } : undefined;
}

function containing(rects: DOMRect[], x: number, y: number): DOMRect | undefined {
  // A pixel of slack: the caret hit-test is exact, fingers and rounding are not.
  return rects.find(
    (rect) => x >= rect.left - 1 && x <= rect.right + 1 && y >= rect.top - 1 && y <= rect.bottom + 1,
  );
}

/**
 * Watches the pointer and focus on `document` and reports mention events to `onEvent`.
 * `signal` stops everything (content-script invalidation).
 */
export function watchMentionEvents(
  document: Document,
  highlighter: () => Highlighter | undefined,
  onEvent: (event: MentionEvent) => void,
  signal: AbortSignal,
): MentionEventSource {
  const window = document.defaultView!;
  let hovered: PageMention | undefined;
  let pending: { x: number; y: number; target: EventTarget | null } | undefined;
  let frame = 0;

  const setHovered = (next: PageMention | undefined, rect?: DOMRect, trigger?: Element) => {
    if (next === hovered) return;
    if (hovered) onEvent({ type: 'leave', mention: hovered });
    hovered = next;
    if (next && rect) onEvent({ type: 'enter', mention: next, rect, trigger });
  };

  const mentionAt = (
    x: number,
    y: number,
    target: EventTarget | null,
  ): [PageMention, DOMRect, Element | undefined] | undefined => {
    const current = highlighter();
    if (!current) return undefined;
    const renderer = current.renderer();
    if (renderer.kind === 'inline-marks') {
      const mark = (target as Element | null)?.closest?.(`mark[${MARK_ENTITY_ATTRIBUTE}]`);
      const mention = mark ? current.mentionOfMark(mark) : undefined;
      const rect = mention && containing(renderer.rectsOf(mention), x, y);
      return mention && rect ? [mention, rect, mark!] : undefined;
    }
    const caret = caretAt(document, x, y, current.shadowRoots());
    if (!caret || caret.node.nodeType !== 3) return undefined;
    // The caret lands on the nearest character even beside text; only a mention whose own
    // rectangles contain the pointer counts.
    for (const mention of current.index.onNode(caret.node as Text)) {
      const rect = containing(renderer.rectsOf(mention), x, y);
      if (rect) return [mention, rect, undefined];
    }
    return undefined;
  };

  const update = () => {
    frame = 0;
    if (!pending) return;
    const { x, y, target } = pending;
    pending = undefined;
    const found = mentionAt(x, y, target);
    if (found) setHovered(found[0], found[1], found[2]);
    else setHovered(undefined);
  };

  // Pointer moves are coalesced to one hit-test per frame: cheap even on huge pages.
  window.addEventListener(
    'pointermove',
    (event) => {
      if (event.pointerType === 'touch') return;
      // The element under the pointer itself: a mark inside a web component, not its host.
      pending = { x: event.clientX, y: event.clientY, target: event.composedPath()[0] ?? event.target };
      frame ||= window.requestAnimationFrame(update);
    },
    { passive: true, capture: true, signal },
  );
  // Leaving the window, or scrolling the text away from under a still pointer, ends a hover.
  document.addEventListener('pointerleave', () => setHovered(undefined), { passive: true, signal });
  // Only a scroll that moves the hovered name counts: the page's own ticker or carousel scrolling
  // elsewhere must not close the card under a resting pointer.
  window.addEventListener(
    'scroll',
    (event) => {
      const scrolled = event.target as Node | null;
      if (!hovered || !scrolled) return;
      if (scrolled.nodeType === 9 || composedContains(scrolled, hovered.startNode)) setHovered(undefined);
    },
    { passive: true, capture: true, signal },
  );

  document.addEventListener(
    'focusin',
    (event) => {
      const focused = event.composedPath()[0] ?? event.target; // a mark inside a web component too
      const mark = (focused as Element | null)?.closest?.(`mark[${MARK_ENTITY_ATTRIBUTE}]`);
      const current = highlighter();
      if (!mark || !current) return;
      const mention = current.mentionOfMark(mark);
      const rect = mention && current.renderer().rectsOf(mention)[0];
      if (mention && rect) onEvent({ type: 'focus', mention, rect, trigger: mark });
    },
    { signal },
  );

  signal.addEventListener('abort', () => window.cancelAnimationFrame(frame));
  return {
    destroy: () => {
      window.cancelAnimationFrame(frame);
      hovered = undefined;
    },
  };
}
