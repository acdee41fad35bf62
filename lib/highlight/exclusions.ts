import { composedParentElement } from './composed-tree.ts';

/**
 * What the highlighter never touches. Matching inside these would change code samples, form
 * fields the reader is typing in, our own UI, or parts of the page the site asked us to leave alone.
 */

/** Elements whose text is never scanned (upper-case tag names, as `Element.tagName` gives them). */
export const SKIPPED_TAGS: ReadonlySet<string> = new Set([
  'SCRIPT',
  'STYLE',
  'NOSCRIPT',
  'TEMPLATE',
  'TEXTAREA',
  'INPUT',
  'SELECT',
  'OPTION',
  'BUTTON',
  'CODE',
  'PRE',
  'KBD',
  'SAMP',
  'SVG',
  'MATH',
  'IFRAME',
  'OBJECT',
  'EMBED',
  'CANVAS',
  'VIDEO',
  'AUDIO',
  'HEAD',
  'TITLE',
]);

/**
 * Skipped elements a reader never sees: text on either side of one still reads as one piece
 * ("Vladimir<script>…</script> Putin"). Every other skipped element is visible (a button, a code
 * sample, a form field) and separates the text around it.
 */
export const INVISIBLE_TAGS: ReadonlySet<string> = new Set([
  'SCRIPT',
  'STYLE',
  'NOSCRIPT',
  'TEMPLATE',
  'HEAD',
  'TITLE',
]);

/** True when an excluded element also breaks the flow of text (it is visible). */
export function separatesText(element: Element): boolean {
  return !INVISIBLE_TAGS.has(element.tagName.toUpperCase()) && !element.hasAttribute('hidden');
}

/** Set on our own UI hosts (the hover card), so the highlighter skips them. */
export const OWN_UI_ATTRIBUTE = 'data-backstory-ui';
/** Set on every inline mark we create; text inside one is already highlighted. */
export const MARK_ENTITY_ATTRIBUTE = 'data-backstory-entity';
/** Sites (and our tests) put this on any element whose text Backstory must leave alone. */
export const IGNORE_ATTRIBUTE = 'data-backstory-ignore';

/** True when `element` itself excludes its subtree from highlighting. */
export function isExcludedElement(element: Element): boolean {
  if (SKIPPED_TAGS.has(element.tagName.toUpperCase())) return true;
  if (!element.hasAttributes()) return false; // most elements of an article: one call, not five
  if (element.hasAttribute(IGNORE_ATTRIBUTE) || element.hasAttribute(OWN_UI_ATTRIBUTE)) return true;
  if (element.hasAttribute(MARK_ENTITY_ATTRIBUTE)) return true;
  if (element.hasAttribute('hidden')) return true;
  const editable = element.getAttribute('contenteditable');
  return editable !== null && editable.trim().toLowerCase() !== 'false';
}

/** True when `node` or any ancestor (within `root`) is excluded; a shadow tree's host is its ancestor. */
export function isInsideExcluded(node: Node, root: Node): boolean {
  for (let current = composedParentElement(node); current; current = composedParentElement(current)) {
    if (isExcludedElement(current)) return true;
    if (current === root) break;
  }
  return false;
}
