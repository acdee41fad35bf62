import { fireEvent, screen, within } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { Timeline, type TimelineProps } from '@/components/Timeline';
import type { EntitySummary, TimelineEventView } from '@/lib/knowledge/types';
import { axeViolations, renderWithLocale } from './support/locale';

const putin: EntitySummary = {
  id: 'vladimir-putin',
  name: 'Vladimir Putin',
  category: 'person',
  description: 'President of Russia',
};
const trump: EntitySummary = {
  id: 'donald-trump',
  name: 'Donald Trump',
  category: 'person',
  description: 'President of the United States',
};
const ukraine: EntitySummary = { id: 'ukraine', name: 'Ukraine', category: 'place', description: 'Country' };
const kyiv: EntitySummary = {
  id: 'kyiv',
  name: 'Kyiv',
  category: 'place',
  description: 'Capital of Ukraine',
};
const nato: EntitySummary = { id: 'nato', name: 'NATO', category: 'organization', description: 'Alliance' };
const ceasefire: EntitySummary = {
  id: 'ceasefire',
  name: 'Ceasefire',
  category: 'topic',
  description: 'A halt to fighting',
};

const event = (id: string, date: string, title: string, linked: EntitySummary[]): TimelineEventView => ({
  id,
  date,
  title,
  summary: `What happened: ${title}.`,
  entities: linked.map((entity) => entity.id),
  sources: [{ url: `https://en.wikipedia.org/wiki/${id}`, title: `${title} (Wikipedia)` }],
  linked,
});

// Oldest first, as the background answers.
const EVENTS: TimelineEventView[] = [
  event('putin-re-elected', '2021', 'A year-precision event', [putin]),
  event('invasion', '2022-02-24', 'Full-scale invasion', [putin, ukraine]),
  event('kyiv-strikes', '2022-09', 'Strikes on Kyiv', [kyiv]),
  event('march-talks', '2025-03', 'Talks in March', [trump, nato]),
  event('trump-putin-call', '2025-03-25', 'Trump–Putin call', [trump, putin]),
  event('ceasefire-proposal', '2025-08-15', 'Ceasefire proposal', [ceasefire, trump]),
];

const ARTICLE_DATE = '2025-03-18';

function renderTimeline(props: Partial<TimelineProps> = {}) {
  const onOpenEntity = vi.fn<(id: string) => void>();
  const result = renderWithLocale(
    <Timeline events={EVENTS} onOpenEntity={onOpenEntity} idPrefix="tl" {...props} />,
  );
  return { ...result, onOpenEntity };
}

/** Event titles in the order the reader sees them. */
function titles(root: HTMLElement = document.body): string[] {
  return [...root.querySelectorAll('.event__title')].map((title) => title.textContent ?? '');
}

function years(root: HTMLElement = document.body): string[] {
  return within(root)
    .getAllByRole('heading', { level: 4 })
    .map((heading) => heading.textContent ?? '');
}

function chooseOrder(label: 'Newest first' | 'Oldest first') {
  const select = screen.getByRole<HTMLSelectElement>('combobox', { name: 'Order' });
  const option = within(select).getByRole<HTMLOptionElement>('option', { name: label });
  fireEvent.change(select, { target: { value: option.value } });
}

/** The event's list item, found by its title. */
function eventItem(title: string): HTMLElement {
  return screen.getByText(title).closest('li')!;
}

