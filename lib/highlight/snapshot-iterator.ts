/**
 * A stand-in for `document.createNodeIterator` while mark.js wraps a container's text.
 *
 * Why: Blink tells every live NodeIterator of a document about every node removed from it, and a
 * NodeIterator stays live until garbage collection. mark.js makes one per call; we call it once per
 * block container, so a big page had thousands alive while each mark's `replaceChild` notified them
 * all: quadratic (measured on a 1 MB page: most of a 780 ms scan). mark.js reads all of its nodes
 * before it changes any, so a snapshot taken with a TreeWalker (which nothing needs to notify)
 * gives it the same nodes at none of that cost.
 */

const FILTER_ACCEPT = 1;
const FILTER_REJECT = 2;
const FILTER_SKIP = 3;

/** The part of the NodeIterator interface mark.js uses, over the nodes as they were when created. */
export interface SnapshotIterator {
  readonly root: Node;
  nextNode(): Node | null;
  previousNode(): Node | null;
  detach(): void;
}

function accepts(filter: NodeFilter | null, node: Node): number {
  if (!filter) return FILTER_ACCEPT;
  return typeof filter === 'function' ? filter(node) : filter.acceptNode(node);
}

/** Same arguments and, for a DOM that does not change while it is read, the same nodes as createNodeIterator. */
export function createSnapshotIterator(
  root: Node,
  whatToShow = 0xffffffff,
  filter: NodeFilter | null = null,
): SnapshotIterator {
  const document = root.nodeType === 9 ? (root as Document) : root.ownerDocument!;
  const nodes: Node[] = [];
  // A NodeIterator's root is its first candidate; a TreeWalker starts below it.
  if (whatToShow & (1 << (root.nodeType - 1)) && accepts(filter, root) === FILTER_ACCEPT) nodes.push(root);
  // A NodeIterator treats "reject" as "skip" (it never prunes a subtree); the walker must too.
  // (A root with no children, as the text node inline marks give mark.js, needs no walker.)
  if (root.firstChild) {
    const walker = document.createTreeWalker(root, whatToShow, (node) => {
      const verdict = accepts(filter, node);
      return verdict === FILTER_REJECT ? FILTER_SKIP : verdict;
    });
    for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node);
  }
  // The iterator sits between nodes[position - 1] and nodes[position], as a NodeIterator's pointer does.
  let position = 0;
  return {
    root,
    nextNode: () => (position < nodes.length ? nodes[position++]! : null),
    previousNode: () => (position > 0 ? nodes[--position]! : null),
    detach() {},
  };
}

/**
 * Runs `read` (a synchronous mark.js call) with `document.createNodeIterator` answered by snapshot
 * iterators. The override is an own property of our view of the document: in a content script the
 * page's scripts never see it, and it is gone when `read` returns.
 */
export function withSnapshotIterators<T>(document: Document, read: () => T): T {
  const target = document as unknown as Record<string, unknown>;
  const own = Object.getOwnPropertyDescriptor(target, 'createNodeIterator');
  Object.defineProperty(target, 'createNodeIterator', {
    configurable: true,
    writable: true,
    value: createSnapshotIterator,
  });
  try {
    return read();
  } finally {
    if (own) Object.defineProperty(target, 'createNodeIterator', own);
    else delete target.createNodeIterator;
  }
}
