/**
 * Letters the page glues onto a highlighted name make it part of a longer word ("Kyiv" + "an" is
 * "Kyivan", not Kyiv), and taking them away again makes it a whole word again. The Highlight API
 * reads the text as the page shows it; inline marks stand between a name and the text around it.
 * Every story here runs on both renderers, which must show the reader the same thing after each
 * step: the same names highlighted, the same counts in the popup, and the page's own text.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Category } from '@/lib/dataset/schema';
import { createHighlighter, type EntityInfo, type Highlighter } from '@/lib/highlight/highlighter';
import type { EntityTally } from '@/lib/highlight/page-mentions';
import { DEFAULT_HIGHLIGHT_COLORS } from '@/lib/highlight/styles';
import { compileMatcher } from '@/lib/match/matcher';
import {
  installHighlightApiFakes,
  registry,
  removeHighlightApiFakes,
  renderFrame,
} from './support/highlight-api-fakes';

const ENTITIES: Record<string, EntityInfo> = {
  kyiv: { name: 'Kyiv', category: 'place', description: 'Capital of Ukraine' },
  'vladimir-putin': { name: 'Vladimir Putin', category: 'person', description: 'President of Russia' },
  nato: { name: 'NATO', category: 'organization', description: 'Military alliance' },
};

const matcher = compileMatcher([
  { text: 'Kyiv', entityId: 'kyiv', caseSensitive: true },
  { text: 'Kiev', entityId: 'kyiv', caseSensitive: true },
  { text: 'Vladimir Putin', entityId: 'vladimir-putin', caseSensitive: true },
  { text: 'Putin', entityId: 'vladimir-putin', caseSensitive: true },
  { text: 'NATO', entityId: 'nato', caseSensitive: true },
]);

const ALL_CATEGORIES: Record<Category, boolean> = {
  person: true,
  organization: true,
  place: true,
  topic: true,
};

type RendererKind = 'inline-marks' | 'highlight-api';
// The Highlight API first: it reads the page's text as it is, and is what inline marks must match.
const RENDERERS: RendererKind[] = ['highlight-api', 'inline-marks'];

beforeEach(installHighlightApiFakes);

let running: { highlighter: Highlighter; controller: AbortController } | undefined;

afterEach(async () => {
  await running?.highlighter.stop();
  running?.controller.abort();
  running = undefined;
  removeHighlightApiFakes();
  document.body.replaceChildren();
});

// ---- what a reader sees ----------------------------------------------------------------------

/** What the reader sees after a step: highlighted names ([entity, text], in page order), counts, text. */
interface Seen {
  highlighted: [string, string][];
  counts: Record<string, number>;
  text: string;
}

/** Inline marks: one entry per mention (its first mark is its tab stop; the rest are its other parts). */
function markedNames(highlighter: Highlighter): [string, string][] {
  const names: [string, string][] = [];
  for (const mark of document.body.querySelectorAll<HTMLElement>('mark[data-backstory-entity]')) {
    // No mark is left behind with nothing drawn behind it.
    expect(highlighter.mentionOfMark(mark), mark.outerHTML).toBeDefined();
    const last = names[names.length - 1];
    if (last && !mark.hasAttribute('tabindex')) last[1] += mark.textContent;
    else names.push([mark.getAttribute('data-backstory-entity')!, mark.textContent ?? '']);
  }
  expect(names).toHaveLength(highlighter.index.size); // none drawn twice, none missing
  return names;
}

/** The Highlight API: the ranges registered for painting, with the entity the card would show. */
function paintedNames(highlighter: Highlighter): [string, string][] {
  renderFrame();
  const painted: Range[] = [];
  for (const [name, highlight] of registry) {
    if (name === 'backstory-flash') continue;
    for (const { init } of highlight) {
      const range = document.createRange();
      range.setStart(init.startContainer, init.startOffset);
      range.setEnd(init.endContainer, init.endOffset);
      painted.push(range);
    }
  }
  painted.sort((a, b) => a.compareBoundaryPoints(Range.START_TO_START, b));
  const mentions = highlighter.index.all();
  return painted.map((range) => {
    const mention = mentions.find(
      (m) => m.startNode === range.startContainer && m.startOffset === range.startOffset,
    );
    return [mention?.entityId ?? '(no mention)', range.toString()];
  });
}

