import { describe, expect, it } from 'vitest';
import { composedContains, composedParentElement } from '@/lib/highlight/composed-tree';
import { isInsideExcluded } from '@/lib/highlight/exclusions';
import { MentionIndex, type PageMention } from '@/lib/highlight/page-mentions';

function mentionOf(index: MentionIndex, entityId: string, node: Text): PageMention {
  return {
    serial: index.allocateSerial(),
    entityId,
    category: 'person',
    startNode: node,
    startOffset: 0,
    endNode: node,
    endOffset: node.data.length,
    nodes: [node],
  };
}

const byEntity = (index: MentionIndex) =>
  Object.fromEntries(index.tally().map(({ entityId, count, first }) => [entityId, { count, first }]));

describe('MentionIndex.tally: counts and the earliest surviving mention per entity', () => {
  it('counts mentions and keeps the first serial as mentions come and go', () => {
    const index = new MentionIndex();
    const [a, b, c] = ['Putin', 'Putin', 'Zelenskyy'].map((text) => document.createTextNode(text)) as [
      Text,
      Text,
      Text,
    ];
    const first = mentionOf(index, 'putin', a);
    const second = mentionOf(index, 'putin', b);
    const other = mentionOf(index, 'zelenskyy', c);
    for (const mention of [first, second, other]) index.add(mention);
    expect(byEntity(index)).toEqual({ putin: { count: 2, first: 0 }, zelenskyy: { count: 1, first: 2 } });

    index.remove(first); // the page removed the paragraph with the first mention
    expect(byEntity(index)).toEqual({ putin: { count: 1, first: 1 }, zelenskyy: { count: 1, first: 2 } });

    index.add(first); // and put it back
    expect(byEntity(index).putin).toEqual({ count: 2, first: 0 });

    index.remove(other);
    index.remove(other); // twice: nothing changes the second time
    expect(byEntity(index)).toEqual({ putin: { count: 2, first: 0 } });

    index.clear();
    expect(index.tally()).toEqual([]);
    expect(index.size).toBe(0);
  });
});

describe('MentionIndex: page order across web components', () => {
  it('puts the text of (nested) shadow roots where their hosts stand', () => {
    document.body.replaceChildren();
    const before = document.createElement('p');
    before.append('Kyiv');
    const host = document.createElement('x-story');
    const light = document.createElement('p'); // the host's own child, rendered through a slot
    light.append('NATO');
    host.append(light);
    const after = document.createElement('p');
    after.append('Moscow');
    document.body.append(before, host, after);
    const outer = host.attachShadow({ mode: 'open' });
    const inShadow = document.createElement('p');
    inShadow.append('Putin');
    const nestedHost = document.createElement('x-quote');
    outer.append(inShadow, nestedHost);
    const inner = nestedHost.attachShadow({ mode: 'open' });
    inner.append('Zelensky');

    const index = new MentionIndex();
    const texts = [after, nestedHost.shadowRoot!, light, inShadow, before].map(
      (holder) => holder.firstChild as Text,
    );
    for (const text of texts) index.add(mentionOf(index, text.data.toLowerCase(), text));
    expect(index.all().map((mention) => mention.startNode.data)).toEqual([
      'Kyiv',
      'Putin',
      'Zelensky',
      'NATO',
      'Moscow',
    ]);
    document.body.replaceChildren();
  });
});

describe('composed tree: shadow roots count as inside their hosts', () => {
  it('climbs from a shadow tree to its host, and says what holds what', () => {
    document.body.replaceChildren();
    const outer = document.createElement('section');
    const host = document.createElement('x-story');
    outer.append(host);
    document.body.append(outer);
    const root = host.attachShadow({ mode: 'open' });
    const paragraph = document.createElement('p');
    const text = document.createTextNode('Putin');
    paragraph.append(text);
    root.append(paragraph);
    expect(composedParentElement(paragraph)).toBe(host);
    expect(composedParentElement(root)).toBe(host);
    expect(composedContains(outer, text)).toBe(true);
    expect(composedContains(root, text)).toBe(true);
    expect(composedContains(paragraph, host)).toBe(false);
    outer.hidden = true;
    expect(isInsideExcluded(root, document)).toBe(true);
    expect(isInsideExcluded(text, document)).toBe(true);
    document.body.replaceChildren();
  });
});
