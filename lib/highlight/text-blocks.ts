/**
 * Walks a page's text the way a reader sees it: text nodes grouped into blocks (a paragraph, a
 * heading, a list item), so a name split across inline elements ("<b>Vladimir</b> Putin") is still
 * one name, while text in separate blocks never runs together. Excluded subtrees are skipped.
 */
import { isExcludedElement, isInsideExcluded, separatesText } from './exclusions.ts';

/** Inline elements: text inside them continues the surrounding block. Everything else starts a new one. */
export const INLINE_TAGS: ReadonlySet<string> = new Set([
  'A',
  'ABBR',
  'ACRONYM',
  'B',
  'BDI',
  'BDO',
  'BIG',
  'CITE',
  'DATA',
  'DEL',
  'DFN',
  'EM',
  'FONT',
  'I',
  'INS',
  'LABEL',
  'MARK',
  'Q',
  'RUBY',
  'RB',
  'RT',
  'RP',
  'S',
  'SMALL',
  'SPAN',
  'STRIKE',
  'STRONG',
  'SUB',
  'SUP',
  'TIME',
  'TT',
  'U',
  'VAR',
  'WBR',
  'NOBR',
]);

/** A run of text nodes that reads as one piece of text. */
export interface TextBlock {
  nodes: Text[];
  /** `starts[i]` is where `nodes[i]`'s text begins in `text`. */
  starts: number[];
  text: string;
}

const SHOW_ELEMENT = 0x1;
const SHOW_TEXT = 0x4;

function isInline(element: Element): boolean {
  return INLINE_TAGS.has(element.tagName.toUpperCase());
}

function blockContainerOf(node: Node): Node | null {
  let current = node.parentElement;
  if (!current) return node.parentNode;
  while (isInline(current)) {
    // Inline elements right at the top of a shadow tree: the tree holds their block.
    if (!current.parentElement) return current.parentNode;
    current = current.parentElement;
  }
  return current;
}

/** The link (`<a>`) `node` is in, looking only through the inline elements below `container`. */
function linkOf(node: Node, container: Node | null): Element | null {
  for (let element = node.parentElement; element && element !== container; element = element.parentElement) {
    if (element.tagName.toUpperCase() === 'A') return element;
    if (!isInline(element)) return null;
  }
  return null;
}

/** True when `text` has white space at `index` (checked at every junction of nodes: ASCII first). */
function isSpaceAt(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  return code <= 32 || (code > 127 && /\s/.test(text.charAt(index)));
}

/**
 * True when `next` starts a different link than `previous` ends, with nothing between them: a row
 * of tags or related links written without spaces (`<a>Kyiv</a><a>NATO</a>`, as JSX renders lists)
 * is several words, not "KyivNATO".
 */
function adjacentLinks(previous: Text, next: Text, container: Node | null): boolean {
  if (isSpaceAt(previous.data, previous.data.length - 1) || isSpaceAt(next.data, 0)) return false;
  const link = linkOf(next, container);
  const previousLink = linkOf(previous, container);
  return link !== previousLink && link !== null && previousLink !== null;
}

/** What a walk tells about the web components it meets. */
export interface ComponentListener {
  /** An open shadow root whose text was just walked: its later changes can be followed. */
  shadowRoot(root: ShadowRoot): void;
  /**
   * A custom element with no shadow root (yet): one whose definition has not loaded gets its
   * shadow tree later, with no change in the page's own tree to tell of it.
   */
  withoutShadowRoot?(element: Element): void;
}

/**
 * Yields the text blocks under `root` in document order. `root` may be an element, a document, a
 * shadow root, or a single text node (as when a page adds one); nothing inside an excluded subtree
 * is yielded. The text of an open shadow root (a web component's) is yielded where its host stands,
 * and `components` hears of each such root, and of custom elements that have none.
 */
