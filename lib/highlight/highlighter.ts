/**
 * The highlighter: finds every known name in a page's text and keeps the highlights right while
 * the page changes, without ever blocking it or damaging it.
 *
 * - Work is sliced (lib/highlight/scheduler.ts): no task of ours approaches 50 ms.
 * - One MutationObserver; added nodes are batched and de-duplicated (a node inside a queued root is
 *   skipped); text put in or out of bounds by an attribute (`hidden`, `contenteditable`) is scanned
 *   or cleared; above RESCAN_THRESHOLD changes (records, or nodes one record adds), one full rescan
 *   replaces thousands of small ones.
 * - Our own DOM changes (inline marks) are made while the observer is disconnected, so they make no
 *   mutation records and the highlighter never reacts to itself.
 * - A page that keeps rewriting the same block (fighting our marks) is left alone after a while.
 */
import type { Category } from '../dataset/schema.ts';
import type { Matcher, Mention } from '../match/matcher.ts';
import type { Renderer } from '../settings.ts';
import { compareInPage, composedContains } from './composed-tree.ts';
import {
  IGNORE_ATTRIBUTE,
  isExcludedElement,
  isInsideExcluded,
  MARK_ENTITY_ATTRIBUTE,
} from './exclusions.ts';
import { createHighlightApiRenderer, supportsHighlightApi } from './highlight-api-renderer.ts';
import { createInlineMarksRenderer } from './inline-marks-renderer.ts';
import { type EntityTally, MentionIndex, type PageMention } from './page-mentions.ts';
import type { HighlightRenderer, TextMoves } from './renderer.ts';
import { FRAME_MS, runSliced, SLICE_BUDGET_MS } from './scheduler.ts';
import {
  type ComponentListener,
  holdsItsOwnBlocks,
  INLINE_TAGS,
  iterateTextBlocks,
  locateInBlock,
  type TextBlock,
} from './text-blocks.ts';

export const RESCAN_THRESHOLD = 1000; // Dark Reader's lesson: past this, one full pass is cheaper

/**
 * How much a batch of mutations changed: one per record, plus every node a record added. One
 * record can carry thousands of nodes (a feed swapped in with one `replaceChildren`), and queueing
 * thousands of roots one by one would itself be a long task.
 */
export function countChanges(records: readonly Pick<MutationRecord, 'type' | 'addedNodes'>[]): number {
  let changes = 0;
  for (const record of records) changes += 1 + (record.type === 'childList' ? record.addedNodes.length : 0);
  return changes;
}
const LOOP_WINDOW_MS = 2000;
const OBSERVED: MutationObserverInit = {
  childList: true,
  subtree: true,
  characterData: true,
  // The attributes that put text out of bounds (exclusions.ts): a "Read more" section shown by
  // removing `hidden` gets scanned, and a paragraph made editable loses its marks.
  attributes: true,
  attributeFilter: ['hidden', 'contenteditable', IGNORE_ATTRIBUTE],
};
const LOOP_LIMIT = 25; // rescans of one block within the window before we stop fighting the page
// Custom elements not defined yet are looked at again after these delays (doubling), until defined.
const FIRST_DEFINITION_CHECK_MS = 250;
const LONGEST_DEFINITION_CHECK_MS = 4000;
const MOST_AWAITING_DEFINITION = 1000; // a page of a thousand undefined tags is not waited on past these

/** What the highlighter needs to know about an entity. */
export interface EntityInfo {
  name: string;
  category: Category;
  description: string;
}

/** The settings that change what is highlighted and how. */
export interface HighlightOptions {
  categories: Record<Category, boolean>;
  firstMentionOnly: boolean;
  renderer: Renderer;
  colors: Record<Category, string>;
}

export interface HighlighterDeps {
  document: Document;
  matcher: Matcher;
  entity: (id: string) => EntityInfo | undefined;
  options: HighlightOptions;
  /** Called after the set of mentions changed (the caller debounces reports). */
  onMentionsChanged: (tally: EntityTally[]) => void;
  /** Stops all work when aborted (content-script invalidation). */
  signal: AbortSignal;
}

export interface Highlighter {
  /** The mentions drawn on the page. */
  readonly index: MentionIndex;
  /** The open shadow roots (web components) whose text is highlighted and followed. */
  shadowRoots(): ShadowRoot[];
  /**
   * Count and first sighting per entity, of every mention found: with "first mention only", the
   * mentions found but not drawn count too (the popup's "On this page" and the badge).
   */
  tally(): EntityTally[];
  renderer(): HighlightRenderer;
  /** The live mention an inline mark draws (undefined for any other element, or a stale mark). */
  mentionOfMark(mark: Element): PageMention | undefined;
  /** Scans the whole page and starts following its changes. */
  start(): void;
  /** Clears and scans the whole page again (single-page navigation). */
  rescanAll(): void;
  /** Applies changed options (renderer, categories, first mention only, colours). */
  setOptions(options: HighlightOptions): void;
  /** Replaces the matcher (dataset or packs changed) and rescans. */
  setMatcher(matcher: Matcher, entity: (id: string) => EntityInfo | undefined): void;
  /** Resolves when no scan is queued or running. */
  idle(): Promise<void>;
  /** Removes every highlight and stops observing; resolves when the page is exactly as it was. */
  stop(): Promise<void>;
}

