import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { DatasetInfo, EntityDetail, SearchHit, TimelineEventView } from '@/lib/knowledge/types';
import type { PingAnswer, TabMentions, TimelinePayload } from '@/lib/messages';
import type { Renderer, Settings } from '@/lib/settings';
import { isSiteDisabled, samePage, supportedHost } from '@/lib/sites';
import { formatPartialDate } from '@/lib/time/partial-date';
import { EntityView, type Loadable } from './EntityView';
import { useLocale } from './i18n';
import { OnThisPage } from './OnThisPage';
import { QuickSettings } from './QuickSettings';
import { SearchBox } from './SearchBox';
import { Timeline } from './Timeline';

/** The tab the popup is about. */
export interface TabContext {
  tabId: number | undefined;
  /** The page's site ("news.example.com"), when the browser tells us. */
  host: string | undefined;
  /** False for browser pages, extension stores and other pages extensions cannot read. */
  supported: boolean;
  /** The page's address, when the browser tells us (the toolbar popup). */
  url?: string;
}

/** Everything the app asks of the extension; the entrypoint implements it with messages and storage. */
export interface BackstoryApi {
  tab(): Promise<TabContext>;
  tabMentions(tabId: number): Promise<Loadable<TabMentions>>;
  entityDetail(id: string): Promise<Loadable<EntityDetail | null>>;
  timeline(query: TimelinePayload): Promise<Loadable<TimelineEventView[]>>;
  search(query: string, limit: number): Promise<SearchHit[]>;
  datasetInfo(): Promise<Loadable<DatasetInfo>>;
  /** The background's answer to `ping`: the extension's name and version. */
  about(): Promise<Loadable<PingAnswer>>;
  showOnPage(tabId: number, entityId: string): Promise<boolean>;
  loadSettings(): Promise<Settings>;
  saveSetting<K extends keyof Settings>(key: K, value: Settings[K]): Promise<void>;
  /** Calls `onChange` when the tab's report or the settings change; returns the unsubscribe. */
  watch(tabId: number | undefined, onChange: () => void): () => void;
  openOptions(): void;
  /** The keys that move to the next name on the page and open its card; undefined if the reader removed them. */
  nextMentionShortcut(): Promise<string | undefined>;
}

type View = { kind: 'page' } | { kind: 'entity'; id: string } | { kind: 'timeline' };

export interface BackstoryAppProps {
  api: BackstoryApi;
  /** 'popup' (380×560) or 'page' (the full extension page). */
  mode: 'popup' | 'page';
  /** Deep link: open this entity first. */
  initialEntityId?: string;
}