/** Mentions counted per entity, as the last report to the popup and the badge had them. */
function counts(tallies: EntityTally[][]): Record<string, number> {
  return Object.fromEntries((tallies.at(-1) ?? []).map(({ entityId, count }) => [entityId, count]));
}

/** Lets MutationObserver callbacks (and anything else queued) run, then waits for every scan. */
async function settle(highlighter: Highlighter): Promise<void> {
  for (let round = 0; round < 2; round++) {
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
    await highlighter.idle();
  }
}

// ---- stories ---------------------------------------------------------------------------------

/** One thing the page does, and what the reader should see after it. */
interface Step<Page> extends Seen {
  edit?: (page: Page) => void;
}

/**
 * A page built afresh for each renderer (`build` returns the nodes the page's own code holds on
 * to), then edited step by step; returns what the reader saw after loading and after each step.
 */
async function follow<Page>(
  kind: RendererKind,
  build: () => Page,
  steps: Step<Page>[],
  firstMentionOnly = false,
): Promise<Seen[]> {
  const page = build();
  const controller = new AbortController();
  const tallies: EntityTally[][] = [];
  const highlighter = createHighlighter({
    document,
    matcher,
    entity: (id) => ENTITIES[id],
    options: {
      categories: ALL_CATEGORIES,
      firstMentionOnly,
      renderer: kind,
      colors: { ...DEFAULT_HIGHLIGHT_COLORS },
    },
    onMentionsChanged: (tally) => tallies.push(tally),
    signal: controller.signal,
  });
  running = { highlighter, controller };
  highlighter.start();
  expect(highlighter.renderer().kind).toBe(kind);
  const seen: Seen[] = [];
  for (const step of steps) {
    step.edit?.(page);
    await settle(highlighter);
    seen.push({
      highlighted: kind === 'inline-marks' ? markedNames(highlighter) : paintedNames(highlighter),
      counts: counts(tallies),
      text: document.body.textContent ?? '',
    });
  }
  const text = document.body.textContent;
  await highlighter.stop();
  expect(document.body.querySelector('mark')).toBeNull();
  expect(document.body.textContent).toBe(text); // taking the marks off leaves the page's text
  running = undefined;
  document.body.replaceChildren();
  return seen;
}

/** Runs the story on both renderers: each shows exactly what the steps expect, so the same. */
async function expectOnBothRenderers<Page>(
  build: () => Page,
  steps: Step<Page>[],
  firstMentionOnly = false,
): Promise<void> {
  const expected: Seen[] = steps.map(({ highlighted, counts, text }) => ({ highlighted, counts, text }));
  const seen = new Map<RendererKind, Seen[]>();
  for (const kind of RENDERERS) seen.set(kind, await follow(kind, build, steps, firstMentionOnly));
  for (const kind of RENDERERS) expect(seen.get(kind), kind).toEqual(expected);
}

/** A paragraph made of separate text nodes, as a framework renders `{before}{name}{after}`. */
function paragraphOf(...texts: string[]): { p: HTMLParagraphElement; nodes: Text[] } {
  const p = document.createElement('p');
  const nodes = texts.map((text) => document.createTextNode(text));
  p.append(...nodes);
  document.body.append(p);
  return { p, nodes };
}

/** A paragraph parsed from markup (one text node where the markup has no tags). */
function paragraphFrom(markup: string): HTMLParagraphElement {
  const parsed = new DOMParser().parseFromString(`<body><p>${markup}</p></body>`, 'text/html');
  const p = parsed.body.firstElementChild as HTMLParagraphElement;
  document.body.append(p);
  return p;
}

/**
 * The text node that starts right after the first `word` in `root`'s text, as a page script walking
 * the DOM finds it (with inline marks, the rest of the node a mark split). Where the node runs on
 * across that point, the script splits it there first.
 */
