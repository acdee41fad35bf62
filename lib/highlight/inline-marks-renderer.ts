/**
 * The "inline marks" renderer: mark.js wraps each mention in a <mark> carrying the entity id and
 * an accessible description (name — one-line description), so screen readers announce it and
 * keyboard users can focus it. Splitting the page's text nodes is what breaks React and Vue pages
 * in other highlighters, so every piece we create is tracked: clearing merges it back into the
 * page's original node (same node object, same text), and when the page rewrites or removes a node
 * we split, our pieces of it are dropped so the page's new text stands alone.
 */
import Mark from 'mark.js';
import type { Category } from '../dataset/schema.ts';
import { MARK_ENTITY_ATTRIBUTE } from './exclusions.ts';
import type { PageMention } from './page-mentions.ts';
import { type HighlightRenderer, rangeRects } from './renderer.ts';
import { runSliced, SLICE_BUDGET_MS } from './scheduler.ts';
import { withSnapshotIterators } from './snapshot-iterator.ts';
import { inlineMarksCss, installPageStyles } from './styles.ts';
import { INLINE_TAGS } from './text-blocks.ts';

/** Putting the page back is always finished, and, like drawing, its edits cost the frame layout. */
const RESTORE_SLICING = { signal: new AbortController().signal, paintEveryMs: SLICE_BUDGET_MS };

const FLASH_MS = 1600;
// mark.js skips text whose parent matches these (its built-in list); our offsets must agree.
const MARKJS_SKIPPED_PARENTS = 'script, style, title, head, html';

/** Describes an entity for assistive technology: "Vladimir Putin — President of Russia". */
export type DescribeEntity = (entityId: string) => string;

interface MarkRange {
  start: number;
  length: number;
  mention: PageMention;
}

