import { useEffect, useRef, useState } from 'preact/hooks';
import { CATEGORIES, type Category } from '@/lib/dataset/schema';
import { MAX_PACK_BYTES } from '@/lib/dataset/pack';
import { describeIssue } from '@/lib/dataset/issue-text';
import { DEFAULT_HIGHLIGHT_COLORS } from '@/lib/highlight/styles';
import { megabytesRoundedUp } from '@/lib/knowledge/publish';
import type { DatasetInfo, PublishFailure } from '@/lib/knowledge/types';
import type { ImportOutcome, PackExport, RemoveOutcome } from '@/lib/messages';
import {
  type ColorScheme,
  COLOR_SCHEMES,
  HOVER_DELAY_MAX_MS,
  HOVER_DELAY_MIN_MS,
  type Renderer,
  type Settings,
} from '@/lib/settings';
import { normaliseSitePattern } from '@/lib/sites';
import { formatPartialDate } from '@/lib/time/partial-date';
import type { Loadable } from './EntityView';
import { useLocale } from './i18n';

/** A keyboard shortcut as the browser reports it. */
export interface Shortcut {
  name: string;
  description: string;
  /** Empty when the reader removed it. */
  shortcut: string;
}

/** What the options page asks of the extension. */
export interface OptionsApi {
  loadSettings(): Promise<Settings>;
  saveSetting<K extends keyof Settings>(key: K, value: Settings[K]): Promise<void>;
  watchSettings(onChange: (settings: Settings) => void): () => void;
  datasetInfo(): Promise<Loadable<DatasetInfo>>;
  /** Calls `onChange` whenever what is installed changes, from this window or another; returns a stop function. */
  watchDataset(onChange: () => void): () => void;
  rebuildCache(): Promise<Loadable<DatasetInfo>>;
  importPack(text: string, fileName: string): Promise<Loadable<ImportOutcome>>;
  removePack(id: string): Promise<Loadable<RemoveOutcome>>;
  exportPacks(id?: string): Promise<Loadable<PackExport>>;
  shortcuts(): Promise<Shortcut[]>;
  openShortcutSettings(): void;
}