function textNodeAfter(root: Node, word: string): Text {
  const end = (root.textContent ?? '').indexOf(word) + word.length;
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  let start = 0;
  for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
    if (start <= end && end < start + node.data.length)
      return start === end ? node : node.splitText(end - start);
    start += node.data.length;
  }
  throw new Error(`nothing after “${word}”`);
}

/** The page finds `text` in one of its text nodes again, and writes `replacement` in its place. */
function replaceIn(root: Node, text: string, replacement: string): void {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null)
    if (node.data.includes(text)) {
      node.data = node.data.replace(text, replacement);
      return;
    }
  throw new Error(`no text node holds “${text}”`);
}

const nothing = { highlighted: [], counts: {} };
const kyivOnce = { highlighted: [['kyiv', 'Kyiv']] as [string, string][], counts: { kyiv: 1 } };

describe('highlighter: letters glued onto a highlighted name (both renderers agree)', () => {
  it('letters written after the name make it part of a longer word, and removing them brings it back', () =>
    expectOnBothRenderers(
      () => paragraphOf('Kyiv', ' is calm.').nodes,
      [
        { ...kyivOnce, text: 'Kyiv is calm.' },
        { edit: ([, after]) => (after!.data = 'an food is good.'), ...nothing, text: 'Kyivan food is good.' },
        { edit: ([, after]) => (after!.data = ' food is good.'), ...kyivOnce, text: 'Kyiv food is good.' },
      ],
    ));

  it('a text node of letters put right after the name glues onto it, and taking it out again unglues it', () => {
    let glued: Text | undefined;
    return expectOnBothRenderers(
      () => paragraphOf('Kyiv', ' is calm.').nodes,
      [
        { ...kyivOnce, text: 'Kyiv is calm.' },
        { edit: ([, after]) => after!.before((glued = new Text('an'))), ...nothing, text: 'Kyivan is calm.' },
        { edit: () => glued!.remove(), ...kyivOnce, text: 'Kyiv is calm.' },
      ],
    );
  });

  it('letters written before the name, in the text node before it, glue onto it too', () =>
    expectOnBothRenderers(
      () => paragraphOf('Said ', 'Kyiv', ' today.').nodes,
      [
        { ...kyivOnce, text: 'Said Kyiv today.' },
        { edit: ([before]) => (before!.data = 'Said Pre'), ...nothing, text: 'Said PreKyiv today.' },
        { edit: ([before]) => (before!.data = 'Said: '), ...kyivOnce, text: 'Said: Kyiv today.' },
      ],
    ));

  it('a text node of letters put right before the name glues onto it, and taking it out again unglues it', () => {
    let glued: Text | undefined;
    return expectOnBothRenderers(
      () => paragraphOf('Said ', 'Kyiv', ' today.').nodes,
      [
        { ...kyivOnce, text: 'Said Kyiv today.' },
        {
          edit: ([, name]) => name!.before((glued = new Text('Pre'))),
          ...nothing,
          text: 'Said PreKyiv today.',
        },
        { edit: () => glued!.remove(), ...kyivOnce, text: 'Said Kyiv today.' },
      ],
    );
  });

  it('letters glued on both sides at once, then one side at a time taken away', () =>
    expectOnBothRenderers(
      () => paragraphOf('Said ', 'Kyiv', ' today.').nodes,
      [
        { ...kyivOnce, text: 'Said Kyiv today.' },
        {
          edit: ([before, , after]) => {
            before!.data = 'Said Pre';
            after!.data = 'an today.';
          },
          ...nothing,
          text: 'Said PreKyivan today.',
        },
        { edit: ([before]) => (before!.data = 'Said '), ...nothing, text: 'Said Kyivan today.' },
        { edit: ([, , after]) => (after!.data = ' today.'), ...kyivOnce, text: 'Said Kyiv today.' },
      ],
    ));

  it('digits glue onto a name like letters; punctuation and spaces do not', () =>
    expectOnBothRenderers(
      () => paragraphOf('Said ', 'Kyiv', ' today.').nodes,
      [
        { ...kyivOnce, text: 'Said Kyiv today.' },
        { edit: ([, , after]) => (after!.data = '. Today.'), ...kyivOnce, text: 'Said Kyiv. Today.' },
        { edit: ([, , after]) => (after!.data = '2 today.'), ...nothing, text: 'Said Kyiv2 today.' },
        { edit: ([, , after]) => (after!.data = ', today.'), ...kyivOnce, text: 'Said Kyiv, today.' },
        { edit: ([before]) => (before!.data = 'Said 1'), ...nothing, text: 'Said 1Kyiv, today.' },
        { edit: ([before]) => (before!.data = 'Said “'), ...kyivOnce, text: 'Said “Kyiv, today.' },
      ],
    ));

  it('letters glued onto a name in a link (after the link, or before it)', () =>
    expectOnBothRenderers(() => {
      const p = paragraphFrom('Said <a href="#kyiv">Kyiv</a> today.');
      return { link: p.querySelector('a')!, before: p.firstChild as Text };
    }, [
      { ...kyivOnce, text: 'Said Kyiv today.' },
      { edit: ({ link }) => link.after('ese'), ...nothing, text: 'Said Kyivese today.' },
      { edit: ({ link }) => link.nextSibling!.remove(), ...kyivOnce, text: 'Said Kyiv today.' },
      { edit: ({ before }) => (before.data = 'Said Ex'), ...nothing, text: 'Said ExKyiv today.' },
    ]));

  it('a name drawn across elements no longer stands when letters are glued after its last part', () =>
    expectOnBothRenderers(
      () => paragraphFrom('Said <b>Vladimir</b> Putin today.'),
      [
        {
          highlighted: [['vladimir-putin', 'Vladimir Putin']],
          counts: { 'vladimir-putin': 1 },
          text: 'Said Vladimir Putin today.',
        },
        {
          edit: (p) => (textNodeAfter(p, 'Putin').data = 'ism today.'),
          ...nothing,
          text: 'Said Vladimir Putinism today.',
        },
        {
          edit: (p) => replaceIn(p, 'ism today.', ' today.'),
          highlighted: [['vladimir-putin', 'Vladimir Putin']],
          counts: { 'vladimir-putin': 1 },
          text: 'Said Vladimir Putin today.',
        },
      ],
    ));

  it('a name drawn across hidden text no longer stands when letters are glued after it', async () => {
    for (const kind of RENDERERS) {
      const seen = await follow(
        kind,
        () => paragraphFrom('Said Vladimir<span hidden>x</span> Putin today.'),
        [
          { ...nothing, text: '' },
          { edit: (p) => (textNodeAfter(p, 'Putin').data = 'ism today.'), ...nothing, text: '' },
        ],
      );
      // Entities and counts only: the two renderers' probes read the hidden "x" differently.
      const drawn = seen.map(({ highlighted, counts }) => [highlighted.map(([id]) => id), counts]);
      expect(drawn, kind).toEqual([
        [['vladimir-putin'], { 'vladimir-putin': 1 }],
        [[], {}],
      ]);
    }
  });

  it('two names glued to each other are neither of them, and both again once apart', () =>
    expectOnBothRenderers(
      () => paragraphOf('Kyiv', ' and ', 'NATO', ' met.').nodes,
      [
        {
          highlighted: [
            ['kyiv', 'Kyiv'],
            ['nato', 'NATO'],
          ],
          counts: { kyiv: 1, nato: 1 },
          text: 'Kyiv and NATO met.',
        },
        { edit: ([, and]) => and!.remove(), ...nothing, text: 'KyivNATO met.' },
        {
          edit: ([, and, nato]) => nato!.before(and!),
          highlighted: [
            ['kyiv', 'Kyiv'],
            ['nato', 'NATO'],
          ],
          counts: { kyiv: 1, nato: 1 },
          text: 'Kyiv and NATO met.',
        },
      ],
    ));

  it('a glued name leaves the other names of its paragraph as they were', () =>
    expectOnBothRenderers(
      () => paragraphOf('NATO and ', 'Kyiv', ' and NATO, Kyiv.').nodes,
      [
        {
          highlighted: [
            ['nato', 'NATO'],
            ['kyiv', 'Kyiv'],
            ['nato', 'NATO'],
            ['kyiv', 'Kyiv'],
          ],
          counts: { nato: 2, kyiv: 2 },
          text: 'NATO and Kyiv and NATO, Kyiv.',
        },
        {
          edit: ([, , after]) => (after!.data = 'ans and NATO, Kyiv.'),
          highlighted: [
            ['nato', 'NATO'],
            ['nato', 'NATO'],
            ['kyiv', 'Kyiv'],
          ],
          counts: { nato: 2, kyiv: 1 },
          text: 'NATO and Kyivans and NATO, Kyiv.',
        },
      ],
    ));
});

