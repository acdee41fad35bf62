import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Category } from '@/lib/dataset/schema';
import {
  createHighlighter,
  type EntityInfo,
  type Highlighter,
  countChanges,
  type HighlightOptions,
  RESCAN_THRESHOLD,
} from '@/lib/highlight/highlighter';
import type { EntityTally } from '@/lib/highlight/page-mentions';
import { DEFAULT_HIGHLIGHT_COLORS } from '@/lib/highlight/styles';
import { compileMatcher, type MatcherAlias } from '@/lib/match/matcher';

const ENTITIES: Record<string, EntityInfo> = {
  'vladimir-putin': { name: 'Vladimir Putin', category: 'person', description: 'President of Russia' },
  'volodymyr-zelensky': {
    name: 'Volodymyr Zelensky',
    category: 'person',
    description: 'President of Ukraine',
  },
  kyiv: { name: 'Kyiv', category: 'place', description: 'Capital of Ukraine' },
  nato: { name: 'NATO', category: 'organization', description: 'Military alliance' },
  'kyiv-independent': { name: 'Kyiv Independent', category: 'organization', description: 'A newspaper' },
  ceasefire: { name: 'Ceasefire', category: 'topic', description: 'A halt to fighting' },
};

const ALIASES: MatcherAlias[] = [
  { text: 'Vladimir Putin', entityId: 'vladimir-putin', caseSensitive: true },
  { text: 'Putin', entityId: 'vladimir-putin', caseSensitive: true },
  { text: 'Zelensky', entityId: 'volodymyr-zelensky', caseSensitive: true },
  { text: 'Kyiv', entityId: 'kyiv', caseSensitive: true },
  { text: 'Kiev', entityId: 'kyiv', caseSensitive: true },
  { text: 'NATO', entityId: 'nato', caseSensitive: true },
  { text: 'Kyiv Independent', entityId: 'kyiv-independent', caseSensitive: true },
  { text: 'ceasefire', entityId: 'ceasefire', caseSensitive: false },
];

const matcher = compileMatcher(ALIASES);

const ALL_CATEGORIES: Record<Category, boolean> = {
  person: true,
  organization: true,
  place: true,
  topic: true,
};
const COLORS = { ...DEFAULT_HIGHLIGHT_COLORS };

const OPTIONS: HighlightOptions = {
  categories: ALL_CATEGORIES,
  firstMentionOnly: false,
  renderer: 'inline-marks',
  colors: COLORS,
};

/** A mention as a reader sees it: which entity, and the highlighted text (joined across its marks). */
interface SeenMention {
  entity: string;
  category: string;
  text: string;
}

/** Replaces the page's body with `markup` (parsed, never assigned as HTML to a live element). */
function setBody(markup: string): void {
  const parsed = new DOMParser().parseFromString(`<body>${markup}</body>`, 'text/html');
  document.body.replaceChildren(...parsed.body.childNodes);
}

/** Parses `markup` into nodes the page can append. */
function nodesOf(markup: string): Node[] {
  return [...new DOMParser().parseFromString(`<body>${markup}</body>`, 'text/html').body.childNodes];
}

function marksIn(root: ParentNode = document.body): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>('mark[data-backstory-entity]')];
}

/**
 * The highlighted mentions under `root`, in document order, one entry per mention. A mention's
 * first mark is its one tab stop; the marks after it, up to the next tab stop, are its other parts.
 */
function mentionsIn(root: ParentNode = document.body): SeenMention[] {
  const mentions: SeenMention[] = [];
  for (const mark of marksIn(root)) {
    const last = mentions[mentions.length - 1];
    if (last && !mark.hasAttribute('tabindex')) last.text += mark.textContent;
    else
      mentions.push({
        entity: mark.getAttribute('data-backstory-entity') ?? '',
        category: mark.getAttribute('data-backstory-category') ?? '',
        text: mark.textContent ?? '',
      });
  }
  return mentions;
}

/** [entity, text] per highlighted mention. */
function seen(root: ParentNode = document.body): [string, string][] {
  return mentionsIn(root).map((mention) => [mention.entity, mention.text]);
}

/** Every text node under `root`, in document order. */
function textNodesIn(root: Node): Text[] {
  const nodes: Text[] = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node as Text);
  return nodes;
}

/** Lets MutationObserver callbacks (and anything else queued) run. */
const macrotask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

let active: { highlighter: Highlighter; controller: AbortController } | undefined;

function startHighlighter(options: Partial<HighlightOptions> = {}) {
  const controller = new AbortController();
  const tallies: EntityTally[][] = [];
  const highlighter = createHighlighter({
    document,
    matcher,
    entity: (id) => ENTITIES[id],
    options: { ...OPTIONS, ...options },
    onMentionsChanged: (tally) => tallies.push(tally),
    signal: controller.signal,
  });
  active = { highlighter, controller };
  highlighter.start();
  return { highlighter, tallies };
}

/** Waits for the page's mutations to be seen and every queued scan to finish. */
async function settle(highlighter: Highlighter): Promise<void> {
  await macrotask();
  await highlighter.idle();
  await macrotask();
  await highlighter.idle();
}

/** The text of each mention the highlighter has drawn, in the order it holds them. */
function drawnTexts(highlighter: Highlighter): string[] {
  return highlighter.index.all().map((mention) => {
    const range = document.createRange();
    range.setStart(mention.startNode, mention.startOffset);
    range.setEnd(mention.endNode, mention.endOffset);
    return range.toString();
  });
}

/**
 * Runs `test` with just enough of the Highlight API for its renderer to register ranges (happy-dom
 * has none): the highlighter then follows the page as it does in browsers by default.
 */
async function withHighlightApi(test: () => Promise<void>): Promise<void> {
  const standIns = {
    Highlight: class extends Set<unknown> {},
    StaticRange: class {},
    CSS: { highlights: new Map() },
    IntersectionObserver: class {
      observe() {}
      unobserve() {}
      disconnect() {}
    },
  };
  const saved = Object.keys(standIns).map(
    (name) => [name, Object.getOwnPropertyDescriptor(window, name)] as const,
  );
  for (const [name, value] of Object.entries(standIns))
    Object.defineProperty(window, name, { value, configurable: true, writable: true });
  try {
    await test();
  } finally {
    for (const [name, descriptor] of saved)
      if (descriptor) Object.defineProperty(window, name, descriptor);
      else delete (window as unknown as Record<string, unknown>)[name];
  }
}

afterEach(() => {
  active?.highlighter.stop();
  active?.controller.abort();
  active = undefined;
  document.body.replaceChildren();
});

const ARTICLE =
  '<article>' +
  '<h1>Putin and Zelensky meet in Kyiv</h1>' +
  '<p>NATO welcomed <b>Vladimir</b> Putin’s words about a ceasefire.</p>' +
  '<ul><li>Putin</li><li>Kiev, or Kyiv</li></ul>' +
  '</article>';

