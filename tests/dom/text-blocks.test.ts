import { afterEach, describe, expect, it } from 'vitest';
import {
  holdsItsOwnBlocks,
  iterateTextBlocks,
  locateInBlock,
  type TextBlock,
} from '@/lib/highlight/text-blocks';

/** Replaces the page's body with `markup` (parsed, never assigned as HTML to a live element). */
function setBody(markup: string): HTMLElement {
  const parsed = new DOMParser().parseFromString(`<body>${markup}</body>`, 'text/html');
  document.body.replaceChildren(...parsed.body.childNodes);
  return document.body;
}

/** The text of each block under `root`, in order. */
function blockTexts(root: Node = document.body): string[] {
  return [...iterateTextBlocks(root)].map((block) => block.text);
}

function only<T>(items: T[]): T {
  expect(items).toHaveLength(1);
  return items[0]!;
}

afterEach(() => {
  document.body.replaceChildren();
});

describe('iterateTextBlocks: blocks as a reader sees them', () => {
  it('keeps a name split across inline elements in one block', () => {
    setBody('<p><b>Vladimir</b> Putin</p>');
    expect(blockTexts()).toEqual(['Vladimir Putin']);
  });

  it('keeps text in nested inline elements and links together', () => {
    setBody('<p>Talks with <a href="#"><em>Volodymyr</em> <strong>Zelensky</strong></a> today.</p>');
    expect(blockTexts()).toEqual(['Talks with Volodymyr Zelensky today.']);
  });

  it('reads links side by side with no space between them as separate words', () => {
    setBody('<div class="tags"><a href="#">Kyiv</a><a href="#">NATO</a><a href="#"><b>Putin</b></a></div>');
    expect(blockTexts()).toEqual(['Kyiv', 'NATO', 'Putin']);
    setBody('<p>Read <a href="#">Kyiv</a>, <a href="#">NATO</a> and <a href="#">Putin</a>’s speech.</p>');
    expect(blockTexts()).toEqual(['Read Kyiv, NATO and Putin’s speech.']);
  });

  it('separates paragraphs, list items and headings', () => {
    setBody(
      '<h1>Kyiv</h1><p>First paragraph.</p><p>Second paragraph.</p><ul><li>One</li><li>Two</li></ul><h2>Putin</h2>',
    );
    expect(blockTexts()).toEqual(['Kyiv', 'First paragraph.', 'Second paragraph.', 'One', 'Two', 'Putin']);
  });

  it('never runs the end of one block into the start of the next', () => {
    // "Vladimir" ends one paragraph and "Putin" starts the next: they must not read as one name.
    setBody('<div><p>… said Vladimir</p><p>Putin is not the subject.</p></div>');
    expect(blockTexts()).toEqual(['… said Vladimir', 'Putin is not the subject.']);
  });

  it('splits at <br>', () => {
    setBody('<p>Vladimir<br>Putin</p>');
    expect(blockTexts()).toEqual(['Vladimir', 'Putin']);
  });

  it('splits text around a nested block and continues the outer block after it', () => {
    setBody('<div>Before <p>inside</p> after</div>');
    expect(blockTexts()).toEqual(['Before ', 'inside', ' after']);
  });

  it('skips blocks that are only whitespace', () => {
    setBody('<p>   </p>\n  <p>Text</p>\n');
    expect(blockTexts()).toEqual(['Text']);
  });

  it('records every node of a block and where its text starts', () => {
    setBody('<p>Talks: <b>Vladimir</b> <i>Putin</i>.</p>');
    const block = only([...iterateTextBlocks(document.body)]);
    expect(block.nodes.map((node) => node.data)).toEqual(['Talks: ', 'Vladimir', ' ', 'Putin', '.']);
    expect(block.starts).toEqual([0, 7, 15, 16, 21]);
    expect(block.nodes.every((node) => node.nodeType === Node.TEXT_NODE && node.isConnected)).toBe(true);
    block.nodes.forEach((node, i) => expect(block.text.startsWith(node.data, block.starts[i])).toBe(true));
  });

  it('accepts a document as the root', () => {
    setBody('<p>Kyiv</p>');
    expect([...iterateTextBlocks(document)].map((block) => block.text)).toContain('Kyiv');
  });
});