describe('highlighter: letters a page script glues right beside an inline mark', () => {
  // The page's text is one node, which inline marks split: "Kyiv" in a mark, " is calm." after it.
  // A script that walks the DOM finds that rest as the text node after the name. (The Highlight
  // API splits nothing: there the script splits the node itself, to the same effect.)
  it('the text node after the mark rewritten to start with letters', () =>
    expectOnBothRenderers(
      () => paragraphFrom('Kyiv is calm.'),
      [
        { ...kyivOnce, text: 'Kyiv is calm.' },
        {
          edit: (p) => (textNodeAfter(p, 'Kyiv').data = 'an food is good.'),
          ...nothing,
          text: 'Kyivan food is good.',
        },
        {
          edit: (p) => replaceIn(p, 'an food', ' food'),
          ...kyivOnce,
          text: 'Kyiv food is good.',
        },
      ],
    ));

  it('a text node of letters put right after the mark', () => {
    let glued: Text | undefined;
    return expectOnBothRenderers(
      () => paragraphFrom('Kyiv is calm.'),
      [
        { ...kyivOnce, text: 'Kyiv is calm.' },
        {
          edit: (p) => textNodeAfter(p, 'Kyiv').before((glued = new Text('an'))),
          ...nothing,
          text: 'Kyivan is calm.',
        },
        { edit: () => glued!.remove(), ...kyivOnce, text: 'Kyiv is calm.' },
      ],
    );
  });
});

