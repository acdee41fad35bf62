import { act, fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { SearchBox } from '@/components/SearchBox';
import type { SearchHit } from '@/lib/knowledge/types';
import { axeViolations, renderWithLocale } from './support/locale';

const PUTIN: SearchHit = {
  entity: {
    id: 'vladimir-putin',
    name: 'Vladimir Putin',
    category: 'person',
    description: 'President of Russia',
  },
  matched: 'Путин',
};
const PUTYVL: SearchHit = {
  entity: { id: 'putyvl', name: 'Putyvl', category: 'place', description: 'Town in Sumy Oblast' },
  matched: 'Putyvl',
};
const PUTIN_REGIME: SearchHit = {
  entity: {
    id: 'presidential-administration',
    name: 'Presidential Administration of Russia',
    category: 'organization',
    description: 'The Kremlin’s executive office',
  },
  matched: 'Putin’s administration',
};
const HITS = [PUTIN, PUTYVL, PUTIN_REGIME];

/** A promise the test settles when it chooses, to order answers as a slow background would. */
function deferred<T>() {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((settle) => (resolve = settle));
  return { promise, resolve };
}

/** Lets pending answers reach the component. */
async function settle(): Promise<void> {
  await act(async () => {
    await Promise.resolve();
  });
}

function renderSearch(search = vi.fn((_query: string, _limit: number) => Promise.resolve(HITS))) {
  const onSelect = vi.fn<(id: string) => void>();
  const result = renderWithLocale(<SearchBox search={search} onSelect={onSelect} />);
  const input = screen.getByRole<HTMLInputElement>('combobox', {
    name: 'Search people, places, organisations and topics',
  });
  return { ...result, search, onSelect, input };
}

function type(input: HTMLInputElement, value: string) {
  fireEvent.input(input, { target: { value } });
}

function key(input: HTMLInputElement, name: string) {
  fireEvent.keyDown(input, { key: name });
}

/** The options the reader sees, and which one is active. */
function options(): HTMLElement[] {
  return within(screen.getByRole('listbox', { name: 'Search results' })).getAllByRole('option');
}

function activeOption(input: HTMLInputElement): HTMLElement | null {
  const id = input.getAttribute('aria-activedescendant');
  return id ? document.getElementById(id) : null;
}

describe('SearchBox', () => {
  it('is a labelled, collapsed combobox before anything is typed', async () => {
    const { container, input, search } = renderSearch();
    expect(input.getAttribute('aria-expanded')).toBe('false');
    expect(input.getAttribute('placeholder')).toBe('Search Backstory…');
    expect(screen.queryByRole('listbox')).toBeNull();
    expect(search).not.toHaveBeenCalled();
    expect(await axeViolations(container)).toEqual([]);
  });

  it('shows results as the reader types: name, category and description of each', async () => {
    const { container, input, search } = renderSearch();
    type(input, 'put');
    expect(search).toHaveBeenLastCalledWith('put', expect.any(Number));
    await waitFor(() => expect(options()).toHaveLength(3));
    expect(input.getAttribute('aria-expanded')).toBe('true');
    const [putin, putyvl, administration] = options();
    expect(within(putin!).getByText('Vladimir Putin', { exact: false })).toBeTruthy();
    expect(putin!.textContent).toContain('Person · President of Russia');
    // The alias that matched is shown when it is not the name.
    expect(putin!.textContent).toContain('(Путин)');
    expect(putyvl!.textContent).toContain('Putyvl');
    expect(putyvl!.textContent).toContain('Place · Town in Sumy Oblast');
    expect(putyvl!.textContent).not.toContain('(Putyvl)');
    expect(administration!.textContent).toContain('Organisation · The Kremlin’s executive office');
    expect(await axeViolations(container)).toEqual([]);

    type(input, 'puty');
    expect(search).toHaveBeenLastCalledWith('puty', expect.any(Number));
    expect(search).toHaveBeenCalledTimes(2);
  });

  it('does not search for blank space', () => {
    const { input, search } = renderSearch();
    type(input, '   ');
    expect(search).not.toHaveBeenCalled();
  });

  it('moves the active result with the arrow keys, wrapping at either end', async () => {
    const { input } = renderSearch();
    type(input, 'put');
    await waitFor(() => expect(options()).toHaveLength(3));
    const selected = () => options().map((option) => option.getAttribute('aria-selected'));

    // The first result is active as soon as results arrive.
    expect(activeOption(input)?.textContent).toContain('Vladimir Putin');
    expect(selected()).toEqual(['true', 'false', 'false']);
    key(input, 'ArrowDown');
    expect(activeOption(input)?.textContent).toContain('Putyvl');
    expect(selected()).toEqual(['false', 'true', 'false']);
    key(input, 'ArrowDown');
    key(input, 'ArrowDown');
    expect(activeOption(input)?.textContent).toContain('Vladimir Putin');
    key(input, 'ArrowUp');
    expect(activeOption(input)?.textContent).toContain('Presidential Administration of Russia');
    expect(selected()).toEqual(['false', 'false', 'true']);
    key(input, 'ArrowUp');
    expect(activeOption(input)?.textContent).toContain('Putyvl');
  });

  it('opens the active result with Enter and clears the box', async () => {
    const { input, onSelect } = renderSearch();
    type(input, 'put');
    await waitFor(() => expect(options()).toHaveLength(3));
    key(input, 'ArrowDown');
    key(input, 'Enter');
    expect(onSelect.mock.calls).toEqual([['putyvl']]);
    expect(input.value).toBe('');
    expect(screen.queryByRole('listbox')).toBeNull();
    expect(input.getAttribute('aria-expanded')).toBe('false');
    expect(input.hasAttribute('aria-activedescendant')).toBe(false);
  });

  it('opens a result the reader clicks', async () => {
    const { input, onSelect } = renderSearch();
    type(input, 'put');
    await waitFor(() => expect(options()).toHaveLength(3));
    fireEvent.click(options()[2]!);
    expect(onSelect.mock.calls).toEqual([['presidential-administration']]);
    expect(input.value).toBe('');
  });

  it('clears the box with Escape', async () => {
    const { input, onSelect } = renderSearch();
    type(input, 'put');
    await waitFor(() => expect(options()).toHaveLength(3));
    key(input, 'Escape');
    expect(input.value).toBe('');
    expect(screen.queryByRole('listbox')).toBeNull();
    expect(onSelect).not.toHaveBeenCalled();
  });

  it('says "No match" when the search finds nothing', async () => {
    const { container, input, onSelect } = renderSearch(vi.fn(() => Promise.resolve<SearchHit[]>([])));
    type(input, 'xyzzy');
    const none = await screen.findByRole('option', { name: 'No match. Try another spelling.' });
    expect(none.getAttribute('aria-disabled')).toBe('true');
    expect(input.hasAttribute('aria-activedescendant')).toBe(false);
    key(input, 'Enter');
    expect(onSelect).not.toHaveBeenCalled();
    expect(await axeViolations(container)).toEqual([]);
  });

  it('does not say "No match" before the answer has arrived', async () => {
    const answer = deferred<SearchHit[]>();
    const { input } = renderSearch(vi.fn(() => answer.promise));
    type(input, 'put');
    await settle();
    expect(screen.queryByText('No match. Try another spelling.')).toBeNull();
    answer.resolve(HITS);
    await waitFor(() => expect(options()).toHaveLength(3));
  });

  it('does not say "No match" for the same words typed again after clearing, before the answer', async () => {
    let answer = deferred<SearchHit[]>();
    const { input } = renderSearch(vi.fn(() => answer.promise));
    type(input, 'xyzzy');
    answer.resolve([]);
    expect(await screen.findByText('No match. Try another spelling.')).toBeTruthy();
    key(input, 'Escape');
    answer = deferred<SearchHit[]>();
    type(input, 'xyzzy');
    await settle();
    expect(screen.queryByText('No match. Try another spelling.')).toBeNull();
    answer.resolve([PUTYVL]);
    await waitFor(() => expect(options()).toHaveLength(1));
  });

  describe('answers arriving out of order', () => {
    it('keeps the newer query’s results when the older answer arrives last', async () => {
      const answers = new Map<string, ReturnType<typeof deferred<SearchHit[]>>>();
      const search = vi.fn((query: string) => {
        const answer = deferred<SearchHit[]>();
        answers.set(query, answer);
        return answer.promise;
      });
      const { input } = renderSearch(search);
      type(input, 'pu');
      type(input, 'puty');
      answers.get('puty')!.resolve([PUTYVL]);
      await waitFor(() => expect(options().map((option) => option.id)).toEqual(['search-result-0']));
      expect(options()[0]!.textContent).toContain('Putyvl');

      answers.get('pu')!.resolve(HITS);
      await settle();
      expect(options()).toHaveLength(1);
      expect(options()[0]!.textContent).toContain('Putyvl');
      expect(activeOption(input)?.textContent).toContain('Putyvl');
    });

    it('never shows the older query’s results, even when they arrive first', async () => {
      const answers = new Map<string, ReturnType<typeof deferred<SearchHit[]>>>();
      const search = vi.fn((query: string) => {
        const answer = deferred<SearchHit[]>();
        answers.set(query, answer);
        return answer.promise;
      });
      const { input } = renderSearch(search);
      type(input, 'pu');
      type(input, 'puty');
      answers.get('pu')!.resolve(HITS);
      await settle();
      expect(screen.queryByText('Vladimir Putin', { exact: false })).toBeNull();

      answers.get('puty')!.resolve([PUTYVL]);
      await waitFor(() => expect(options()).toHaveLength(1));
      expect(options()[0]!.textContent).toContain('Putyvl');
    });

    it('ignores an answer that arrives after the box was cleared', async () => {
      const answer = deferred<SearchHit[]>();
      const { input } = renderSearch(vi.fn(() => answer.promise));
      type(input, 'put');
      key(input, 'Escape');
      answer.resolve(HITS);
      await settle();
      expect(screen.queryByRole('listbox')).toBeNull();
      expect(screen.queryByText('Vladimir Putin', { exact: false })).toBeNull();
    });
  });
});