describe('highlighter (inline marks): what is highlighted', () => {
  it('wraps every mention in a mark naming its entity and category, and describes it', async () => {
    setBody(ARTICLE);
    const { highlighter } = startHighlighter();
    await highlighter.idle();

    expect(mentionsIn()).toEqual([
      { entity: 'vladimir-putin', category: 'person', text: 'Putin' },
      { entity: 'volodymyr-zelensky', category: 'person', text: 'Zelensky' },
      { entity: 'kyiv', category: 'place', text: 'Kyiv' },
      { entity: 'nato', category: 'organization', text: 'NATO' },
      { entity: 'vladimir-putin', category: 'person', text: 'Vladimir Putin' },
      { entity: 'ceasefire', category: 'topic', text: 'ceasefire' },
      { entity: 'vladimir-putin', category: 'person', text: 'Putin' },
      { entity: 'kyiv', category: 'place', text: 'Kiev' },
      { entity: 'kyiv', category: 'place', text: 'Kyiv' },
    ]);
    for (const mark of marksIn()) {
      const info = ENTITIES[mark.getAttribute('data-backstory-entity')!]!;
      expect(mark.getAttribute('aria-description')).toBe(`${info.name} — ${info.description}`);
    }
    expect(document.querySelector('h1 mark')!.getAttribute('aria-description')).toBe(
      'Vladimir Putin — President of Russia',
    );
  });

  it('gives a name split across inline elements one mention and one tab stop', async () => {
    setBody('<p>Said <b>Vladimir</b> Putin.</p>');
    const { highlighter } = startHighlighter();
    await highlighter.idle();

    const marks = marksIn();
    expect(marks.map((mark) => mark.textContent)).toEqual(['Vladimir', ' Putin']);
    expect(marks[0]!.parentElement!.tagName).toBe('B');
    const mention = highlighter.mentionOfMark(marks[0]!);
    expect(mention).toBeDefined();
    expect(highlighter.mentionOfMark(marks[1]!)).toBe(mention);
    expect(marks.map((mark) => mark.tabIndex)).toEqual([0, -1]);
    expect(highlighter.index.all()).toHaveLength(1);
  });

  // Every inline element the text walker reads through (some legacy, still in old article templates).
  it.each(['span', 'a', 'label', 'ins', 'big', 'nobr', 'tt', 'strike', 'acronym'])(
    'draws a name split across <%s> that it counts',
    async (tag) => {
      setBody(`<p>Said <${tag}>Vladimir</${tag}> Putin today.</p>`);
      const { highlighter } = startHighlighter();
      await highlighter.idle();
      expect(highlighter.index.size).toBe(1);
      expect(seen()).toEqual([['vladimir-putin', 'Vladimir Putin']]);
      expect(document.body.textContent).toBe('Said Vladimir Putin today.');
    },
  );

  it('leaves the page’s text exactly as it was', async () => {
    setBody(ARTICLE);
    const before = document.body.textContent;
    const { highlighter } = startHighlighter();
    await highlighter.idle();
    expect(marksIn().length).toBeGreaterThan(0);
    expect(document.body.textContent).toBe(before);
  });

  it('reports what it found', async () => {
    setBody(ARTICLE);
    const { highlighter, tallies } = startHighlighter();
    await highlighter.idle();
    const last = tallies.at(-1) ?? [];
    const counts = Object.fromEntries(last.map((tally) => [tally.entityId, tally.count]));
    expect(counts).toEqual({
      'vladimir-putin': 3,
      'volodymyr-zelensky': 1,
      kyiv: 3,
      nato: 1,
      ceasefire: 1,
    });
  });

  it('never highlights inside code, form fields, editable regions, excluded blocks or its own UI', async () => {
    setBody(
      '<p>Putin</p><pre>Putin</pre><p><code>Putin</code></p><textarea>Putin</textarea>' +
        '<div contenteditable="true">Putin</div><div data-backstory-ignore>Putin</div>' +
        '<div data-backstory-ui="card">Putin</div><div hidden>Putin</div>',
    );
    const { highlighter } = startHighlighter();
    await highlighter.idle();
    expect(marksIn().map((mark) => mark.parentElement!.tagName)).toEqual(['P']);
  });

  it('never puts a mark inside an excluded element, even one that sits inside a name', async () => {
    setBody(
      '<p>Said Vladimir <button>Follow</button> Putin today.</p>' +
        '<p>Vladimir<span hidden> (born 1952)</span> Putin spoke.</p>',
    );
    const button = document.querySelector('button')!;
    const hidden = document.querySelector('span[hidden]')!;
    const [buttonText, hiddenText] = [button.firstChild, hidden.firstChild];
    const before = document.body.textContent;
    const { highlighter } = startHighlighter();
    await highlighter.idle();
    expect(marksIn().length).toBeGreaterThan(0);
    expect([...button.childNodes]).toEqual([buttonText]);
    expect([...hidden.childNodes]).toEqual([hiddenText]);
    expect(document.body.textContent).toBe(before);
  });

  it('falls back to inline marks where the CSS Custom Highlight API is missing', async () => {
    expect('Highlight' in globalThis).toBe(false); // happy-dom has no Highlight API
    setBody(ARTICLE);
    const { highlighter } = startHighlighter({ renderer: 'highlight-api' });
    await highlighter.idle();
    expect(highlighter.renderer().kind).toBe('inline-marks');
    expect(seen().slice(0, 3)).toEqual([
      ['vladimir-putin', 'Putin'],
      ['volodymyr-zelensky', 'Zelensky'],
      ['kyiv', 'Kyiv'],
    ]);
  });

  it('does not highlight categories that are turned off', async () => {
    setBody(ARTICLE);
    const { highlighter } = startHighlighter({
      categories: { ...ALL_CATEGORIES, person: false, topic: false },
    });
    await highlighter.idle();
    expect(seen()).toEqual([
      ['kyiv', 'Kyiv'],
      ['nato', 'NATO'],
      ['kyiv', 'Kiev'],
      ['kyiv', 'Kyiv'],
    ]);
  });

  it('follows a category being turned off and on again', async () => {
    setBody(ARTICLE);
    const { highlighter } = startHighlighter();
    await highlighter.idle();
    highlighter.setOptions({ ...OPTIONS, categories: { ...ALL_CATEGORIES, place: false } });
    await highlighter.idle();
    expect(mentionsIn().map((mention) => mention.category)).not.toContain('place');
    expect(mentionsIn().map((mention) => mention.category)).toContain('person');
    highlighter.setOptions(OPTIONS);
    await highlighter.idle();
    expect(mentionsIn().filter((mention) => mention.category === 'place')).toHaveLength(3);
  });

  it('with “first mention only”, highlights each entity once across the whole page', async () => {
    setBody(ARTICLE);
    const { highlighter } = startHighlighter({ firstMentionOnly: true });
    await highlighter.idle();
    expect(seen()).toEqual([
      ['vladimir-putin', 'Putin'],
      ['volodymyr-zelensky', 'Zelensky'],
      ['kyiv', 'Kyiv'],
      ['nato', 'NATO'],
      ['ceasefire', 'ceasefire'],
    ]);

    // Text added later does not get a second mention of an entity already shown.
    document.body.append(...nodesOf('<p>Putin and NATO again; Zelensky in Kiev.</p>'));
    await settle(highlighter);
    expect(seen()).toHaveLength(5);
  });

  it('a paragraph the page adds during a long first scan is highlighted once, not twice', async () => {
    // Long enough that the first scan yields to the page, and sized so that the scan of the whole
    // page reaches the added paragraph in the same step as it ends.
    setBody('<p>Nothing to see here, only words.</p>'.repeat(3000));
    const { highlighter } = startHighlighter();
    document.body.append(...nodesOf('<p>Putin spoke.</p>')); // seen by our observer at the first yield
    await settle(highlighter);
    expect(seen()).toEqual([['vladimir-putin', 'Putin']]);
    expect(highlighter.index.tally().map(({ entityId, count }) => [entityId, count])).toEqual([
      ['vladimir-putin', 1],
    ]);
  });

  it('with “first mention only”, a mention the page adds above the first one takes the highlight', async () => {
    setBody(ARTICLE);
    const text = document.body.textContent;
    const { highlighter } = startHighlighter({ firstMentionOnly: true });
    await highlighter.idle();
    // A live blog puts its newest post on top.
    const post = nodesOf('<p>Latest: Putin spoke again this morning.</p>')[0]!;
    document.body.prepend(post);
    await settle(highlighter);
    expect(seen(post as Element)).toEqual([['vladimir-putin', 'Putin']]);
    expect(seen().filter(([entity]) => entity === 'vladimir-putin')).toHaveLength(1);
    expect(seen()).toHaveLength(5);
    expect(document.body.textContent).toBe(post.textContent + text); // the old mark's text is back in place
  });
});

/** Mentions counted per entity, as the last report to the page session had them. */
function lastCounts(tallies: EntityTally[][]): Record<string, number> {
  return Object.fromEntries((tallies.at(-1) ?? []).map(({ entityId, count }) => [entityId, count]));
}