describe('Timeline', () => {
  it('groups events by year, newest first by default', async () => {
    const { container } = renderTimeline();
    expect(screen.getByRole<HTMLSelectElement>('combobox', { name: 'Order' }).value).toBe('desc');
    expect(years()).toEqual(['2025', '2022', '2021']);
    expect(titles()).toEqual([
      'Ceasefire proposal',
      'Trump–Putin call',
      'Talks in March',
      'Strikes on Kyiv',
      'Full-scale invasion',
      'A year-precision event',
    ]);
    // Each year's events sit under that year's heading.
    const year2022 = screen.getByRole('heading', { level: 4, name: '2022' }).parentElement!;
    expect(titles(year2022)).toEqual(['Strikes on Kyiv', 'Full-scale invasion']);
    expect(await axeViolations(container)).toEqual([]);
  });

  it('shows each date in a <time> element at its own precision', () => {
    renderTimeline();
    const dates = [...document.querySelectorAll('.event time')].map((time) => [
      time.getAttribute('datetime'),
      time.textContent,
    ]);
    expect(dates).toEqual([
      ['2025-08-15', '15 August 2025'],
      ['2025-03-25', '25 March 2025'],
      ['2025-03', 'March 2025'],
      ['2022-09', 'September 2022'],
      ['2022-02-24', '24 February 2022'],
      ['2021', '2021'],
    ]);
  });

  it('puts the oldest first after the reader changes the order, and back', () => {
    renderTimeline();
    chooseOrder('Oldest first');
    expect(years()).toEqual(['2021', '2022', '2025']);
    expect(titles()).toEqual([
      'A year-precision event',
      'Full-scale invasion',
      'Strikes on Kyiv',
      'Talks in March',
      'Trump–Putin call',
      'Ceasefire proposal',
    ]);
    chooseOrder('Newest first');
    expect(titles()[0]).toBe('Ceasefire proposal');
  });

  it('shows each event’s summary and a link to its source that opens in a new tab', () => {
    renderTimeline();
    const item = eventItem('Full-scale invasion');
    expect(within(item).getByText('What happened: Full-scale invasion.')).toBeTruthy();
    const source = within(item).getByRole('link', { name: 'Source: en.wikipedia.org' });
    expect(source.getAttribute('href')).toBe('https://en.wikipedia.org/wiki/invasion');
    expect(source.getAttribute('target')).toBe('_blank');
    expect(source.getAttribute('rel')).toMatch(/\bnoopener\b/);
  });

  describe('category filters', () => {
    it('start with every category shown', () => {
      renderTimeline();
      const filters = screen.getByRole('group', { name: 'Show events about' });
      expect(
        within(filters)
          .getAllByRole<HTMLInputElement>('checkbox')
          .map((box) => [box.labels?.[0]?.textContent, box.checked]),
      ).toEqual([
        ['People', true],
        ['Organisations', true],
        ['Places', true],
        ['Topics', true],
      ]);
    });

    it('hide events that link only entities of an unchecked category, and bring them back', async () => {
      const { container } = renderTimeline();
      fireEvent.click(screen.getByRole('checkbox', { name: 'Places' }));
      expect(screen.getByRole<HTMLInputElement>('checkbox', { name: 'Places' }).checked).toBe(false);
      // "Strikes on Kyiv" links only a place; the invasion also links a person, so it stays.
      expect(titles()).toEqual([
        'Ceasefire proposal',
        'Trump–Putin call',
        'Talks in March',
        'Full-scale invasion',
        'A year-precision event',
      ]);
      fireEvent.click(screen.getByRole('checkbox', { name: 'People' }));
      expect(titles()).toEqual(['Ceasefire proposal', 'Talks in March']);
      expect(years()).toEqual(['2025']);
      expect(await axeViolations(container)).toEqual([]);

      fireEvent.click(screen.getByRole('checkbox', { name: 'People' }));
      fireEvent.click(screen.getByRole('checkbox', { name: 'Places' }));
      expect(titles()).toHaveLength(EVENTS.length);
    });

    it('on an entity’s own timeline, look at the other entities each event links', () => {
      renderTimeline({ currentEntityId: 'vladimir-putin' });
      fireEvent.click(screen.getByRole('checkbox', { name: 'Places' }));
      // The invasion links Putin and a place: as Putin's event it is about Ukraine, so it goes.
      expect(titles()).toEqual([
        'Ceasefire proposal',
        'Trump–Putin call',
        'Talks in March',
        'A year-precision event',
      ]);
      fireEvent.click(screen.getByRole('checkbox', { name: 'Places' }));
      fireEvent.click(screen.getByRole('checkbox', { name: 'People' }));
      // Trump's call goes with People; an event about Putin alone counts as a person's.
      expect(titles()).toEqual([
        'Ceasefire proposal',
        'Talks in March',
        'Strikes on Kyiv',
        'Full-scale invasion',
      ]);
    });

    it('say so when nothing is left', async () => {
      const { container } = renderTimeline();
      expect(screen.queryByText('No events match these filters.')).toBeNull();
      for (const name of ['People', 'Organisations', 'Places', 'Topics']) {
        fireEvent.click(screen.getByRole('checkbox', { name }));
      }
      expect(titles()).toEqual([]);
      expect(screen.getByText('No events match these filters.')).toBeTruthy();
      expect(await axeViolations(container)).toEqual([]);
    });
  });

  describe('the entity filter', () => {
    const entityFilter = () => screen.getByRole<HTMLSelectElement>('combobox', { name: 'Events involving' });

    it('lists every entity the events link, by name, and keeps only the chosen one’s events', async () => {
      const { container } = renderTimeline();
      expect([...entityFilter().options].map((option) => option.textContent)).toEqual([
        'anyone or anything',
        'Ceasefire',
        'Donald Trump',
        'Kyiv',
        'NATO',
        'Ukraine',
        'Vladimir Putin',
      ]);
      fireEvent.change(entityFilter(), { target: { value: trump.id } });
      expect(titles()).toEqual(['Ceasefire proposal', 'Trump–Putin call', 'Talks in March']);
      fireEvent.change(entityFilter(), { target: { value: '' } });
      expect(titles()).toHaveLength(EVENTS.length);
      expect(await axeViolations(container)).toEqual([]);
    });

    it('on an entity’s own timeline, offers the others only', () => {
      renderTimeline({ currentEntityId: putin.id, events: EVENTS.filter((e) => e.linked.includes(putin)) });
      expect([...entityFilter().options].map((option) => option.value)).toEqual(['', trump.id, ukraine.id]);
      fireEvent.change(entityFilter(), { target: { value: ukraine.id } });
      expect(titles()).toEqual(['Full-scale invasion']);
    });

    it('works with the category chips and the order', () => {
      renderTimeline();
      fireEvent.change(entityFilter(), { target: { value: putin.id } });
      chooseOrder('Oldest first');
      expect(titles()).toEqual(['A year-precision event', 'Full-scale invasion', 'Trump–Putin call']);
      // People off: of Putin's events, only the one that also links a place stays.
      fireEvent.click(screen.getByRole('checkbox', { name: 'People' }));
      expect(titles()).toEqual(['Full-scale invasion']);
    });
  });

  describe('"Only with others on this page"', () => {
    it('is offered only when the page’s entities are known', () => {
      renderTimeline();
      expect(screen.queryByRole('checkbox', { name: 'Only with others on this page' })).toBeNull();
    });

    it('keeps only events that also link another entity on the page', () => {
      // Viewing Putin on a page that mentions Putin and Ukraine.
      renderTimeline({ currentEntityId: putin.id, pageEntityIds: [putin.id, ukraine.id] });
      const only = screen.getByRole<HTMLInputElement>('checkbox', { name: 'Only with others on this page' });
      expect(only.checked).toBe(false);
      expect(titles()).toHaveLength(EVENTS.length);
      fireEvent.click(only);
      // Putin himself does not count: only the invasion also links Ukraine.
      expect(titles()).toEqual(['Full-scale invasion']);
      fireEvent.click(only);
      expect(titles()).toHaveLength(EVENTS.length);
    });

    it('says so when no event links anything else on the page', () => {
      renderTimeline({ currentEntityId: putin.id, pageEntityIds: [putin.id] });
      fireEvent.click(screen.getByRole('checkbox', { name: 'Only with others on this page' }));
      expect(titles()).toEqual([]);
      expect(screen.getByText('No events match these filters.')).toBeTruthy();
    });
  });

  describe('with the article’s date', () => {
    it('splits the timeline into "What happened next" and "Before this article", with counts, newest first', async () => {
      const { container } = renderTimeline({ articleDate: ARTICLE_DATE });
      const next = screen.getByRole('region', { name: 'What happened next (2)' });
      const before = screen.getByRole('region', { name: 'Before this article (4)' });
      expect(titles(next)).toEqual(['Ceasefire proposal', 'Trump–Putin call']);
      // "March 2025" may have been before or after 18 March: it counts as before the article.
      expect(titles(before)).toEqual([
        'Talks in March',
        'Strikes on Kyiv',
        'Full-scale invasion',
        'A year-precision event',
      ]);
      expect(years(next)).toEqual(['2025']);
      expect(years(before)).toEqual(['2025', '2022', '2021']);
      expect(await axeViolations(container)).toEqual([]);
    });

    it('marks the article’s own date between the two sections, in either order', () => {
      renderTimeline({ articleDate: ARTICLE_DATE });
      const marker = () => {
        const time = screen.getByText('18 March 2025');
        expect(time.tagName).toBe('TIME');
        expect(time.getAttribute('datetime')).toBe(ARTICLE_DATE);
        expect(time.parentElement?.textContent).toBe('This article: 18 March 2025');
        return time;
      };
      const heading = (name: RegExp) => screen.getByRole('heading', { level: 3, name });
      const follows = (a: Element, b: Element) =>
        (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0;

      // Newest first: what happened next, the article, then what came before it.
      expect(follows(heading(/^What happened next/), marker())).toBe(true);
      expect(follows(marker(), heading(/^Before this article/))).toBe(true);
      // And the last event after the article comes before the marker, the first before it after.
      expect(follows(eventItem('Trump–Putin call'), marker())).toBe(true);
      expect(follows(marker(), eventItem('Talks in March'))).toBe(true);

      chooseOrder('Oldest first');
      expect(follows(heading(/^Before this article/), marker())).toBe(true);
      expect(follows(marker(), heading(/^What happened next/))).toBe(true);
      expect(follows(eventItem('Talks in March'), marker())).toBe(true);
      expect(follows(marker(), eventItem('Trump–Putin call'))).toBe(true);
      expect(titles(screen.getByRole('region', { name: 'Before this article (4)' }))).toEqual([
        'A year-precision event',
        'Full-scale invasion',
        'Strikes on Kyiv',
        'Talks in March',
      ]);
    });

    it('updates the counts as filters hide events', () => {
      renderTimeline({ articleDate: ARTICLE_DATE });
      fireEvent.click(screen.getByRole('checkbox', { name: 'People' }));
      expect(screen.getByRole('region', { name: 'What happened next (1)' })).toBeTruthy();
      expect(screen.getByRole('region', { name: 'Before this article (3)' })).toBeTruthy();
    });
  });

  describe('linked entities', () => {
    it('are buttons that open the entity', () => {
      const { onOpenEntity } = renderTimeline();
      const call = eventItem('Trump–Putin call');
      expect(
        within(call)
          .getAllByRole('button')
          .map((button) => button.textContent),
      ).toEqual(['Donald Trump', 'Vladimir Putin']);
      fireEvent.click(within(call).getByRole('button', { name: 'Vladimir Putin' }));
      expect(onOpenEntity.mock.calls).toEqual([[putin.id]]);
    });

    it('leave out the entity being viewed', () => {
      const { onOpenEntity } = renderTimeline({ currentEntityId: putin.id });
      expect(screen.queryByRole('button', { name: 'Vladimir Putin' })).toBeNull();
      const call = eventItem('Trump–Putin call');
      expect(
        within(call)
          .getAllByRole('button')
          .map((button) => button.textContent),
      ).toEqual(['Donald Trump']);
      fireEvent.click(within(call).getByRole('button', { name: 'Donald Trump' }));
      expect(onOpenEntity.mock.calls).toEqual([[trump.id]]);
    });
  });

  it('says so when there are no events at all', () => {
    renderTimeline({ events: [] });
    expect(screen.getByText('No events match these filters.')).toBeTruthy();
  });
});
