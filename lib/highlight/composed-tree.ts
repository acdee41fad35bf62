/**
 * The page as a reader sees it, shadow trees included: web components (open shadow roots) hold
 * article text too. A shadow tree's content counts as inside its host, where it is rendered.
 */

function hostOf(node: Node): Element | null {
  return node.nodeType === 11 ? ((node as ShadowRoot).host ?? null) : null;
}

/** The parent of `node`; a shadow root's is its host. */
export function composedParent(node: Node): Node | null {
  return node.parentNode ?? hostOf(node);
}

/** The nearest element above `node`, stepping from the top of a shadow tree (or the shadow root) to its host. */
export function composedParentElement(node: Node): Element | null {
  return hostOf(node) ?? node.parentElement ?? (node.parentNode ? hostOf(node.parentNode) : null);
}

/** True when `node` is `ancestor` or lies inside it, shadow trees counting as inside their hosts. */
export function composedContains(ancestor: Node, node: Node): boolean {
  for (let current: Node | null = node; current; current = composedParent(current))
    if (current === ancestor) return true;
  return false;
}

/** `node`, then the host of its tree, then that host's host, and so on to the document. */
function hostChain(node: Node): Node[] {
  const chain = [node];
  for (let host = hostOf(node.getRootNode()); host; host = hostOf(host.getRootNode())) chain.push(host);
  return chain;
}

const FOLLOWING = 4;
const PRECEDING = 2;
const DISCONNECTED = 1;

/**
 * Negative when `a` comes before `b` in the page, positive after, 0 for the same node (or nodes
 * with no order). Text in a shadow tree is placed at its host, before the host's own children.
 */
export function compareInPage(a: Node, b: Node): number {
  if (a === b) return 0;
  const position = a.compareDocumentPosition(b);
  if (!(position & DISCONNECTED)) return position & FOLLOWING ? -1 : position & PRECEDING ? 1 : 0;
  // Different trees: compare the first pair of ancestors-or-hosts that share a tree.
  const chainA = hostChain(a);
  const chainB = hostChain(b);
  for (let i = 0; i < chainA.length; i++) {
    const x = chainA[i]!;
    const root = x.getRootNode();
    const j = chainB.findIndex((y) => y.getRootNode() === root);
    if (j < 0) continue;
    const y = chainB[j]!;
    // One sits in a shadow tree of the other (or of its host): the host comes first.
    if (x === y) return i === 0 ? -1 : j === 0 ? 1 : 0;
    return compareInPage(x, y);
  }
  return 0;
}

/** The element that has focus, inside web components too (the document only sees their host). */
export function focusedElement(document: Document): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}
