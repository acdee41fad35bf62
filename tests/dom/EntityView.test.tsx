import { cleanup, fireEvent, screen, within } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { EntityView, type EntityViewProps, type Loadable } from '@/components/EntityView';
import type { RelationType } from '@/lib/dataset/relation-types';
import type { EntityDetail, EntitySummary, LinkedEntity, TimelineEventView } from '@/lib/knowledge/types';
import { axeViolations, renderWithLocale } from './support/locale';

const russia: EntitySummary = { id: 'russia', name: 'Russia', category: 'place', description: 'Country' };
const zelensky: EntitySummary = {
  id: 'volodymyr-zelensky',
  name: 'Volodymyr Zelensky',
  category: 'person',
  description: 'President of Ukraine',
};
const nato: EntitySummary = { id: 'nato', name: 'NATO', category: 'organization', description: 'Alliance' };
const peskov: EntitySummary = {
  id: 'dmitry-peskov',
  name: 'Dmitry Peskov',
  category: 'person',
  description: 'Kremlin spokesman',
};
const kremlin: EntitySummary = {
  id: 'kremlin',
  name: 'Kremlin',
  category: 'organization',
  description: 'Seat of the Russian government',
};
const moscow: EntitySummary = { id: 'moscow', name: 'Moscow', category: 'place', description: 'Capital' };
const istanbulTalks: EntitySummary = {
  id: 'istanbul-talks',
  name: 'Istanbul talks',
  category: 'topic',
  description: 'Russia–Ukraine negotiations in Istanbul',
};

const link = (
  type: RelationType,
  other: EntitySummary,
  dates: { since?: string; until?: string } = {},
  direction: LinkedEntity['direction'] = 'outgoing',
): LinkedEntity => ({
  type,
  direction,
  ...dates,
  source: 'https://en.wikipedia.org/wiki/Vladimir_Putin',
  other,
});

const PUTIN: EntityDetail = {
  entity: {
    id: 'vladimir-putin',
    category: 'person',
    name: 'Vladimir Putin',
    aliases: [],
    description: 'President of Russia',
    background: 'Vladimir Putin has led Russia as president or prime minister since 1999.',
    facts: [
      { label: 'Born', value: 'Leningrad', date: '1952-10-07' },
      { label: 'In office since', value: 'Fourth term', date: '2024-05' },
      { label: 'Party', value: 'Independent' },
      { label: 'President', value: 'since 7 May 2000', date: '2000-05-07' },
    ],
    sources: [
      { url: 'https://en.wikipedia.org/wiki/Vladimir_Putin', title: 'Vladimir Putin (Wikipedia)' },
      { url: 'https://www.britannica.com/biography/Vladimir-Putin', title: 'Vladimir Putin (Britannica)' },
    ],
  },
  origin: { id: 'bundle', title: 'Russia–Ukraine war and diplomacy' },
  relations: [
    link('president-of', russia, { since: '2012-05-07' }),
    link('adversary-of', zelensky),
    link('president-of', russia, { since: '2000-05-07', until: '2008-05-07' }),
    link('adversary-of', nato, { since: '2022-02' }),
    link('spokesperson-for', peskov, { since: '2012-05' }, 'incoming'),
    link('adversary-of', zelensky, {}, 'incoming'), // the same link, seen from the other end
    link('leader-of', kremlin, { until: '2030' }),
    link('negotiator-for', istanbulTalks, { since: '2022-03', until: '2022-03' }),
  ],
  latestEvents: [],
  eventCount: 2,
  asOf: '2025-08-31',
};

const KREMLIN: EntityDetail = {
  entity: {
    id: 'kremlin',
    category: 'organization',
    name: 'Kremlin',
    aliases: [],
    description: 'Seat of the Russian government',
    background: 'The Kremlin is a fortified complex in Moscow.',
    facts: [],
    sources: [{ url: 'https://en.wikipedia.org/wiki/Moscow_Kremlin', title: 'Moscow Kremlin (Wikipedia)' }],
    asOf: '2025-06',
  },
  origin: { id: 'local-news', title: 'Local news' },
  relations: [link('located-in', moscow)],
  latestEvents: [],
  eventCount: 0,
  asOf: '2025-06', // the entity's own date, as the knowledge service gives it
};