describe('highlighter (inline marks): “first mention only” still counts every mention', () => {
  it('reports how often each entity is mentioned, while drawing only its first mention', async () => {
    setBody(ARTICLE);
    const { highlighter, tallies } = startHighlighter({ firstMentionOnly: true });
    await highlighter.idle();
    expect(seen()).toHaveLength(5);
    const expected = { 'vladimir-putin': 3, 'volodymyr-zelensky': 1, kyiv: 3, nato: 1, ceasefire: 1 };
    expect(lastCounts(tallies)).toEqual(expected);
    // The same counts as without the setting.
    highlighter.setOptions({ ...OPTIONS, firstMentionOnly: false });
    await settle(highlighter);
    expect(seen()).toHaveLength(9);
    expect(lastCounts(tallies)).toEqual(expected);
  });

  it('counts the mentions in text the page adds later, without drawing them', async () => {
    setBody(ARTICLE);
    const { highlighter, tallies } = startHighlighter({ firstMentionOnly: true });
    await highlighter.idle();
    document.body.append(...nodesOf('<p>Putin and NATO again; Zelensky in Kiev.</p>'));
    await settle(highlighter);
    expect(seen()).toHaveLength(5);
    expect(lastCounts(tallies)).toEqual({
      'vladimir-putin': 4,
      'volodymyr-zelensky': 2,
      kyiv: 4,
      nato: 2,
      ceasefire: 1,
    });
  });

  it('when the page removes the first mention, the next one takes the highlight and the count drops', async () => {
    setBody(ARTICLE);
    const { highlighter, tallies } = startHighlighter({ firstMentionOnly: true });
    await highlighter.idle();
    document.querySelector('h1')!.remove();
    await settle(highlighter);
    expect(seen()).toEqual([
      ['nato', 'NATO'],
      ['vladimir-putin', 'Vladimir Putin'],
      ['ceasefire', 'ceasefire'],
      ['kyiv', 'Kiev'],
    ]);
    expect(lastCounts(tallies)).toEqual({ 'vladimir-putin': 2, kyiv: 2, nato: 1, ceasefire: 1 });
    expect(document.body.textContent).toBe(
      'NATO welcomed Vladimir Putin’s words about a ceasefire.PutinKiev, or Kyiv',
    );
  });

  it('when the page rewrites the first mention away, the next one takes the highlight', async () => {
    setBody('<p id="a">Putin spoke first.</p><p id="b">Then Putin spoke again.</p>');
    const { highlighter, tallies } = startHighlighter({ firstMentionOnly: true });
    await highlighter.idle();
    const a = document.getElementById('a')!;
    a.textContent = 'Nobody spoke first.'; // React-style: the old nodes go, new text stands alone
    await settle(highlighter);
    expect(seen(document.getElementById('b')!)).toEqual([['vladimir-putin', 'Putin']]);
    expect(lastCounts(tallies)).toEqual({ 'vladimir-putin': 1 });
    expect(document.body.textContent).toBe('Nobody spoke first.Then Putin spoke again.');
  });

  it('when the page makes the first mention part of a longer name, the next one takes the highlight', async () => {
    setBody('<p id="a">Kyiv</p><p id="b">Later, Kiev again.</p>');
    const { highlighter, tallies } = startHighlighter({ firstMentionOnly: true });
    await highlighter.idle();
    expect(seen()).toEqual([['kyiv', 'Kyiv']]);
    document.getElementById('a')!.append(' Independent reported.'); // the newspaper, not the city
    await settle(highlighter);
    expect(seen()).toEqual([
      ['kyiv-independent', 'Kyiv Independent'],
      ['kyiv', 'Kiev'],
    ]);
    expect(lastCounts(tallies)).toEqual({ 'kyiv-independent': 1, kyiv: 1 });
    expect(document.body.textContent).toBe('Kyiv Independent reported.Later, Kiev again.');
  });

  it('a mention the page adds above the first one takes the highlight, and the old one still counts', async () => {
    setBody(ARTICLE);
    const { highlighter, tallies } = startHighlighter({ firstMentionOnly: true });
    await highlighter.idle();
    const post = nodesOf('<p>Latest: Putin spoke again this morning.</p>')[0]!;
    document.body.prepend(post);
    await settle(highlighter);
    expect(seen(post as Element)).toEqual([['vladimir-putin', 'Putin']]);
    expect(lastCounts(tallies)['vladimir-putin']).toBe(4);
  });

  it('reading a paragraph again never counts its mentions twice', async () => {
    // The first mention sits at the very start of the page's node, which the mark splits.
    setBody('<p id="p">Kyiv, then Kyiv again, and Kiev.</p>');
    const { highlighter, tallies } = startHighlighter({ firstMentionOnly: true });
    await highlighter.idle();
    expect(lastCounts(tallies)).toEqual({ kyiv: 3 });
    const p = document.getElementById('p')!;
    for (let round = 0; round < 3; round++) {
      p.append(nodesOf(`<b> Putin ${round}.</b>`)[0]!); // the paragraph is read again each time
      await settle(highlighter);
    }
    expect(lastCounts(tallies)).toEqual({ kyiv: 3, 'vladimir-putin': 3 });
    expect(seen(p)).toEqual([
      ['kyiv', 'Kyiv'],
      ['vladimir-putin', 'Putin'],
    ]);
    expect(p.textContent).toBe('Kyiv, then Kyiv again, and Kiev. Putin 0. Putin 1. Putin 2.');
  });

  it('text added to a paragraph a mark has split keeps every held mention counted', async () => {
    setBody('<p id="a">Putin spoke.</p><p id="b">Putin and NATO met.</p>');
    const { highlighter } = startHighlighter({ firstMentionOnly: true });
    await highlighter.idle();
    const putins = () => highlighter.tally().find((entry) => entry.entityId === 'vladimir-putin')?.count;
    expect(putins()).toBe(2);
    const b = document.getElementById('b')!;
    b.append(' Update.'); // a live blog adds to the paragraph
    await settle(highlighter);
    expect(putins()).toBe(2);
    // …and the held one still takes the highlight when the first goes.
    document.getElementById('a')!.remove();
    await settle(highlighter);
    expect(seen(b)).toEqual([
      ['vladimir-putin', 'Putin'],
      ['nato', 'NATO'],
    ]);
    expect(putins()).toBe(1);
  });

  it('a held mention in a piece split again is counted once', async () => {
    setBody('<p id="a">Putin spoke.</p><p id="b">Kyiv Putin and Putin.</p>');
    const { highlighter } = startHighlighter({ firstMentionOnly: true });
    await highlighter.idle();
    const putins = () => highlighter.tally().find((entry) => entry.entityId === 'vladimir-putin')?.count;
    expect(putins()).toBe(3);
    const b = document.getElementById('b')!;
    b.append(' More.');
    await settle(highlighter);
    expect(putins()).toBe(3);
    document.getElementById('a')!.remove(); // the next one takes the highlight, splitting its piece
    await settle(highlighter);
    expect(putins()).toBe(2);
    b.append(' Even more.');
    await settle(highlighter);
    expect(putins()).toBe(2);
    expect(seen(b)).toEqual([
      ['kyiv', 'Kyiv'],
      ['vladimir-putin', 'Putin'],
    ]);
  });

  it('a held mention read again after a mark split its node goes when the page rewrites that node', async () => {
    setBody('<p id="p">Putin and Putin</p>');
    const p = document.getElementById('p')!;
    const pagesNode = p.firstChild as Text;
    const { highlighter, tallies } = startHighlighter({ firstMentionOnly: true });
    await highlighter.idle();
    expect(lastCounts(tallies)).toEqual({ 'vladimir-putin': 2 });
    p.append(' said.'); // the text after the mark is read again
    await settle(highlighter);
    expect(lastCounts(tallies)).toEqual({ 'vladimir-putin': 2 });
    pagesNode.data = 'Nobody'; // React updating the text it rendered
    await settle(highlighter);
    expect(p.textContent).toBe('Nobody said.');
    expect(lastCounts(tallies)).toEqual({});
    expect(marksIn()).toEqual([]);
  });

  it('a mention added before the drawn one takes its highlight, and the rest of the paragraph is counted once', async () => {
    setBody('<p id="p"><b>Putin and Putin</b> said.</p>');
    const p = document.getElementById('p')!;
    const { highlighter, tallies } = startHighlighter({ firstMentionOnly: true });
    await highlighter.idle();
    expect(lastCounts(tallies)).toEqual({ 'vladimir-putin': 2 });
    p.prepend('Kyiv: Putin '); // taking the highlight merges the text the scan is about to read
    await settle(highlighter);
    expect(seen(p)).toEqual([
      ['kyiv', 'Kyiv'],
      ['vladimir-putin', 'Putin'],
    ]);
    expect(marksIn(p.querySelector('b')!)).toEqual([]);
    expect(lastCounts(tallies)).toEqual({ kyiv: 1, 'vladimir-putin': 3 });
    expect(p.textContent).toBe('Kyiv: Putin Putin and Putin said.');
  });

  it('stops counting what the page hides from us (made editable), and counts it again after', async () => {
    setBody('<p>Putin spoke.</p><p id="e">Putin and Kyiv.</p>');
    const { highlighter, tallies } = startHighlighter({ firstMentionOnly: true });
    await highlighter.idle();
    expect(lastCounts(tallies)).toEqual({ 'vladimir-putin': 2, kyiv: 1 });
    const editable = document.getElementById('e')!;
    editable.setAttribute('contenteditable', 'true');
    await settle(highlighter);
    expect(lastCounts(tallies)).toEqual({ 'vladimir-putin': 1 });
    editable.removeAttribute('contenteditable');
    await settle(highlighter);
    expect(lastCounts(tallies)).toEqual({ 'vladimir-putin': 2, kyiv: 1 });
  });
});

