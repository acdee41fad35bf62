/**
 * The interface both highlight renderers implement, so the highlighter, hit-testing and the hover
 * card never care which one draws: the CSS Custom Highlight API (default, no DOM changes) or
 * mark.js inline `<mark>` elements (readable by screen readers).
 */
import type { Category } from '../dataset/schema.ts';
import type { Renderer } from '../settings.ts';
import type { PageMention } from './page-mentions.ts';

export interface HighlightRenderer {
  readonly kind: Renderer;
  /**
   * True when drawing and erasing change the page's DOM (inline marks): the highlighter then stops
   * observing while they run. The Highlight API changes none, and needs no such window.
   */
  readonly editsDom: boolean;
  /** Draws mentions just found. Inline marks change the DOM; call inside an "own edit" window. */
  draw(mentions: readonly PageMention[], context?: DrawContext): void;
  /** Removes the drawing of these mentions, leaving their text exactly as the page had it. */
  erase(mentions: readonly PageMention[]): void;
  /**
   * The page changed or removed text nodes we had split (inline marks only): drop our pieces of
   * them without restoring their old text, so the page's new text stands alone. Returns the
   * mentions that were lost.
   */
  dropPiecesOf?(nodes: readonly Text[]): PageMention[];
  /** The page removed nodes we had split: drop their leftover pieces (inline marks only). */
  dropOrphans?(): PageMention[];
  /** The mention a mark element draws (inline marks only). */
  mentionOfMark?(mark: Element): PageMention | undefined;
  /** A range covering the mention as it is drawn now. */
  rangeOf(mention: PageMention): Range;
  /** The rectangles of the mention on screen (one per line). */
  rectsOf(mention: PageMention): DOMRect[];
  /** Briefly emphasises a mention (the popup's "show on page"). */
  flash(mention: PageMention): void;
  setColors(colors: Record<Category, string>): void;
  /** Styles highlights inside a web component's shadow tree too (the page's styles stop at its edge). */
  styleShadowRoot(root: ShadowRoot): void;
  /** Removes every drawing and every style we added; may take several slices (inline marks). */
  destroy(): void | Promise<void>;
}

/**
 * Hears where text goes when a renderer splits or merges the page's text nodes (inline marks), so
 * that positions kept outside the renderer (the mentions "first mention only" holds) follow it.
 */
export interface TextMoves {
  /** The text of `from` from `fromOffset` on now lies in `to`, starting at `toOffset`. */
  moved(from: Text, fromOffset: number, to: Text, toOffset: number): void;
  /** A piece we had split off was thrown away with its text (the page rewrote or replaced its node). */
  dropped(piece: Text): void;
}

export interface DrawContext {
  /**
   * The mentions are in text the page has just added or changed, not in the first scan: they must
   * show in the very next frame, or a paragraph the page re-renders would blink (Highlight API).
   */
  pageChanged: boolean;
}

/** An empty rect list when a range cannot be measured (detached nodes). */
export function rangeRects(range: Range): DOMRect[] {
  try {
    return [...range.getClientRects()].filter((rect) => rect.width > 0 && rect.height > 0);
  } catch {
    return [];
  }
}

/**
 * The element to scroll to for a mention's range: the first mark when the range starts just before
 * one (inline marks), else the element holding the mention's first text.
 */
export function elementAtStart(range: Range): Element | null {
  const start = range.startContainer;
  const node = start.nodeType === 1 ? start.childNodes[range.startOffset] : undefined;
  return node?.nodeType === 1
    ? (node as Element)
    : start.nodeType === 1
      ? (start as Element)
      : start.parentElement;
}

/**
 * Scrolls the page so a mention sits mid-window. Centring the element that holds it is not
 * enough: in a long paragraph (or a column of <br>-separated text) its middle can be screens away
 * from the name.
 */
export function scrollToRange(range: Range): void {
  const element = elementAtStart(range);
  const view = range.startContainer.ownerDocument?.defaultView;
  element?.scrollIntoView({ block: 'nearest', behavior: 'instant' }); // any scrolling box around it
  const line = rangeRects(range)[0];
  if (!line || !view) {
    element?.scrollIntoView({ block: 'center', behavior: 'instant' });
    return;
  }
  view.scrollBy({ top: line.top + line.height / 2 - view.innerHeight / 2, behavior: 'instant' });
}