const putinSummary: EntitySummary = {
  id: 'vladimir-putin',
  name: 'Vladimir Putin',
  category: 'person',
  description: 'President of Russia',
};

const TIMELINE: TimelineEventView[] = [
  {
    id: 'invasion',
    date: '2022-02-24',
    title: 'Full-scale invasion',
    summary: 'Russia invades Ukraine.',
    entities: ['vladimir-putin', 'russia'],
    sources: [{ url: 'https://en.wikipedia.org/wiki/Invasion', title: 'Invasion' }],
    linked: [putinSummary, russia],
  },
  {
    id: 'alaska-summit',
    date: '2025-08-15',
    title: 'Alaska summit',
    summary: 'Putin meets Trump.',
    entities: ['vladimir-putin'],
    sources: [{ url: 'https://en.wikipedia.org/wiki/Summit', title: 'Summit' }],
    linked: [putinSummary],
  },
];

const ready = <T,>(value: T): Loadable<T> => ({ status: 'ready', value });

function renderView(props: Partial<EntityViewProps> = {}) {
  const onOpenEntity = vi.fn<(id: string) => void>();
  const loadDetail = vi.fn((_id: string) => Promise.resolve(ready<EntityDetail | null>(PUTIN)));
  const loadTimeline = vi.fn((_id: string) => Promise.resolve(ready(TIMELINE)));
  const result = renderWithLocale(
    <EntityView
      id="vladimir-putin"
      loadDetail={loadDetail}
      loadTimeline={loadTimeline}
      onOpenEntity={onOpenEntity}
      {...props}
    />,
  );
  return { ...result, onOpenEntity, loadDetail, loadTimeline };
}

/** The rendered view once its detail has arrived. */
async function loaded(name = 'Vladimir Putin') {
  return screen.findByRole('heading', { level: 2, name });
}

/** The linked entities as the reader sees them: each kind of link with its entities and dates. */
function linkGroups(): [string, string[]][] {
  const section = screen.getByRole('region', { name: 'Linked' });
  return [...section.querySelectorAll('dt')].map((term) => {
    const entries: string[] = [];
    for (let node = term.nextElementSibling; node?.tagName === 'DD'; node = node.nextElementSibling) {
      entries.push(node.textContent ?? '');
    }
    return [term.textContent ?? '', entries];
  });
}

