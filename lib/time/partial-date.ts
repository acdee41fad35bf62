/**
 * Partial dates: "2022", "2022-02" or "2022-02-24". History is often known only to the month or
 * the year, so events and facts keep the precision their sources give, and the UI shows exactly that.
 */

/** How much of a date is known. */
export type DatePrecision = 'year' | 'month' | 'day';

/** A parsed partial date. `month` and `day` are 1-based and present only at that precision. */
export interface PartialDate {
  year: number;
  month?: number;
  day?: number;
  precision: DatePrecision;
}

const PARTIAL_DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

/** Parses "YYYY", "YYYY-MM" or "YYYY-MM-DD"; undefined for anything else, including 2023-02-30. */
export function parsePartialDate(text: string): PartialDate | undefined {
  const match = PARTIAL_DATE.exec(text);
  if (!match) return undefined;
  const year = Number(match[1]);
  if (match[2] === undefined) return { year, precision: 'year' };
  const month = Number(match[2]);
  if (month < 1 || month > 12) return undefined;
  if (match[3] === undefined) return { year, month, precision: 'month' };
  const day = Number(match[3]);
  if (day < 1 || day > daysInMonth(year, month)) return undefined;
  return { year, month, day, precision: 'day' };
}

/** True when `text` is a valid partial date. */
export function isPartialDate(text: string): boolean {
  return parsePartialDate(text) !== undefined;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Orders partial dates chronologically by the earliest day each could mean, so "2022" sorts
 * before "2022-02" which sorts before "2022-02-24"; ties keep the less precise first.
 */
export function comparePartialDates(a: string, b: string): number {
  const [ya, ma, da] = sortKey(a);
  const [yb, mb, db] = sortKey(b);
  return ya - yb || ma - mb || da - db;
}

function sortKey(text: string): [number, number, number] {
  const date = parsePartialDate(text);
  if (!date) return [Number.NaN, 0, 0];
  return [date.year, date.month ?? 0, date.day ?? 0];
}

/** The first and last calendar day (YYYY-MM-DD) a partial date could mean. */
export function partialDateRange(text: string): { first: string; last: string } | undefined {
  const date = parsePartialDate(text);
  if (!date) return undefined;
  const y = String(date.year).padStart(4, '0');
  if (date.precision === 'year') return { first: `${y}-01-01`, last: `${y}-12-31` };
  const m = String(date.month).padStart(2, '0');
  if (date.precision === 'month') {
    return {
      first: `${y}-${m}-01`,
      last: `${y}-${m}-${String(daysInMonth(date.year, date.month!)).padStart(2, '0')}`,
    };
  }
  return { first: text, last: text };
}

/**
 * Where a partial date stands relative to a known day: entirely before it, entirely after it, or
 * overlapping it (e.g. "2025-03" against 2025-03-18), which the timeline treats as "around then".
 */
export function relativeToDay(text: string, day: string): 'before' | 'after' | 'overlaps' {
  const range = partialDateRange(text);
  if (!range) return 'overlaps';
  if (range.last < day) return 'before';
  if (range.first > day) return 'after';
  return 'overlaps';
}

/** True when the partial date could not have started after `day` (YYYY-MM-DD). */
export function isOnOrBefore(text: string, day: string): boolean {
  const range = partialDateRange(text);
  return range !== undefined && range.first <= day;
}

/**
 * Formats a partial date for a locale at its own precision: "2022", "February 2022",
 * "24 February 2022" (or the locale's equivalent). Uses UTC so the day never shifts.
 */
export function formatPartialDate(
  text: string,
  locale: string | undefined,
  style: 'long' | 'short' = 'long',
): string {
  const date = parsePartialDate(text);
  if (!date) return text;
  const when = new Date(Date.UTC(date.year, (date.month ?? 1) - 1, date.day ?? 1));
  const month = style === 'long' ? 'long' : 'short';
  const options: Intl.DateTimeFormatOptions =
    date.precision === 'year'
      ? { year: 'numeric', timeZone: 'UTC' }
      : date.precision === 'month'
        ? { year: 'numeric', month, timeZone: 'UTC' }
        : { year: 'numeric', month, day: 'numeric', timeZone: 'UTC' };
  return new Intl.DateTimeFormat(locale, options).format(when);
}
