import { fireEvent, screen } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { HoverCard } from '@/components/HoverCard';
import type { EntityDetail } from '@/lib/knowledge/types';
import { axeViolations, renderWithLocale } from './support/locale';

const detail: EntityDetail = {
  entity: {
    id: 'steve-witkoff',
    category: 'person',
    name: 'Steve Witkoff',
    aliases: [],
    description: 'US special envoy who met Putin in Moscow',
    background:
      'Steve Witkoff is a property developer. He became a special envoy in 2025. He met Putin several times.',
    facts: [
      { label: 'Born', value: 'New York', date: '1957' },
      { label: 'Envoy since', value: 'January 2025', date: '2025-01' },
    ],
    sources: [{ url: 'https://en.wikipedia.org/wiki/Steve_Witkoff', title: 'Steve Witkoff (Wikipedia)' }],
  },
  origin: { id: 'bundle', title: 'Russia–Ukraine war and diplomacy' },
  relations: [
    {
      type: 'envoy-of',
      direction: 'outgoing',
      source: 'https://x.org',
      other: { id: 'united-states', name: 'United States', category: 'place', description: '' },
    },
    {
      type: 'negotiator-for',
      direction: 'outgoing',
      until: '2025-02',
      source: 'https://x.org',
      other: { id: 'united-states', name: 'United States', category: 'place', description: '' },
    },
    {
      type: 'related-to',
      direction: 'outgoing',
      source: 'https://x.org',
      other: { id: 'peace-talks', name: 'Peace talks', category: 'topic', description: '' },
    },
  ],
  latestEvents: [
    {
      id: 'e1',
      date: '2025-08-06',
      title: 'Witkoff meets Putin in Moscow',
      summary: '',
      entities: [],
      sources: [],
      linked: [],
    },
    {
      id: 'e2',
      date: '2025-03',
      title: 'A March meeting',
      summary: '',
      entities: [],
      sources: [],
      linked: [],
    },
  ],
  eventCount: 2,
  asOf: '2025-08-31',
};

const noop = () => undefined;

describe('HoverCard', () => {
  it('is a non-modal dialog named after the entity, and says it is loading', async () => {
    const { container } = renderWithLocale(
      <HoverCard
        name="Steve Witkoff"
        category="person"
        state={{ status: 'loading' }}
        headingId="h"
        onMore={noop}
        onTurnOffSite={noop}
        onClose={noop}
      />,
    );
    const dialog = screen.getByRole('dialog', { name: 'Steve Witkoff' });
    expect(dialog.getAttribute('aria-modal')).toBe('false');
    expect(screen.getByRole('status').textContent).toBe('Loading…');
    expect(screen.getByText('Person')).toBeTruthy();
    expect(await axeViolations(container)).toEqual([]);
  });

  it('shows description, a short background, facts, distinct links, dated events, source and as-of date', async () => {
    const { container } = renderWithLocale(
      <HoverCard
        name="Steve Witkoff"
        category="person"
        state={{ status: 'loaded', detail }}
        headingId="h"
        onMore={noop}
        onTurnOffSite={noop}
        onClose={noop}
      />,
    );
    expect(screen.getByText('US special envoy who met Putin in Moscow')).toBeTruthy();
    // Two sentences of the background, not three.
    expect(
      screen.getByText('Steve Witkoff is a property developer. He became a special envoy in 2025.'),
    ).toBeTruthy();
    expect(screen.getByText('Born').nextElementSibling!.textContent).toBe('New York (1957)');
    const links = screen.getAllByRole('listitem').filter((li) => li.closest('.card__links'));
    expect(links.map((li) => li.textContent)).toEqual(['envoy of United States', 'related to Peace talks']);
    const times = [...container.querySelectorAll('.card__events time')];
    expect(times.map((time) => [time.getAttribute('datetime'), time.textContent])).toEqual([
      ['2025-08-06', '6 Aug 2025'],
      ['2025-03', 'Mar 2025'],
    ]);
    expect(screen.getByRole('link', { name: 'en.wikipedia.org' }).getAttribute('href')).toBe(
      'https://en.wikipedia.org/wiki/Steve_Witkoff',
    );
    expect(container.textContent).toContain('as of 31 August 2025');
    expect(await axeViolations(container)).toEqual([]);
  });

  it('marks the dataset’s text with its language, so a screen reader in another language reads it right', () => {
    const english: EntityDetail = {
      ...detail,
      lang: 'en',
      latestEvents: detail.latestEvents.map((event) => ({ ...event, lang: 'en' })),
    };
    const { container } = renderWithLocale(
      <HoverCard
        name="Steve Witkoff"
        category="person"
        state={{ status: 'loaded', detail: english }}
        headingId="h"
        onMore={() => undefined}
        onTurnOffSite={() => undefined}
        onClose={() => undefined}
      />,
      'uk',
    );
    const lang = (selector: string) => container.querySelector(selector)!.getAttribute('lang');
    expect(lang('.card__name')).toBe('en');
    expect(lang('.card__description')).toBe('en');
    expect(lang('.card__background')).toBe('en');
    expect(lang('.card__facts')).toBe('en');
    expect(lang('.card__event-title')).toBe('en');
    expect(container.querySelector('.card__category')!.hasAttribute('lang')).toBe(false); // our own words
  });

  it('says briefly when the data could not be loaded', async () => {
    const { container } = renderWithLocale(
      <HoverCard
        name="Kyiv"
        category="place"
        state={{ status: 'error' }}
        headingId="h"
        onMore={noop}
        onTurnOffSite={noop}
        onClose={noop}
      />,
    );
    expect(screen.getByRole('status').textContent).toMatch(/could not load/);
    expect(await axeViolations(container)).toEqual([]);
  });

  it('calls back for its actions', () => {
    const onMore = vi.fn();
    const onTurnOffSite = vi.fn();
    const onClose = vi.fn();
    renderWithLocale(
      <HoverCard
        name="Kyiv"
        category="place"
        state={{ status: 'loaded', detail }}
        headingId="h"
        onMore={onMore}
        onTurnOffSite={onTurnOffSite}
        onClose={onClose}
      />,
    );
    fireEvent.click(screen.getByRole('button', { name: 'More in Backstory' }));
    fireEvent.click(screen.getByRole('button', { name: 'Turn off on this site' }));
    fireEvent.click(screen.getByRole('button', { name: 'Close' }));
    expect([onMore.mock.calls.length, onTurnOffSite.mock.calls.length, onClose.mock.calls.length]).toEqual([
      1, 1, 1,
    ]);
  });
});
