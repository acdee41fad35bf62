/**
 * Page-level styles for highlights. Installed as an adopted stylesheet where the browser lets a
 * content script do that (no node added to the page), else as one <style> element we own.
 */
import { CATEGORIES, type Category } from '../dataset/schema.ts';
import { OWN_UI_ATTRIBUTE } from './exclusions.ts';

/** Default highlight colours per category: distinct hues readable on white and on dark pages. */
export const DEFAULT_HIGHLIGHT_COLORS: Readonly<Record<Category, string>> = {
  person: '#2563eb',
  organization: '#9333ea',
  place: '#059669',
  topic: '#d97706',
};

/** `#2563eb`, 0.16 → `rgb(37 99 235 / 0.16)` */
export function withAlpha(hex: string, alpha: number): string {
  const value = Number.parseInt(hex.slice(1), 16);
  return `rgb(${(value >> 16) & 255} ${(value >> 8) & 255} ${value & 255} / ${alpha})`;
}

const FILL_ALPHA = 0.14; // a tint, not a marker: the page's text stays the thing to read
const FLASH_ALPHA = 0.45;

/** CSS for the Highlight API renderer: one ::highlight() per category, plus the flash. */
export function highlightApiCss(colors: Record<Category, string>): string {
  const rules = CATEGORIES.map(
    (category) =>
      `::highlight(backstory-${category}) { background-color: ${withAlpha(colors[category], FILL_ALPHA)}; ` +
      `text-decoration: underline dotted ${colors[category]}; }`,
  );
  rules.push(`::highlight(backstory-flash) { background-color: ${withAlpha('#facc15', FLASH_ALPHA)}; }`);
  return rules.join('\n');
}

/** CSS for inline marks, keyed by their data attributes. */
export function inlineMarksCss(colors: Record<Category, string>): string {
  const rules = CATEGORIES.map(
    (category) =>
      `mark[data-backstory-category="${category}"] { background-color: ${withAlpha(colors[category], FILL_ALPHA)}; ` +
      `text-decoration: underline dotted ${colors[category]}; outline-color: ${colors[category]}; }`,
  );
  rules.push(
    'mark[data-backstory-entity] { color: inherit; padding: 0; margin: 0; border-radius: 2px; ' +
      'text-decoration-thickness: 1.5px; text-underline-offset: 2px; font: inherit; }',
    'mark[data-backstory-entity]:focus-visible { outline-width: 2px; outline-style: solid; outline-offset: 1px; }',
    `mark[data-backstory-entity][data-backstory-flash] { background-color: ${withAlpha('#facc15', FLASH_ALPHA)}; }`,
  );
  return rules.join('\n');
}

/** A stylesheet we added to the page, and how to change or remove it. */
export interface PageStyles {
  update(css: string): void;
  /** Adds the same styles to a shadow root: the document's styles do not reach inside one. */
  addShadowRoot(root: ShadowRoot): void;
  remove(): void;
}

type StyleScope = Document | ShadowRoot;

/** Adds `css` to one document or shadow root; returns how to change and remove it there. */
function installIn(scope: StyleScope, css: string): Omit<PageStyles, 'addShadowRoot'> {
  const document = scope.nodeType === 9 ? (scope as Document) : scope.ownerDocument!;
  try {
    const sheet = new (document.defaultView ?? globalThis).CSSStyleSheet();
    sheet.replaceSync(css);
    scope.adoptedStyleSheets = [...scope.adoptedStyleSheets, sheet];
    return {
      update: (next) => sheet.replaceSync(next),
      remove: () => {
        scope.adoptedStyleSheets = scope.adoptedStyleSheets.filter((s) => s !== sheet);
      },
    };
  } catch {
    // Some content-script worlds cannot adopt sheets into the page; a <style> we own works everywhere.
    const style = document.createElement('style');
    style.setAttribute(OWN_UI_ATTRIBUTE, 'styles');
    style.textContent = css;
    if (scope.nodeType === 9) (document.head ?? document.documentElement).append(style);
    else scope.append(style);
    return {
      update: (next) => {
        style.textContent = next;
      },
      remove: () => style.remove(),
    };
  }
}

/** Adds `css` to the page's document, and to each shadow root handed to `addShadowRoot`. */
export function installPageStyles(document: Document, css: string): PageStyles {
  let current = css;
  const installed = new Map<StyleScope, Omit<PageStyles, 'addShadowRoot'>>([
    [document, installIn(document, css)],
  ]);
  return {
    update: (next) => {
      current = next;
      for (const styles of installed.values()) styles.update(next);
    },
    addShadowRoot: (root) => {
      // Components the page has removed are let go as new ones come (an endless feed of them).
      for (const [scope, styles] of installed) {
        if (scope.nodeType === 11 && !(scope as ShadowRoot).host.isConnected) {
          styles.remove();
          installed.delete(scope);
        }
      }
      if (!installed.has(root)) installed.set(root, installIn(root, current));
    },
    remove: () => {
      for (const styles of installed.values()) styles.remove();
      installed.clear();
    },
  };
}