describe('iterateTextBlocks: what is never read', () => {
  const EXCLUDED: [string, string][] = [
    ['script', '<script>var name = "Putin";</script>'],
    ['style', '<style>.Putin { color: red }</style>'],
    ['noscript', '<noscript>Putin</noscript>'],
    // Parsed (and, in happy-dom, even appended) template children live in `.content`, outside the tree.
    ['template', '<template><p>Putin</p></template>'],
    ['textarea', '<textarea>Putin</textarea>'],
    ['select', '<select><span>Putin</span></select>'],
    ['option', '<datalist><option>Putin</option></datalist>'],
    ['button', '<button>Putin</button>'],
    ['code', '<p>Run <code>Putin</code></p>'],
    ['pre', '<pre>Putin</pre>'],
    ['svg', '<svg><text>Putin</text></svg>'],
    ['contenteditable', '<div contenteditable>Putin</div>'],
    ['contenteditable="true"', '<div contenteditable="true"><p>Putin</p></div>'],
    ['contenteditable="plaintext-only"', '<div contenteditable="plaintext-only">Putin</div>'],
    ['[hidden]', '<div hidden><p>Putin</p></div>'],
    ['[data-backstory-ignore]', '<div data-backstory-ignore><p><b>Putin</b></p></div>'],
    ['our own UI', '<div data-backstory-ui="card"><p>Putin</p></div>'],
    ['our own marks', '<p><mark data-backstory-entity="putin">Putin</mark></p>'],
  ];

  it.each(EXCLUDED)('skips %s', (_name, markup) => {
    setBody(`<p>Before</p>${markup}<p>After</p>`);
    const texts = blockTexts();
    expect(texts.join('|')).not.toContain('Putin');
    expect(texts).toContain('Before');
    expect(texts).toContain('After');
  });

  it('reads a text input’s neighbours but never its value, and does not join them across it', () => {
    setBody('<p>Name: <input value="Putin"> and more</p>');
    expect(blockTexts()).toEqual(['Name: ', ' and more']);
  });

  it('separates text at visible skipped elements but not at invisible ones', () => {
    setBody('<p>Vladimir <button>Follow</button> Putin</p><p>Vladimir<script>var x;</script> Putin</p>');
    expect(blockTexts()).toEqual(['Vladimir ', ' Putin', 'Vladimir Putin']);
  });

  it('treats contenteditable="FALSE" like "false", in any case', () => {
    setBody('<div contenteditable="FALSE"><p>Putin</p></div><div contenteditable="True"><p>Kyiv</p></div>');
    expect(blockTexts()).toEqual(['Putin']);
  });

  it('reads contenteditable="false" regions', () => {
    setBody('<div contenteditable="false"><p>Putin</p></div>');
    expect(blockTexts()).toEqual(['Putin']);
  });

  it('reads a plain <mark> the page itself uses', () => {
    setBody('<p>The <mark>Kremlin</mark> said</p>');
    expect(blockTexts()).toEqual(['The Kremlin said']);
  });

  it('reads through an invisible excluded element, as the reader does', () => {
    setBody('<p>Vladimir<span hidden> (born 1952)</span> Putin</p>');
    expect(blockTexts()).toEqual(['Vladimir Putin']);
  });

  it('yields nothing for a root that is itself excluded or inside an excluded subtree', () => {
    setBody(
      '<pre id="pre"><span id="in-pre">Putin</span></pre><div data-backstory-ignore><p id="ignored">Putin</p></div>',
    );
    expect(blockTexts(document.getElementById('pre')!)).toEqual([]);
    expect(blockTexts(document.getElementById('in-pre')!)).toEqual([]);
    expect(blockTexts(document.getElementById('ignored')!)).toEqual([]);
  });
});

describe('iterateTextBlocks: a single text node as the root', () => {
  it('yields the node as its own block', () => {
    setBody('<p>Kyiv</p>');
    const text = document.createTextNode('Putin spoke.');
    document.querySelector('p')!.append(text);
    const block = only([...iterateTextBlocks(text)]);
    expect(block.nodes).toEqual([text]);
    expect(block.nodes[0]).toBe(text);
    expect(block.starts).toEqual([0]);
    expect(block.text).toBe('Putin spoke.');
  });

  it('yields nothing for a text node inside an excluded subtree', () => {
    setBody('<div data-backstory-ignore><p><b id="deep">x</b></p></div><code>y</code>');
    const deep = document.getElementById('deep')!.firstChild!;
    const inCode = document.querySelector('code')!.firstChild!;
    expect(blockTexts(deep)).toEqual([]);
    expect(blockTexts(inCode)).toEqual([]);
  });

  it('yields nothing for a whitespace-only text node', () => {
    setBody('<p>Kyiv</p>');
    const blank = document.createTextNode('  \n ');
    document.body.append(blank);
    expect(blockTexts(blank)).toEqual([]);
  });
});

describe('holdsItsOwnBlocks: whether an added inline element can be scanned alone', () => {
  it.each([
    [
      'a feed card whose words all sit in its own heading and paragraph',
      '<a><h3>Putin</h3><p>Kyiv</p></a>',
      true,
    ],
    ['the same card laid out with white space', '<a>\n  <h3>Putin</h3>\n  <p>Kyiv</p>\n</a>', true],
    ['an element with no words', '<span> </span>', true],
    ['a link of plain text, which continues the sentence around it', '<a>Putin</a>', false],
    ['words before its first block', '<a>Vladimir <p>Putin</p></a>', false],
    ['words after its last block', '<span><p>Kyiv</p> and Putin</span>', false],
    ['words in an inline element inside it', '<a><div>Kyiv</div><b>Putin</b></a>', false],
  ])('%s: %s', (_what, markup, expected) => {
    setBody(`<div>Vladimir ${markup} spoke.</div>`);
    const element = document.body.firstElementChild!.firstElementChild!;
    expect(holdsItsOwnBlocks(element)).toBe(expected);
  });
});

