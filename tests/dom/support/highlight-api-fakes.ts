/**
 * happy-dom has neither the CSS Custom Highlight API nor IntersectionObserver: small stand-ins
 * that keep what the Highlight API renderer registers, and let a test say which elements are on
 * screen. `installHighlightApiFakes()` in a beforeEach, `removeHighlightApiFakes()` in an afterEach.
 */

export class FakeHighlight extends Set<FakeStaticRange> {
  priority = 0;
}

export class FakeStaticRange {
  constructor(readonly init: StaticRangeInit) {}
}

/** CSS.highlights: what the renderer registered, by name. */
export const registry = new Map<string, FakeHighlight>();
/** Elements an IntersectionObserver watches. */
export const observed = new Set<Element>();
/** Observed elements not reported on yet: as in browsers, the first report comes after a frame. */
const unreported = new Set<Element>();
let report: (entries: { target: Element; isIntersecting: boolean }[]) => void = () => {};

class FakeIntersectionObserver {
  constructor(callback: typeof report) {
    report = callback;
  }
  observe(element: Element) {
    observed.add(element);
    unreported.add(element);
  }
  unobserve(element: Element) {
    observed.delete(element);
    unreported.delete(element);
  }
  disconnect() {
    observed.clear();
    unreported.clear();
  }
}

/** The page scrolls: the observer reports on `entries` (elements now near the viewport, or not). */
export function reportIntersections(entries: { target: Element; isIntersecting: boolean }[]): void {
  report(entries);
}

/** The browser renders a frame: first reports on what was observed since, near the viewport or not. */
export function renderFrame(isNear: (element: Element) => boolean = () => true): void {
  const entries = [...unreported].map((target) => ({ target, isIntersecting: isNear(target) }));
  unreported.clear();
  if (entries.length) report(entries);
}

const STAND_INS = {
  Highlight: FakeHighlight,
  StaticRange: FakeStaticRange,
  IntersectionObserver: FakeIntersectionObserver,
  CSS: { highlights: registry },
};
const saved: Record<string, PropertyDescriptor | undefined> = {};

export function installHighlightApiFakes(): void {
  for (const [name, value] of Object.entries(STAND_INS)) {
    saved[name] = Object.getOwnPropertyDescriptor(window, name);
    Object.defineProperty(window, name, { value, configurable: true, writable: true });
  }
}

export function removeHighlightApiFakes(): void {
  for (const name of Object.keys(STAND_INS)) {
    const descriptor = saved[name];
    if (descriptor) Object.defineProperty(window, name, descriptor);
    else delete (window as unknown as Record<string, unknown>)[name];
  }
  registry.clear();
  observed.clear();
  unreported.clear();
}
