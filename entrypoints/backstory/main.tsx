import { render } from 'preact';
import '@/components/app.css';
import { BackstoryApp } from '@/components/BackstoryApp';
import { LocaleProvider } from '@/components/i18n';
import { createBackstoryApi } from '@/lib/pages/backstory-api';
import { browserLocale } from '@/lib/pages/locale';

// The popup's views at full size: "More in Backstory" and deep links (?entity=<id>&tab=<id>) land here.
const locale = browserLocale();
document.documentElement.lang = locale.language;
document.title = locale.t('extName');
const entity = new URLSearchParams(location.search).get('entity') ?? undefined;
render(
  <LocaleProvider value={locale}>
    <BackstoryApp api={createBackstoryApi(location.search, locale.t)} mode="page" initialEntityId={entity} />
  </LocaleProvider>,
  document.getElementById('app')!,
);
