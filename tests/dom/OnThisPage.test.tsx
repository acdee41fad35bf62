import { fireEvent, screen, within } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { type FoundEntity, OnThisPage } from '@/components/OnThisPage';
import type { Category } from '@/lib/dataset/schema';
import { axeViolations, renderWithLocale } from './support/locale';

const found = (
  id: string,
  name: string,
  category: Category,
  count: number,
  first: number,
  description = `About ${name}`,
): FoundEntity => ({ entity: { id, name, category, description }, count, first });

// Deliberately out of order: categories mixed, counts and first positions shuffled.
const FOUND: FoundEntity[] = [
  found('ceasefire', 'Ceasefire', 'topic', 2, 9),
  found('kyiv', 'Kyiv', 'place', 1, 3),
  found('vladimir-putin', 'Vladimir Putin', 'person', 3, 5),
  found('nato', 'NATO', 'organization', 1, 7),
  found('steve-witkoff', 'Steve Witkoff', 'person', 5, 12),
  found('moscow', 'Moscow', 'place', 4, 2),
  found('donald-trump', 'Donald Trump', 'person', 3, 1),
  found('kremlin', 'Kremlin', 'organization', 2, 4),
  found('ukraine', 'Ukraine', 'place', 1, 0),
];

function renderList(list: FoundEntity[] = FOUND) {
  const onOpen = vi.fn<(id: string) => void>();
  const onShowOnPage = vi.fn<(id: string) => void>();
  const onOpenTimeline = vi.fn<() => void>();
  const result = renderWithLocale(
    <OnThisPage found={list} onOpen={onOpen} onShowOnPage={onShowOnPage} onOpenTimeline={onOpenTimeline} />,
  );
  return { ...result, onOpen, onShowOnPage, onOpenTimeline };
}

/** The names in one category's group, in the order the reader sees them. */
function namesIn(groupName: string): string[] {
  const group = screen.getByRole('region', { name: groupName });
  return within(group)
    .getAllByRole('listitem')
    .map((item) => item.querySelector('.found__name')?.textContent ?? '');
}

describe('OnThisPage', () => {
  it('is headed "On this page" and groups names by category: People, Organisations, Places, Topics', async () => {
    const { container } = renderList();
    expect(screen.getByRole('heading', { level: 2, name: 'On this page' })).toBeTruthy();
    expect(screen.getAllByRole('heading', { level: 3 }).map((heading) => heading.textContent)).toEqual([
      'People',
      'Organisations',
      'Places',
      'Topics',
    ]);
    expect(await axeViolations(container)).toEqual([]);
  });

  it('lists the most mentioned first, ties in the order they first appear on the page', () => {
    renderList();
    expect(namesIn('People')).toEqual(['Steve Witkoff', 'Donald Trump', 'Vladimir Putin']);
    expect(namesIn('Organisations')).toEqual(['Kremlin', 'NATO']);
    expect(namesIn('Places')).toEqual(['Moscow', 'Ukraine', 'Kyiv']);
    expect(namesIn('Topics')).toEqual(['Ceasefire']);
  });

  it('leaves out categories the page does not mention', () => {
    renderList([found('kyiv', 'Kyiv', 'place', 2, 0), found('ceasefire', 'Ceasefire', 'topic', 1, 1)]);
    expect(screen.getAllByRole('heading', { level: 3 }).map((heading) => heading.textContent)).toEqual([
      'Places',
      'Topics',
    ]);
    expect(screen.queryByRole('region', { name: 'People' })).toBeNull();
  });

  it('shows each count, and says what it counts to assistive technology ("Mentions: 3")', () => {
    renderList();
    const putin = screen.getByText('Vladimir Putin').closest('li')!;
    // Seen: the bare number. Heard: the number with its word, once (the bare number is hidden).
    expect(putin.querySelector('.found__count')?.textContent).toBe('3');
    expect(putin.querySelector('.found__count')?.getAttribute('aria-hidden')).toBe('true');
    expect(within(putin).getByText('Mentions: 3').closest('[aria-hidden="true"]')).toBeNull();
    const witkoff = screen.getByText('Steve Witkoff').closest('li')!;
    expect(within(witkoff).getByText('Mentions: 5')).toBeTruthy();
  });

  it('formats large counts for the reader’s locale', () => {
    renderList([found('kyiv', 'Kyiv', 'place', 1234, 0)]);
    expect(screen.getByText('Mentions: 1,234')).toBeTruthy();
    expect(screen.getByText('1,234', { selector: '.found__count' })).toBeTruthy();
  });

  it('shows each name with its description, and opens the entity when the name is chosen', () => {
    const { onOpen, onShowOnPage } = renderList();
    const open = screen.getByRole('button', { name: /^Moscow/ });
    expect(open.textContent).toContain('About Moscow');
    fireEvent.click(open);
    expect(onOpen.mock.calls).toEqual([['moscow']]);
    expect(onShowOnPage).not.toHaveBeenCalled();
  });

  it('has a "Show <name> on the page" button for every name', () => {
    const { onShowOnPage, onOpen } = renderList();
    expect(screen.getAllByRole('button', { name: /^Show .* on the page$/ })).toHaveLength(FOUND.length);
    fireEvent.click(screen.getByRole('button', { name: 'Show Steve Witkoff on the page' }));
    expect(onShowOnPage.mock.calls).toEqual([['steve-witkoff']]);
    expect(onOpen).not.toHaveBeenCalled();
  });

  it('tells keyboard readers the shortcut that goes from name to name, only when there is one', () => {
    const { container, rerender } = renderList();
    expect(container.querySelector('kbd')).toBeNull(); // the reader removed it in the browser's settings
    rerender(
      <OnThisPage
        found={FOUND}
        onOpen={vi.fn()}
        onShowOnPage={vi.fn()}
        onOpenTimeline={vi.fn()}
        nextShortcut="Ctrl+."
      />,
    );
    expect(container.querySelector('kbd')?.textContent).toBe('Ctrl+.');
  });

  it('opens the timeline of the page from its Timeline button', () => {
    const { onOpenTimeline, onOpen } = renderList();
    fireEvent.click(screen.getByRole('button', { name: 'Timeline' }));
    expect(onOpenTimeline).toHaveBeenCalledTimes(1);
    expect(onOpen).not.toHaveBeenCalled();
  });
});
