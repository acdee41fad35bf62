/**
 * The default renderer: CSS Custom Highlight API. One `Highlight` per category, registered as
 * `backstory-<category>` and styled with `::highlight()`. The page's DOM is never touched.
 */
import { CATEGORIES, type Category } from '../dataset/schema.ts';
import type { PageMention } from './page-mentions.ts';
import { type HighlightRenderer, rangeRects } from './renderer.ts';
import { highlightApiCss, installPageStyles } from './styles.ts';

const FLASH_MS = 1600; // long enough to catch the eye after scrolling, short enough not to linger

/** True when this browser supports the CSS Custom Highlight API. */
export function supportsHighlightApi(window: Window): boolean {
  const scope = window as unknown as { CSS?: { highlights?: unknown }; Highlight?: unknown };
  return scope.CSS?.highlights !== undefined && typeof scope.Highlight === 'function';
}

export function createHighlightApiRenderer(
  document: Document,
  colors: Record<Category, string>,
): HighlightRenderer {
  const window = document.defaultView!;
  const scope = window as unknown as { CSS: { highlights: HighlightRegistry }; Highlight: typeof Highlight };
  const registry = scope.CSS.highlights;
  const HighlightClass = scope.Highlight;
  const highlights = new Map<Category, Highlight>();
  for (const category of CATEGORIES) {
    const highlight = new HighlightClass();
    highlights.set(category, highlight);
    registry.set(`backstory-${category}`, highlight);
  }
  const flashHighlight = new HighlightClass();
  flashHighlight.priority = 1; // drawn above the category tint
  registry.set('backstory-flash', flashHighlight);
  const ranges = new Map<PageMention, StaticRange>();
  const styles = installPageStyles(document, highlightApiCss(colors));
  let flashTimer: ReturnType<typeof setTimeout> | undefined;

  const staticRangeOf = (mention: PageMention) =>
    new window.StaticRange({
      startContainer: mention.startNode,
      startOffset: mention.startOffset,
      endContainer: mention.endNode,
      endOffset: mention.endOffset,
    });

  const liveRangeOf = (mention: PageMention) => {
    const range = document.createRange();
    range.setStart(mention.startNode, mention.startOffset);
    range.setEnd(mention.endNode, mention.endOffset);
    return range;
  };

  return {
    kind: 'highlight-api',
    draw(mentions) {
      for (const mention of mentions) {
        // StaticRange: the browser need not track it through every DOM change; we re-scan what changes.
        const range = staticRangeOf(mention);
        ranges.set(mention, range);
        highlights.get(mention.category)!.add(range);
      }
    },
    erase(mentions) {
      for (const mention of mentions) {
        const range = ranges.get(mention);
        if (!range) continue;
        highlights.get(mention.category)!.delete(range);
        ranges.delete(mention);
      }
    },
    rangeOf: liveRangeOf,
    rectsOf: (mention) => rangeRects(liveRangeOf(mention)),
    flash(mention) {
      flashHighlight.clear();
      flashHighlight.add(staticRangeOf(mention));
      clearTimeout(flashTimer);
      flashTimer = setTimeout(() => flashHighlight.clear(), FLASH_MS);
    },
    setColors: (next) => styles.update(highlightApiCss(next)),
    destroy() {
      clearTimeout(flashTimer);
      for (const category of CATEGORIES) registry.delete(`backstory-${category}`);
      registry.delete('backstory-flash');
      ranges.clear();
      styles.remove();
    },
  };
}
