import { render } from 'preact';
import '@/components/app.css';
import { BackstoryApp } from '@/components/BackstoryApp';
import { LocaleProvider } from '@/components/i18n';
import { createBackstoryApi } from '@/lib/pages/backstory-api';
import { browserLocale } from '@/lib/pages/locale';

const locale = browserLocale();
document.documentElement.lang = locale.language;
document.title = locale.t('extName');
render(
  <LocaleProvider value={locale}>
    <BackstoryApp api={createBackstoryApi(location.search, locale.t)} mode="popup" />
  </LocaleProvider>,
  document.getElementById('app')!,
);
