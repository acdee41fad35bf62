import { render } from 'preact';
import '@/components/app.css';
import { LocaleProvider } from '@/components/i18n';
import { OptionsApp } from '@/components/OptionsApp';
import { browserLocale } from '@/lib/pages/locale';
import { createOptionsApi } from '@/lib/pages/options-api';

const locale = browserLocale();
document.documentElement.lang = locale.language;
document.title = locale.t('options_title');
render(
  <LocaleProvider value={locale}>
    <OptionsApp api={createOptionsApi(locale.t)} />
  </LocaleProvider>,
  document.getElementById('app')!,
);
