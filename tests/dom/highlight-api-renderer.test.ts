import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHighlightApiRenderer } from '@/lib/highlight/highlight-api-renderer';
import type { PageMention } from '@/lib/highlight/page-mentions';
import { DEFAULT_HIGHLIGHT_COLORS } from '@/lib/highlight/styles';
import {
  type FakeStaticRange,
  installHighlightApiFakes,
  observed,
  registry,
  removeHighlightApiFakes,
  renderFrame,
  reportIntersections,
} from './support/highlight-api-fakes';

beforeEach(installHighlightApiFakes);

afterEach(() => {
  removeHighlightApiFakes();
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
    // The first scan waits for the browser to say what is near the viewport.
    expect(registry.get('backstory-place')!.size).toBe(0);
    renderFrame();
    expect(registry.get('backstory-place')!.size).toBe(1);
    reportIntersections([{ target: p, isIntersecting: false }]); // scrolled far away
    expect(registry.get('backstory-place')!.size).toBe(0);
    reportIntersections([{ target: p, isIntersecting: true }]);
    expect(registry.get('backstory-place')!.size).toBe(1);
  });

  it("shows a changed page's mentions before the next frame, and hides them if they are far from the viewport", () => {
    const near = paragraph('Talks in Kyiv.');
    const far = paragraph('Talks in Kyiv, again.');
    const renderer = createHighlightApiRenderer(document, { ...DEFAULT_HIGHLIGHT_COLORS });
    renderer.draw([mentionOf(near.firstChild as Text, 'Kyiv'), mentionOf(far.firstChild as Text, 'Kyiv')], {
      pageChanged: true,
    });
    // Shown at once: a paragraph the page swaps in keeps its highlight through the first frame.
    expect(registry.get('backstory-place')!.size).toBe(2);
    renderFrame((element) => element === near);
    const shown = [...registry.get('backstory-place')!] as FakeStaticRange[];
    expect(shown.map((range) => range.init.startContainer)).toEqual([near.firstChild]);
  });

  it('shows at most 100 changed mentions a frame before their reports, so a long append costs little', () => {
    const renderer = createHighlightApiRenderer(document, { ...DEFAULT_HIGHLIGHT_COLORS });
    const drawParagraphs = (count: number) =>
      renderer.draw(
        Array.from({ length: count }, () => mentionOf(paragraph('Kyiv').firstChild as Text, 'Kyiv')),
        { pageChanged: true },
      );
    drawParagraphs(150);
    expect(registry.get('backstory-place')!.size).toBe(100);
    drawParagraphs(10); // the same frame: these wait for their report
    expect(registry.get('backstory-place')!.size).toBe(100);
    renderFrame();
    expect(registry.get('backstory-place')!.size).toBe(160);
    drawParagraphs(150); // a new frame: up to 100 again
    expect(registry.get('backstory-place')!.size).toBe(260);
    renderFrame(() => false); // all of those turned out far away
    expect(registry.get('backstory-place')!.size).toBe(160);
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
