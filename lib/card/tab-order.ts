/**
 * Where Tab goes next in a page, for the hover card: it sits at the end of the document, so when
 * the keyboard leaves it we move focus on to whatever follows the name that opened it.
 */
import { compareInPage } from '../highlight/composed-tree.ts';

const FOCUSABLE =
  'a[href], area[href], button, input, select, textarea, iframe, summary, [tabindex], [contenteditable]';

/** True when `element` is in the page's Tab order: focusable, enabled, rendered. */
function isTabStop(element: HTMLElement): boolean {
  if (element.tabIndex < 0) return false;
  if ((element as HTMLButtonElement).disabled) return false;
  if (element.closest('[inert]')) return false;
  const visible = element.checkVisibility?.({ visibilityProperty: true } as CheckVisibilityOptions);
  return visible ?? element.getClientRects().length > 0;
}

/**
 * The first Tab stop after `from` in page order (positive tabindex values, rare on news pages, are
 * treated as page order), skipping anything inside `from` or inside `skip` (our own UI). `from` may
 * be a text node: where a name drawn by the Highlight API ends. Stops in `shadowRoots` (web
 * components) count where their hosts stand, as the browser's Tab order has them.
 */
export function nextTabStop(
  document: Document,
  from: Node,
  skip?: Element,
  shadowRoots: readonly ShadowRoot[] = [],
): HTMLElement | undefined {
  let next: HTMLElement | undefined;
  for (const tree of [document, ...shadowRoots]) {
    for (const element of tree.querySelectorAll<HTMLElement>(FOCUSABLE)) {
      if (compareInPage(from, element) >= 0 || (next && compareInPage(element, next) >= 0)) continue;
      if (from.contains(element) || skip?.contains(element)) continue;
      if (isTabStop(element)) {
        next = element;
        break; // the rest of this tree comes after it
      }
    }
  }
  return next;
}