describe('highlighter (inline marks): following the page', () => {
  it('highlights paragraphs the page appends later', async () => {
    setBody(ARTICLE);
    const { highlighter, tallies } = startHighlighter();
    await highlighter.idle();
    const article = document.querySelector('article')!;
    article.append(...nodesOf('<p>Update: Zelensky left <i>Kyiv</i>.</p><p>Live: ceasefire talks.</p>'));
    await settle(highlighter);

    const added = [...article.querySelectorAll('p')].slice(1);
    expect(added.flatMap((p) => seen(p))).toEqual([
      ['volodymyr-zelensky', 'Zelensky'],
      ['kyiv', 'Kyiv'],
      ['ceasefire', 'ceasefire'],
    ]);
    const counts = Object.fromEntries((tallies.at(-1) ?? []).map((t) => [t.entityId, t.count]));
    expect(counts['volodymyr-zelensky']).toBe(2);
    expect(counts.ceasefire).toBe(2);
  });

  it('keeps highlighting a feed that loads dozens of linked cards at a time, scanning only the new cards', async () => {
    setBody('<div id="feed"></div>');
    const { highlighter } = startHighlighter();
    await highlighter.idle();
    const feed = document.getElementById('feed')!;
    const cards = (from: number, count: number) =>
      Array.from(
        { length: count },
        (_, i) => `<a href="#${from + i}"><h3>Putin in Kyiv, part ${from + i}</h3><p>NATO answers.</p></a>`,
      ).join('');
    feed.append(...nodesOf(cards(0, 30))); // one infinite-scroll load
    await settle(highlighter);
    const firstMark = marksIn(feed.children[0]!)[0];
    expect(firstMark).toBeDefined();

    await new Promise((resolve) => setTimeout(resolve, 20));
    feed.append(...nodesOf(cards(30, 5))); // the next load
    await settle(highlighter);

    expect([...feed.children].map((card) => seen(card).map(([entity]) => entity))).toEqual(
      Array.from({ length: 35 }, () => ['vladimir-putin', 'kyiv', 'nato']),
    );
    // The cards already shown were not scanned again: their marks are the very same elements.
    expect(marksIn(feed.children[0]!)[0]).toBe(firstMark);
    expect(document.body.textContent).toBe(
      Array.from({ length: 35 }, (_, i) => `Putin in Kyiv, part ${i}NATO answers.`).join(''),
    );
  });

  it('a drawn name the page adds words to becomes the longer name they make', async () => {
    setBody('<p id="p">Putin spoke, then <b>NATO</b> answered.</p>');
    const p = document.getElementById('p')!;
    const { highlighter, tallies } = startHighlighter();
    await highlighter.idle();
    expect(seen(p)).toEqual([
      ['vladimir-putin', 'Putin'],
      ['nato', 'NATO'],
    ]);
    p.prepend('President Vladimir '); // streamed text, or a live blog's edit
    await settle(highlighter);
    expect(seen(p)).toEqual([
      ['vladimir-putin', 'Vladimir Putin'],
      ['nato', 'NATO'],
    ]);
    expect(lastCounts(tallies)).toEqual({ 'vladimir-putin': 1, nato: 1 });
    await highlighter.stop();
    expect(p.innerHTML).toBe('President Vladimir Putin spoke, then <b>NATO</b> answered.');
  });

  it('a drawn name that becomes part of a longer one of a hidden category leaves the counts too', async () => {
    setBody('<p id="p">Kyiv</p>');
    const p = document.getElementById('p')!;
    const { highlighter, tallies } = startHighlighter({
      categories: { ...ALL_CATEGORIES, organization: false },
    });
    await highlighter.idle();
    expect(lastCounts(tallies)).toEqual({ kyiv: 1 });
    p.append(' Independent reported.'); // the newspaper, not the city: organisations are not shown
    await settle(highlighter);
    expect(seen(p)).toEqual([]);
    expect(lastCounts(tallies)).toEqual({}); // the popup and the badge no longer list the city
    expect(p.textContent).toBe('Kyiv Independent reported.');
  });

  it('names in links side by side (a row of tags) stay separate words: their marks are left as they are', async () => {
    setBody('<p id="p"><a href="#kyiv">Kyiv</a> <a href="#nato">NATO</a></p>');
    const p = document.getElementById('p')!;
    const { highlighter } = startHighlighter();
    await highlighter.idle();
    const marks = marksIn(p);
    p.childNodes[1]!.remove(); // the space between the links
    p.append(...nodesOf('<a href="#zelensky">Zelensky</a>'));
    await settle(highlighter);
    expect(seen(p)).toEqual([
      ['kyiv', 'Kyiv'],
      ['nato', 'NATO'],
      ['volodymyr-zelensky', 'Zelensky'],
    ]);
    expect(marksIn(p).slice(0, 2)).toEqual(marks); // not taken off and drawn again (a blink)
    expect(marksIn(p)[0]).toBe(marks[0]);
    expect(marksIn(p)[1]).toBe(marks[1]);
    expect(p.textContent).toBe('KyivNATOZelensky');
  });

  it('a name the page puts other words into is no longer drawn across them', async () => {
    setBody('<p id="p"><b>Vladimir</b> Putin spoke.</p>');
    const p = document.getElementById('p')!;
    const { highlighter, tallies } = startHighlighter();
    await highlighter.idle();
    expect(seen(p)).toEqual([['vladimir-putin', 'Vladimir Putin']]);
    p.querySelector('b')!.after(' and Kyiv:');
    await settle(highlighter);
    expect(p.textContent).toBe('Vladimir and Kyiv: Putin spoke.');
    expect(seen(p)).toEqual([
      ['kyiv', 'Kyiv'],
      ['vladimir-putin', 'Putin'],
    ]);
    expect(marksIn(p.querySelector('b')!)).toEqual([]);
    expect(lastCounts(tallies)).toEqual({ kyiv: 1, 'vladimir-putin': 1 });
  });

  it('keeps following a paragraph the page adds many inline pieces to at once', async () => {
    setBody('<p id="p">Live:</p>');
    const { highlighter } = startHighlighter();
    await highlighter.idle();
    const p = document.getElementById('p')!;
    p.append(...nodesOf(Array.from({ length: 30 }, () => ' <span>update</span>').join('')));
    await settle(highlighter);
    p.append(...nodesOf(' <span>Putin</span> spoke.'));
    await settle(highlighter);
    expect(seen(p)).toEqual([['vladimir-putin', 'Putin']]);
  });

  it('highlights a section the page reveals by removing `hidden`', async () => {
    setBody('<p>Summary.</p><div id="more" hidden><p>Later Putin spoke in Kyiv.</p></div>');
    const { highlighter } = startHighlighter();
    await highlighter.idle();
    expect(marksIn()).toHaveLength(0);
    document.getElementById('more')!.removeAttribute('hidden'); // "Read more"
    await settle(highlighter);
    expect(seen()).toEqual([
      ['vladimir-putin', 'Putin'],
      ['kyiv', 'Kyiv'],
    ]);
  });

  it('takes its marks out of a paragraph the page makes editable, and puts them back after', async () => {
    setBody('<p id="p">Putin spoke in Kyiv.</p><p id="other">NATO too.</p>');
    const { highlighter } = startHighlighter();
    await highlighter.idle();
    const p = document.getElementById('p')!;
    const original = p.firstChild;
    expect(seen(p)).toHaveLength(2);

    p.setAttribute('contenteditable', 'true'); // the site's "edit" button
    await settle(highlighter);
    expect(marksIn(p)).toHaveLength(0);
    expect(p.childNodes).toHaveLength(1);
    expect(p.firstChild).toBe(original); // the page's own node, whole again, for its editor
    expect(p.textContent).toBe('Putin spoke in Kyiv.');
    expect(seen(document.getElementById('other')!)).toEqual([['nato', 'NATO']]);

    p.removeAttribute('contenteditable'); // editing done
    await settle(highlighter);
    expect(seen(p)).toEqual([
      ['vladimir-putin', 'Putin'],
      ['kyiv', 'Kyiv'],
    ]);
  });

  it('highlights text the page adds to, or changes in, an existing paragraph', async () => {
    setBody('<p id="a">Nothing yet.</p><p id="b">Waiting</p>');
    const { highlighter } = startHighlighter();
    await highlighter.idle();
    expect(marksIn()).toHaveLength(0);

    document.getElementById('a')!.append(' Then NATO spoke.');
    (document.getElementById('b')!.firstChild as Text).data = 'Waiting for Putin';
    await settle(highlighter);
    expect(seen(document.getElementById('a')!)).toEqual([['nato', 'NATO']]);
    expect(seen(document.getElementById('b')!)).toEqual([['vladimir-putin', 'Putin']]);
    expect(document.body.textContent).toBe('Nothing yet. Then NATO spoke.Waiting for Putin');
  });

  it('does not highlight the same text twice when its paragraph is scanned again', async () => {
    setBody('<p id="p">Putin spoke.</p>');
    const { highlighter } = startHighlighter();
    await highlighter.idle();
    const p = document.getElementById('p')!;
    p.append(' Zelensky answered.');
    await settle(highlighter);
    expect(seen(p)).toEqual([
      ['vladimir-putin', 'Putin'],
      ['volodymyr-zelensky', 'Zelensky'],
    ]);
    expect(p.textContent).toBe('Putin spoke. Zelensky answered.');
  });
});

