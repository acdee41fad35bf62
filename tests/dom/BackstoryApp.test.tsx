import { act, fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { type BackstoryApi, BackstoryApp, type TabContext } from '@/components/BackstoryApp';
import type { Loadable } from '@/components/EntityView';
import type {
  DatasetInfo,
  EntityDetail,
  EntitySummary,
  SearchHit,
  TimelineEventView,
} from '@/lib/knowledge/types';
import type { PingAnswer, TabMentions, TimelinePayload } from '@/lib/messages';
import { DEFAULT_SETTINGS, type Settings } from '@/lib/settings';
import { axeViolations, renderWithLocale } from './support/locale';

const putin: EntitySummary = {
  id: 'vladimir-putin',
  name: 'Vladimir Putin',
  category: 'person',
  description: 'President of Russia',
};
const witkoff: EntitySummary = {
  id: 'steve-witkoff',
  name: 'Steve Witkoff',
  category: 'person',
  description: 'US special envoy',
};
const russia: EntitySummary = { id: 'russia', name: 'Russia', category: 'place', description: 'Country' };
const moscow: EntitySummary = { id: 'moscow', name: 'Moscow', category: 'place', description: 'Capital' };
const zelensky: EntitySummary = {
  id: 'volodymyr-zelensky',
  name: 'Volodymyr Zelensky',
  category: 'person',
  description: 'President of Ukraine',
};

const HOST = 'news.example.com';
const TAB: TabContext = { tabId: 7, host: HOST, supported: true };

const MENTIONS: TabMentions = {
  state: 'active',
  url: `https://${HOST}/2025/03/17/talks`,
  publishedAt: '2025-03-17',
  mentions: [
    { entityId: putin.id, count: 4, first: 1, entity: putin },
    { entityId: moscow.id, count: 2, first: 0, entity: moscow },
    { entityId: witkoff.id, count: 6, first: 3, entity: witkoff },
  ],
};

function detailOf(summary: EntitySummary, relations: EntityDetail['relations'] = []): EntityDetail {
  return {
    entity: {
      ...summary,
      aliases: [],
      background: `${summary.name}: the background.`,
      facts: [],
      sources: [{ url: `https://en.wikipedia.org/wiki/${summary.id}`, title: `${summary.name} (Wikipedia)` }],
    },
    origin: { id: 'bundle', title: 'Russia–Ukraine war and diplomacy' },
    relations,
    latestEvents: [],
    eventCount: 0,
    asOf: '2025-08-31',
  };
}

const DETAILS = new Map<string, EntityDetail>([
  [
    putin.id,
    detailOf(putin, [
      {
        type: 'president-of',
        direction: 'outgoing',
        since: '2012-05-07',
        source: 'https://en.wikipedia.org/wiki/Vladimir_Putin',
        other: russia,
      },
    ]),
  ],
  [russia.id, detailOf(russia)],
  [moscow.id, detailOf(moscow)],
  [witkoff.id, detailOf(witkoff)],
  [zelensky.id, detailOf(zelensky)],
]);

const event = (id: string, date: string, title: string, linked: EntitySummary[]): TimelineEventView => ({
  id,
  date,
  title,
  summary: `${title}.`,
  entities: linked.map((entity) => entity.id),
  sources: [{ url: `https://en.wikipedia.org/wiki/${id}`, title }],
  linked,
});

// Oldest first, as the background answers.
const EVENTS: TimelineEventView[] = [
  event('invasion', '2022-02-24', 'Full-scale invasion', [putin, russia]),
  event('witkoff-in-moscow', '2025-03-13', 'Witkoff meets Putin in Moscow', [witkoff, putin, moscow]),
  event('zelensky-visit', '2025-08-18', 'Zelensky in Washington', [zelensky]),
];

const INFO: DatasetInfo = {
  bundle: {
    meta: {
      id: 'russia-ukraine',
      title: 'Russia–Ukraine war and diplomacy',
      version: '1.4.2',
      asOf: '2025-08-31',
      license: 'CC BY-SA 4.0',
      languages: ['en', 'uk'],
    },
    counts: { entities: 1226, relations: 692, events: 506 },
  },
  packs: [
    {
      meta: {
        id: 'local-news',
        title: 'Local news',
        version: '0.1.0',
        asOf: '2025-06',
        license: 'CC0',
        languages: ['en'],
      },
      counts: { entities: 4, relations: 1, events: 2 },
      fileName: 'local-news.json',
      installedAt: 0,
    },
  ],
  cache: 'ready',
};

const HITS: SearchHit[] = [{ entity: zelensky, matched: 'Zelensky' }];

interface FakeOptions {
  tab?: TabContext;
  mentions?: Loadable<TabMentions>;
  settings?: Partial<Settings>;
  info?: Loadable<DatasetInfo>;
}

/** A BackstoryApi over fixture data; saved settings reach the app the way storage changes do. */
function fakeApi(options: FakeOptions = {}) {
  const settings: Settings = { ...structuredClone(DEFAULT_SETTINGS), ...options.settings };
  let mentions: Loadable<TabMentions> = options.mentions ?? { status: 'ready', value: MENTIONS };
  let tab = options.tab ?? TAB;
  const listeners = new Set<() => void>();
  // Inside act, and after the answers have settled, so every render and effect it causes has run.
  const notify = () =>
    act(async () => {
      listeners.forEach((listener) => listener());
      await new Promise((resolve) => setTimeout(resolve, 0));
    });

  const api = {
    tab: vi.fn(() => Promise.resolve(tab)),
    tabMentions: vi.fn((_tabId: number) => Promise.resolve(mentions)),
    entityDetail: vi.fn((id: string) =>
      Promise.resolve<Loadable<EntityDetail | null>>({ status: 'ready', value: DETAILS.get(id) ?? null }),
    ),
    timeline: vi.fn((query: TimelinePayload) => {
      const wanted = new Set(query.entityIds ?? []);
      const events = EVENTS.filter((item) => item.entities.some((id) => wanted.has(id)));
      return Promise.resolve<Loadable<TimelineEventView[]>>({ status: 'ready', value: events });
    }),
    search: vi.fn((_query: string, _limit: number) => Promise.resolve(HITS)),
    datasetInfo: vi.fn(() =>
      Promise.resolve<Loadable<DatasetInfo>>(options.info ?? { status: 'ready', value: INFO }),
    ),
    about: vi.fn(() =>
      Promise.resolve<Loadable<PingAnswer>>({
        status: 'ready',
        value: { name: 'Backstory', version: '1.2.3' },
      }),
    ),
    showOnPage: vi.fn((_tabId: number, _entityId: string) => Promise.resolve(true)),
    loadSettings: vi.fn(() => Promise.resolve(structuredClone(settings))),
    saveSetting: vi.fn(<K extends keyof Settings>(key: K, value: Settings[K]) => {
      settings[key] = value;
      return Promise.resolve();
    }),
    watch: vi.fn((_tabId: number | undefined, onChange: () => void) => {
      listeners.add(onChange);
      return () => listeners.delete(onChange);
    }),
    openOptions: vi.fn(() => undefined),
    nextMentionShortcut: vi.fn(() => Promise.resolve<string | undefined>('Alt+Shift+.')),
  } satisfies BackstoryApi;

  return {
    api,
    /** What storage and the tab's report do after a change: tell the app to read again. */
    notify,
    /** The page reports something new. */
    reportMentions(next: Loadable<TabMentions>) {
      mentions = next;
      return notify();
    },
    /** The tab moves on to another page (the browser says so when asked next). */
    moveTab(next: TabContext) {
      tab = next;
    },
  };
}

function renderApp(options: FakeOptions = {}) {
  const fake = fakeApi(options);
  const result = renderWithLocale(<BackstoryApp api={fake.api} mode="popup" />);
  return { ...result, ...fake };
}

/** The app once it knows the tab, the settings and the page's report. */
async function ready(options: FakeOptions = {}) {
  const rendered = renderApp(options);
  // Every page state, and the list itself, starts with a level-2 heading; "Loading…" has none.
  await screen.findByRole('heading', { level: 2 });
  return rendered;
}

/** Names in the "On this page" list, in the order shown. */
function listedNames(): string[] {
  return [...document.querySelectorAll('.found__name')].map((name) => name.textContent ?? '');
}

function openSettings() {
  const button = screen.getByRole('button', { name: 'Settings' });
  expect(button.getAttribute('aria-expanded')).toBe('false');
  fireEvent.click(button);
  expect(button.getAttribute('aria-expanded')).toBe('true');
  return screen.getByRole('region', { name: 'Settings' });
}

describe('BackstoryApp', () => {
  describe('first requests', () => {
    it('asks for the dataset info and the tab at once, before either answers', async () => {
      const fake = fakeApi();
      let answerTab: (tab: TabContext) => void = () => undefined;
      let answerInfo: (info: Loadable<DatasetInfo>) => void = () => undefined;
      fake.api.tab.mockImplementation(() => new Promise((resolve) => (answerTab = resolve)));
      fake.api.datasetInfo.mockImplementation(() => new Promise((resolve) => (answerInfo = resolve)));
      renderWithLocale(<BackstoryApp api={fake.api} mode="popup" />);
      expect(fake.api.tab).toHaveBeenCalledTimes(1);
      expect(fake.api.datasetInfo).toHaveBeenCalledTimes(1);
      expect(screen.getByRole('status').textContent).toBe('Loading…');

      answerInfo({ status: 'ready', value: INFO });
      answerTab(TAB);
      expect(await screen.findByRole('heading', { level: 2, name: 'On this page' })).toBeTruthy();
      expect(fake.api.tabMentions).toHaveBeenCalledWith(TAB.tabId);
    });
  });

  describe('on this page', () => {
    it('lists what the page mentions by default', async () => {
      const { container } = await ready();
      expect(screen.getByRole('heading', { level: 1, name: 'Backstory' })).toBeTruthy();
      expect(screen.getByRole('heading', { level: 2, name: 'On this page' })).toBeTruthy();
      expect(listedNames()).toEqual(['Steve Witkoff', 'Vladimir Putin', 'Moscow']);
      expect(screen.getByText('Mentions: 6')).toBeTruthy();
      // Names on the page are not in its Tab order: the shortcut to them, as the browser has it.
      expect(container.querySelector('.on-page__keys')?.textContent).toBe(
        'Keyboard: on the page, Alt+Shift+. goes from name to name and opens each card.',
      );
      expect(screen.queryByRole('button', { name: 'Back' })).toBeNull();
      expect(await axeViolations(container)).toEqual([]);
    });

    it('updates the list when the page reports new mentions', async () => {
      const { reportMentions } = await ready();
      await reportMentions({
        status: 'ready',
        value: { ...MENTIONS, mentions: [{ entityId: russia.id, count: 1, first: 0, entity: russia }] },
      });
      await waitFor(() => expect(listedNames()).toEqual(['Russia']));
    });

    it('shows a name on the page in the reader’s tab', async () => {
      const { api } = await ready();
      fireEvent.click(screen.getByRole('button', { name: 'Show Moscow on the page' }));
      expect(api.showOnPage.mock.calls).toEqual([[TAB.tabId, moscow.id]]);
    });

    it('opens an entity’s detail, with a Back button that returns to the list', async () => {
      const { api, container } = await ready();
      fireEvent.click(screen.getByRole('button', { name: /^Vladimir Putin/ }));
      const heading = await screen.findByRole('heading', { level: 2, name: 'Vladimir Putin' });
      expect(api.entityDetail).toHaveBeenCalledWith(putin.id);
      expect(screen.getByText('Vladimir Putin: the background.')).toBeTruthy();
      expect(screen.queryByRole('heading', { name: 'On this page' })).toBeNull();
      // Keyboard and screen-reader users start at the new view's heading.
      await waitFor(() => expect(document.activeElement).toBe(heading));
      expect(await axeViolations(container)).toEqual([]);

      fireEvent.click(screen.getByRole('button', { name: 'Back' }));
      const list = await screen.findByRole('heading', { level: 2, name: 'On this page' });
      expect(listedNames()).toEqual(['Steve Witkoff', 'Vladimir Putin', 'Moscow']);
      expect(screen.queryByRole('button', { name: 'Back' })).toBeNull();
      // The Back button is gone: the focus goes to the list's heading, not back to the start.
      expect(document.activeElement).toBe(list);
    });

    it('shows an entity on the page from its detail, only when the page mentions it', async () => {
      const { api } = await ready();
      fireEvent.click(screen.getByRole('button', { name: /^Vladimir Putin/ }));
      await screen.findByRole('heading', { level: 2, name: 'Vladimir Putin' });
      fireEvent.click(screen.getByRole('button', { name: 'Show on page' }));
      expect(api.showOnPage.mock.calls).toEqual([[TAB.tabId, putin.id]]);

      // Russia is linked, but not on the page.
      const links = screen.getByRole('region', { name: 'Linked' });
      fireEvent.click(within(links).getByRole('button', { name: 'Russia' }));
      await screen.findByRole('heading', { level: 2, name: 'Russia' });
      expect(screen.queryByRole('button', { name: 'Show on page' })).toBeNull();

      // Back goes one step at a time.
      fireEvent.click(screen.getByRole('button', { name: 'Back' }));
      expect(await screen.findByRole('heading', { level: 2, name: 'Vladimir Putin' })).toBeTruthy();
      fireEvent.click(screen.getByRole('button', { name: 'Back' }));
      expect(await screen.findByRole('heading', { level: 2, name: 'On this page' })).toBeTruthy();
    });

    it('shows the entity’s timeline split at the article’s date', async () => {
      const { api } = await ready();
      fireEvent.click(screen.getByRole('button', { name: /^Vladimir Putin/ }));
      await screen.findByRole('heading', { level: 2, name: 'Vladimir Putin' });
      expect(api.timeline).toHaveBeenCalledWith({ entityIds: [putin.id], order: 'asc' });
      const before = await screen.findByRole('region', { name: 'Before this article (2)' });
      expect(within(before).getByText('Witkoff meets Putin in Moscow')).toBeTruthy();
      expect(screen.getByRole('region', { name: 'What happened next (0)' })).toBeTruthy();
    });

    it('opens the timeline of everything on the page', async () => {
      const { api, container } = await ready();
      fireEvent.click(screen.getByRole('button', { name: 'Timeline' }));
      expect(await screen.findByRole('heading', { level: 2, name: 'Timeline of this page' })).toBeTruthy();
      expect(api.timeline).toHaveBeenCalledWith({
        entityIds: [putin.id, moscow.id, witkoff.id],
        order: 'asc',
      });
      expect(await screen.findByText('Witkoff meets Putin in Moscow')).toBeTruthy();
      expect(screen.getByText('Full-scale invasion')).toBeTruthy();
      expect(screen.queryByText('Zelensky in Washington')).toBeNull();
      expect(screen.getByText('17 March 2025').tagName).toBe('TIME');
      expect(await axeViolations(container)).toEqual([]);

      const meeting = screen.getByText('Witkoff meets Putin in Moscow').closest('li')!;
      fireEvent.click(within(meeting).getByRole('button', { name: 'Vladimir Putin' }));
      const heading = await screen.findByRole('heading', { level: 2, name: 'Vladimir Putin' });
      await waitFor(() => expect(document.activeElement).toBe(heading));
      fireEvent.click(screen.getByRole('button', { name: 'Back' }));
      const timeline = await screen.findByRole('heading', { level: 2, name: 'Timeline of this page' });
      await waitFor(() => expect(document.activeElement).toBe(timeline));
    });

    it('keeps the page’s timeline, and the reader’s choices in it, when the page reports the same names again', async () => {
      const { api, reportMentions } = await ready();
      fireEvent.click(screen.getByRole('button', { name: 'Timeline' }));
      await screen.findByText('Witkoff meets Putin in Moscow');
      const order = () => screen.getByRole<HTMLSelectElement>('combobox', { name: 'Order' });
      fireEvent.change(order(), { target: { value: 'asc' } });
      expect(order().value).toBe('asc');

      // A live page re-reports after every change, often with the same names (new counts).
      await reportMentions({
        status: 'ready',
        value: {
          ...MENTIONS,
          mentions: MENTIONS.mentions.map((item) => ({ ...item, count: item.count + 1 })),
        },
      });
      expect(api.tabMentions).toHaveBeenCalledTimes(2);
      expect(api.timeline).toHaveBeenCalledTimes(1);
      expect(screen.queryByText('Loading…')).toBeNull();
      expect(order().value).toBe('asc');

      // A new name on the page does bring its events in.
      await reportMentions({
        status: 'ready',
        value: {
          ...MENTIONS,
          mentions: [...MENTIONS.mentions, { entityId: zelensky.id, count: 1, first: 9, entity: zelensky }],
        },
      });
      expect(api.timeline).toHaveBeenLastCalledWith({
        entityIds: [putin.id, moscow.id, witkoff.id, zelensky.id],
        order: 'asc',
      });
      expect(await screen.findByText('Zelensky in Washington')).toBeTruthy();
    });

    it('opens what the reader searches for', async () => {
      const { api } = await ready();
      fireEvent.input(screen.getByRole('combobox', { name: /^Search/ }), { target: { value: 'zel' } });
      expect(api.search).toHaveBeenCalledWith('zel', expect.any(Number));
      fireEvent.click(await screen.findByRole('option', { name: /Volodymyr Zelensky/ }));
      expect(await screen.findByRole('heading', { level: 2, name: 'Volodymyr Zelensky' })).toBeTruthy();
      expect(screen.getByRole('button', { name: 'Back' })).toBeTruthy();
    });
  });

  describe('page states', () => {
    it('says when the browser does not let Backstory read the page', async () => {
      const { container } = await ready({ tab: { tabId: 3, host: undefined, supported: false } });
      expect(screen.getByRole('heading', { level: 2, name: 'Backstory cannot read this page' })).toBeTruthy();
      expect(screen.getByText(/Browsers do not let extensions read their own pages/)).toBeTruthy();
      expect(screen.queryByRole('heading', { name: 'On this page' })).toBeNull();
      expect(await axeViolations(container)).toEqual([]);
    });

    it('says it cannot read the page when the tab it was opened for has closed', async () => {
      // backstory.html?tab=<id> for a tab that no longer exists: there is no tab to ask for a report.
      const { api } = await ready({ tab: { tabId: undefined, host: undefined, supported: false } });
      expect(screen.getByRole('heading', { level: 2, name: 'Backstory cannot read this page' })).toBeTruthy();
      expect(screen.queryByText('Loading…')).toBeNull();
      expect(api.tabMentions).not.toHaveBeenCalled();
    });

    it('says when Backstory is off everywhere, and turns it on', async () => {
      const { api, notify, container } = await ready({ settings: { enabled: false } });
      expect(screen.getByRole('heading', { level: 2, name: 'Backstory is turned off' })).toBeTruthy();
      expect(screen.getByText('Names are not highlighted on any site.')).toBeTruthy();
      expect(await axeViolations(container)).toEqual([]);
      fireEvent.click(screen.getByRole('button', { name: 'Turn on' }));
      expect(api.saveSetting.mock.calls).toEqual([['enabled', true]]);
      await notify();
      expect(await screen.findByRole('heading', { level: 2, name: 'On this page' })).toBeTruthy();
    });

    it('says when Backstory is off on this site, and turns it on for this site only', async () => {
      const { api, notify } = await ready({ settings: { disabledSites: ['other.org', HOST] } });
      expect(screen.getByRole('heading', { level: 2, name: `Backstory is off on ${HOST}` })).toBeTruthy();
      expect(screen.getByText('Names on this site are not highlighted. You can still search.')).toBeTruthy();
      fireEvent.click(screen.getByRole('button', { name: 'Turn on for this site' }));
      expect(api.saveSetting.mock.calls).toEqual([['disabledSites', ['other.org']]]);
      await notify();
      expect(await screen.findByRole('heading', { level: 2, name: 'On this page' })).toBeTruthy();
    });

    it('says when the page has not been read yet', async () => {
      await ready({ mentions: { status: 'ready', value: { state: 'not-running', mentions: [] } } });
      expect(
        screen.getByRole('heading', { level: 2, name: 'Backstory has not read this page yet' }),
      ).toBeTruthy();
      expect(screen.getByText(/Reload the page/)).toBeTruthy();
    });

    it('does not show an earlier page’s names after the tab has moved on to a page not read yet', async () => {
      await ready({ tab: { ...TAB, url: `https://${HOST}/2025/03/18/next-story` } });
      expect(
        screen.getByRole('heading', { level: 2, name: 'Backstory has not read this page yet' }),
      ).toBeTruthy();
      expect(screen.queryByText('Vladimir Putin')).toBeNull();
    });

    it('shows the report when the tab is on the reported page, whatever its #fragment', async () => {
      await ready({ tab: { ...TAB, url: `${MENTIONS.url}#comments` } });
      expect(listedNames()).toEqual(['Steve Witkoff', 'Vladimir Putin', 'Moscow']);
    });

    it('shows the next page’s names once it reports, when the tab moves on while the view is open', async () => {
      const { reportMentions, moveTab } = await ready({ tab: { ...TAB, url: MENTIONS.url } });
      const next = `https://${HOST}/2025/03/18/next-story`;
      moveTab({ ...TAB, url: next });
      await reportMentions({
        status: 'ready',
        value: {
          ...MENTIONS,
          url: next,
          mentions: [{ entityId: russia.id, count: 1, first: 0, entity: russia }],
        },
      });
      await waitFor(() => expect(listedNames()).toEqual(['Russia']));
    });

    it('says when nothing on the page is known', async () => {
      const { container } = await ready({
        mentions: { status: 'ready', value: { ...MENTIONS, mentions: [] } },
      });
      expect(
        screen.getByRole('heading', { level: 2, name: 'Nothing Backstory knows is on this page' }),
      ).toBeTruthy();
      expect(screen.getByText('Search above to look anyone or anything up.')).toBeTruthy();
      expect(screen.queryByRole('button', { name: 'Timeline' })).toBeNull();
      expect(await axeViolations(container)).toEqual([]);
    });

    it('says when the page’s report could not be read', async () => {
      await ready({ mentions: { status: 'error', message: 'The background did not answer.' } });
      expect(screen.getByRole('heading', { level: 2, name: 'Something went wrong' })).toBeTruthy();
      expect(screen.getByText('The background did not answer.')).toBeTruthy();
    });
  });

  describe('quick settings', () => {
    it('open from the Settings button and close again', async () => {
      const { container } = await ready();
      expect(screen.queryByRole('region', { name: 'Settings' })).toBeNull();
      const panel = openSettings();
      expect(
        within(panel).getByRole<HTMLInputElement>('checkbox', { name: `Highlight on ${HOST}` }).checked,
      ).toBe(true);
      expect(
        within(panel).getByRole<HTMLInputElement>('checkbox', { name: 'Highlight on all sites' }).checked,
      ).toBe(true);
      expect(within(panel).getByRole<HTMLSelectElement>('combobox', { name: 'Highlight style' }).value).toBe(
        'highlight-api',
      );
      expect(await axeViolations(container)).toEqual([]);
      fireEvent.click(screen.getByRole('button', { name: 'Settings' }));
      expect(screen.queryByRole('region', { name: 'Settings' })).toBeNull();
    });

    it('turn the site off and on again through the list of turned-off sites', async () => {
      const { api, notify } = await ready({ settings: { disabledSites: ['other.org'] } });
      const panel = openSettings();
      fireEvent.click(within(panel).getByRole('checkbox', { name: `Highlight on ${HOST}` }));
      expect(api.saveSetting.mock.calls).toEqual([['disabledSites', ['other.org', HOST]]]);
      await notify();
      expect(
        await screen.findByRole('heading', { level: 2, name: `Backstory is off on ${HOST}` }),
      ).toBeTruthy();
      const siteSwitch = within(panel).getByRole<HTMLInputElement>('checkbox', {
        name: `Highlight on ${HOST}`,
      });
      expect(siteSwitch.checked).toBe(false);

      fireEvent.click(siteSwitch);
      expect(api.saveSetting.mock.calls[1]).toEqual(['disabledSites', ['other.org']]);
      await notify();
      expect(await screen.findByRole('heading', { level: 2, name: 'On this page' })).toBeTruthy();
    });

    it('point to the settings when a site pattern turns the site off', async () => {
      const { api, container } = await ready({ settings: { disabledSites: ['*.example.com'] } });
      expect(screen.getByRole('button', { name: /Change in settings/ })).toBeTruthy();
      const panel = openSettings();
      const siteSwitch = within(panel).getByRole<HTMLInputElement>('checkbox', {
        name: `Highlight on ${HOST}`,
      });
      expect(siteSwitch.checked).toBe(false);
      expect(siteSwitch.disabled).toBe(true);
      expect(siteSwitch.getAttribute('aria-describedby')).toBe('quick-site-pattern');
      expect(within(panel).getByText(/A site pattern in the settings/)).toBeTruthy();
      fireEvent.click(siteSwitch);
      expect(api.saveSetting).not.toHaveBeenCalled();
      expect(await axeViolations(container)).toEqual([]);
    });

    it('turn Backstory off everywhere', async () => {
      const { api, notify } = await ready();
      const panel = openSettings();
      fireEvent.click(within(panel).getByRole('checkbox', { name: 'Highlight on all sites' }));
      expect(api.saveSetting.mock.calls).toEqual([['enabled', false]]);
      await notify();
      expect(await screen.findByRole('heading', { level: 2, name: 'Backstory is turned off' })).toBeTruthy();
    });

    it('change the highlight style', async () => {
      const { api } = await ready();
      const panel = openSettings();
      const select = within(panel).getByRole('combobox', { name: 'Highlight style' });
      const marks = within(select).getByRole<HTMLOptionElement>('option', {
        name: 'Marks (read by screen readers)',
      });
      fireEvent.change(select, { target: { value: marks.value } });
      expect(api.saveSetting.mock.calls).toEqual([['renderer', 'inline-marks']]);
    });

    it('link to all settings', async () => {
      const { api } = await ready();
      const panel = openSettings();
      fireEvent.click(within(panel).getByRole('button', { name: 'All settings and dataset packs…' }));
      expect(api.openOptions).toHaveBeenCalledTimes(1);
    });

    it('have no site switch where Backstory cannot run', async () => {
      await ready({ tab: { tabId: 3, host: undefined, supported: false } });
      const panel = openSettings();
      expect(
        within(panel)
          .getAllByRole('checkbox')
          .map((box) => box.closest('label')?.textContent),
      ).toEqual(['Highlight on all sites']);
    });
  });

  describe('footer', () => {
    it('shows the extension’s version (the background’s answer) and the dataset’s version, as-of date and size', async () => {
      await ready();
      const footer = screen.getByRole('contentinfo');
      expect([...footer.querySelectorAll('p')].map((p) => p.textContent)).toEqual([
        'Backstory 1.2.3',
        'Dataset 1.4.2 · as of 31 August 2025 · 1,230 entries',
      ]);
      expect(within(footer).queryByRole('status')).toBeNull();
    });

    it('warns when the offline cache is unavailable', async () => {
      const { container } = await ready({
        info: { status: 'ready', value: { ...INFO, cache: 'unavailable' } },
      });
      const warning = within(screen.getByRole('contentinfo')).getByRole('status');
      expect(warning.textContent).toMatch(
        /^The offline cache is unavailable, so Backstory is using its built-in data/,
      );
      expect(await axeViolations(container)).toEqual([]);
    });

    it('says when the dataset info could not be read', async () => {
      await ready({ info: { status: 'error', message: 'The dataset could not be read.' } });
      const footer = screen.getByRole('contentinfo');
      expect(within(footer).getByRole('status').textContent).toBe('The dataset could not be read.');
    });
  });
});
