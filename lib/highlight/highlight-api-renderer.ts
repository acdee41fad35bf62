/**
 * The default renderer: CSS Custom Highlight API. One `Highlight` per category, registered as
 * `backstory-<category>` and styled with `::highlight()`. The page's DOM is never touched.
 *
 * Only mentions near the viewport are registered: browsers re-validate every registered range
 * whenever the page's DOM or style changes (measured: a one-character edit on a 1 MB page with
 * 13,000 highlights cost a 55 ms frame), so a long live blog would stutter for as long as it is
 * open. An IntersectionObserver on the elements holding mentions adds and removes them as the
 * reader scrolls.
 *
 * The observer's first report on an element comes only after the browser has painted a frame. So
 * when the page changes (a framework swapping in a new copy of a paragraph), mentions in an element
 * not reported on yet are shown at once, up to a small number per frame, and hidden again if that
 * report says the element is far away: a re-rendered paragraph keeps its highlights instead of
 * blinking off for a frame. The first scan has nothing to keep on screen and waits for the reports.
 */
import { CATEGORIES, type Category } from '../dataset/schema.ts';
import type { PageMention } from './page-mentions.ts';
import { type HighlightRenderer, rangeRects } from './renderer.ts';
import { highlightApiCss, installPageStyles } from './styles.ts';

const FLASH_MS = 1600; // long enough to catch the eye after scrolling, short enough not to linger
const DRAWN_MARGIN = '150% 0px'; // a screen and a half above and below: scrolling never outruns it
const SHOWN_BEFORE_REPORT_PER_FRAME = 100; // more than a re-render swaps in; a live blog's 100 posts, 900

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
  // StaticRange: the browser need not track it through every DOM change; we re-scan what changes.
  const staticRangeOf = (mention: PageMention) =>
    new window.StaticRange({
      startContainer: mention.startNode,
      startOffset: mention.startOffset,
      endContainer: mention.endNode,
      endOffset: mention.endOffset,
    });

  // A mention's range is made the first time it is shown: most mentions of a long page are never
  // scrolled near, and building ranges was a tenth of a big page's scan.
  const ranges = new Map<PageMention, StaticRange>();
  const byElement = new Map<Element, Set<PageMention>>();
  // Where each mention was filed at draw time: by erase time the page may have detached its text
  // node from that element, and looking it up again would leave the mention observed for good.
  const elementOf = new Map<PageMention, Element>();
  const nearViewport = new Set<Element>();
  /** Observed elements whose first report has not come yet. */
  const awaitingReport = new Set<Element>();
  /** How many more mentions may be shown before their element's first report, until the next report. */
  let showBeforeReport = SHOWN_BEFORE_REPORT_PER_FRAME;
  const styles = installPageStyles(document, highlightApiCss(colors));
  const show = (mention: PageMention) => {
    let range = ranges.get(mention);
    if (!range) ranges.set(mention, (range = staticRangeOf(mention)));
    highlights.get(mention.category)!.add(range);
  };
  const hide = (mention: PageMention) => {
    const range = ranges.get(mention);
    if (range) highlights.get(mention.category)!.delete(range);
  };
  const observer = new window.IntersectionObserver(
    (entries) => {
      showBeforeReport = SHOWN_BEFORE_REPORT_PER_FRAME; // a report means a frame has been rendered
      for (const entry of entries) {
        awaitingReport.delete(entry.target);
        if (entry.isIntersecting) nearViewport.add(entry.target);
        else nearViewport.delete(entry.target);
        for (const mention of byElement.get(entry.target) ?? [])
          (entry.isIntersecting ? show : hide)(mention);
      }
    },
    { rootMargin: DRAWN_MARGIN },
  );
  let flashTimer: ReturnType<typeof setTimeout> | undefined;

  const liveRangeOf = (mention: PageMention) => {
    const range = document.createRange();
    range.setStart(mention.startNode, mention.startOffset);
    range.setEnd(mention.endNode, mention.endOffset);
    return range;
  };

  return {
    kind: 'highlight-api',
    editsDom: false,
    draw(mentions, context) {
      for (const mention of mentions) {
        const element = mention.startNode.parentElement;
        if (!element) {
          show(mention);
          continue;
        }
        let onElement = byElement.get(element);
        if (!onElement) {
          byElement.set(element, (onElement = new Set()));
          observer.observe(element); // its first report says whether it is near the viewport
          awaitingReport.add(element);
        }
        onElement.add(mention);
        elementOf.set(mention, element);
        // An element already known to be on screen reports nothing new: draw at once.
        if (nearViewport.has(element)) show(mention);
        else if (context?.pageChanged && awaitingReport.has(element) && showBeforeReport > 0) {
          showBeforeReport--;
          show(mention);
        }
      }
    },
    erase(mentions) {
      for (const mention of mentions) {
        hide(mention);
        ranges.delete(mention);
        const element = elementOf.get(mention);
        elementOf.delete(mention);
        const onElement = element ? byElement.get(element) : undefined;
        onElement?.delete(mention);
        if (element && onElement?.size === 0) {
          byElement.delete(element);
          nearViewport.delete(element);
          awaitingReport.delete(element);
          observer.unobserve(element);
        }
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
    styleShadowRoot: (root) => styles.addShadowRoot(root),
    destroy() {
      observer.disconnect();
      byElement.clear();
      elementOf.clear();
      nearViewport.clear();
      awaitingReport.clear();
      clearTimeout(flashTimer);
      // A renderer that replaced this one may already have registered under the same names.
      for (const category of CATEGORIES) {
        if (registry.get(`backstory-${category}`) === highlights.get(category))
          registry.delete(`backstory-${category}`);
      }
      if (registry.get('backstory-flash') === flashHighlight) registry.delete('backstory-flash');
      ranges.clear();
      styles.remove();
    },
  };
}