describe('highlighter (inline marks): web components', () => {
  /** A host element with an open shadow root holding `markup`. */
  function component(markup: string): { host: HTMLElement; root: ShadowRoot } {
    const host = document.createElement('x-story');
    const root = host.attachShadow({ mode: 'open' });
    root.append(...nodesOf(markup));
    return { host, root };
  }

  it('highlights the text of open shadow roots, styles it there, and follows what the component adds', async () => {
    setBody('<p>Kyiv</p>');
    const { host, root } = component('<p>Putin spoke.</p>NATO');
    document.body.append(host);
    const { highlighter, tallies } = startHighlighter();
    await highlighter.idle();
    expect(seen(root)).toEqual([
      ['vladimir-putin', 'Putin'],
      ['nato', 'NATO'],
    ]);
    expect(root.adoptedStyleSheets).toHaveLength(1); // the page's styles stop at the shadow root
    expect(highlighter.shadowRoots()).toEqual([root]);

    root.append(...nodesOf('<p>Later, Zelensky.</p>'));
    (root.firstChild!.lastChild as Text).data = ' spoke again.'; // the page edits its own text too
    await settle(highlighter);
    expect(seen(root)).toEqual([
      ['vladimir-putin', 'Putin'],
      ['nato', 'NATO'],
      ['volodymyr-zelensky', 'Zelensky'],
    ]);
    expect(lastCounts(tallies)).toEqual({ kyiv: 1, 'vladimir-putin': 1, nato: 1, 'volodymyr-zelensky': 1 });
  });

  it('marks a name split by an inline element right at the top of a component, and takes it off cleanly', async () => {
    const { host, root } = component(
      '<i>Vladimir</i> <b>Putin</b> spoke, and <a href="#">Kyiv</a><a href="#">NATO</a>.',
    );
    document.body.append(host);
    const before = [...root.childNodes].map((node) => node.cloneNode(true));
    const { highlighter } = startHighlighter();
    await highlighter.idle();
    expect(seen(root)).toEqual([
      ['vladimir-putin', 'VladimirPutin'], // two marks (mark.js leaves the space between them unmarked)
      ['kyiv', 'Kyiv'],
      ['nato', 'NATO'],
    ]);
    await highlighter.stop();
    expect([...root.childNodes].every((node, i) => node.isEqualNode(before[i]!))).toBe(true);
    expect(root.childNodes).toHaveLength(before.length);
  });

  it('lets go of a component the page removes, and highlights it again if the page puts it back', async () => {
    setBody('<p>Kyiv</p>');
    const { host, root } = component('<p>Putin spoke.</p>');
    document.body.append(host);
    const { highlighter, tallies } = startHighlighter();
    await highlighter.idle();
    host.remove();
    await settle(highlighter);
    expect(highlighter.shadowRoots()).toEqual([]);
    expect(lastCounts(tallies)).toEqual({ kyiv: 1 });
    document.body.append(host);
    await settle(highlighter);
    expect(highlighter.shadowRoots()).toEqual([root]);
    expect(seen(root)).toEqual([['vladimir-putin', 'Putin']]);
    expect(lastCounts(tallies)).toEqual({ kyiv: 1, 'vladimir-putin': 1 });
  });

  it('takes the highlights out of a component the page hides, and puts them back when it shows it', async () => {
    setBody('<p>Kyiv</p><div id="wrap"></div>');
    const { host, root } = component('<p>Putin spoke.</p>');
    document.getElementById('wrap')!.append(host);
    const { highlighter, tallies } = startHighlighter();
    await highlighter.idle();
    expect(seen(root)).toEqual([['vladimir-putin', 'Putin']]);
    const wrap = document.getElementById('wrap')!;
    wrap.hidden = true;
    await settle(highlighter);
    expect(seen(root)).toEqual([]);
    expect(root.textContent).toBe('Putin spoke.');
    expect(lastCounts(tallies)).toEqual({ kyiv: 1 });
    root.append(' Zelensky answered.'); // text the hidden component adds right under its shadow root
    await settle(highlighter);
    expect(seen(root)).toEqual([]);
    wrap.hidden = false;
    await settle(highlighter);
    expect(seen(root)).toEqual([
      ['vladimir-putin', 'Putin'],
      ['volodymyr-zelensky', 'Zelensky'],
    ]);
    expect(lastCounts(tallies)).toEqual({ kyiv: 1, 'vladimir-putin': 1, 'volodymyr-zelensky': 1 });
  });

  it('highlights a component whose definition loads after the scan (its shadow tree comes with it)', async () => {
    setBody('<p>Kyiv</p><late-story id="late"></late-story><light-story>NATO</light-story>');
    const { highlighter } = startHighlighter();
    await highlighter.idle();
    expect(seen()).toEqual([
      ['kyiv', 'Kyiv'],
      ['nato', 'NATO'],
    ]);
    // Defining it upgrades the element already on the page: no change to the page's own tree.
    customElements.define(
      'late-story',
      class extends HTMLElement {
        connectedCallback() {
          this.attachShadow({ mode: 'open' }).append(...nodesOf('<p>Putin spoke.</p>'));
        }
      },
    );
    const root = document.getElementById('late')!.shadowRoot!;
    await new Promise((resolve) => setTimeout(resolve, 400)); // the first look comes after 250 ms
    await settle(highlighter);
    expect(seen(root)).toEqual([['vladimir-putin', 'Putin']]);
    expect(highlighter.shadowRoots()).toEqual([root]);
  });

  it('highlights a component the page adds later, and leaves it exactly as it was when stopped', async () => {
    setBody('<p>Kyiv</p>');
    const { highlighter } = startHighlighter();
    await highlighter.idle();
    const { host, root } = component('<p>Putin met <b>Zelensky</b>.</p>');
    const pristine = root.innerHTML;
    const texts = textNodesIn(root);
    document.body.append(host);
    await settle(highlighter);
    expect(seen(root)).toEqual([
      ['vladimir-putin', 'Putin'],
      ['volodymyr-zelensky', 'Zelensky'],
    ]);
    await highlighter.stop();
    expect(root.innerHTML).toBe(pristine);
    expect(textNodesIn(root)).toEqual(texts); // the same Text node objects
    expect(root.adoptedStyleSheets).toHaveLength(0);
  });
});

