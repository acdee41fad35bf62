/**
 * The "inline marks" renderer: mark.js wraps each mention in <mark>s carrying the entity id and
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
import { type HighlightRenderer, rangeRects, type TextMoves } from './renderer.ts';
import { runSliced, SLICE_BUDGET_MS } from './scheduler.ts';
import { withSnapshotIterators } from './snapshot-iterator.ts';
import { inlineMarksCss, installPageStyles } from './styles.ts';

/** Putting the page back is always finished, and, like drawing, its edits cost the frame layout. */
const RESTORE_SLICING = { signal: new AbortController().signal, paintEveryMs: SLICE_BUDGET_MS };

const FLASH_MS = 1600;

/** Describes an entity for assistive technology: "Vladimir Putin — President of Russia". */
export type DescribeEntity = (entityId: string) => string;

/** The part of one text node a mention covers, as mark.js takes it: `length` units from `start`. */
interface MarkRange {
  start: number;
  length: number;
  mention: PageMention;
}

export function createInlineMarksRenderer(
  document: Document,
  colors: Record<Category, string>,
  describe: DescribeEntity,
  textMoves?: TextMoves,
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
   * Wraps every mention in marks, one per text node it covers: a single mark from its start to its
   * end would also wrap any text in between that the scan skipped (a <button>'s label, a [hidden]
   * span). mark.js gets one text node at a time as its context, never the paragraph around it: it
   * maps its whole context's text for every range it wraps, so with the container as context a
   * <br>-separated transcript (one container, thousands of lines) took time in the square of its
   * length. (mark.js leaves out a piece that is only white space: "Vladimir<b> </b>Putin" shows a
   * gap there.)
   */
  const wrapMentions = (mentions: readonly PageMention[]) => {
    const rangesOf = new Map<Text, MarkRange[]>();
    for (const mention of mentions) {
      for (const node of mention.nodes) {
        const from = node === mention.startNode ? mention.startOffset : 0;
        const to = node === mention.endNode ? mention.endOffset : node.data.length;
        if (to <= from || !node.parentNode) continue;
        const range = { start: from, length: to - from, mention };
        const ranges = rangesOf.get(node);
        if (ranges) ranges.push(range);
        else rangesOf.set(node, [range]);
      }
    }
    // mark.js calls the global document's createNodeIterator (the page's document, here).
    withSnapshotIterators(globalThis.document, () => {
      for (const [node, ranges] of rangesOf) {
        const origin = originOf.get(node) ?? node;
        markRanges(node, ranges);
        // The page's node now ends where its first mark begins: what it should hold from now on.
        if (piecesOf.has(origin)) dataAfterSplit.set(origin, origin.data);
      }
    });
  };

  // One set of options for every call: there is a call per text node that holds a name.
  const markOptions = {
    element: 'mark',
    each(mark: HTMLElement, range: MarkRange) {
      // mark.js split the text before the mark off the node it wrapped in, and the rest after it.
      const before = mark.previousSibling as Text;
      const after = mark.nextSibling as Text;
      recordMark(mark, before, after, range.mention);
      textMoves?.moved(before, before.data.length + (mark.textContent?.length ?? 0), after, 0);
    },
  } as Mark.MarkRangesOptions;
  const markRanges = (node: Text, ranges: MarkRange[]) =>
    new Mark(node as unknown as HTMLElement).markRanges(ranges, markOptions);

  /**
   * Tracks a mark just put between `before` (the page's node, or a piece we split from it) and
   * `after` (the rest of that node, even when empty); returns the page's node they came from.
   */
  const recordMark = (mark: HTMLElement, before: Text, after: Text, mention: PageMention): Text => {
    const origin = originOf.get(before) ?? before;
    track(mark, origin);
    track(after, origin);
    const marks = marksOf.get(mention) ?? [];
    if (marks.length === 0) {
      marksOf.set(mention, marks);
      mark.tabIndex = 0; // one tab stop per mention: focus opens its card
    }
    marks.push(mark);
    mentionOfMark.set(mark, mention);
    mark.setAttribute(MARK_ENTITY_ATTRIBUTE, mention.entityId);
    mark.setAttribute('data-backstory-category', mention.category);
    mark.setAttribute('aria-description', describe(mention.entityId));
    return origin;
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
      dropPieces(origin, pieces);
      return;
    }
    let next = origin.nextSibling;
    let text = origin.data;
    while (next && pieces.has(next)) {
      if (next.nodeType === 3) textMoves?.moved(next as Text, 0, origin, text.length);
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

  /** Throws away our pieces of `origin` and their text; returns the mentions their marks drew. */
  const dropPieces = (origin: Text, pieces: Set<ChildNode>): PageMention[] => {
    const lost: PageMention[] = [];
    for (const piece of pieces) {
      const mention = piece instanceof Element ? mentionOfMark.get(piece) : undefined;
      if (mention) lost.push(mention);
      piece.remove();
      if (piece.nodeType === 3) textMoves?.dropped(piece as Text);
    }
    piecesOf.delete(origin);
    return lost;
  };

  const forget = (mention: PageMention) => {
    for (const mark of marksOf.get(mention) ?? []) mentionOfMark.delete(mark);
    marksOf.delete(mention);
  };

  return {
    kind: 'inline-marks',
    editsDom: true,
    draw(mentions) {
      wrapMentions(mentions);
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
        if (pieces) for (const mention of dropPieces(origin, pieces)) lost.add(mention);
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