/** Saves a file in the reader's downloads, as the browser's own download does. */
function download({ fileName, json }: PackExport) {
  const url = URL.createObjectURL(new Blob([json], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Every setting in one place, keyboard shortcuts, and the dataset panel with pack import and export. */
export function OptionsApp({ api }: { api: OptionsApi }) {
  const { t } = useLocale();
  const [settings, setSettings] = useState<Settings>();
  useEffect(() => {
    void api.loadSettings().then(setSettings);
    return api.watchSettings(setSettings);
  }, [api]);
  if (!settings) return <p class="status">{t('app_loading')}</p>;
  const save = <K extends keyof Settings>(key: K, value: Settings[K]) => {
    setSettings({ ...settings, [key]: value });
    void api.saveSetting(key, value);
  };

  return (
    <div class="options" data-scheme={settings.colorScheme}>
      <header class="options__header">
        <h1>{t('options_title')}</h1>
      </header>
      <main class="options__main">
        <GeneralSection settings={settings} save={save} />
        <SitesSection sites={settings.disabledSites} onChange={(sites) => save('disabledSites', sites)} />
        <CategoriesSection settings={settings} save={save} />
        <ShortcutsSection api={api} />
        <DatasetSection api={api} />
      </main>
    </div>
  );
}

type Save = <K extends keyof Settings>(key: K, value: Settings[K]) => void;

function GeneralSection({ settings, save }: { settings: Settings; save: Save }) {
  const { t, locale } = useLocale();
  const number = new Intl.NumberFormat(locale);
  return (
    <section class="panel" aria-labelledby="general-title">
      <h2 id="general-title">{t('options_general')}</h2>
      <label class="switch">
        <input
          type="checkbox"
          checked={settings.enabled}
          onChange={(e) => save('enabled', e.currentTarget.checked)}
        />
        <span>{t('settings_enabled')}</span>
      </label>
      <label class="switch">
        <input
          type="checkbox"
          checked={settings.firstMentionOnly}
          onChange={(e) => save('firstMentionOnly', e.currentTarget.checked)}
        />
        <span>{t('options_firstMentionOnly')}</span>
      </label>
      <label class="field">
        <span>{t('settings_renderer')}</span>
        <select
          value={settings.renderer}
          onChange={(e) => save('renderer', e.currentTarget.value as Renderer)}
        >
          <option value="highlight-api">{t('settings_renderer_highlightApi')}</option>
          <option value="inline-marks">{t('settings_renderer_inlineMarks')}</option>
        </select>
      </label>
      <label class="field">
        <span>{t('options_hoverDelay')}</span>
        <input
          type="number"
          min={HOVER_DELAY_MIN_MS}
          max={HOVER_DELAY_MAX_MS}
          step={50}
          value={settings.hoverDelayMs}
          onChange={(e) => {
            // Outside the range is brought into it, and an empty or unreadable entry puts the saved
            // value back: the field never shows a delay that is not the one in use.
            const typed =
              e.currentTarget.value.trim() === '' ? NaN : Math.round(Number(e.currentTarget.value));
            const value = Number.isFinite(typed)
              ? Math.min(HOVER_DELAY_MAX_MS, Math.max(HOVER_DELAY_MIN_MS, typed))
              : settings.hoverDelayMs;
            e.currentTarget.value = String(value);
            if (value !== settings.hoverDelayMs) save('hoverDelayMs', value);
          }}
          aria-describedby="hover-delay-help"
        />
        <small id="hover-delay-help">
          {t('options_hoverDelayHelp', number.format(HOVER_DELAY_MIN_MS), number.format(HOVER_DELAY_MAX_MS))}
        </small>
      </label>
      <label class="field">
        <span>{t('options_colorScheme')}</span>
        <select
          value={settings.colorScheme}
          onChange={(e) => save('colorScheme', e.currentTarget.value as ColorScheme)}
        >
          {COLOR_SCHEMES.map((scheme) => (
            <option value={scheme} key={scheme}>
              {t(`options_scheme_${scheme}`)}
            </option>
          ))}
        </select>
      </label>
    </section>
  );
}

function SitesSection({ sites, onChange }: { sites: string[]; onChange: (sites: string[]) => void }) {
  const { t } = useLocale();
  const [input, setInput] = useState('');
  const [error, setError] = useState<string>();
  const add = () => {
    const pattern = normaliseSitePattern(input);
    if (!pattern) {
      setError(t('options_siteInvalid', input.trim()));
      return;
    }
    setError(undefined);
    setInput('');
    if (!sites.includes(pattern)) onChange([...sites, pattern].sort());
  };
  return (
    <section class="panel" aria-labelledby="sites-title">
      <h2 id="sites-title">{t('options_sites')}</h2>
      <p class="help">{t('options_sitesHelp')}</p>
      {sites.length === 0 ? (
        <p class="empty">{t('options_sitesNone')}</p>
      ) : (
        <ul class="sites">
          {sites.map((site) => (
            <li key={site}>
              <span>{site}</span>
              <button
                type="button"
                class="button"
                aria-label={t('options_siteRemove', site)}
                onClick={() => onChange(sites.filter((s) => s !== site))}
              >
                {t('options_remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form
        class="inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          add();
        }}
      >
        <label class="visually-hidden" for="site-input">
          {t('options_siteAddLabel')}
        </label>
        <input
          id="site-input"
          type="text"
          value={input}
          placeholder="*.example.com"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'site-error' : undefined}
          onInput={(event) => setInput(event.currentTarget.value)}
        />
        <button type="submit" class="button">
          {t('options_siteAdd')}
        </button>
      </form>
      {error && (
        <p id="site-error" class="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

function CategoriesSection({ settings, save }: { settings: Settings; save: Save }) {
  const { t } = useLocale();
  return (
    <section class="panel" aria-labelledby="categories-title">
      <h2 id="categories-title">{t('options_categories')}</h2>
      <div class="categories">
        {CATEGORIES.map((category) => (
          <div class="category-row" key={category}>
            <label class="switch">
              <input
                type="checkbox"
                checked={settings.categories[category]}
                onChange={(e) =>
                  save('categories', { ...settings.categories, [category]: e.currentTarget.checked })
                }
              />
              <span>{t(`categoryPlural_${category}`)}</span>
            </label>
            <label class="color">
              <span class="visually-hidden">{t('options_colorFor', t(`categoryPlural_${category}`))}</span>
              <input
                type="color"
                value={settings.highlightColors[category]}
                onInput={(e) =>
                  save('highlightColors', { ...settings.highlightColors, [category]: e.currentTarget.value })
                }
              />
            </label>
          </div>
        ))}
      </div>
      <button
        type="button"
        class="link-button"
        onClick={() => save('highlightColors', { ...DEFAULT_HIGHLIGHT_COLORS })}
      >
        {t('options_colorsReset')}
      </button>
      <HighlightPreview colors={settings.highlightColors} categories={settings.categories} />
    </section>
  );
}

/** A sample name per category, in the reader's language. */
const PREVIEW_NAME_KEYS = {
  person: 'options_previewPerson',
  organization: 'options_previewOrganization',
  place: 'options_previewPlace',
  topic: 'options_previewTopic',
} as const satisfies Record<Category, string>;

/** A sample sentence drawn the way pages will be, so colour choices are seen before they are used. */
function HighlightPreview({
  colors,
  categories,
}: {
  colors: Record<Category, string>;
  categories: Record<Category, boolean>;
}) {
  const { t } = useLocale();
  return (
    <figure class="preview">
      <figcaption>{t('options_preview')}</figcaption>
      <p class="preview__text">
        {CATEGORIES.map((category, index) => (
          <span key={category}>
            {index > 0 && ' · '}
            <span
              class="preview__mention"
              data-category={category}
              style={
                categories[category]
                  ? { textDecorationColor: colors[category], backgroundColor: `${colors[category]}24` }
                  : { textDecoration: 'none' }
              }
            >
              {t(PREVIEW_NAME_KEYS[category])}
            </span>
          </span>
        ))}
      </p>
    </figure>
  );
}

function ShortcutsSection({ api }: { api: OptionsApi }) {
  const { t } = useLocale();
  const [shortcuts, setShortcuts] = useState<Shortcut[]>([]);
  useEffect(() => void api.shortcuts().then(setShortcuts), [api]);
  return (
    <section class="panel" aria-labelledby="shortcuts-title">
      <h2 id="shortcuts-title">{t('options_shortcuts')}</h2>
      <table class="shortcuts">
        <tbody>
          {shortcuts.map((shortcut) => (
            <tr key={shortcut.name}>
              <td>{shortcut.description}</td>
              <td>
                {shortcut.shortcut ? (
                  <kbd>{shortcut.shortcut}</kbd>
                ) : (
                  <span class="muted">{t('options_shortcutNone')}</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" class="button" onClick={api.openShortcutSettings}>
        {t('options_shortcutsChange')}
      </button>
    </section>
  );
}

function DatasetSection({ api }: { api: OptionsApi }) {
  const { t, locale } = useLocale();
  const [info, setInfo] = useState<Loadable<DatasetInfo>>({ status: 'loading' });
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string; issues?: string[] }>();
  const [busy, setBusy] = useState(false);
  // Only the newest list is shown: packs changed twice in quick succession (here, or in another
  // window) may be answered out of order.
  const requests = useRef(0);
  const showInfo = (next: Loadable<DatasetInfo>, request = ++requests.current) => {
    if (request === requests.current) setInfo(next);
  };
  const refresh = async () => {
    const request = ++requests.current;
    showInfo(await api.datasetInfo(), request);
  };
  // Another window may import or remove packs: the list follows without a reload.
  useEffect(() => {
    void refresh();
    return api.watchDataset(() => void refresh());
  }, [api]);
  const number = new Intl.NumberFormat(locale);
  const counts = (c: { entities: number; relations: number; events: number }) =>
    t('options_counts', number.format(c.entities), number.format(c.relations), number.format(c.events));
  const megabytes = (bytes: number) => number.format(megabytesRoundedUp(bytes));
  const pagesBehind = ({ neededBytes, quotaBytes, error }: PublishFailure) =>
    neededBytes !== undefined && quotaBytes !== undefined
      ? t('options_pagesBehindFull', megabytes(neededBytes), megabytes(quotaBytes))
      : t('options_pagesBehind', error);

  const run = async (task: () => Promise<void>) => {
    setBusy(true);
    try {
      await task();
    } finally {
      setBusy(false);
    }
  };

  const importFile = (file: File) =>
    run(async () => {
      if (file.size > MAX_PACK_BYTES) {
        setMessage({
          kind: 'error',
          text: t('options_importFailed', file.name),
          issues: [t('options_tooLarge', number.format(MAX_PACK_BYTES / 1024 / 1024))],
        });
        return;
      }
      const outcome = await api.importPack(await file.text(), file.name);
      if (outcome.status === 'loading') return;
      if (outcome.status === 'error') {
        setMessage({ kind: 'error', text: t('options_importFailed', file.name), issues: [outcome.message] });
      } else if ('issues' in outcome.value) {
        setMessage({
          kind: 'error',
          text: t('options_importFailed', file.name),
          issues: outcome.value.issues.map((issue) => describeIssue(issue, t)),
        });
      } else {
        await refresh();
        const titles = outcome.value.installed.map((pack) => pack.meta.title);
        const text =
          titles.length === 1
            ? t('options_imported', titles[0]!)
            : t('options_importedSeveral', new Intl.ListFormat(locale).format(titles));
        setMessage({ kind: 'ok', text });
      }
    });

  const exportPacks = (id?: string) =>
    run(async () => {
      const result = await api.exportPacks(id);
      if (result.status === 'ready') download(result.value);
      else if (result.status === 'error') setMessage({ kind: 'error', text: result.message });
    });

  return (
    <section class="panel" aria-labelledby="dataset-title">
      <h2 id="dataset-title">{t('options_dataset')}</h2>
      {info.status === 'loading' && <p class="status">{t('app_loading')}</p>}
      {info.status === 'error' && (
        <p class="error" role="alert">
          {info.message}
        </p>
      )}
      {info.status === 'ready' && (
        <>
          <dl class="dataset">
            <dt>{info.value.bundle.meta.title}</dt>
            <dd>
              {t(
                'options_bundle',
                info.value.bundle.meta.version,
                formatPartialDate(info.value.bundle.meta.asOf, locale),
              )}
              <br />
              {counts(info.value.bundle.counts)}
            </dd>
          </dl>
          {info.value.cache === 'unavailable' && (
            <p class="warning" role="status">
              {t('footer_cacheUnavailable')} {info.value.cacheError}
            </p>
          )}
          {info.value.pagesBehind && (
            <p class="warning" role="status">
              {pagesBehind(info.value.pagesBehind)}
            </p>
          )}
          <h3>{t('options_packs')}</h3>
          {info.value.packs.length === 0 ? (
            <p class="empty">{t('options_packsNone')}</p>
          ) : (
            <ul class="packs">
              {info.value.packs.map((pack) => (
                <li key={pack.meta.id} class="pack">
                  <div>
                    <strong>{pack.meta.title}</strong>{' '}
                    <span class="muted">{t('options_packVersion', pack.meta.version, pack.fileName)}</span>
                    <br />
                    {pack.notLoaded ? (
                      <div class="warning">
                        <p>{t('options_packNotLoaded')}</p>
                        <ul class="issues">
                          {pack.notLoaded.issues.map((issue, index) => (
                            <li key={index}>{describeIssue(issue, t)}</li>
                          ))}
                        </ul>
                      </div>
                    ) : (
                      counts(pack.counts)
                    )}
                  </div>
                  <div class="pack__actions">
                    <button
                      type="button"
                      class="button"
                      disabled={busy}
                      onClick={() => void exportPacks(pack.meta.id)}
                    >
                      {t('options_export')}
                    </button>
                    <button
                      type="button"
                      class="button"
                      disabled={busy}
                      aria-label={t('options_packRemove', pack.meta.title)}
                      onClick={() =>
                        void run(async () => {
                          const removed = await api.removePack(pack.meta.id);
                          await refresh();
                          if (removed.status === 'error')
                            setMessage({ kind: 'error', text: removed.message });
                          else if (removed.status === 'ready' && 'usedBy' in removed.value)
                            setMessage({
                              kind: 'error',
                              text: t('options_removeRefused', pack.meta.title),
                              issues: removed.value.usedBy.map((use) =>
                                t(
                                  'options_usedBy',
                                  use.title,
                                  new Intl.ListFormat(locale).format(use.entityIds),
                                ),
                              ),
                            });
                          else setMessage({ kind: 'ok', text: t('options_removed', pack.meta.title) });
                        })
                      }
                    >
                      {t('options_remove')}
                    </button>
                  </div>
                </li>
              ))}
            </ul>
          )}
          <div class="dataset__actions">
            <label class="button file-button">
              {t('options_import')}
              <input
                type="file"
                accept=".json,application/json"
                disabled={busy}
                onChange={(event) => {
                  const file = event.currentTarget.files?.[0];
                  event.currentTarget.value = '';
                  if (file) void importFile(file);
                }}
              />
            </label>
            {info.value.packs.length > 1 && (
              <button type="button" class="button" disabled={busy} onClick={() => void exportPacks()}>
                {t('options_exportAll')}
              </button>
            )}
            <button
              type="button"
              class="button"
              disabled={busy}
              onClick={() =>
                void run(async () => {
                  const rebuilt = await api.rebuildCache();
                  showInfo(rebuilt);
                  // A rebuild IndexedDB refused leaves the extension on its built-in data: no success.
                  const failed = rebuilt.status === 'ready' && rebuilt.value.cache === 'unavailable';
                  setMessage(
                    rebuilt.status === 'ready' && !failed
                      ? { kind: 'ok', text: t('options_rebuilt') }
                      : {
                          kind: 'error',
                          text: failed
                            ? t('options_rebuildFailed', rebuilt.value.cacheError ?? '')
                            : rebuilt.status === 'error'
                              ? rebuilt.message
                              : '',
                        },
                  );
                })
              }
            >
              {t('options_rebuild')}
            </button>
          </div>
          <p class="help">{t('options_packHelp')}</p>
        </>
      )}
      {message && (
        <div
          class={message.kind === 'ok' ? 'success' : 'error'}
          role={message.kind === 'ok' ? 'status' : 'alert'}
        >
          <p>{message.text}</p>
          {message.issues && (
            <ul class="issues">
              {message.issues.map((issue, index) => (
                <li key={index}>{issue}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