describe('highlighter (inline marks): stop() leaves the page exactly as it was', () => {
  it('restores the same HTML and the same Text node objects', async () => {
    setBody(ARTICLE + '<p>Kyiv: <b>Vladimir</b> Putin met Zelensky, then Putin left Kiev.</p>');
    const headBefore = document.head.innerHTML;
    const bodyBefore = document.body.innerHTML;
    const nodesBefore = textNodesIn(document.body);
    const { highlighter } = startHighlighter();
    await highlighter.idle();
    expect(marksIn().length).toBeGreaterThan(10);
    expect(document.body.innerHTML).not.toBe(bodyBefore);

    await highlighter.stop();
    expect(document.body.innerHTML).toBe(bodyBefore);
    expect(document.head.innerHTML).toBe(headBefore);
    const nodesAfter = textNodesIn(document.body);
    expect(nodesAfter).toHaveLength(nodesBefore.length);
    nodesAfter.forEach((node, i) => expect(node).toBe(nodesBefore[i]));
  });

  it('marks every name of a transcript of a thousand <br>-separated lines, and takes them all off', async () => {
    const LINES = 1000;
    const transcript = document.createElement('div');
    for (let line = 0; line < LINES; line++) {
      const speaker = line % 2 ? 'Zelensky' : 'Putin';
      transcript.append(`${line}. ${speaker}: we spoke about Kyiv.`, document.createElement('br'));
    }
    document.body.replaceChildren(transcript);
    const textBefore = transcript.textContent;
    const htmlBefore = transcript.innerHTML;
    const nodesBefore = textNodesIn(transcript);
    const { highlighter } = startHighlighter();
    await highlighter.idle();
    const marks = marksIn(transcript);
    expect(marks).toHaveLength(2 * LINES);
    expect(marks.slice(0, 4).map((mark) => mark.textContent)).toEqual(['Putin', 'Kyiv', 'Zelensky', 'Kyiv']);
    expect(marks.slice(-2).map((mark) => mark.textContent)).toEqual(['Zelensky', 'Kyiv']);
    expect(transcript.textContent).toBe(textBefore);

    // The page streams more lines in: they are marked, and the lines marked before keep their marks.
    transcript.append('Putin: and Kyiv again.', document.createElement('br'));
    await settle(highlighter);
    expect(marksIn(transcript)).toHaveLength(2 * LINES + 2);
    expect(marksIn(transcript)[0]).toBe(marks[0]);

    await highlighter.stop();
    expect(transcript.innerHTML).toBe(htmlBefore + 'Putin: and Kyiv again.<br>');
    expect(textNodesIn(transcript).slice(0, nodesBefore.length)).toEqual(nodesBefore);
  });

  it('stops following the page', async () => {
    setBody('<p>Putin</p>');
    const { highlighter } = startHighlighter();
    await highlighter.idle();
    await highlighter.stop();
    document.body.append(...nodesOf('<p>Zelensky</p>'));
    await settle(highlighter);
    expect(marksIn()).toHaveLength(0);
  });

  it('stops when its signal aborts', async () => {
    setBody('<p>Putin</p>');
    const original = document.querySelector('p')!.firstChild;
    const { highlighter } = startHighlighter();
    await highlighter.idle();
    active!.controller.abort();
    await highlighter.idle(); // putting back is sliced, like scanning
    expect(marksIn()).toHaveLength(0);
    expect(document.querySelector('p')!.childNodes).toHaveLength(1);
    expect(document.querySelector('p')!.firstChild).toBe(original);
  });
});

