import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import type { Loadable } from '@/components/EntityView';
import { OptionsApp, type OptionsApi } from '@/components/OptionsApp';
import { MAX_PACK_BYTES } from '@/lib/dataset/pack';
import { DEFAULT_HIGHLIGHT_COLORS } from '@/lib/highlight/styles';
import type { DatasetInfo, InstalledPack } from '@/lib/knowledge/types';
import type { ImportOutcome, PackExport, RemoveOutcome } from '@/lib/messages';
import { DEFAULT_SETTINGS, type Settings } from '@/lib/settings';
import { axeViolations, renderWithLocale, tUkrainian } from './support/locale';

const pack = (id: string, title: string): InstalledPack => ({
  meta: { id, title, version: '1.0.0', asOf: '2025-06', license: 'CC0', languages: ['en'] },
  counts: { entities: 1200, relations: 3, events: 2 },
  fileName: `${id}.json`,
  installedAt: 0,
});

const INFO: DatasetInfo = {
  bundle: {
    meta: {
      id: 'bundle',
      title: 'Russia–Ukraine war and diplomacy',
      version: '1.4.2',
      asOf: '2025-08-31',
      license: 'CC BY-SA 4.0',
      languages: ['en'],
    },
    counts: { entities: 226, relations: 692, events: 506 },
  },
  packs: [pack('local-news', 'Local news')],
  cache: 'ready',
};

function fakeApi(info: DatasetInfo = INFO) {
  const datasetWatchers = new Set<() => void>();
  let settings: Settings = structuredClone(DEFAULT_SETTINGS) as Settings;
  const ready = <T,>(value: T): Loadable<T> => ({ status: 'ready', value });
  const api = {
    loadSettings: vi.fn(() => Promise.resolve(structuredClone(settings))),
    saveSetting: vi.fn(<K extends keyof Settings>(key: K, value: Settings[K]) => {
      settings = { ...settings, [key]: value };
      return Promise.resolve();
    }),
    watchSettings: vi.fn((_onChange: (settings: Settings) => void) => () => undefined),
    datasetInfo: vi.fn(() => Promise.resolve(ready(info))),
    watchDataset: vi.fn((onChange: () => void) => {
      datasetWatchers.add(onChange);
      return () => void datasetWatchers.delete(onChange);
    }),
    rebuildCache: vi.fn(() => Promise.resolve(ready(info))),
    importPack: vi.fn((_text: string, _fileName: string) =>
      Promise.resolve<Loadable<ImportOutcome>>(ready({ installed: [pack('school', 'School history')] })),
    ),
    removePack: vi.fn((_id: string) => Promise.resolve<Loadable<RemoveOutcome>>(ready({ removed: true }))),
    exportPacks: vi.fn((_id?: string) =>
      Promise.resolve<Loadable<PackExport>>(ready({ fileName: 'x.json', json: '{}' })),
    ),
    shortcuts: vi.fn(() =>
      Promise.resolve([
        { name: 'next-mention', description: 'Next highlighted name', shortcut: 'Alt+Shift+N' },
        { name: 'close-card', description: 'Close the card', shortcut: '' },
      ]),
    ),
    openShortcutSettings: vi.fn(() => undefined),
  } satisfies OptionsApi;
  return {
    ...api,
    /** What the background's storage change does: another window changed what is installed. */
    changeDatasetElsewhere(next: DatasetInfo) {
      info = next;
      for (const notify of datasetWatchers) notify();
    },
  };
}

async function renderOptions(info?: DatasetInfo) {
  const api = fakeApi(info);
  const result = renderWithLocale(<OptionsApp api={api} />);
  await screen.findByRole('heading', { level: 1 });
  await screen.findByText('Russia–Ukraine war and diplomacy');
  return { api, ...result };
}

const region = (name: string) => screen.getByRole('region', { name });