export function createHighlighter(deps: HighlighterDeps): Highlighter {
  const { document, signal } = deps;
  let { matcher, entity, options } = deps;
  /** Open shadow roots met while scanning: observed beside the document, and styled by the renderer. */
  const shadowRoots = new Set<ShadowRoot>();
  const index = new MentionIndex();
  /**
   * With "first mention only": the mentions found after an entity's first one, not drawn but kept
   * for the counts, and so the next one can take the highlight when the page drops the first.
   */
  const held = new MentionIndex();
  /**
   * Entities that lost their drawn mention, or a held one (perhaps the one that was to take the
   * highlight): one of their held mentions may have to take the place of the drawn one.
   */
  const mayNeedPromotion = new Set<string>();
  /**
   * Bumped whenever the counts change with nothing new drawn: a mention held or let go, or a drawn
   * one forgotten (a re-read paragraph that no longer holds its name must be reported too).
   */
  let tallyEdits = 0;
  /**
   * Drawn mentions an earlier one has just taken the highlight from, and the block each is in.
   * Inline marks erase them only once the pass over the root being read is over: erasing merges
   * text nodes back together, and a walk part-way through the root would go on from a node no
   * longer on the page (and hold what it read there for good).
   */
  let displaced: { mention: PageMention; root: Node | undefined }[] = [];
  let passStartSerial = 0; // mentions found since the pass over the current root began are newer
  /**
   * Inline marks split the page's text nodes to wrap a name, and merge them back when its mark
   * goes. A held mention moves with its text, so it always lies in the node that holds its text
   * now: a re-read of that node (and only of that node) finds it again and lets go of it first.
   */
  const heldFollowsText: TextMoves = {
    moved(from, fromOffset, to, toOffset) {
      for (const mention of held.onNode(from)) {
        // A held mention never straddles a mark: its part in `from` lies wholly before or after.
        const partStart = mention.startNode === from ? mention.startOffset : 0;
        if (partStart < fromOffset) continue;
        held.remove(mention);
        const shift = toOffset - fromOffset;
        if (mention.startNode === from) {
          mention.startNode = to;
          mention.startOffset += shift;
        }
        if (mention.endNode === from) {
          mention.endNode = to;
          mention.endOffset += shift;
        }
        mention.nodes = [...new Set(mention.nodes.map((node) => (node === from ? to : node)))];
        held.add(mention);
      }
    },
    dropped: (piece) => release(held.onNode(piece)),
  };

  let renderer = makeRenderer(options.renderer);
  let queue: Node[] = [];
  /**
   * Inline marks: roots queued because the page removed nodes or changed text in them, the only
   * changes that can leave two of our marks touching (see readTouchingMarks). Other re-reads (text
   * added to a feed, say) skip that walk over every mark in the root.
   */
  const mayHaveTouchingMarks = new Set<Node>();
  let running: Promise<void> | undefined;
  let generation = 0; // bumped by full rescans so an outdated pass stops
  let observer: MutationObserver | undefined;
  let erasing: Promise<void> = Promise.resolve(); // highlights being taken away; scans wait for it
  let stopped = false;
  let rescansOf = new WeakMap<Node, number[]>();
  let givenUp = new WeakSet<Node>();

  function makeRenderer(kind: Renderer): HighlightRenderer {
    const made =
      kind === 'highlight-api' && supportsHighlightApi(document.defaultView!)
        ? createHighlightApiRenderer(document, options.colors)
        : createInlineMarksRenderer(
            document,
            options.colors,
            (id) => {
              const info = entity(id);
              return info ? `${info.name} — ${info.description}` : id;
            },
            heldFollowsText,
          );
    for (const root of shadowRoots) made.styleShadowRoot(root);
    return made;
  }

  /** Starts following a web component's shadow tree the scan has just entered. */
  function adoptShadowRoot(root: ShadowRoot) {
    if (shadowRoots.has(root)) return;
    shadowRoots.add(root);
    renderer.styleShadowRoot(root);
    observer?.observe(root, OBSERVED);
  }

  /**
   * Custom elements met with no shadow root. A component whose definition loads after our scan (the
   * scripts that define them often load late) gets its shadow tree with no change to the page's own
   * tree, so no mutation tells of it: each is looked at again from time to time until it is defined.
   */
  const awaitingDefinition = new Set<Element>();
  let definitionCheck: ReturnType<typeof setTimeout> | undefined;
  let definitionDelay = FIRST_DEFINITION_CHECK_MS;
  const components: ComponentListener = {
    shadowRoot: adoptShadowRoot,
    withoutShadowRoot(element) {
      if (awaitingDefinition.size >= MOST_AWAITING_DEFINITION) return;
      if (awaitingDefinition.size === 0) definitionDelay = FIRST_DEFINITION_CHECK_MS;
      awaitingDefinition.add(element);
      definitionCheck ??= setTimeout(checkDefinitions, definitionDelay);
    },
  };

  function checkDefinitions() {
    definitionCheck = undefined;
    if (stopped || signal.aborted) return;
    for (const element of awaitingDefinition) {
      const shadowRoot = element.shadowRoot;
      if (shadowRoot || !element.isConnected || element.matches(':defined'))
        awaitingDefinition.delete(element);
      // Its definition arrived and made a shadow tree: read it (the host's own text is read again too).
      if (shadowRoot && element.isConnected && !shadowRoots.has(shadowRoot)) schedule(element);
    }
    if (!awaitingDefinition.size) return;
    definitionDelay = Math.min(definitionDelay * 2, LONGEST_DEFINITION_CHECK_MS);
    definitionCheck = setTimeout(checkDefinitions, definitionDelay);
  }

  /** Lets go of the components the page has removed; a scan meets them again if they come back. */
  function forgetRemovedComponents() {
    for (const root of shadowRoots) if (!root.host.isConnected) shadowRoots.delete(root);
  }

  /** Watches the document and every shadow root met so far (one observer for all). */
  function watch(target: MutationObserver) {
    forgetRemovedComponents();
    target.observe(document.documentElement, OBSERVED);
    for (const root of shadowRoots) target.observe(root, OBSERVED);
  }

  /** Runs a DOM change of ours, unobserved: it makes no mutation records. */
  function ownEdit(change: () => void) {
    // The Highlight API draws without touching the DOM: reconnecting the observer at every step of
    // a scan would be pure cost.
    if (!observer || !renderer.editsDom) return change();
    // The page's changes so far are handled after ours. Not observing while we edit (rather than
    // discarding the records after) spares the browser a record for each of thousands of splits.
    const before = observer.takeRecords();
    observer.disconnect();
    try {
      change();
    } finally {
      watch(observer);
    }
    if (before.length) handleMutations(before);
  }

  function forget(mentions: PageMention[]) {
    for (const mention of mentions) {
      index.remove(mention);
      tallyEdits++;
      if (options.firstMentionOnly) mayNeedPromotion.add(mention.entityId);
    }
  }

  function hold(mention: PageMention) {
    held.add(mention);
    tallyEdits++;
  }

  function release(mentions: Iterable<PageMention>) {
    for (const mention of mentions) {
      held.remove(mention);
      tallyEdits++;
      // Read again, it may be found no more ("Kiev" + "an"): if its entity has no drawn mention
      // now, the next held one takes the highlight.
      mayNeedPromotion.add(mention.entityId);
    }
  }

  /**
   * An entity whose drawn mention is gone, and that is still mentioned, gets its highlight back on
   * its earliest remaining mention: that mention's block is read again, and with nothing drawn for
   * the entity, the scan draws it.
   */
  function promoteHeld() {
    for (const entityId of mayNeedPromotion) {
      if (index.hasEntity(entityId)) continue;
      const [earliest] = held.ofEntity(entityId);
      const root = earliest && blockRootOf(earliest.startNode);
      if (root?.isConnected) schedule(root);
    }
    mayNeedPromotion.clear();
  }

  function tally(): EntityTally[] {
    if (held.isEmpty()) return index.tally();
    const combined = new Map(index.tally().map((entry) => [entry.entityId, entry]));
    for (const entry of held.tally()) {
      const drawn = combined.get(entry.entityId);
      combined.set(
        entry.entityId,
        drawn
          ? { ...drawn, count: drawn.count + entry.count, first: Math.min(drawn.first, entry.first) }
          : entry,
      );
    }
    return [...combined.values()];
  }

  /**
   * Takes every highlight away. Restoring thousands of inline marks is sliced like scanning, so
   * our observer stops watching meanwhile (we would otherwise read our own restoring as the page's
   * edits) and, when `reobserve`, watches again once the page is back as it was.
   */
  function eraseAll(reobserve: boolean) {
    const old = renderer;
    index.clear();
    held.clear();
    displaced = [];
    mayNeedPromotion.clear();
    // Page changes not delivered yet (made in the same task as a stop, a settings change or a
    // route change) would be lost with the observer: our pieces of a node the page rewrote or
    // replaced must go first, or putting the page back brings its old text back beside the new.
    if (observer) repairSplits(observer.takeRecords());
    observer?.disconnect();
    observer = undefined;
    erasing = erasing.then(async () => {
      await old.destroy();
      if (reobserve && !signal.aborted && !stopped) observe();
    });
  }

  // ---- scanning --------------------------------------------------------------------------------

  /** True when the mention at (`node`, `offset`) comes before the one at (`otherNode`, `otherOffset`). */
  function comesBefore(node: Text, offset: number, otherNode: Text, otherOffset: number): boolean {
    return otherNode === node ? offset < otherOffset : compareInPage(node, otherNode) < 0;
  }

  /**
   * Finds the mentions in `block` and adds them to `found`. `inOrder`: the block is part of a pass
   * over the whole page in document order, so no mention found earlier can come after it.
   */
  function scanBlock(block: TextBlock, found: PageMention[], inOrder: boolean) {
    // Mentions already on these nodes are re-found below; drop them first so none is doubled.
    // (A first scan finds none: the check is skipped while the page has no highlights at all.)
    if (!index.isEmpty()) {
      const stale = new Set<PageMention>();
      for (const node of block.nodes) for (const mention of index.onNode(node)) stale.add(mention);
      if (stale.size) {
        ownEdit(() => renderer.erase([...stale]));
        forget([...stale]);
      }
    }
    if (!inOrder && !held.isEmpty()) release(block.nodes.flatMap((node) => held.onNode(node)));
    const matches = !inOrder && renderer.editsDom ? readBesideMarks(block) : matcher.scan(block.text);
    const { firstMentionOnly, categories } = options;
    for (const match of matches) {
      const info = entity(match.entityId);
      if (!info || !categories[info.category]) continue;
      const start = locateInBlock(block, match.start, false);
      const end = locateInBlock(block, match.end, true);
      const mention: PageMention = {
        serial: index.allocateSerial(),
        entityId: match.entityId,
        category: info.category,
        startNode: start.node,
        startOffset: start.offset,
        endNode: end.node,
        endOffset: end.offset,
        nodes: block.nodes.slice(start.index, end.index + 1),
      };
      if (firstMentionOnly && !drawsFirst(mention, found, inOrder)) {
        hold(mention);
        continue;
      }
      found.push(mention);
      if (firstMentionOnly) index.add(mention); // so later matches in this pass see it
    }
  }

  /**
   * Inline marks: a mark stands between the text on either side of it, and ends the block a scan
   * reads, yet the page shows its text with theirs. So a block read again is read with the names
   * drawn beside it, as the Highlight API reads the page: a mark is no word boundary ("ceasefire"
   * + a drawn "NATO" reads "ceasefireNATO", neither of them). A mark that no longer reads as its
   * name there is redrawn: the block may make it part of a longer name ("Zaporizhzhia" + " nuclear
   * power plant"), or glue letters or digits onto it ("Kyiv" + "an"); and text put between the
   * marks of one name ("Zaporizhzhia <b>Kyiv</b> nuclear power plant") would leave the name drawn
   * across it. Such a mark's mention is erased (once this pass is over) and its block read again
   * whole. A mark drawn in this very pass was found with the text as it is, and stays. Returns
   * the names in the block itself.
   */
  function readBesideMarks(block: TextBlock): Mention[] {
    const before = markBeside(block.nodes[0]!, false);
    const after = markBeside(block.nodes[block.nodes.length - 1]!, true);
    if (!before && !after) return matcher.scan(block.text);
    const drawnBefore = before && olderDrawnMention(before);
    const drawnAfter = after && olderDrawnMention(after);
    if (drawnBefore && drawnBefore === drawnAfter) {
      displace(drawnBefore, before);
      return matcher.scan(block.text);
    }
    const nameBefore = before ? drawnName(before, true) : '';
    const nameAfter = after ? drawnName(after, false) : '';
    const blockStart = nameBefore.length;
    const blockEnd = blockStart + block.text.length;
    const matches = matcher.scan(nameBefore + block.text + nameAfter);
    if (drawnBefore && !readsAsDrawn(matches, drawnBefore, nameBefore, 0, blockStart))
      displace(drawnBefore, before);
    if (drawnAfter && !readsAsDrawn(matches, drawnAfter, nameAfter, blockEnd, blockEnd))
      displace(drawnAfter, after);
    return matches
      .filter((match) => match.start >= blockStart && match.end <= blockEnd)
      .map((match) => ({ ...match, start: match.start - blockStart, end: match.end - blockStart }));
  }

  /** The drawn name `mark` is part of: up to the end of `mark` (`upToMark`), or from `mark` on. */
  function drawnName(mark: Element, upToMark: boolean): string {
    const mention = renderer.mentionOfMark?.(mark);
    return mention ? drawnTextUpTo(mention, mark, upToMark) : (mark.textContent ?? '');
  }

  /**
   * True when `matches` (of a block read with the drawn names beside it) still find `mention`,
   * whose text `name` starts at `nameStart`; `seam` is where it meets the block.
   */
  function readsAsDrawn(
    matches: Mention[],
    mention: PageMention,
    name: string,
    nameStart: number,
    seam: number,
  ): boolean {
    if (matches.some((match) => isNameAt(match, mention, nameStart, name.length))) return true;
    if (matches.some((match) => match.start < seam && match.end > seam)) return false; // a longer name
    // Nothing reads across the seam, yet the name is gone: the text glued on made it part of a
    // longer word. Unless the name was never found in its drawn text alone (hidden text inside
    // it, say): nothing can be told from reading it then, and it stays as it was.
    return !matcher.scan(name).some((match) => isNameAt(match, mention, 0, name.length));
  }

  /**
   * The text of `mention` as drawn, from its start to the end of `mark` (`fromStart`), or from
   * `mark` to its end: the whole name, when `mark` is the part next to the text being read.
   */
  function drawnTextUpTo(mention: PageMention, mark: Element, fromStart: boolean): string {
    const markText = mark.firstChild;
    // Most names are one mark. Its text alone, then: this runs for every block beside a mark that
    // is read again (a transcript streaming in lines re-reads a thousand of them).
    if (mention.nodes.length === 1 || markText?.nodeType !== 3) return mark.textContent ?? '';
    // A name in several marks (its drawn nodes are their text, see the renderer's retarget): the
    // text between them too, so the space in "Vladimir<b> </b>Putin" is read.
    const range = document.createRange();
    if (fromStart) {
      range.setStart(mention.startNode, mention.startOffset);
      range.setEnd(markText, (markText as Text).data.length);
    } else {
      range.setStart(markText, 0);
      range.setEnd(mention.endNode, mention.endOffset);
    }
    return textAsRead(range);
  }

  /**
   * The text in `range` as the scan reads it: not the text of excluded elements inside it (hidden,
   * ignored, a script), which Range.toString() would give, and with which the name never reads as
   * itself. Our marks are excluded elements too, but theirs is the name's own text.
   */
  function textAsRead(range: Range): string {
    const within = range.commonAncestorContainer;
    const walker = document.createTreeWalker(
      within.nodeType === 3 ? within.parentNode! : within,
      NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT,
      (node) => {
        if (node.nodeType === 3)
          return range.intersectsNode(node) ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP;
        const element = node as Element;
        return isExcludedElement(element) && !element.hasAttribute(MARK_ENTITY_ATTRIBUTE)
          ? NodeFilter.FILTER_REJECT
          : NodeFilter.FILTER_SKIP;
      },
    );
    let text = '';
    for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
      const start = node === range.startContainer ? range.startOffset : 0;
      const end = node === range.endContainer ? range.endOffset : node.data.length;
      text += node.data.slice(start, end);
    }
    return text;
  }

  /** True when `match` is `mention`'s entity, found exactly at `start` for `length` units. */
  const isNameAt = (match: Mention, mention: PageMention, start: number, length: number): boolean =>
    match.start === start && match.end === start + length && match.entityId === mention.entityId;

  /** The drawn mention of `mark`, unless it was found in the pass now running. */
  function olderDrawnMention(mark: Element): PageMention | undefined {
    const mention = renderer.mentionOfMark?.(mark);
    return mention && index.has(mention) && mention.serial < passStartSerial ? mention : undefined;
  }

  function displace(mention: PageMention, mark: Element) {
    index.remove(mention);
    displaced.push({ mention, root: blockRootOf(mark) });
  }

  /**
   * Our mark right before (or after) `node` (a text node, or a mark) in the same run of text: only
   * empty text (the rest of a node a mark split), comments and the edges of inline elements may
   * stand between them. Not one in another link: links side by side are separate words, as the
   * text walker reads them (a row of tags, "<a>Kyiv</a><a>NATO</a>").
   */
  function markBeside(node: Node, forward: boolean): Element | undefined {
    for (let next = nextInRun(node, forward); next;) {
      if (next.nodeType === 3 && (next as Text).data !== '') return undefined;
      if (next.nodeType !== 1) {
        next = nextInRun(next, forward);
        continue;
      }
      const element = next as Element;
      if (element.hasAttribute(MARK_ENTITY_ATTRIBUTE))
        return inOtherLinks(node, element) ? undefined : element;
      if (!isInline(element) || element.tagName.toUpperCase() === 'BR' || isExcludedElement(element))
        return undefined;
      next = (forward ? element.firstChild : element.lastChild) ?? nextInRun(element, forward);
    }
    return undefined;
  }

  /** True when `node` and `other` are in two different links. */
  function inOtherLinks(node: Node, other: Node): boolean {
    const link = linkAround(node);
    const otherLink = linkAround(other);
    return link !== otherLink && link !== null && otherLink !== null;
  }

  /** The link (`<a>`) `node` is in, looking only through the inline elements around it. */
  function linkAround(node: Node): Element | null {
    for (let element = node.parentElement; element && isInline(element); element = element.parentElement)
      if (element.tagName.toUpperCase() === 'A') return element;
    return null;
  }

  /** The node after (or before) `node`, stepping out of inline elements but never out of a block. */
  function nextInRun(node: Node, forward: boolean): Node | null {
    for (let current = node; ;) {
      const sibling = forward ? current.nextSibling : current.previousSibling;
      if (sibling) return sibling;
      const parent = current.parentElement;
      if (!parent || !isInline(parent)) return null;
      current = parent;
    }
  }

  /**
   * Inline marks: two names drawn side by side with nothing between them (the page took away the
   * text that stood there) meet where no block is, so readBesideMarks never reads them together.
   * When their root is read again, each pair is read as one piece of text, and a name it no longer
   * finds ("Kyiv" + "NATO" is "KyivNATO") is redrawn as readBesideMarks redraws it.
   */
  function readTouchingMarks(root: Node) {
    if (!('querySelectorAll' in root)) return; // added text: no marks in it yet
    for (const mark of (root as ParentNode).querySelectorAll(`mark[${MARK_ENTITY_ATTRIBUTE}]`)) {
      const next = markBeside(mark, true);
      const first = olderDrawnMention(mark);
      const second = next && olderDrawnMention(next);
      if (!first || !second || first === second) continue; // parts of one name touch, as drawn
      const firstName = drawnName(mark, true);
      const secondName = drawnName(next, false);
      const seam = firstName.length;
      const matches = matcher.scan(firstName + secondName);
      if (!readsAsDrawn(matches, first, firstName, 0, seam)) displace(first, mark);
      if (!readsAsDrawn(matches, second, secondName, seam, seam)) displace(second, next);
    }
  }

  /**
   * True when `root`, about to be read again, is or holds a root where marks may have come to touch;
   * those are then checked with it. (A queued root swallows the roots inside it: see schedule.)
   */
  function takeTouchCheck(root: Node): boolean {
    let found = false;
    for (const changed of mayHaveTouchingMarks) {
      const inRoot = root === changed || root.contains(changed);
      if (inRoot || !changed.isConnected) mayHaveTouchingMarks.delete(changed); // gone: never read
      found ||= inRoot;
    }
    return found;
  }

  /**
   * With "first mention only": true when `mention` is now its entity's first and is to be drawn.
   * A drawn mention it comes before (a live blog's newest post, added above it) stops being drawn
   * and is held instead.
   */
  function drawsFirst(mention: PageMention, found: PageMention[], inOrder: boolean): boolean {
    if (inOrder) return !index.hasEntity(mention.entityId);
    const [drawn] = index.ofEntity(mention.entityId);
    if (!drawn) {
      const [earliest] = held.ofEntity(mention.entityId);
      if (
        !earliest ||
        comesBefore(mention.startNode, mention.startOffset, earliest.startNode, earliest.startOffset)
      )
        return true;
      mayNeedPromotion.add(mention.entityId); // the earlier one takes the highlight (promoteHeld)
      return false;
    }
    if (!comesBefore(mention.startNode, mention.startOffset, drawn.startNode, drawn.startOffset))
      return false;
    const unsaved = found.indexOf(drawn);
    if (unsaved >= 0) {
      found.splice(unsaved, 1);
      index.remove(drawn);
      hold(drawn);
    } else {
      index.remove(drawn);
      displaced.push({ mention: drawn, root: blockRootOf(drawn.startNode) });
      if (!renderer.editsDom) eraseDisplaced();
    }
    return true;
  }

  /**
   * Erases the drawn mentions displaced in this pass (an earlier mention took the highlight, or
   * text beside a mark makes a longer name); once a drawing is gone, its block is read again and
   * holds or redraws what it finds. (Inline marks merge the split text back, so the mention's own
   * nodes do not outlive the erasing.) True if it erased any.
   */
  function eraseDisplaced(): boolean {
    if (!displaced.length) return false;
    const erased = displaced;
    displaced = [];
    ownEdit(() => renderer.erase(erased.map(({ mention }) => mention)));
    for (const { mention, root } of erased) {
      if (root?.isConnected) schedule(root);
      // Read again, its block may hold the name no more ("Kyiv" + "an"): a held mention then takes
      // the highlight. Its block is queued after this one, which may find the name again.
      if (options.firstMentionOnly) mayNeedPromotion.add(mention.entityId);
    }
    return true;
  }

  function commit(found: PageMention[], pageChanged: boolean) {
    if (found.length === 0) return;
    if (options.firstMentionOnly) for (const mention of found) index.remove(mention);
    ownEdit(() => renderer.draw(found, { pageChanged }));
    for (const mention of found) index.add(mention);
  }

  /**
   * How long scanning may run before the page paints. Highlights cost that frame little (~13 ms on
   * a 1.5 MB page), so a scan may run up to the 50 ms of a long frame: a frame forced after 33 ms
   * left the longest time without one as it was (41 vs 39 ms) and cost that page 40% more time.
   * Inline marks cost the frame the layout of every paragraph they split: one slice a frame.
   */
  const paintEveryMs = () => (renderer.editsDom ? SLICE_BUDGET_MS : 3 * FRAME_MS);

  async function drain() {
    await erasing;
    const myGeneration = generation;
    const slicing = { signal, paintEveryMs: paintEveryMs() };
    let blocks: Iterator<TextBlock> | undefined;
    let inOrder = false;
    let changed = false;
    await runSliced(() => {
      if (generation !== myGeneration) return false;
      const found: PageMention[] = [];
      const tallyEditsBefore = tallyEdits;
      // Up to a few blocks per step: generators are cheap, steps are checked against the clock.
      for (let n = 0; n < 4; n++) {
        if (!blocks) {
          const root = queue.shift();
          if (!root) break;
          if (!root.isConnected) continue;
          blocks = iterateTextBlocks(root, components);
          // From the top with nothing highlighted yet: every earlier find comes before what follows.
          inOrder = root === document.body && index.isEmpty() && held.isEmpty();
          passStartSerial = index.allocateSerial();
          if (!inOrder && renderer.editsDom && !index.isEmpty() && takeTouchCheck(root))
            readTouchingMarks(root);
        }
        const next = blocks.next();
        if (next.done) {
          blocks = undefined;
          // The next root waits for the next step: a root the page added during this pass can hold
          // blocks this pass just scanned, and their finds must be committed (and so in the index,
          // where scanBlock drops them) before they are found again, or both copies would stay.
          break;
        }
        scanBlock(next.value, found, inOrder);
      }
      if (found.length) {
        commit(found, !inOrder); // only the first scan of the whole page runs in order
        changed = true;
      }
      // The counts change with it, even if the re-read draws nothing new (its category is off).
      if (!blocks && eraseDisplaced()) changed = true;
      if (tallyEdits !== tallyEditsBefore) changed = true;
      if (mayNeedPromotion.size) promoteHeld();
      return blocks !== undefined || queue.length > 0;
    }, slicing);
    if (changed && generation === myGeneration) deps.onMentionsChanged(tally());
  }

  function kick() {
    if (running || signal.aborted) return;
    running = drain().finally(() => {
      running = undefined;
      if (queue.length) kick();
    });
  }

  /** Queues `root` for scanning unless a queued root already contains it; drops queued roots inside it. */
  function schedule(root: Node) {
    if (queue.some((queued) => queued === root || queued.contains(root))) return;
    queue = queue.filter((queued) => !root.contains(queued));
    queue.push(root);
    kick();
  }

  // ---- following page changes -----------------------------------------------------------------

  /** Elements whose changes are re-read with their block: the text walker's inline tags, and <br>. */
  const isInline = (element: Element): boolean => {
    const tag = element.tagName.toUpperCase();
    return tag === 'BR' || INLINE_TAGS.has(tag);
  };

  /** Changed text is re-read with its whole block, so names split across inline elements still match. */
  function blockRootOf(node: Node): Node | undefined {
    if (node.nodeType === 11) return (node as ShadowRoot).host ? node : undefined;
    let element: Element | null = node.nodeType === 1 ? (node as Element) : node.parentElement;
    // Text right at the top of a shadow tree: the tree is its block's root.
    if (!element) return node.parentNode?.nodeType === 11 ? blockRootOf(node.parentNode) : undefined;
    while (element && isInline(element)) {
      // Inline elements right at the top of a shadow tree: the tree is their block's root.
      if (!element.parentElement) return element.parentNode ?? undefined;
      element = element.parentElement;
    }
    return element ?? undefined;
  }

  /**
   * What to scan for a node the page added: the node itself, or, when its text may continue the
   * text around it ("Vladimir <b>Putin</b>"), the whole block it joins.
   */
  function scanRootOfAdded(node: Node): Node | undefined {
    if (node.nodeType === 3) return blockRootOf(node);
    const element = node as Element;
    if (!isInline(element)) return element;
    if (!holdsItsOwnBlocks(element)) return blockRootOf(element);
    // A <br> or an image put between words ("Vladimir <br> Putin") changes how they read.
    return !element.textContent?.trim() && betweenWords(element) ? blockRootOf(element) : element;
  }

  /** Text with words, or an inline element holding some. */
  const hasWords = (node: Node | null): boolean =>
    node !== null && (node.nodeType === 3 || (node.nodeType === 1 && isInline(node as Element)))
      ? (node.textContent ?? '').trim() !== ''
      : false;

  /** True when `node` stands next to words in its block (not, say, a pixel appended to <body>). */
  const betweenWords = (node: Node): boolean => hasWords(node.previousSibling) || hasWords(node.nextSibling);

  /** Counts one more rescan of `root` (once per batch of changes); true once the page is fighting us. */
  function fightingBack(root: Node): boolean {
    if (givenUp.has(root)) return true;
    const now = performance.now();
    const times = (rescansOf.get(root) ?? []).filter((t) => now - t < LOOP_WINDOW_MS);
    times.push(now);
    rescansOf.set(root, times);
    if (times.length > LOOP_LIMIT) {
      givenUp.add(root);
      return true;
    }
    return false;
  }

  function purgeDetached() {
    const lost: PageMention[] = [];
    for (const node of index.nodes()) if (!node.isConnected) lost.push(...index.onNode(node));
    if (lost.length) {
      ownEdit(() => renderer.erase(lost));
      forget(lost);
    }
    if (!held.isEmpty()) for (const node of held.nodes()) if (!node.isConnected) release(held.onNode(node));
    forgetRemovedComponents();
  }

  /** Takes the highlights out of elements that are now out of bounds (made editable, hidden, ignored). */
  function eraseInside(elements: Set<Element>) {
    // Native contains() for the many nodes; the shadow trees inside these elements, for the rest.
    const excluded = [...elements];
    const treesInside = [...shadowRoots].filter((root) =>
      excluded.some((element) => composedContains(element, root.host)),
    );
    const isInside = (node: Node) =>
      excluded.some((element) => element.contains(node)) || treesInside.some((root) => root.contains(node));
    for (const node of held.nodes()) if (isInside(node)) release(held.onNode(node));
    const inside = new Set<PageMention>();
    for (const node of index.nodes())
      if (isInside(node)) for (const mention of index.onNode(node)) inside.add(mention);
    if (!inside.size) return;
    ownEdit(() => renderer.erase([...inside]));
    forget([...inside]);
  }

  /**
   * Inline marks: drops our pieces of page nodes that `records` show were rewritten or replaced,
   * so that putting the page back (before a full rescan, or on stopping) keeps only the page's text.
   */
  function repairSplits(records: MutationRecord[]) {
    if (!renderer.editsDom || !records.length) return;
    const rewritten = records
      .filter((record) => record.type === 'characterData')
      .map((r) => r.target as Text);
    ownEdit(() => {
      if (rewritten.length) renderer.dropPiecesOf?.(rewritten);
      if (records.some((record) => record.type === 'childList' && record.removedNodes.length))
        renderer.dropOrphans?.();
    });
  }

  /** Text, or an inline element: its going can join the text on either side of it into one. */
  const continuesText = (node: Node | null): boolean =>
    node !== null && (node.nodeType === 3 || (node.nodeType === 1 && isInline(node as Element)));

  /** True when the text around what `record` removed may now read as one ("Vladimir" + "Putin"). */
  function mayRunTogether(record: MutationRecord): boolean {
    for (const node of record.removedNodes) if (continuesText(node)) return true;
    return continuesText(record.previousSibling) && continuesText(record.nextSibling);
  }

  /** The excluded element an added node now sits in (or is), if any. */
  function excludedPlaceOf(node: Node): Element | undefined {
    if (node.nodeType === 1 && isExcludedElement(node as Element)) return node as Element;
    const parent = node.parentElement;
    if (!parent) return undefined;
    return isExcludedElement(parent) || isInsideExcluded(parent, document) ? parent : undefined;
  }

  /** True when text under `node` holds a mention, drawn or held (a node moved from elsewhere). */
  function holdsMentions(node: Node): boolean {
    if (index.isEmpty() && held.isEmpty()) return false;
    const walker = document.createTreeWalker(node, 0x4 /* SHOW_TEXT */);
    for (let text = node.nodeType === 3 ? node : walker.nextNode(); text; text = walker.nextNode())
      if (index.onNode(text as Text).length || held.onNode(text as Text).length) return true;
    return false;
  }

  function handleMutations(records: MutationRecord[]) {
    if (countChanges(records) > RESCAN_THRESHOLD) {
      repairSplits(records);
      rescanAll();
      return;
    }
    let removed = false;
    // Each root once per batch: a feed adding 30 cards to one list is one rescan of it, not 30
    // (which would also count as the page fighting us).
    const added = new Set<Node>();
    const removedFrom = new Set<Node>();
    const changedText: Text[] = [];
    const nowExcluded = new Set<Element>();
    for (const record of records) {
      if (record.type === 'characterData') {
        changedText.push(record.target as Text);
      } else if (record.type === 'attributes') {
        const element = record.target as Element;
        if (!element.isConnected) continue;
        if (isExcludedElement(element) || isInsideExcluded(element, document)) nowExcluded.add(element);
        else added.add(scanRootOfAdded(element) ?? element); // what it showed is dropped and re-found
      } else if (record.type === 'childList') {
        if (record.removedNodes.length) {
          removed = true;
          // What is left of the block may read differently now ("Vladimir <b>V.</b> Putin" loses its
          // <b>). Not so when a block of its own went (an ad, a banner) between blocks: re-reading
          // the container would redraw every mention in it, and they would blink.
          const root = mayRunTogether(record) ? blockRootOf(record.target) : undefined;
          if (root?.isConnected && !isInsideExcluded(root, document)) removedFrom.add(root);
        }
        for (const node of record.addedNodes) {
          if (node.nodeType !== 1 && node.nodeType !== 3) continue;
          // Put into an editor or a hidden part (a CMS editing a paragraph in place): what it
          // showed goes, and with inline marks the editor gets the page's own text, not our marks.
          const excluded = excludedPlaceOf(node);
          if (excluded) {
            if (holdsMentions(node)) nowExcluded.add(excluded);
            // A button put into a name ("Vladimir <button>Follow</button> Putin") splits it.
            if (excluded === node && node.parentNode && betweenWords(node)) {
              const root = blockRootOf(node.parentNode);
              if (root) added.add(root);
            }
            continue;
          }
          const root = scanRootOfAdded(node);
          if (root) added.add(root);
        }
      }
    }
    if (nowExcluded.size) eraseInside(nowExcluded);
    for (const root of added) if (!fightingBack(root)) schedule(root);
    if (changedText.length) {
      const lost = renderer.dropPiecesOf
        ? (ownEditResult(() => renderer.dropPiecesOf!(changedText)) ?? [])
        : [];
      forget(lost);
      const changedIn = new Set<Node>();
      for (const text of changedText) {
        release(held.onNode(text));
        const stale = index.onNode(text);
        if (stale.length) {
          ownEdit(() => renderer.erase(stale));
          forget(stale);
        }
        const root = blockRootOf(text);
        if (root && root.isConnected && !isInsideExcluded(text, document)) changedIn.add(root);
      }
      for (const root of changedIn) mayHaveTouchingMarks.add(root);
      for (const root of changedIn) if (!added.has(root) && !fightingBack(root)) schedule(root);
    }
    if (removed) {
      // The page removed or replaced a node we had split: its old pieces must go too.
      if (renderer.dropOrphans) forget(ownEditResult(() => renderer.dropOrphans!()) ?? []);
      purgeDetached();
      for (const root of removedFrom) mayHaveTouchingMarks.add(root);
      for (const root of removedFrom) if (!added.has(root) && !fightingBack(root)) schedule(root);
    }
    if (mayNeedPromotion.size) promoteHeld();
    if (removed || changedText.length || nowExcluded.size) deps.onMentionsChanged(tally());
  }

  function ownEditResult<T>(change: () => T): T | undefined {
    let result: T | undefined;
    ownEdit(() => {
      result = change();
    });
    return result;
  }

  function observe() {
    observer = new MutationObserver((records) => handleMutations(records));
    watch(observer);
  }

  function rescanAll() {
    generation++;
    queue = [];
    mayHaveTouchingMarks.clear();
    // A new route (or new settings) is a new page: a block given up on before is read again.
    rescansOf = new WeakMap();
    givenUp = new WeakSet();
    eraseAll(true);
    renderer = makeRenderer(options.renderer);
    deps.onMentionsChanged([]);
    if (document.body) schedule(document.body);
  }

  const stopOnAbort = () => void stop();
  signal.addEventListener('abort', stopOnAbort);

  function stop(): Promise<void> {
    // The signal is the page session's: a highlighter replaced (settings off and on) must not
    // stay reachable from it until the page unloads.
    signal.removeEventListener('abort', stopOnAbort);
    generation++;
    queue = [];
    mayHaveTouchingMarks.clear();
    stopped = true;
    clearTimeout(definitionCheck);
    awaitingDefinition.clear();
    eraseAll(false);
    return erasing;
  }

  return {
    index,
    shadowRoots: () => [...shadowRoots],
    tally,
    renderer: () => renderer,
    mentionOfMark(mark) {
      const mention = renderer.mentionOfMark?.(mark);
      return mention && index.has(mention) ? mention : undefined;
    },
    start() {
      if (!observer) observe();
      if (document.body) schedule(document.body);
    },
    rescanAll,
    setOptions(next) {
      const onlyColours =
        next.renderer === options.renderer &&
        next.firstMentionOnly === options.firstMentionOnly &&
        JSON.stringify(next.categories) === JSON.stringify(options.categories);
      options = next;
      if (onlyColours) renderer.setColors(next.colors);
      else rescanAll();
    },
    setMatcher(nextMatcher, nextEntity) {
      matcher = nextMatcher;
      entity = nextEntity;
      rescanAll();
    },
    async idle() {
      await erasing;
      while (running || queue.length) await (running ?? Promise.resolve());
    },
    stop,
  };
}
