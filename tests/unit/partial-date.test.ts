import { describe, expect, it } from 'vitest';
import {
  comparePartialDates,
  formatPartialDate,
  isOnOrBefore,
  parsePartialDate,
  partialDateRange,
  relativeToDay,
} from '@/lib/time/partial-date';

describe('partial dates', () => {
  it('parses year, month and day precision', () => {
    expect(parsePartialDate('2022')).toEqual({ year: 2022, precision: 'year' });
    expect(parsePartialDate('2022-02')).toEqual({ year: 2022, month: 2, precision: 'month' });
    expect(parsePartialDate('2022-02-24')).toEqual({ year: 2022, month: 2, day: 24, precision: 'day' });
  });

  it('rejects impossible or malformed dates', () => {
    for (const bad of [
      '2023-02-29',
      '2022-13',
      '2022-00',
      '2022-02-30',
      '22',
      '2022-2-4',
      '2022/02/24',
      '',
      'soon',
    ]) {
      expect(parsePartialDate(bad), bad).toBeUndefined();
    }
    expect(parsePartialDate('2024-02-29')).toBeDefined(); // leap year
  });

  it('sorts chronologically, less precise first on ties', () => {
    const dates = ['2022-02-24', '2014', '2022', '2022-02', '2014-03-18'];
    expect([...dates].sort(comparePartialDates)).toEqual([
      '2014',
      '2014-03-18',
      '2022',
      '2022-02',
      '2022-02-24',
    ]);
  });

  it('knows the range of days a partial date covers', () => {
    expect(partialDateRange('2024-02')).toEqual({ first: '2024-02-01', last: '2024-02-29' });
    expect(partialDateRange('2025')).toEqual({ first: '2025-01-01', last: '2025-12-31' });
  });

  it('places a partial date before, after or around a day', () => {
    expect(relativeToDay('2025-03-11', '2025-03-18')).toBe('before');
    expect(relativeToDay('2025-03-19', '2025-03-18')).toBe('after');
    expect(relativeToDay('2025-03', '2025-03-18')).toBe('overlaps');
    expect(relativeToDay('2025-03-18', '2025-03-18')).toBe('overlaps');
    expect(relativeToDay('2024', '2025-03-18')).toBe('before');
  });

  it('checks a date against an as-of day', () => {
    expect(isOnOrBefore('2025-08', '2025-08-31')).toBe(true);
    expect(isOnOrBefore('2025-09-01', '2025-08-31')).toBe(false);
  });

  it('formats at its own precision for the reader’s locale', () => {
    expect(formatPartialDate('2022-02-24', 'en-GB')).toBe('24 February 2022');
    expect(formatPartialDate('2022-02', 'en-US')).toBe('February 2022');
    expect(formatPartialDate('2022', 'en')).toBe('2022');
    expect(formatPartialDate('2022-02-24', 'uk')).toMatch(/24 лютого 2022/);
    expect(formatPartialDate('2022-02-24', 'en-GB', 'short')).toBe('24 Feb 2022');
  });
});