/** The popup (and the full page): on this page, entity detail, timelines, search and quick settings. */
export function BackstoryApp({ api, mode, initialEntityId }: BackstoryAppProps) {
  const { t, locale } = useLocale();
  const [stack, setStack] = useState<View[]>(
    initialEntityId ? [{ kind: 'entity', id: initialEntityId }] : [{ kind: 'page' }],
  );
  const [tab, setTab] = useState<TabContext>();
  const [mentions, setMentions] = useState<Loadable<TabMentions>>({ status: 'loading' });
  const [settings, setSettings] = useState<Settings>();
  const [info, setInfo] = useState<Loadable<DatasetInfo>>({ status: 'loading' });
  const [about, setAbout] = useState<Loadable<PingAnswer>>({ status: 'loading' });
  const [nextShortcut, setNextShortcut] = useState<string>();
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [pageTimeline, setPageTimeline] = useState<Loadable<TimelineEventView[]>>({ status: 'loading' });
  const mainRef = useRef<HTMLElement>(null);
  // True once the reader has moved between views: from then on each new view takes the focus.
  const navigated = useRef(false);
  const view = stack[stack.length - 1]!;

  const refresh = useCallback(
    async (context: TabContext) => {
      const [loadedSettings, loadedMentions] = await Promise.all([
        api.loadSettings(),
        context.tabId !== undefined ? api.tabMentions(context.tabId) : Promise.resolve(undefined),
      ]);
      setSettings(loadedSettings);
      // No tab (`?tab=` names one that has closed) means no report will ever come: say so, rather
      // than wait for one.
      setMentions(loadedMentions ? forCurrentPage(loadedMentions, context.url) : NO_REPORT);
    },
    [api],
  );

  useEffect(() => {
    let unwatch: (() => void) | undefined;
    // Everything the first view needs is asked for at once.
    void api.datasetInfo().then(setInfo);
    void api.about().then(setAbout);
    void api.nextMentionShortcut().then(setNextShortcut);
    void api.loadSettings().then(setSettings);
    void api.tab().then((context) => {
      setTab(context);
      void refresh(context);
      unwatch = api.watch(context.tabId, () => {
        // The tab may have moved on since the view opened: its report is judged by where it is now.
        void api.tab().then((latest) => {
          setTab(latest);
          void refresh(latest);
        });
      });
    });
    return () => unwatch?.();
  }, [api, refresh]);

  const found = mentions.status === 'ready' ? mentions.value.mentions : [];
  // A live page reports again after every change: only a change of names asks for the page's
  // timeline again (which would also reset the reader's order and filters in it).
  const pageIdsKey = found.map((item) => item.entityId).join(' ');
  const pageEntityIds = useMemo(() => (pageIdsKey ? pageIdsKey.split(' ') : []), [pageIdsKey]);
  const articleDate = mentions.status === 'ready' ? mentions.value.publishedAt : undefined;

  const push = (next: View) => {
    navigated.current = true;
    setStack([...stack, next]);
  };
  const back = () => {
    navigated.current = true;
    setStack(stack.slice(0, -1));
  };
  const openEntity = (id: string) => push({ kind: 'entity', id });

  useEffect(() => {
    // New view: move focus to its heading, so keyboard and screen-reader users start there (also
    // after Back, whose button may just have disappeared with the focus on it).
    const heading = mainRef.current?.querySelector<HTMLElement>('h2');
    if (navigated.current || initialEntityId) heading?.focus({ preventScroll: true });
  }, [stack, initialEntityId, mentions.status]);

  useEffect(() => {
    if (view.kind !== 'timeline') return;
    setPageTimeline({ status: 'loading' });
    void api.timeline({ entityIds: pageEntityIds, order: 'asc' }).then(setPageTimeline);
  }, [view.kind, api, pageEntityIds]);

  const loadDetail = useCallback((id: string) => api.entityDetail(id), [api]);
  const loadEntityTimeline = useCallback(
    (id: string) => api.timeline({ entityIds: [id], order: 'asc' }),
    [api],
  );
  const showOnPage = (id: string) => {
    if (tab?.tabId !== undefined) void api.showOnPage(tab.tabId, id);
  };

  const site = tab?.supported
    ? (tab.host ?? supportedHost(mentions.status === 'ready' ? mentions.value.url : undefined))
    : undefined;
  const siteOff = !!(settings && site && isSiteDisabled(settings.disabledSites, site));
  // Turned off by a wildcard ("*.example.com") rather than by this exact site: the popup cannot
  // turn it back on without turning on sister sites too, so it points to the settings instead.
  const siteOffByPattern = siteOff && !!settings && !!site && !settings.disabledSites.includes(site);
  const setSiteEnabled = (on: boolean) => {
    if (!settings || !site) return;
    const others = settings.disabledSites.filter((entry) => entry !== site);
    void api.saveSetting('disabledSites', on ? others : [...others, site]);
  };

  return (
    <div class={`app app--${mode}`} data-scheme={settings?.colorScheme ?? 'system'}>
      <header class="app__header">
        {stack.length > 1 && (
          <button
            type="button"
            class="icon-button"
            aria-label={t('app_back')}
            title={t('app_back')}
            onClick={back}
          >
            <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
              <path
                d="M10 3 5 8l5 5"
                fill="none"
                stroke="currentColor"
                stroke-width="1.8"
                stroke-linecap="round"
                stroke-linejoin="round"
              />
            </svg>
          </button>
        )}
        <h1 class="app__title">{t('extName')}</h1>
        <button
          type="button"
          class="icon-button"
          aria-label={t('settings_title')}
          title={t('settings_title')}
          aria-expanded={settingsOpen}
          aria-controls="quick-settings"
          onClick={() => setSettingsOpen(!settingsOpen)}
        >
          <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
            <path
              d="M2 4h7M12 4h2M2 12h2M7 12h7M9 2v4M4 10v4"
              fill="none"
              stroke="currentColor"
              stroke-width="1.6"
              stroke-linecap="round"
            />
          </svg>
        </button>
      </header>

      <SearchBox search={api.search} onSelect={openEntity} />

      {settingsOpen && settings && (
        <div id="quick-settings">
          <QuickSettings
            site={site}
            siteEnabled={!siteOff}
            siteOffByPattern={siteOffByPattern}
            enabled={settings.enabled}
            renderer={settings.renderer}
            onSiteEnabled={setSiteEnabled}
            onEnabled={(on) => void api.saveSetting('enabled', on)}
            onRenderer={(renderer: Renderer) => void api.saveSetting('renderer', renderer)}
            onOpenOptions={api.openOptions}
          />
        </div>
      )}

      <main class="app__main" ref={mainRef}>
        {view.kind === 'page' && (
          <PageState
            tab={tab}
            site={site}
            settings={settings}
            siteOff={siteOff}
            mentions={mentions}
            onTurnOnSite={siteOffByPattern ? api.openOptions : () => setSiteEnabled(true)}
            turnOnSiteLabel={siteOffByPattern ? t('page_siteOffPattern') : t('page_turnOnSite')}
            onTurnOn={() => void api.saveSetting('enabled', true)}
          >
            <OnThisPage
              found={found}
              onOpen={openEntity}
              onShowOnPage={showOnPage}
              onOpenTimeline={() => push({ kind: 'timeline' })}
              nextShortcut={nextShortcut}
            />
          </PageState>
        )}
        {view.kind === 'entity' && (
          <EntityView
            key={view.id}
            id={view.id}
            loadDetail={loadDetail}
            loadTimeline={loadEntityTimeline}
            articleDate={articleDate}
            pageEntityIds={pageEntityIds.length ? pageEntityIds : undefined}
            onShowOnPage={pageEntityIds.includes(view.id) ? () => showOnPage(view.id) : undefined}
            onOpenEntity={openEntity}
            focusHeading={navigated.current || !!initialEntityId}
          />
        )}
        {view.kind === 'timeline' && (
          <section aria-labelledby="page-timeline-title">
            <h2 id="page-timeline-title" tabIndex={-1}>
              {t('timeline_pageTitle')}
            </h2>
            {pageTimeline.status === 'loading' && <p class="status">{t('app_loading')}</p>}
            {pageTimeline.status === 'error' && <p class="status status--error">{pageTimeline.message}</p>}
            {pageTimeline.status === 'ready' && (
              <Timeline
                events={pageTimeline.value}
                articleDate={articleDate}
                onOpenEntity={openEntity}
                idPrefix="page-tl"
              />
            )}
          </section>
        )}
      </main>

      <footer class="app__footer">
        {about.status === 'ready' && (
          <p class="app__version">{t('footer_version', about.value.name, about.value.version)}</p>
        )}
        {info.status === 'ready' && (
          <>
            <p>
              {t(
                'footer_dataset',
                info.value.bundle.meta.version,
                formatPartialDate(info.value.bundle.meta.asOf, locale),
                new Intl.NumberFormat(locale).format(
                  info.value.bundle.counts.entities +
                    info.value.packs.reduce((sum, pack) => sum + pack.counts.entities, 0),
                ),
              )}
            </p>
            {info.value.cache === 'unavailable' && (
              <p class="warning" role="status">
                {t('footer_cacheUnavailable')}
              </p>
            )}
          </>
        )}
        {info.status === 'error' && (
          <p class="warning" role="status">
            {info.message}
          </p>
        )}
      </footer>
    </div>
  );
}