describe('highlighter (inline marks): repairing what the page rewrites', () => {
  it('when the page rewrites a node it had split (as React does), the new text stands alone and is highlighted', async () => {
    setBody('<p id="p">Putin met Zelensky in Kyiv.</p>');
    const p = document.getElementById('p')!;
    const original = p.firstChild as Text;
    const { highlighter } = startHighlighter();
    await highlighter.idle();
    expect(seen(p)).toHaveLength(3);

    original.nodeValue = 'NATO replied to Putin.';
    await settle(highlighter);

    expect(p.textContent).toBe('NATO replied to Putin.');
    expect(seen(p)).toEqual([
      ['nato', 'NATO'],
      ['vladimir-putin', 'Putin'],
    ]);
    expect(original.isConnected).toBe(true);
    expect(highlighter.index.all().map((mention) => mention.entityId)).toEqual(['nato', 'vladimir-putin']);

    // The page's node still owns the page's text once we are gone.
    await highlighter.stop();
    expect([...p.childNodes]).toEqual([original]);
    expect(original.data).toBe('NATO replied to Putin.');
  });

  it('when the page rewrites one part of a name split across elements, no stale highlight is left', async () => {
    setBody('<p id="p">Said <b>Vladimir</b> Putin today.</p>');
    const p = document.getElementById('p')!;
    const tail = p.lastChild as Text;
    const bold = p.querySelector('b')!.firstChild as Text;
    const { highlighter } = startHighlighter();
    await highlighter.idle();
    expect(seen(p)).toEqual([['vladimir-putin', 'Vladimir Putin']]);

    tail.nodeValue = ' Putin yesterday.';
    await settle(highlighter);

    expect(p.textContent).toBe('Said Vladimir Putin yesterday.');
    expect(seen(p)).toEqual([['vladimir-putin', 'Vladimir Putin']]);
    for (const mark of marksIn(p)) {
      expect(highlighter.mentionOfMark(mark)).toBeDefined();
    }
    expect(highlighter.index.all()).toHaveLength(1);

    await highlighter.stop();
    expect(p.textContent).toBe('Said Vladimir Putin yesterday.');
    expect(marksIn()).toHaveLength(0);
    expect(p.lastChild).toBe(tail);
    expect([...p.querySelector('b')!.childNodes]).toEqual([bold]);
    expect(bold.data).toBe('Vladimir');
  });

  it.each(['b', 'label', 'ins', 'big'])(
    'when the page rewrites the part of a name inside <%s>, the whole name is highlighted again',
    async (tag) => {
      setBody(`<p id="p">Said <${tag}>Vladimir</${tag}> Putin today.</p>`);
      const p = document.getElementById('p')!;
      const inner = p.querySelector(tag)!.firstChild as Text;
      const { highlighter } = startHighlighter();
      await highlighter.idle();
      expect(seen(p)).toEqual([['vladimir-putin', 'Vladimir Putin']]);

      inner.nodeValue = 'Vladimir';
      await settle(highlighter);

      expect(p.textContent).toBe('Said Vladimir Putin today.');
      expect(seen(p)).toEqual([['vladimir-putin', 'Vladimir Putin']]);
      expect(highlighter.index.size).toBe(1);
    },
  );

  it('when the page removes one part of a name split across elements, no orphaned highlight is left', async () => {
    setBody('<p id="p">Said <b>Vladimir</b> Putin today.</p>');
    const p = document.getElementById('p')!;
    const { highlighter } = startHighlighter();
    await highlighter.idle();
    expect(seen(p)).toEqual([['vladimir-putin', 'Vladimir Putin']]);

    p.querySelector('b')!.remove();
    await settle(highlighter);

    expect(p.textContent).toBe('Said  Putin today.');
    for (const mark of marksIn(p)) {
      expect(highlighter.mentionOfMark(mark)).toBeDefined();
    }
    expect(highlighter.index.nodes().every((node) => node.isConnected)).toBe(true);
  });

  it('a paragraph the page takes out and puts back (a tab panel, a recycled list row) keeps all its text', async () => {
    setBody('<div id="tabs"><p id="p">In Kyiv, <b>Vladimir</b> Putin met Zelensky.</p></div>');
    const p = document.getElementById('p')!;
    const texts = textNodesIn(p);
    const { highlighter } = startHighlighter();
    await highlighter.idle();
    expect(seen(p)).toHaveLength(3);
    p.remove();
    await settle(highlighter);
    // Out of the page, it is the page's own paragraph again: the same nodes, the same text.
    expect(p.innerHTML).toBe('In Kyiv, <b>Vladimir</b> Putin met Zelensky.');
    expect(textNodesIn(p)).toEqual(texts);
    expect(highlighter.index.size).toBe(0);
    document.getElementById('tabs')!.append(p);
    await settle(highlighter);
    expect(p.textContent).toBe('In Kyiv, Vladimir Putin met Zelensky.');
    expect(seen(p)).toEqual([
      ['kyiv', 'Kyiv'],
      ['vladimir-putin', 'Vladimir Putin'],
      ['volodymyr-zelensky', 'Zelensky'],
    ]);
  });

  it('when the page replaces a node it had split with a new one, no leftover pieces remain', async () => {
    setBody('<p id="p">Putin met Zelensky in Kyiv.</p>');
    const p = document.getElementById('p')!;
    const original = p.firstChild as Text;
    const { highlighter } = startHighlighter();
    await highlighter.idle();
    expect(seen(p)).toHaveLength(3);

    const fresh = document.createTextNode('Zelensky met NATO.');
    original.replaceWith(fresh);
    await settle(highlighter);

    expect(p.textContent).toBe('Zelensky met NATO.');
    expect(seen(p)).toEqual([
      ['volodymyr-zelensky', 'Zelensky'],
      ['nato', 'NATO'],
    ]);
    expect(highlighter.index.all().map((mention) => mention.entityId)).toEqual([
      'volodymyr-zelensky',
      'nato',
    ]);

    await highlighter.stop();
    expect([...p.childNodes]).toEqual([fresh]);
    expect(fresh.data).toBe('Zelensky met NATO.');
  });

  it('when the page replaces all of a paragraph’s children, only the new text remains', async () => {
    setBody('<p id="p">Putin met Zelensky in Kyiv.</p>');
    const p = document.getElementById('p')!;
    const { highlighter } = startHighlighter();
    await highlighter.idle();

    p.replaceChildren('Kyiv: a ceasefire?');
    await settle(highlighter);
    expect(p.textContent).toBe('Kyiv: a ceasefire?');
    expect(seen(p)).toEqual([
      ['kyiv', 'Kyiv'],
      ['ceasefire', 'ceasefire'],
    ]);
    expect(highlighter.index.all()).toHaveLength(2);
  });

  const FIGHTS: [string, (p: HTMLElement, original: Text) => void][] = [
    ['rewrites its text node', (_p, original) => (original.nodeValue = 'Putin spoke in Kyiv.')],
    ['replaces its children', (p) => p.replaceChildren('Putin spoke in Kyiv.')],
  ];

  it.each(FIGHTS)(
    'gives up on a block the page keeps fighting over (a page that %s)',
    async (_name, rewrite) => {
      setBody('<p id="p">Putin spoke in Kyiv.</p><div id="other"></div>');
      const p = document.getElementById('p')!;
      const original = p.firstChild as Text;
      const MAX_REWRITES = 500; // the page's own safety net, so a failing highlighter cannot hang the test
      let rewrites = 0;
      // The page puts its own text back whenever anything else appears in the paragraph.
      const page = new MutationObserver(() => {
        if (rewrites >= MAX_REWRITES) return;
        if (p.childNodes.length === 1 && p.firstChild!.nodeType === Node.TEXT_NODE) return;
        rewrites++;
        rewrite(p, original);
      });
      page.observe(p, { childList: true });
      try {
        const { highlighter } = startHighlighter();
        await settle(highlighter);

        expect(rewrites).toBeGreaterThan(1); // the fight did happen
        expect(rewrites).toBeLessThan(MAX_REWRITES); // and the highlighter stopped it
        expect(p.textContent).toBe('Putin spoke in Kyiv.');

        // The rest of the page is still highlighted.
        document.getElementById('other')!.append(...nodesOf('<p>Zelensky</p>'));
        await settle(highlighter);
        expect(seen(document.getElementById('other')!)).toEqual([['volodymyr-zelensky', 'Zelensky']]);
        expect(p.textContent).toBe('Putin spoke in Kyiv.');
      } finally {
        page.disconnect();
      }
    },
  );
});