describe('EntityView', () => {
  it('says it is loading, then shows the name as its heading, the category and the description', async () => {
    const { container, loadDetail, loadTimeline } = renderView();
    expect(screen.getByRole('status').textContent).toBe('Loading…');
    // Both requests leave at once.
    expect(loadDetail.mock.calls).toEqual([['vladimir-putin']]);
    expect(loadTimeline.mock.calls).toEqual([['vladimir-putin']]);
    const heading = await loaded();
    const article = screen.getByRole('article', { name: 'Vladimir Putin' });
    expect(article.contains(heading)).toBe(true);
    expect(within(article).getByText('Person')).toBeTruthy();
    expect(within(article).getByText('President of Russia')).toBeTruthy();
    expect(screen.queryByText('Loading…')).toBeNull();
    expect(await axeViolations(container)).toEqual([]);
  });

  it('shows the background with every source as a link that opens in a new tab', async () => {
    renderView();
    await loaded();
    const background = screen.getByRole('region', { name: 'Background' });
    expect(
      within(background).getByText(
        'Vladimir Putin has led Russia as president or prime minister since 1999.',
      ),
    ).toBeTruthy();
    const sources = within(background).getAllByRole('link');
    expect(sources.map((source) => [source.textContent, source.getAttribute('href')])).toEqual([
      ['Vladimir Putin (Wikipedia)', 'https://en.wikipedia.org/wiki/Vladimir_Putin'],
      ['Vladimir Putin (Britannica)', 'https://www.britannica.com/biography/Vladimir-Putin'],
    ]);
    for (const source of sources) {
      expect(source.getAttribute('target')).toBe('_blank');
      expect(source.getAttribute('rel')).toMatch(/\bnoopener\b/);
    }
    expect(background.textContent).toContain('Information as of 31 August 2025');
    expect(background.textContent).not.toContain('from the pack');
  });

  it('marks the dataset’s text with the language it is written in, and a pack’s with none', async () => {
    const english = { ...PUTIN, lang: 'en' };
    const timeline = TIMELINE.map((event) => ({ ...event, lang: 'en' }));
    renderView({
      loadDetail: () => Promise.resolve(ready<EntityDetail | null>(english)),
      loadTimeline: () => Promise.resolve(ready(timeline)),
    });
    const heading = await loaded();
    expect(heading.getAttribute('lang')).toBe('en');
    expect(screen.getByText('President of Russia').getAttribute('lang')).toBe('en');
    expect(
      screen
        .getByText('Vladimir Putin has led Russia as president or prime minister since 1999.')
        .getAttribute('lang'),
    ).toBe('en');
    expect(screen.getByRole('region', { name: 'Facts' }).querySelector('dl')!.getAttribute('lang')).toBe(
      'en',
    );
    expect((await screen.findByText('Full-scale invasion')).getAttribute('lang')).toBe('en');
    cleanup();

    renderView({ id: 'kremlin', loadDetail: () => Promise.resolve(ready<EntityDetail | null>(KREMLIN)) });
    const packHeading = await loaded('Kremlin');
    expect(packHeading.hasAttribute('lang')).toBe(false); // a pack's language is not known
  });

  it('says which pack an entry comes from, and its own as-of date', async () => {
    renderView({ id: 'kremlin', loadDetail: () => Promise.resolve(ready<EntityDetail | null>(KREMLIN)) });
    await loaded('Kremlin');
    const background = screen.getByRole('region', { name: 'Background' });
    expect(background.textContent).toContain('Information as of June 2025 · from the pack “Local news”');
    expect(screen.getByText('Organisation')).toBeTruthy();
  });

  it('lists facts, each with its date at its own precision', async () => {
    renderView();
    await loaded();
    const facts = screen.getByRole('region', { name: 'Facts' });
    expect(
      [...facts.querySelectorAll('dt')].map((term) => [
        term.textContent,
        term.nextElementSibling?.textContent,
      ]),
    ).toEqual([
      ['Born', 'Leningrad (7 Oct 1952)'],
      ['In office since', 'Fourth term (May 2024)'],
      ['Party', 'Independent'],
      // A value that already states its date is not followed by it again.
      ['President', 'since 7 May 2000'],
    ]);
    expect(facts.querySelector('time[datetime="1952-10-07"]')?.textContent).toBe('7 Oct 1952');
    expect(facts.querySelector('time[datetime="2000-05-07"]')?.textContent).toBe('since 7 May 2000');
  });

  it('leaves out the facts section when there are none', async () => {
    renderView({ id: 'kremlin', loadDetail: () => Promise.resolve(ready<EntityDetail | null>(KREMLIN)) });
    await loaded('Kremlin');
    expect(screen.queryByRole('region', { name: 'Facts' })).toBeNull();
  });

  it('groups linked entities by the kind of link, with their dates, each link shown once', async () => {
    renderView();
    await loaded();
    expect(linkGroups()).toEqual([
      // Both terms of office are shown, oldest first.
      ['president of', ['Russia 7 May 2000–7 May 2008, 7 May 2012–']],
      ['adversary of', ['Volodymyr Zelensky', 'NATO Feb 2022–']],
      ['spokesperson', ['Dmitry Peskov May 2012–']],
      ['leader of', ['Kremlin –2030']],
      // Began and ended within the same month: one date, not "Mar 2022–Mar 2022".
      ['negotiator for', ['Istanbul talks Mar 2022']],
    ]);
  });

  it('groups "located in" links too', async () => {
    renderView({ id: 'kremlin', loadDetail: () => Promise.resolve(ready<EntityDetail | null>(KREMLIN)) });
    await loaded('Kremlin');
    expect(linkGroups()).toEqual([['located in', ['Moscow']]]);
  });

  it('opens a linked entity from its button', async () => {
    const { onOpenEntity } = renderView();
    await loaded();
    const links = screen.getByRole('region', { name: 'Linked' });
    fireEvent.click(within(links).getByRole('button', { name: 'NATO' }));
    fireEvent.click(within(links).getByRole('button', { name: 'Russia' }));
    expect(onOpenEntity.mock.calls).toEqual([['nato'], ['russia']]);
  });

  it('offers "Show on page" only when the entity is on the page', async () => {
    const onShowOnPage = vi.fn<() => void>();
    renderView({ onShowOnPage });
    await loaded();
    fireEvent.click(screen.getByRole('button', { name: 'Show on page' }));
    expect(onShowOnPage).toHaveBeenCalledTimes(1);
  });

  it('has no "Show on page" button when the entity is not on the page', async () => {
    renderView();
    await loaded();
    expect(screen.queryByRole('button', { name: 'Show on page' })).toBeNull();
  });

  it('shows the entity’s timeline, split at the article’s date, without links back to itself', async () => {
    const { onOpenEntity, container } = renderView({
      articleDate: '2025-03-17',
      pageEntityIds: ['vladimir-putin', 'russia'],
    });
    await loaded();
    const timeline = screen.getByRole('region', { name: 'Timeline' });
    expect(await within(timeline).findByText('Full-scale invasion')).toBeTruthy();
    expect(within(timeline).getByRole('region', { name: 'What happened next (1)' }).textContent).toContain(
      'Alaska summit',
    );
    expect(within(timeline).getByRole('region', { name: 'Before this article (1)' }).textContent).toContain(
      'Full-scale invasion',
    );
    expect(within(timeline).queryByRole('button', { name: 'Vladimir Putin' })).toBeNull();
    expect(within(timeline).getByRole('checkbox', { name: 'Only with others on this page' })).toBeTruthy();
    fireEvent.click(within(timeline).getByRole('button', { name: 'Russia' }));
    expect(onOpenEntity.mock.calls).toEqual([['russia']]);
    expect(await axeViolations(container)).toEqual([]);
  });

  it('says when the timeline could not be loaded, and still shows the rest', async () => {
    renderView({
      loadTimeline: () => Promise.resolve({ status: 'error', message: 'The timeline could not be read.' }),
    });
    await loaded();
    const timeline = screen.getByRole('region', { name: 'Timeline' });
    expect(await within(timeline).findByText('The timeline could not be read.')).toBeTruthy();
    expect(screen.getByRole('region', { name: 'Background' })).toBeTruthy();
  });

  it('shows an error message when the entry cannot be loaded', async () => {
    const { container } = renderView({
      loadDetail: () => Promise.resolve({ status: 'error', message: 'Backstory’s data is not available.' }),
    });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('Backstory’s data is not available.');
    expect(screen.queryByRole('heading')).toBeNull();
    expect(await axeViolations(container)).toEqual([]);
  });

  it('says it does not know an entry that no longer exists', async () => {
    const { container } = renderView({ loadDetail: () => Promise.resolve(ready<EntityDetail | null>(null)) });
    expect(
      await screen.findByText(
        'Backstory does not know this entry any more. It may have come from a removed pack.',
      ),
    ).toBeTruthy();
    expect(screen.getByRole('status').textContent).toMatch(/does not know this entry/);
    expect(await axeViolations(container)).toEqual([]);
  });

  it('shows the newly chosen entity even when the previous one’s answer arrives last', async () => {
    let answerPutin: (value: Loadable<EntityDetail | null>) => void = () => undefined;
    const loadDetail = vi.fn((id: string) =>
      id === 'vladimir-putin'
        ? new Promise<Loadable<EntityDetail | null>>((resolve) => (answerPutin = resolve))
        : Promise.resolve(ready<EntityDetail | null>(KREMLIN)),
    );
    const loadTimeline = () => Promise.resolve(ready<TimelineEventView[]>([]));
    const props = { loadDetail, loadTimeline, onOpenEntity: () => undefined };
    const { rerender } = renderWithLocale(<EntityView id="vladimir-putin" {...props} />);
    rerender(<EntityView id="kremlin" {...props} />);
    await loaded('Kremlin');
    answerPutin(ready(PUTIN));
    await Promise.resolve();
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('Kremlin');
  });
});
