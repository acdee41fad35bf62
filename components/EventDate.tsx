import { formatPartialDate } from '@/lib/time/partial-date';
import { useLocale } from './i18n';

/** A partial date ("2022", "2022-02", "2022-02-24") shown at its own precision in a <time> element. */
export function EventDate({ date, style = 'long' }: { date: string; style?: 'long' | 'short' }) {
  const { locale } = useLocale();
  return (
    <time class="event-date" dateTime={date}>
      {formatPartialDate(date, locale, style)}
    </time>
  );
}