describe('locateInBlock', () => {
  function block(): TextBlock {
    setBody('<p><b>Vladimir</b> Putin</p>');
    return only([...iterateTextBlocks(document.body)]);
  }

  it('finds offsets inside a node', () => {
    const b = block();
    const [vladimir, rest] = b.nodes as [Text, Text];
    expect(locateInBlock(b, 3, false)).toEqual({ index: 0, node: vladimir, offset: 3 });
    expect(locateInBlock(b, 11, true)).toEqual({ index: 1, node: rest, offset: 3 });
  });

  it('puts a start offset on a boundary at the beginning of the next node', () => {
    const b = block();
    const [vladimir, rest] = b.nodes as [Text, Text];
    expect(locateInBlock(b, 0, false)).toEqual({ index: 0, node: vladimir, offset: 0 });
    const start = locateInBlock(b, 8, false);
    expect(start.node).toBe(rest);
    expect(start.offset).toBe(0);
  });

  it('puts an end offset on a boundary at the end of the previous node', () => {
    const b = block();
    const [vladimir, rest] = b.nodes as [Text, Text];
    const end = locateInBlock(b, 8, true);
    expect(end.node).toBe(vladimir);
    expect(end.offset).toBe(8);
    expect(locateInBlock(b, b.text.length, true)).toEqual({ index: 1, node: rest, offset: ' Putin'.length });
  });

  it('maps a match of the whole name back to the exact text', () => {
    const b = block();
    const start = locateInBlock(b, 0, false);
    const end = locateInBlock(b, b.text.length, true);
    const range = document.createRange();
    range.setStart(start.node, start.offset);
    range.setEnd(end.node, end.offset);
    expect(range.toString()).toBe('Vladimir Putin');
  });
});

describe('iterateTextBlocks: web components', () => {
  /** Gives `host` an open (or closed) shadow root holding `markup`. */
  function shadowOf(host: Element, markup: string, mode: ShadowRootMode = 'open'): ShadowRoot {
    const root = host.attachShadow({ mode });
    root.append(...new DOMParser().parseFromString(`<body>${markup}</body>`, 'text/html').body.childNodes);
    return root;
  }

  it('reads the text of open shadow roots where their hosts stand, nested ones too, and names each root', () => {
    setBody('<p>Before</p><x-story id="story"></x-story><p>After</p>');
    const outer = shadowOf(document.getElementById('story')!, '<p>Putin spoke</p><x-quote></x-quote>Kyiv');
    const inner = shadowOf(outer.querySelector('x-quote')!, '<blockquote>Zelensky answered</blockquote>');
    const met: ShadowRoot[] = [];
    const texts = [...iterateTextBlocks(document.body, { shadowRoot: (root) => met.push(root) })].map(
      (b) => b.text,
    );
    expect(texts).toEqual(['Before', 'Putin spoke', 'Zelensky answered', 'Kyiv', 'After']);
    expect(met).toEqual([outer, inner]);
  });

  it('names the custom elements that have no shadow root (yet)', () => {
    setBody(
      '<x-pending id="pending"></x-pending><p>Putin</p><x-open id="open"></x-open><span-like>NATO</span-like>',
    );
    shadowOf(document.getElementById('open')!, '<p>Kyiv</p>');
    const without: string[] = [];
    const texts = [
      ...iterateTextBlocks(document.body, {
        shadowRoot: () => undefined,
        withoutShadowRoot: (element) => without.push(element.localName),
      }),
    ].map((block) => block.text);
    expect(texts).toEqual(['Putin', 'Kyiv', 'NATO']);
    expect(without).toEqual(['x-pending', 'span-like']);
  });

  it('leaves closed shadow roots, and components inside excluded elements, alone', () => {
    setBody(
      '<x-private id="closed"></x-private><div data-backstory-ignore><x-story id="ignored"></x-story></div>',
    );
    shadowOf(document.getElementById('closed')!, '<p>Putin spoke</p>', 'closed');
    shadowOf(document.getElementById('ignored')!, '<p>Zelensky answered</p>');
    expect(blockTexts()).toEqual([]);
  });

  it('keeps a name split by an inline element at the top of a shadow tree in one block', () => {
    setBody('<x-quote id="quote"></x-quote>');
    shadowOf(document.getElementById('quote')!, 'Said Vladimir <b>Putin</b> today.');
    expect(blockTexts()).toEqual(['Said Vladimir Putin today.']);
  });

  it('never runs a component’s text into the text around its host', () => {
    setBody('<p>Vladimir <x-name id="name"></x-name> Putin</p>');
    shadowOf(document.getElementById('name')!, 'Volodymyr');
    expect(blockTexts()).toEqual(['Vladimir ', 'Volodymyr', ' Putin']);
  });
});