export function* iterateTextBlocks(root: Node, components?: ComponentListener): Generator<TextBlock> {
  const document = root.nodeType === 9 ? (root as Document) : root.ownerDocument;
  if (!document) return;
  if (root.nodeType === 3) {
    const text = root as Text;
    if (text.data.trim() && !isInsideExcluded(text, document))
      yield { nodes: [text], starts: [0], text: text.data };
    return;
  }
  if (root.nodeType === 1 && isExcludedElement(root as Element)) return;
  // An element, or a web component's shadow root, inside an excluded one (hidden, editable…).
  if ((root.nodeType === 1 || root.nodeType === 11) && isInsideExcluded(root, document)) return;
  const ownShadowRoot = root.nodeType === 1 ? (root as Element).shadowRoot : null;
  if (ownShadowRoot) {
    // A web component the page has just added: its shadow tree is what it shows first.
    components?.shadowRoot(ownShadowRoot);
    yield* iterateTextBlocks(ownShadowRoot, components);
  }

  // No filter callback: calling into JS for every node of a big page cost more than the matching
  // of its short blocks. Excluded subtrees are stepped over in the loop below instead.
  const walker = document.createTreeWalker(root, SHOW_ELEMENT | SHOW_TEXT);
  let nodes: Text[] = [];
  let starts: number[] = [];
  let text = '';
  let container: Node | null = null;
  let lastParent: Node | null = null;
  const flush = (): TextBlock | undefined => {
    const block = nodes.length > 0 && text.trim() ? { nodes, starts, text } : undefined;
    nodes = [];
    starts = [];
    text = '';
    container = null;
    lastParent = null;
    return block;
  };
  for (let node = walker.nextNode(); node;) {
    if (node.nodeType === 1) {
      const element = node as Element;
      if (isExcludedElement(element)) {
        // Stepped over before yielding: the page may change while the block is being matched.
        node = nextOutside(walker, root);
        // A visible excluded element ("Vladimir <button>Follow</button> Putin") ends the block
        // before it; an invisible one (a <script>) does not.
        if (separatesText(element)) {
          const block = flush();
          if (block) yield block;
        }
        continue;
      }
      if (!isInline(element) || element.tagName.toUpperCase() === 'BR') {
        const block = flush();
        if (block) yield block;
        // A web component's shadow tree (only block-level hosts are looked at: custom elements
        // are, and reading shadowRoot on every <a> and <b> of a big page has a measurable cost).
        const shadowRoot = element.shadowRoot;
        if (shadowRoot) {
          components?.shadowRoot(shadowRoot);
          yield* iterateTextBlocks(shadowRoot, components);
        } else if (components?.withoutShadowRoot && element.localName.includes('-')) {
          components.withoutShadowRoot(element);
        }
      }
      node = walker.nextNode();
      continue;
    }
    const textNode = node as Text;
    if (textNode.parentNode !== lastParent) {
      lastParent = textNode.parentNode;
      const nodeContainer = blockContainerOf(textNode);
      if (
        nodeContainer !== container ||
        (nodes.length > 0 && adjacentLinks(nodes[nodes.length - 1]!, textNode, container))
      ) {
        const block = container === null ? undefined : flush();
        if (block) yield block;
        container = nodeContainer;
        lastParent = textNode.parentNode;
      }
    }
    nodes.push(textNode);
    starts.push(text.length);
    text += textNode.data;
    node = walker.nextNode();
  }
  const block = flush();
  if (block) yield block;
}

/**
 * True when the text inside an inline `element` cannot run on into the text around it: its first
 * and its last words both sit in blocks of its own (a feed's `<a>` card holding an `<h3>` and a
 * `<p>`). Scanning the element alone then finds everything its arrival changed.
 */
export function holdsItsOwnBlocks(element: Element): boolean {
  const first = edgeText(element, false);
  if (!first) return true; // no words at all: nothing to join with the neighbours
  const last = edgeText(element, true)!;
  return [first, last].every((text) => {
    const container = blockContainerOf(text);
    return container !== element && element.contains(container);
  });
}

/** The first (or last) text node under `element` that holds more than white space. */
function edgeText(element: Element, fromEnd: boolean): Text | null {
  const walker = element.ownerDocument.createTreeWalker(element, SHOW_TEXT);
  const hasWords = (node: Node) => (node as Text).data.trim() !== '';
  if (!fromEnd) {
    for (let node = walker.nextNode(); node; node = walker.nextNode())
      if (hasWords(node)) return node as Text;
    return null;
  }
  let deepest: Node = element;
  while (deepest.lastChild) deepest = deepest.lastChild;
  walker.currentNode = deepest;
  const start = deepest.nodeType === 3 ? deepest : walker.previousNode();
  for (let node = start; node; node = walker.previousNode()) if (hasWords(node)) return node as Text;
  return null;
}

/** Moves `walker` to the first node after its current node's subtree (null at the end of `root`). */
function nextOutside(walker: TreeWalker, root: Node): Node | null {
  for (let node: Node | null = walker.currentNode; node && node !== root; node = walker.parentNode()) {
    const sibling = walker.nextSibling();
    if (sibling) return sibling;
  }
  return null;
}

/** Where offset `offset` of a block's text falls: the node (and its index in the block) and the offset inside it. */
export function locateInBlock(
  block: TextBlock,
  offset: number,
  preferEnd: boolean,
): { index: number; node: Text; offset: number } {
  // Binary search for the last node starting at or before `offset` (before it, for an end offset
  // that falls exactly on a boundary, so a range never ends at offset 0 of the next node).
  let low = 0;
  let high = block.starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    const start = block.starts[mid]!;
    if (start < offset || (!preferEnd && start === offset)) low = mid;
    else high = mid - 1;
  }
  return { index: low, node: block.nodes[low]!, offset: offset - block.starts[low]! };
}