describe('highlighter: “first mention only” and glued letters', () => {
  it('when the drawn first mention is glued into a longer word, the next mention takes the highlight', () =>
    expectOnBothRenderers(
      () => {
        const { nodes } = paragraphOf('Kyiv', ' is calm.');
        paragraphFrom('Later, Kiev again.');
        return nodes;
      },
      [
        { ...kyivOnce, counts: { kyiv: 2 }, text: 'Kyiv is calm.Later, Kiev again.' },
        {
          edit: ([, after]) => (after!.data = 'an food.'),
          highlighted: [['kyiv', 'Kiev']],
          counts: { kyiv: 1 },
          text: 'Kyivan food.Later, Kiev again.',
        },
        {
          edit: ([, after]) => (after!.data = ' is calm.'),
          ...kyivOnce,
          counts: { kyiv: 2 },
          text: 'Kyiv is calm.Later, Kiev again.',
        },
      ],
      true,
    ));

  it('when the first mention goes and the next is glued into a longer word at once, the one after takes the highlight', () =>
    expectOnBothRenderers(
      () => {
        const first = paragraphFrom('Kyiv is calm.');
        const { nodes } = paragraphOf('Kiev', ' again.');
        paragraphFrom('Later, Kyiv.');
        return { first, next: nodes };
      },
      [
        { ...kyivOnce, counts: { kyiv: 3 }, text: 'Kyiv is calm.Kiev again.Later, Kyiv.' },
        {
          edit: ({ first, next: [, after] }) => {
            first.remove();
            after!.data = 'an again.';
          },
          ...kyivOnce,
          text: 'Kievan again.Later, Kyiv.',
        },
      ],
      true,
    ));
});