export function createInlineMarksRenderer(
  document: Document,
  colors: Record<Category, string>,
  describe: DescribeEntity,
): HighlightRenderer {
  const styles = installPageStyles(document, inlineMarksCss(colors));
  /** Nodes we created (marks, split remainders, unwrapped text), mapped to the page's node they came from. */
  const originOf = new WeakMap<Node, Text>();
  const piecesOf = new Map<Text, Set<ChildNode>>();
  /** What each split node of the page held once we had split it: if it differs later, the page wrote to it. */
  const dataAfterSplit = new WeakMap<Text, string>();
  const marksOf = new Map<PageMention, HTMLElement[]>();
  const mentionOfMark = new WeakMap<Element, PageMention>();
  let flashTimer: ReturnType<typeof setTimeout> | undefined;
  let flashed: HTMLElement[] = [];

  const track = (piece: ChildNode, origin: Text) => {
    originOf.set(piece, origin);
    let set = piecesOf.get(origin);
    if (!set) piecesOf.set(origin, (set = new Set()));
    set.add(piece);
  };

  /**
   * The element mark.js should treat as context for a mention: its nearest block-level ancestor, by
   * the same list of inline tags the text walker used, so it holds every node of the mention.
   */
  const containerOf = (node: Node): Element | ShadowRoot => {
    let element = node.parentElement;
    if (!element) return node.parentNode as ShadowRoot; // text right at the top of a web component

    while (INLINE_TAGS.has(element.tagName.toUpperCase())) {
      // Inline elements right at the top of a web component's tree: the tree holds the block.
      if (!element.parentElement) return element.parentNode as Element | ShadowRoot;
      element = element.parentElement;
    }
    return element;
  };

  /** Where each text node starts in mark.js's view of `container`'s text. */
  const textOffsets = (container: Element | ShadowRoot): Map<Text, number> => {
    const offsets = new Map<Text, number>();
    const walker = document.createTreeWalker(container, 0x4 /* SHOW_TEXT */);
    let total = 0;
    for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
      if (node.parentElement?.matches(MARKJS_SKIPPED_PARENTS)) continue;
      offsets.set(node, total);
      total += node.data.length;
    }
    return offsets;
  };

  const wrapInContainer = (container: Element | ShadowRoot, mentions: PageMention[]) => {
    const offsets = textOffsets(container);
    const ranges: MarkRange[] = [];
    for (const mention of mentions) {
      // One range per text node of the mention: a single range from its start to its end would also
      // wrap any text in between that the scan skipped (a <button>'s label, a [hidden] span).
      for (const node of mention.nodes) {
        const at = offsets.get(node);
        if (at === undefined) continue;
        const from = node === mention.startNode ? mention.startOffset : 0;
        const to = node === mention.endNode ? mention.endOffset : node.data.length;
        if (to > from) ranges.push({ start: at + from, length: to - from, mention });
      }
    }
    // mark.js calls the global document's createNodeIterator (the page's document, here).
    withSnapshotIterators(globalThis.document, () => markRanges(container, ranges));
    for (const origin of offsets.keys()) if (piecesOf.has(origin)) dataAfterSplit.set(origin, origin.data);
  };

  const markRanges = (container: Element | ShadowRoot, ranges: MarkRange[]) => {
    new Mark(container as HTMLElement).markRanges(ranges, {
      element: 'mark',
      each(element: HTMLElement, range: MarkRange) {
        const mention = range.mention;
        // The mark replaced a piece split from the node before it (the page's node or our remainder).
        const before = element.previousSibling as Text;
        const origin = originOf.get(before) ?? before;
        track(element, origin);
        if (element.nextSibling) track(element.nextSibling, origin);
        const marks = marksOf.get(mention) ?? [];
        if (marks.length === 0) {
          marksOf.set(mention, marks);
          element.tabIndex = 0; // one tab stop per mention: focus opens its card
        }
        marks.push(element);
        mentionOfMark.set(element, mention);
        element.setAttribute(MARK_ENTITY_ATTRIBUTE, mention.entityId);
        element.setAttribute('data-backstory-category', mention.category);
        element.setAttribute('aria-description', describe(mention.entityId));
      },
    } as Mark.MarkRangesOptions);
  };

  /** Points a drawn mention at the text inside its marks (what hit-testing and scrolling use). */
  const retarget = (mention: PageMention) => {
    const marks = marksOf.get(mention);
    if (!marks?.length) return;
    const nodes = marks.map((mark) => mark.firstChild as Text);
    mention.nodes = nodes;
    mention.startNode = nodes[0]!;
    mention.startOffset = 0;
    mention.endNode = nodes[nodes.length - 1]!;
    mention.endOffset = mention.endNode.data.length;
  };

  /** Replaces a mark by its text (a plain text node we still track as a piece of its origin). */
  const unwrapMark = (mark: HTMLElement) => {
    const origin = originOf.get(mark);
    const text = document.createTextNode(mark.textContent ?? '');
    mark.replaceWith(text);
    piecesOf.get(origin!)?.delete(mark);
    if (origin) track(text, origin);
  };

  /**
   * Merges every piece of `origin` back into it: the page's own node, with its own text, again.
   * If the page has written to the node or replaced it since we split it, our pieces hold outdated
   * text: they are dropped, not merged.
   */
  const restore = (origin: Text) => {
    const pieces = piecesOf.get(origin);
    if (!pieces) return;
    // Rewritten since (React updating its text while we were switched off or rescanning), or
    // replaced by another node while our pieces stayed (a change made while nobody observed, as
    // during this sliced putting back): the page's new text stands alone.
    const replaced = !origin.isConnected && [...pieces].some((piece) => piece.isConnected);
    if (replaced || origin.data !== dataAfterSplit.get(origin)) {
      for (const piece of pieces) piece.remove();
      piecesOf.delete(origin);
      return;
    }
    let next = origin.nextSibling;
    let text = origin.data;
    while (next && pieces.has(next)) {
      text += next.textContent ?? '';
      const after = next.nextSibling;
      pieces.delete(next);
      next.remove();
      next = after;
    }
    if (text !== origin.data) origin.data = text;
    // Pieces the page moved elsewhere cannot be merged back; unwrap them where they are.
    for (const piece of pieces) if (piece instanceof HTMLElement) piece.replaceWith(piece.textContent ?? '');
    piecesOf.delete(origin);
  };

  const forget = (mention: PageMention) => {
    for (const mark of marksOf.get(mention) ?? []) mentionOfMark.delete(mark);
    marksOf.delete(mention);
  };

  return {
    kind: 'inline-marks',
    editsDom: true,
    draw(mentions) {
      const byContainer = new Map<Element | ShadowRoot, PageMention[]>();
      for (const mention of mentions) {
        const container = containerOf(mention.startNode);
        let list = byContainer.get(container);
        if (!list) byContainer.set(container, (list = []));
        list.push(mention);
      }
      for (const [container, list] of byContainer) wrapInContainer(container, list);
      mentions.forEach(retarget);
    },

    erase(mentions) {
      const origins = new Set<Text>();
      for (const mention of mentions) {
        for (const mark of marksOf.get(mention) ?? []) {
          if (!mark.isConnected) continue;
          const origin = originOf.get(mark);
          if (origin) origins.add(origin);
          unwrapMark(mark);
        }
        forget(mention);
      }
      // A node left with no mark is merged back whole: the page (or its editor, when the page has
      // just made the paragraph editable) gets its own node and text again, not our fragments.
      for (const origin of origins) {
        const pieces = piecesOf.get(origin);
        if (pieces && ![...pieces].some((piece) => piece instanceof HTMLElement)) restore(origin);
      }
    },

    dropPiecesOf(nodes) {
      const lost = new Set<PageMention>();
      for (const origin of nodes) {
        const pieces = piecesOf.get(origin);
        if (!pieces) continue;
        for (const piece of pieces) {
          const mention = piece instanceof Element ? mentionOfMark.get(piece) : undefined;
          if (mention) lost.add(mention);
          piece.remove();
        }
        piecesOf.delete(origin);
      }
      // A name split across elements ("<b>Vladimir</b> Putin") has marks on other nodes too: unwrap
      // them, or they stay highlighted with no mention behind them (and hide their text from rescans).
      for (const mention of lost) {
        for (const mark of marksOf.get(mention) ?? []) if (mark.isConnected) unwrapMark(mark);
        forget(mention);
      }
      return [...lost];
    },

    dropOrphans() {
      const replaced: Text[] = [];
      const lost = new Set<PageMention>();
      for (const [origin, pieces] of piecesOf) {
        if (origin.isConnected) continue;
        if ([...pieces].some((piece) => piece.isConnected)) {
          replaced.push(origin); // the page swapped its node for another: our pieces of the old one go
          continue;
        }
        // Removed together with its paragraph, which the page may put back (a tab panel, a recycled
        // row of a list): the node gets its whole text back, or the text from the name on is lost.
        for (const piece of pieces) {
          const mention = piece instanceof Element ? mentionOfMark.get(piece) : undefined;
          if (mention) lost.add(mention);
        }
        restore(origin);
      }
      // A name split across elements may have parts still on the page: unwrapped, merged back.
      this.erase([...lost]);
      return [...lost, ...(replaced.length ? this.dropPiecesOf!(replaced) : [])];
    },

    originOf: (node) => originOf.get(node),
    piecesOf: (origin) => piecesOf.get(origin) ?? [],
    mentionOfMark: (mark) => mentionOfMark.get(mark),

    rangeOf(mention) {
      const range = document.createRange();
      const marks = marksOf.get(mention);
      if (marks?.length) {
        range.setStartBefore(marks[0]!);
        range.setEndAfter(marks[marks.length - 1]!);
      } else {
        range.setStart(mention.startNode, mention.startOffset);
        range.setEnd(mention.endNode, mention.endOffset);
      }
      return range;
    },

    rectsOf(mention) {
      return rangeRects(this.rangeOf(mention));
    },

    flash(mention) {
      for (const mark of flashed) mark.removeAttribute('data-backstory-flash');
      flashed = marksOf.get(mention) ?? [];
      for (const mark of flashed) mark.setAttribute('data-backstory-flash', '');
      clearTimeout(flashTimer);
      flashTimer = setTimeout(() => {
        for (const mark of flashed) mark.removeAttribute('data-backstory-flash');
        flashed = [];
      }, FLASH_MS);
    },

    setColors: (next) => styles.update(inlineMarksCss(next)),
    styleShadowRoot: (root) => styles.addShadowRoot(root),

    async destroy() {
      clearTimeout(flashTimer);
      // Sliced: merging back 20,000 marks at once would freeze a big page for most of a second.
      const origins = [...piecesOf.keys()];
      let next = 0;
      await runSliced(() => {
        const origin = origins[next++];
        if (origin) restore(origin);
        return next < origins.length;
      }, RESTORE_SLICING);
      marksOf.clear();
      styles.remove();
    },
  };
}
