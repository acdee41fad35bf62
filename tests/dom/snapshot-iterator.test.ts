import { afterEach, describe, expect, it } from 'vitest';
import { createSnapshotIterator, withSnapshotIterators } from '@/lib/highlight/snapshot-iterator';

function setBody(markup: string): HTMLElement {
  const parsed = new DOMParser().parseFromString(`<body>${markup}</body>`, 'text/html');
  document.body.replaceChildren(...parsed.body.childNodes);
  return document.body;
}

/** The nodes an iterator gives going forward, as readable labels. */
function forward(iterator: { nextNode(): Node | null }): string[] {
  const seen: string[] = [];
  for (let node = iterator.nextNode(); node; node = iterator.nextNode())
    seen.push(node.nodeType === 3 ? `"${(node as Text).data}"` : (node as Element).tagName);
  return seen;
}

const PAGE =
  '<p>Vladimir <b>Putin</b> met</p><section hidden><p>Donald <i>Trump</i></p></section><p>in Alaska</p>';

afterEach(() => document.body.replaceChildren());

// The expected orders below are the DOM standard's NodeIterator ones, written out: happy-dom's own
// NodeIterator prunes rejected subtrees and steps back differently, so it cannot be the reference.
describe('createSnapshotIterator gives the nodes the DOM standard says a NodeIterator gives', () => {
  it('text nodes in document order, hidden ones included (it filters nothing by itself)', () => {
    const body = setBody(PAGE);
    expect(forward(createSnapshotIterator(body, NodeFilter.SHOW_TEXT))).toEqual([
      '"Vladimir "',
      '"Putin"',
      '" met"',
      '"Donald "',
      '"Trump"',
      '"in Alaska"',
    ]);
  });

  it('the root itself first, when it is shown (a TreeWalker would start below it)', () => {
    const body = setBody(PAGE);
    expect(forward(createSnapshotIterator(body, NodeFilter.SHOW_ELEMENT))).toEqual([
      'BODY',
      'P',
      'B',
      'SECTION',
      'P',
      'I',
      'P',
    ]);
  });

  it('reads "reject" as "skip this node only" (a TreeWalker would prune its subtree)', () => {
    const body = setBody(PAGE);
    const filter = (node: Node) =>
      (node as Element).tagName === 'SECTION' ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
    const expected = ['BODY', 'P', 'B', 'P', 'I', 'P'];
    expect(forward(createSnapshotIterator(body, NodeFilter.SHOW_ELEMENT, filter))).toEqual(expected);
    expect(forward(createSnapshotIterator(body, NodeFilter.SHOW_ELEMENT, { acceptNode: filter }))).toEqual(
      expected,
    );
  });

  it('steps back and forth as a NodeIterator does: previousNode returns the node nextNode just gave', () => {
    const body = setBody(PAGE);
    const iterator = createSnapshotIterator(body, NodeFilter.SHOW_TEXT);
    const data = (node: Node | null) => (node as Text | null)?.data ?? null;
    expect(data(iterator.previousNode())).toBeNull();
    expect(data(iterator.nextNode())).toBe('Vladimir ');
    expect(data(iterator.nextNode())).toBe('Putin');
    expect(data(iterator.previousNode())).toBe('Putin');
    expect(data(iterator.previousNode())).toBe('Vladimir ');
    expect(data(iterator.nextNode())).toBe('Vladimir ');
    expect(data(iterator.nextNode())).toBe('Putin');
    expect(data(iterator.nextNode())).toBe(' met');
  });

  it('keeps the nodes it had when the page changes while it is read', () => {
    const body = setBody('<p>one</p><p>two</p>');
    const snapshot = createSnapshotIterator(body, NodeFilter.SHOW_TEXT);
    expect((snapshot.nextNode() as Text).data).toBe('one');
    body.append('three');
    expect((snapshot.nextNode() as Text).data).toBe('two');
    expect(snapshot.nextNode()).toBeNull();
  });
});

describe('withSnapshotIterators', () => {
  it('answers createNodeIterator with snapshots only while the call runs, then restores the original', () => {
    const body = setBody(PAGE);
    const original = document.createNodeIterator;
    const inside = withSnapshotIterators(document, () =>
      document.createNodeIterator(body, NodeFilter.SHOW_TEXT),
    );
    expect(inside).not.toBeInstanceOf(NodeIterator);
    expect(forward(inside)).toEqual([
      '"Vladimir "',
      '"Putin"',
      '" met"',
      '"Donald "',
      '"Trump"',
      '"in Alaska"',
    ]);
    expect(document.createNodeIterator).toBe(original);
    expect(Object.prototype.hasOwnProperty.call(document, 'createNodeIterator')).toBe(false);
  });

  it('restores the original even when the call throws', () => {
    const original = document.createNodeIterator;
    expect(() =>
      withSnapshotIterators(document, () => {
        throw new Error('mark.js failed');
      }),
    ).toThrow('mark.js failed');
    expect(document.createNodeIterator).toBe(original);
  });
});
