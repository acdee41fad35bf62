/**
 * Where Tab goes next in a page, for the hover card: it sits at the end of the document, so when
 * the keyboard leaves it we move focus on to whatever follows the name that opened it.
 */

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
 * The first Tab stop after `from` in document order (positive tabindex values, rare on news pages,
 * are treated as document order), skipping anything inside `from` or inside `skip` (our own UI).
 */
export function nextTabStop(document: Document, from: Element, skip?: Element): HTMLElement | undefined {
  for (const element of document.querySelectorAll<HTMLElement>(FOCUSABLE)) {
    if (!(from.compareDocumentPosition(element) & Node.DOCUMENT_POSITION_FOLLOWING)) continue;
    if (from.contains(element) || skip?.contains(element)) continue;
    if (isTabStop(element)) return element;
  }
  return undefined;
}