interface PageStateProps {
  tab: TabContext | undefined;
  site: string | undefined;
  settings: Settings | undefined;
  siteOff: boolean;
  turnOnSiteLabel: string;
  mentions: Loadable<TabMentions>;
  onTurnOnSite: () => void;
  onTurnOn: () => void;
  children: ComponentChildren;
}

/** What the popup says about the page before (or instead of) listing what it mentions. */
function PageState({
  tab,
  site,
  settings,
  siteOff,
  turnOnSiteLabel,
  mentions,
  onTurnOnSite,
  onTurnOn,
  children,
}: PageStateProps) {
  const { t } = useLocale();
  // A page Backstory cannot read has nothing to wait for: no settings, no report.
  if (tab && !tab.supported)
    return <Notice title={t('page_unsupportedTitle')} text={t('page_unsupported')} />;
  if (!tab || !settings || mentions.status === 'loading')
    return (
      <p class="status" role="status">
        {t('app_loading')}
      </p>
    );
  if (!settings.enabled) {
    return (
      <Notice
        title={t('page_offTitle')}
        text={t('page_off')}
        action={{ label: t('page_turnOn'), onClick: onTurnOn }}
      />
    );
  }
  if (siteOff) {
    return (
      <Notice
        title={t('page_siteOffTitle', site ?? '')}
        text={t('page_siteOff')}
        action={{ label: turnOnSiteLabel, onClick: onTurnOnSite }}
      />
    );
  }
  if (mentions.status === 'error') return <Notice title={t('page_errorTitle')} text={mentions.message} />;
  if (mentions.value.state === 'not-running')
    return <Notice title={t('page_notReadTitle')} text={t('page_notRead')} />;
  if (mentions.value.mentions.length === 0)
    return <Notice title={t('page_nothingTitle')} text={t('page_nothing')} />;
  return <>{children}</>;
}

/**
 * The tab's report, unless it describes an earlier page: the tab has moved on and its new page has
 * not reported (still loading, or a page Backstory cannot run on). That is no report at all.
 */
function forCurrentPage(loaded: Loadable<TabMentions>, url: string | undefined): Loadable<TabMentions> {
  if (loaded.status !== 'ready' || !url || !loaded.value.url || samePage(url, loaded.value.url))
    return loaded;
  return NO_REPORT;
}

/** What a tab without a report of its own shows: not read. */
const NO_REPORT: Loadable<TabMentions> = { status: 'ready', value: { state: 'not-running', mentions: [] } };

function Notice({
  title,
  text,
  action,
}: {
  title: string;
  text: string;
  action?: { label: string; onClick: () => void };
}) {
  return (
    <section class="notice" aria-labelledby="notice-title">
      <h2 id="notice-title" tabIndex={-1}>
        {title}
      </h2>
      <p>{text}</p>
      {action && (
        <button type="button" class="button button--primary" onClick={action.onClick}>
          {action.label}
        </button>
      )}
    </section>
  );
}