describe('options page', () => {
  it('has every section, and no accessibility violations', async () => {
    const { container } = await renderOptions();
    expect(screen.getAllByRole('heading', { level: 2 }).map((h) => h.textContent)).toEqual([
      'General',
      'Sites where Backstory is off',
      'What to highlight',
      'Keyboard shortcuts',
      'Dataset',
    ]);
    expect(await axeViolations(container)).toEqual([]);
  });

  it('adds sites and wildcards in their normal form, refuses what is not a site, and removes them', async () => {
    const { api } = await renderOptions();
    const sites = region('Sites where Backstory is off');
    const input = within(sites).getByRole('textbox', { name: 'Site to turn off' });
    fireEvent.input(input, { target: { value: ' *.Example.COM ' } });
    fireEvent.click(within(sites).getByRole('button', { name: 'Turn off' }));
    expect(api.saveSetting).toHaveBeenLastCalledWith('disabledSites', ['*.example.com']);
    expect(within(sites).getByText('*.example.com')).toBeTruthy();

    fireEvent.input(input, { target: { value: 'not a site' } });
    fireEvent.click(within(sites).getByRole('button', { name: 'Turn off' }));
    expect(within(sites).getByRole('alert').textContent).toMatch(/“not a site” is not a site name/);
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(api.saveSetting).toHaveBeenCalledTimes(1);

    fireEvent.click(within(sites).getByRole('button', { name: 'Turn Backstory back on for *.example.com' }));
    expect(api.saveSetting).toHaveBeenLastCalledWith('disabledSites', []);
  });

  it('changes a category’s colour with a live preview, and resets the colours', async () => {
    const { api } = await renderOptions();
    const categories = region('What to highlight');
    const sample = categories.querySelector<HTMLElement>('.preview__mention[data-category="person"]')!;
    expect(sample.textContent).toBe('Volodymyr Zelensky');
    fireEvent.input(within(categories).getByLabelText('Highlight colour for People'), {
      target: { value: '#ff0000' },
    });
    expect(api.saveSetting).toHaveBeenLastCalledWith('highlightColors', {
      ...DEFAULT_HIGHLIGHT_COLORS,
      person: '#ff0000',
    });
    expect(sample.style.textDecorationColor).toMatch(/#ff0000|rgb\(255, 0, 0\)/);
    fireEvent.click(within(categories).getByRole('button', { name: 'Reset colours' }));
    expect(api.saveSetting).toHaveBeenLastCalledWith('highlightColors', DEFAULT_HIGHLIGHT_COLORS);
  });

  it('shows the hover delay’s range in the reader’s number format', async () => {
    await renderOptions();
    expect(screen.getByText(/How long the pointer rests on a name/).textContent).toContain('150 to 3,000 ms');
  });

  it('brings a hover delay outside its range into it, and shows what it saved', async () => {
    const { api } = await renderOptions();
    const delay = screen.getByRole('spinbutton', { name: /delay/i }) as HTMLInputElement;
    fireEvent.change(delay, { target: { value: '100' } });
    expect(api.saveSetting).toHaveBeenLastCalledWith('hoverDelayMs', 150);
    expect(delay.value).toBe('150');
    fireEvent.change(delay, { target: { value: '99999' } });
    expect(api.saveSetting).toHaveBeenLastCalledWith('hoverDelayMs', 3000);
    expect(delay.value).toBe('3000');
    const saves = api.saveSetting.mock.calls.length;
    fireEvent.change(delay, { target: { value: '' } });
    await waitFor(() => expect(delay.value).toBe('3000'));
    expect(api.saveSetting.mock.calls.length).toBe(saves);
  });

  it('lists the keyboard shortcuts and opens the browser’s shortcut settings', async () => {
    const { api } = await renderOptions();
    const shortcuts = region('Keyboard shortcuts');
    await within(shortcuts).findByText('Alt+Shift+N');
    expect(within(shortcuts).getByText('Next highlighted name')).toBeTruthy();
    fireEvent.click(
      within(shortcuts).getByRole('button', { name: 'Change shortcuts in the browser’s settings' }),
    );
    expect(api.openShortcutSettings).toHaveBeenCalledTimes(1);
  });

  it('shows the dataset and each pack with their counts, and rebuilds the cache', async () => {
    const { api } = await renderOptions();
    const dataset = region('Dataset');
    expect(dataset.textContent).toContain('Entries: 226, links: 692, events: 506');
    expect(dataset.textContent).toContain('Entries: 1,200, links: 3, events: 2');
    // "Export all" only makes sense with more than one pack.
    expect(within(dataset).queryByRole('button', { name: 'Export all packs' })).toBeNull();
    fireEvent.click(within(dataset).getByRole('button', { name: 'Rebuild the cache' }));
    expect(await within(dataset).findByText('The cache was rebuilt.')).toBeTruthy();
    expect(api.rebuildCache).toHaveBeenCalledTimes(1);
  });

  it('follows packs imported and removed in another window without a reload', async () => {
    const { api } = await renderOptions();
    const dataset = region('Dataset');
    api.changeDatasetElsewhere({ ...INFO, packs: [...INFO.packs, pack('school', 'School history')] });
    expect(await within(dataset).findByText('School history')).toBeTruthy();
    expect(within(dataset).getByRole('button', { name: 'Export all packs' })).toBeTruthy();
    api.changeDatasetElsewhere({ ...INFO, packs: [] });
    expect(await within(dataset).findByText('No packs imported yet.')).toBeTruthy();
    expect(within(dataset).queryByText('Local news')).toBeNull();
  });

  it('shows the newest list when two changes answer out of order', async () => {
    const { api } = await renderOptions();
    const dataset = region('Dataset');
    let answerFirst: (value: Loadable<DatasetInfo>) => void = () => undefined;
    api.datasetInfo.mockImplementationOnce(() => new Promise((resolve) => (answerFirst = resolve)));
    api.changeDatasetElsewhere({ ...INFO, packs: [pack('school', 'School history')] }); // slow answer
    api.changeDatasetElsewhere({ ...INFO, packs: [pack('maps', 'Old maps')] }); // quick answer
    expect(await within(dataset).findByText('Old maps')).toBeTruthy();
    answerFirst({ status: 'ready', value: { ...INFO, packs: [pack('school', 'School history')] } });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(within(dataset).queryByText('School history')).toBeNull();
    expect(within(dataset).getByText('Old maps')).toBeTruthy();
  });

  it('an older answer does not replace the list a rebuild just showed', async () => {
    const { api } = await renderOptions();
    const dataset = region('Dataset');
    let answerLate: (value: Loadable<DatasetInfo>) => void = () => undefined;
    api.datasetInfo.mockImplementationOnce(() => new Promise((resolve) => (answerLate = resolve)));
    api.changeDatasetElsewhere({ ...INFO, packs: [pack('school', 'School history')] }); // asked first
    api.rebuildCache.mockResolvedValueOnce({
      status: 'ready',
      value: { ...INFO, packs: [pack('maps', 'Old maps')] },
    });
    fireEvent.click(within(dataset).getByRole('button', { name: 'Rebuild the cache' }));
    expect(await within(dataset).findByText('Old maps')).toBeTruthy();
    answerLate({ status: 'ready', value: { ...INFO, packs: [pack('school', 'School history')] } });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(within(dataset).queryByText('School history')).toBeNull();
  });

  it('says so when a rebuild failed and the extension fell back to its built-in data', async () => {
    const { api } = await renderOptions();
    const unavailable: DatasetInfo = {
      ...INFO,
      packs: [],
      cache: 'unavailable',
      cacheError: 'QuotaExceededError: disk full',
    };
    api.rebuildCache.mockResolvedValueOnce({ status: 'ready', value: unavailable });
    const dataset = region('Dataset');
    fireEvent.click(within(dataset).getByRole('button', { name: 'Rebuild the cache' }));
    const alert = await within(dataset).findByRole('alert');
    expect(alert.textContent).toBe(
      'The cache could not be rebuilt, so Backstory is using its built-in data: QuotaExceededError: disk full',
    );
    expect(within(dataset).queryByText('The cache was rebuilt.')).toBeNull();
  });

  it('refuses a file that is too large before reading it, and confirms an import', async () => {
    const { api } = await renderOptions({ ...INFO, packs: [pack('a', 'A'), pack('b', 'B')] });
    const dataset = region('Dataset');
    expect(within(dataset).getByRole('button', { name: 'Export all packs' })).toBeTruthy();
    const input = dataset.querySelector<HTMLInputElement>('input[type="file"]')!;

    const huge = new File(['x'], 'huge.json', { type: 'application/json' });
    Object.defineProperty(huge, 'size', { value: MAX_PACK_BYTES + 1 });
    fireEvent.change(input, { target: { files: [huge] } });
    const alert = await within(dataset).findByRole('alert');
    expect(alert.textContent).toMatch(/Nothing was imported from huge\.json/);
    expect(alert.textContent).toMatch(/larger than the 5 MB packs may be/);
    expect(api.importPack).not.toHaveBeenCalled();

    fireEvent.change(input, { target: { files: [new File(['{}'], 'school.json')] } });
    await waitFor(() => expect(api.importPack).toHaveBeenCalledWith('{}', 'school.json'));
    expect((await within(dataset).findByRole('status')).textContent).toMatch(/Imported “School history”/);

    // A file of several packs (an "export all") names them all.
    api.importPack.mockResolvedValueOnce({
      status: 'ready',
      value: { installed: [pack('c', 'Local news'), pack('d', 'School history')] },
    });
    fireEvent.change(input, { target: { files: [new File(['[]'], 'all.json')] } });
    await waitFor(() =>
      expect(within(dataset).getByRole('status').textContent).toMatch(
        /Imported these packs: Local news and School history\./,
      ),
    );
  });

  it('lists a refused pack’s problems in the reader’s language', async () => {
    const api = fakeApi();
    api.importPack.mockResolvedValueOnce({
      status: 'ready',
      value: {
        issues: [
          { file: 'school.json', record: 'entity "town-hall"', field: 'facts', message: 'must be a list' },
          {
            file: 'school.json',
            record: 'relation #1',
            field: 'to',
            message: 'unknown entity id "atlantis"',
          },
        ],
      },
    });
    renderWithLocale(<OptionsApp api={api} />, 'uk', tUkrainian);
    await screen.findByText('Russia–Ukraine war and diplomacy');
    const dataset = await screen.findByRole('region', { name: 'Набір даних' });
    const input = dataset.querySelector<HTMLInputElement>('input[type="file"]')!;
    fireEvent.change(input, { target: { files: [new File(['{}'], 'school.json')] } });
    const alert = await within(dataset).findByRole('alert');
    expect([...alert.querySelectorAll('li')].map((item) => item.textContent)).toEqual([
      'school.json: сутність «town-hall»: facts: має бути списком',
      'school.json: зв’язок №1: to: невідомий ідентифікатор сутності «atlantis»',
    ]);
  });

  it('says why a pack was not removed, naming the packs that use it, in the reader’s language', async () => {
    const api = fakeApi();
    api.removePack.mockResolvedValue({
      status: 'ready',
      value: { usedBy: [{ id: 'school', title: 'School news', entityIds: ['town-hall', 'market'] }] },
    });
    renderWithLocale(<OptionsApp api={api} />, 'uk', tUkrainian);
    await screen.findByText('Russia–Ukraine war and diplomacy');
    const dataset = await screen.findByRole('region', { name: 'Набір даних' });
    fireEvent.click(within(dataset).getByRole('button', { name: /Local news/ }));
    const alert = await within(dataset).findByRole('alert');
    expect(alert.textContent).toContain(
      '«Local news» не видалено: його записи використовують інші пакети. Спершу видаліть їх:',
    );
    expect([...alert.querySelectorAll('li')].map((item) => item.textContent)).toEqual([
      '«School news» використовує town-hall і market',
    ]);
    expect(api.removePack).toHaveBeenCalledWith('local-news');
  });

  it('lists a pack the updated built-in data no longer fits as not loaded, with why, and it can still be exported and removed', async () => {
    const plant: InstalledPack = {
      ...pack('plant', 'The plant'),
      counts: { entities: 0, relations: 0, events: 0 },
      notLoaded: {
        issues: [
          {
            file: 'plant.json',
            record: 'relation #1',
            field: 'to',
            message: 'unknown entity id "zaporizhzhia"',
          },
          {
            file: 'plant.json',
            record: 'extends #1',
            field: 'id',
            message: 'unknown entity id "zaporizhzhia"',
          },
        ],
      },
    };
    const { api, container } = await renderOptions({ ...INFO, packs: [...INFO.packs, plant] });
    expect(await axeViolations(container)).toEqual([]);
    const dataset = region('Dataset');
    const loaded = within(dataset).getByText('Local news').closest('li');
    const setAside = within(dataset).getByText('The plant').closest('li');
    expect(loaded!.textContent).toContain('Entries: 1,200, links: 3, events: 2');
    expect(loaded!.textContent).not.toContain('Not loaded');
    expect(setAside!.textContent).toContain(
      'Not loaded: since an update of Backstory it no longer passes the checks (the built-in data or the rules changed, or it builds on a pack that is not loaded), so pages, cards and search leave it out.',
    );
    expect(setAside!.textContent).not.toContain('Entries:');
    expect([...setAside!.querySelectorAll('.issues li')].map((item) => item.textContent)).toEqual([
      'plant.json: relation #1: to: unknown entity id "zaporizhzhia"',
      'plant.json: extends #1: id: unknown entity id "zaporizhzhia"',
    ]);
    fireEvent.click(within(setAside!).getByRole('button', { name: 'Export' }));
    await waitFor(() => expect(api.exportPacks).toHaveBeenCalledWith('plant'));
    fireEvent.click(within(setAside!).getByRole('button', { name: 'Remove the pack “The plant”' }));
    await waitFor(() => expect(api.removePack).toHaveBeenCalledWith('plant'));
  });

  it('says in the reader’s language why a pack is not loaded', async () => {
    const plant: InstalledPack = {
      ...pack('plant', 'The plant'),
      notLoaded: {
        issues: [
          {
            file: 'plant.json',
            record: 'relation #1',
            field: 'to',
            message: 'unknown entity id "zaporizhzhia"',
          },
        ],
      },
    };
    renderWithLocale(<OptionsApp api={fakeApi({ ...INFO, packs: [plant] })} />, 'uk', tUkrainian);
    const dataset = await screen.findByRole('region', { name: 'Набір даних' });
    const item = (await within(dataset).findByText('The plant')).closest('li')!;
    expect(item.textContent).toContain(
      'Не завантажено: після оновлення Backstory пакет більше не проходить перевірок',
    );
    expect(item.querySelector('.issues li')?.textContent).toBe(
      'plant.json: зв’язок №1: to: невідомий ідентифікатор сутності «zaporizhzhia»',
    );
  });

  it('refuses an import pages’ storage cannot hold, with the sizes and what to do, in the reader’s language', async () => {
    const refused: ImportOutcome = {
      issues: [
        {
          file: 'south.json',
          message:
            'cannot be imported: to highlight it with the built-in data and your other packs, pages would need 11.3 MB of storage, and the browser allows Backstory 10 MB; remove a pack to make room, then import this again',
        },
      ],
    };
    const { api } = await renderOptions();
    api.importPack.mockResolvedValueOnce({ status: 'ready', value: refused });
    const dataset = region('Dataset');
    const input = dataset.querySelector<HTMLInputElement>('input[type="file"]')!;
    fireEvent.change(input, { target: { files: [new File(['{}'], 'south.json')] } });
    const alert = await within(dataset).findByRole('alert');
    expect(alert.textContent).toMatch(/^Nothing was imported from south\.json, and nothing you had changed:/);
    expect(alert.querySelector('li')?.textContent).toBe(`south.json: ${refused.issues[0]!.message}`);
    expect(within(dataset).queryByRole('status')).toBeNull(); // no "Imported …"

    cleanup(); // the same page in Ukrainian
    const ukrainian = fakeApi();
    ukrainian.importPack.mockResolvedValueOnce({ status: 'ready', value: refused });
    renderWithLocale(<OptionsApp api={ukrainian} />, 'uk', tUkrainian);
    const panel = await screen.findByRole('region', { name: 'Набір даних' });
    await within(panel).findByText('Local news');
    fireEvent.change(panel.querySelector<HTMLInputElement>('input[type="file"]')!, {
      target: { files: [new File(['{}'], 'south.json')] },
    });
    expect((await within(panel).findByRole('alert')).querySelector('li')?.textContent).toBe(
      'south.json: не можна імпортувати: щоб підсвічувати його разом із вбудованими даними та іншими вашими пакетами, сторінкам знадобилося б 11,3 МБ пам’яті, а браузер дозволяє Backstory лише 10 МБ; видаліть якийсь пакет, щоб звільнити місце, і тоді імпортуйте цей файл знову',
    );
  });

  it('warns while pages still highlight with older data than is installed, with the sizes', async () => {
    const behind: DatasetInfo = {
      ...INFO,
      pagesBehind: {
        error: 'Resource::kQuotaBytes quota exceeded',
        neededBytes: 11_800_000,
        quotaBytes: 10_485_760,
      },
    };
    await renderOptions(behind);
    expect(within(region('Dataset')).getByRole('status').textContent).toBe(
      'Pages are still highlighting with older data: to highlight the built-in data and your packs they need 11.3 MB of storage, and the browser allows Backstory 10 MB. Remove a pack to make room.',
    );

    // Without a quota to name (Firefox, or another error), the browser's own words.
    cleanup();
    renderWithLocale(
      <OptionsApp api={fakeApi({ ...INFO, pagesBehind: { error: 'An unexpected error occurred' } })} />,
      'uk',
      tUkrainian,
    );
    expect((await screen.findByText(/^Сторінки досі підсвічують за старішими даними/)).textContent).toBe(
      'Сторінки досі підсвічують за старішими даними: браузер не зберіг нових даних (An unexpected error occurred).',
    );
  });
});
