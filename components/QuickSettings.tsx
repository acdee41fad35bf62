import type { Renderer } from '@/lib/settings';
import { useLocale } from './i18n';

export interface QuickSettingsProps {
  /** The page's site, or undefined where Backstory cannot run (browser pages, stores). */
  site: string | undefined;
  siteEnabled: boolean;
  /** A wildcard in the settings ("*.example.com") turns the site off: only the settings can change that. */
  siteOffByPattern?: boolean;
  enabled: boolean;
  renderer: Renderer;
  onSiteEnabled: (enabled: boolean) => void;
  onEnabled: (enabled: boolean) => void;
  onRenderer: (renderer: Renderer) => void;
  onOpenOptions: () => void;
}

/** The few settings a reader changes from the popup; everything else is on the options page. */
export function QuickSettings(props: QuickSettingsProps) {
  const { t } = useLocale();
  return (
    <section class="quick-settings" aria-labelledby="quick-settings-title">
      <h2 id="quick-settings-title" class="visually-hidden">
        {t('settings_title')}
      </h2>
      {props.site && (
        <label class="switch">
          <input
            type="checkbox"
            checked={props.siteEnabled}
            disabled={props.siteOffByPattern}
            aria-describedby={props.siteOffByPattern ? 'quick-site-pattern' : undefined}
            onChange={(event) => props.onSiteEnabled(event.currentTarget.checked)}
          />
          <span>{t('settings_onThisSite', props.site)}</span>
        </label>
      )}
      {props.site && props.siteOffByPattern && (
        <p id="quick-site-pattern" class="hint">
          {t('settings_siteOffByPattern')}
        </p>
      )}
      <label class="switch">
        <input
          type="checkbox"
          checked={props.enabled}
          onChange={(event) => props.onEnabled(event.currentTarget.checked)}
        />
        <span>{t('settings_enabled')}</span>
      </label>
      <label class="field">
        <span>{t('settings_renderer')}</span>
        <select
          value={props.renderer}
          onChange={(event) => props.onRenderer(event.currentTarget.value as Renderer)}
        >
          <option value="highlight-api">{t('settings_renderer_highlightApi')}</option>
          <option value="inline-marks">{t('settings_renderer_inlineMarks')}</option>
        </select>
      </label>
      <button type="button" class="link-button" onClick={props.onOpenOptions}>
        {t('settings_more')}
      </button>
    </section>
  );
}