describe('highlighter (inline marks): page edits that arrive with a full rescan', () => {
  it('a text node the page rewrites in the same task as a settings change keeps only the new text', async () => {
    setBody('<p id="p">Putin spoke.</p>');
    const p = document.getElementById('p')!;
    const original = p.firstChild as Text;
    const { highlighter } = startHighlighter();
    await highlighter.idle();
    expect(seen(p)).toEqual([['vladimir-putin', 'Putin']]);

    // Any change but colours erases everything and scans again; the page re-renders meanwhile.
    highlighter.setOptions({ ...OPTIONS, categories: { ...ALL_CATEGORIES, place: false } });
    original.nodeValue = 'Zelensky spoke.';
    await settle(highlighter);

    expect(p.textContent).toBe('Zelensky spoke.');
    expect(seen(p)).toEqual([['volodymyr-zelensky', 'Zelensky']]);
    await highlighter.stop();
    expect([...p.childNodes]).toEqual([original]);
  });

  it('counts the nodes a mutation adds, not just its records', () => {
    const nodes = (n: number) => ({ length: n }) as NodeList;
    expect(countChanges([{ type: 'childList', addedNodes: nodes(RESCAN_THRESHOLD + 5) }])).toBeGreaterThan(
      RESCAN_THRESHOLD,
    );
    expect(
      countChanges([
        { type: 'characterData', addedNodes: nodes(0) },
        { type: 'childList', addedNodes: nodes(2) },
      ]),
    ).toBe(4);
  });

  it(`a change that adds more than ${RESCAN_THRESHOLD} nodes is one full rescan`, async () => {
    setBody('<h1 id="headline">Zelensky</h1><main id="feed"><p>Putin</p></main>');
    const { highlighter, tallies } = startHighlighter();
    await highlighter.idle();
    const headlineMark = marksIn(document.getElementById('headline')!)[0];
    const count = RESCAN_THRESHOLD + 1;
    const fresh = Array.from({ length: count }, (_, i) => {
      const p = document.createElement('p');
      p.textContent = `Story ${i} from Kyiv.`;
      return p;
    });
    tallies.length = 0;
    document.getElementById('feed')!.replaceChildren(...fresh); // a single mutation record
    await settle(highlighter);
    // Everything was forgotten and scanned again: even the untouched headline has a new mark.
    expect(tallies[0]).toEqual([]);
    expect(marksIn(document.getElementById('headline')!)[0]).not.toBe(headlineMark);
    expect(seen(fresh[count - 1]!)).toEqual([['kyiv', 'Kyiv']]);
    expect(marksIn()).toHaveLength(count + 1);
  });

  it(`more than ${RESCAN_THRESHOLD} page edits at once (one full rescan) leave no duplicated text`, async () => {
    const count = RESCAN_THRESHOLD + 100;
    setBody(Array.from({ length: count }, (_, i) => `<p>Putin ${i} went to Kyiv.</p>`).join(''));
    const { highlighter } = startHighlighter();
    await highlighter.idle();
    const paragraphs = [...document.querySelectorAll('p')];
    const originals = paragraphs.map((p) => p.firstChild as Text);
    expect(marksIn()).toHaveLength(2 * count);

    // React-style: each paragraph's own text node gets the new text, in one task.
    originals.forEach((node, i) => (node.nodeValue = `Changed ${i} in Kyiv.`));
    await settle(highlighter);

    expect(paragraphs.map((p) => p.textContent)).toEqual(originals.map((_, i) => `Changed ${i} in Kyiv.`));
    expect(seen(paragraphs[7]!)).toEqual([['kyiv', 'Kyiv']]);
    expect(marksIn()).toHaveLength(count);
  });

  it('a text node the page replaces just before a stop or a settings change is not brought back', async () => {
    setBody('<p id="a">Putin met Zelensky in Kyiv.</p><p id="b">Putin spoke.</p>');
    const { highlighter } = startHighlighter();
    await highlighter.idle();
    const [a, b] = [document.getElementById('a')!, document.getElementById('b')!];
    // React or Vue replacing its text node, in the same task as a settings change…
    a.firstChild!.replaceWith(document.createTextNode('Fresh text.'));
    highlighter.setOptions({ ...OPTIONS, categories: { ...ALL_CATEGORIES, topic: false } });
    await settle(highlighter);
    expect(a.textContent).toBe('Fresh text.');
    expect(seen(b)).toEqual([['vladimir-putin', 'Putin']]);
    // …and in the same task as turning Backstory off.
    b.firstChild!.replaceWith(document.createTextNode('Later text.'));
    await highlighter.stop();
    expect(b.textContent).toBe('Later text.');
    expect(marksIn()).toEqual([]);
  });

  it('a text node the page replaces while the marks are being taken off is not brought back', async () => {
    setBody('<p id="p">Putin met Zelensky in Kyiv.</p>');
    const { highlighter } = startHighlighter();
    await highlighter.idle();
    const p = document.getElementById('p')!;
    const stopping = highlighter.stop(); // puts the page back in slices, unobserved
    p.firstChild!.replaceWith(document.createTextNode('Fresh text.'));
    await stopping;
    expect(p.textContent).toBe('Fresh text.');
    expect(marksIn()).toEqual([]);
  });

  it(`more than ${RESCAN_THRESHOLD} text nodes replaced at once (one full rescan) leave no duplicated text`, async () => {
    const count = RESCAN_THRESHOLD + 100;
    setBody(Array.from({ length: count }, (_, i) => `<p>Putin ${i} went to Kyiv.</p>`).join(''));
    const { highlighter } = startHighlighter();
    await highlighter.idle();
    const paragraphs = [...document.querySelectorAll('p')];
    paragraphs.forEach((p, i) => p.firstChild!.replaceWith(document.createTextNode(`New ${i} from Kyiv.`)));
    await settle(highlighter);
    expect(paragraphs.map((p) => p.textContent)).toEqual(paragraphs.map((_, i) => `New ${i} from Kyiv.`));
    expect(marksIn()).toHaveLength(count);
  });
});

describe('highlighter: text the page moves out of bounds, and removals that change nothing', () => {
  it('a paragraph moved into an editor loses its marks, and the editor holds the page’s own text', async () => {
    setBody('<article id="article"><p id="p">Putin met Zelensky in Kyiv.</p></article>');
    const { highlighter, tallies } = startHighlighter();
    await highlighter.idle();
    const p = document.getElementById('p')!;
    const original = p.firstChild as Text;
    expect(marksIn(p)).toHaveLength(3);

    // A CMS editing in place: the paragraph goes into an editor.
    const editor = document.createElement('div');
    editor.contentEditable = 'true';
    p.replaceWith(editor);
    editor.append(p);
    await settle(highlighter);

    expect(marksIn()).toEqual([]);
    expect([...p.childNodes]).toEqual([original]);
    expect(original.data).toBe('Putin met Zelensky in Kyiv.');
    expect(tallies.at(-1)).toEqual([]);
  });

  it('a paragraph moved into a hidden part is no longer counted (Highlight API)', () =>
    withHighlightApi(async () => {
      setBody('<p id="p">Putin met Zelensky in Kyiv.</p><div id="hidden" hidden></div>');
      const { highlighter, tallies } = startHighlighter({ renderer: 'highlight-api' });
      await highlighter.idle();
      expect(highlighter.renderer().kind).toBe('highlight-api');
      expect(highlighter.index.all()).toHaveLength(3);
      document.getElementById('hidden')!.append(document.getElementById('p')!);
      await settle(highlighter);
      expect(highlighter.index.all()).toEqual([]);
      expect(tallies.at(-1)).toEqual([]);
      await highlighter.stop();
    }));

  it('removing an ad or a banner, or adding a pixel, does not re-read the mentions around it (Highlight API)', () =>
    withHighlightApi(async () => {
      setBody(
        '<div id="banner">Cookies?</div><article><p>Putin spoke.</p>' +
          '<div id="ad">Buy now</div><p>Zelensky answered.</p></article>',
      );
      const { highlighter } = startHighlighter({ renderer: 'highlight-api' });
      await highlighter.idle();
      expect(highlighter.renderer().kind).toBe('highlight-api');
      const serials = () => highlighter.index.all().map((mention) => mention.serial);
      const before = serials();
      expect(before).toHaveLength(2);
      document.getElementById('ad')!.remove();
      document.getElementById('banner')!.remove();
      document.body.append(document.createElement('img')); // a tracking pixel
      await settle(highlighter);
      // The same mentions: not erased and found again (which made highlights in view blink).
      expect(serials()).toEqual(before);
      await highlighter.stop();
    }));

  it('removing what stood between two halves of a name re-reads them as one (Highlight API)', () =>
    withHighlightApi(async () => {
      setBody('<p id="p">Vladimir<span> V.</span> Putin spoke.</p>');
      const { highlighter } = startHighlighter({ renderer: 'highlight-api' });
      await highlighter.idle();
      const drawn = () => drawnTexts(highlighter);
      expect(drawn()).toEqual(['Putin']);
      document.querySelector('span')!.remove();
      await settle(highlighter);
      expect(drawn()).toEqual(['Vladimir Putin']);
      await highlighter.stop();
    }));

  it('a button or a line break put into a name splits it (Highlight API)', () =>
    withHighlightApi(async () => {
      setBody('<p id="p">Said Vladimir <b>Putin</b>, and Vladimir <i>Putin</i> again.</p>');
      const { highlighter } = startHighlighter({ renderer: 'highlight-api' });
      await highlighter.idle();
      const drawn = () => drawnTexts(highlighter);
      expect(drawn()).toEqual(['Vladimir Putin', 'Vladimir Putin']);
      const p = document.getElementById('p')!;
      p.insertBefore(document.createElement('button'), p.querySelector('b')).textContent = 'Follow';
      p.insertBefore(document.createElement('br'), p.querySelector('i'));
      await settle(highlighter);
      expect(drawn()).toEqual(['Putin', 'Putin']); // not "Vladimir FollowPutin", nor across the break
      await highlighter.stop();
    }));

  it('a stopped highlighter lets go of the page session’s signal', async () => {
    setBody('<p>Putin spoke.</p>');
    const { highlighter } = startHighlighter();
    await highlighter.idle();
    const signal = active!.controller.signal;
    const removed = vi.spyOn(signal, 'removeEventListener');
    await highlighter.stop();
    expect(removed).toHaveBeenCalledWith('abort', expect.any(Function));
  });
});
