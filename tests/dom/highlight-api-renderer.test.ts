import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHighlightApiRenderer } from '@/lib/highlight/highlight-api-renderer';
import type { PageMention } from '@/lib/highlight/page-mentions';
import { DEFAULT_HIGHLIGHT_COLORS } from '@/lib/highlight/styles';

// happy-dom has neither the CSS Custom Highlight API nor IntersectionObserver: small stand-ins
// that keep what the renderer registers, and let the test say which elements are on screen.
class FakeHighlight extends Set<unknown> {
  priority = 0;
}
class FakeStaticRange {
  constructor(readonly init: StaticRangeInit) {}
}
const observed = new Set<Element>();
let reportIntersections: (entries: { target: Element; isIntersecting: boolean }[]) => void = () => {};
class FakeIntersectionObserver {
  constructor(callback: typeof reportIntersections) {
    reportIntersections = callback;
  }
  observe(element: Element) {
    observed.add(element);
    reportIntersections([{ target: element, isIntersecting: true }]); // everything starts on screen
  }
  unobserve(element: Element) {
    observed.delete(element);
  }
  disconnect() {
    observed.clear();
  }
}

const registry = new Map<string, FakeHighlight>();
const saved: Record<string, PropertyDescriptor | undefined> = {};
const STAND_INS = {
  Highlight: FakeHighlight,
  StaticRange: FakeStaticRange,
  IntersectionObserver: FakeIntersectionObserver,
  CSS: { highlights: registry },
};

beforeEach(() => {
  for (const [name, value] of Object.entries(STAND_INS)) {
    saved[name] = Object.getOwnPropertyDescriptor(window, name);
    Object.defineProperty(window, name, { value, configurable: true, writable: true });
  }
});

afterEach(() => {
  for (const name of Object.keys(STAND_INS)) {
    const descriptor = saved[name];
    if (descriptor) Object.defineProperty(window, name, descriptor);
    else delete (window as unknown as Record<string, unknown>)[name];
  }
  registry.clear();
  observed.clear();
  document.body.replaceChildren();
});

function paragraph(text: string): HTMLParagraphElement {
  const p = document.createElement('p');
  p.textContent = text;
  document.body.append(p);
  return p;
}

function mentionOf(node: Text, text: string): PageMention {
  const start = node.data.indexOf(text);
  return {
    serial: 1,
    entityId: 'kyiv',
    category: 'place',
    startNode: node,
    startOffset: start,
    endNode: node,
    endOffset: start + text.length,
    nodes: [node],
  };
}

describe('Highlight API renderer', () => {
  it('registers one highlight per category and draws mentions near the viewport', () => {
    const p = paragraph('Talks in Kyiv.');
    const renderer = createHighlightApiRenderer(document, { ...DEFAULT_HIGHLIGHT_COLORS });
    renderer.draw([mentionOf(p.firstChild as Text, 'Kyiv')]);
    expect([...registry.keys()].sort()).toEqual([
      'backstory-flash',
      'backstory-organization',
      'backstory-person',
      'backstory-place',
      'backstory-topic',
    ]);
    expect(registry.get('backstory-place')!.size).toBe(1);
    reportIntersections([{ target: p, isIntersecting: false }]); // scrolled far away
    expect(registry.get('backstory-place')!.size).toBe(0);
    reportIntersections([{ target: p, isIntersecting: true }]);
    expect(registry.get('backstory-place')!.size).toBe(1);
  });

  it('forgets an erased mention even after the page replaced its text node', () => {
    const p = paragraph('Talks in Kyiv.');
    const node = p.firstChild as Text;
    const renderer = createHighlightApiRenderer(document, { ...DEFAULT_HIGHLIGHT_COLORS });
    const mention = mentionOf(node, 'Kyiv');
    renderer.draw([mention]);

    node.replaceWith(document.createTextNode('Talks in Moscow.')); // a keyed re-render
    renderer.erase([mention]);

    expect(observed.has(p)).toBe(false);
    // Scrolling away and back must not bring the old range back.
    reportIntersections([{ target: p, isIntersecting: false }]);
    reportIntersections([{ target: p, isIntersecting: true }]);
    expect(registry.get('backstory-place')!.size).toBe(0);
  });

  it('unregisters everything when destroyed', () => {
    const renderer = createHighlightApiRenderer(document, { ...DEFAULT_HIGHLIGHT_COLORS });
    renderer.destroy();
    expect(registry.size).toBe(0);
  });
});
