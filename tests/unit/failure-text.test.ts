import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CatalogueEntry, catalogueTranslator } from '@/lib/i18n';
import { type Failure, fail } from '@/lib/messages';
import { failureText, loadableOf } from '@/lib/pages/failure-text';

const translator = (language: string) =>
  catalogueTranslator(
    JSON.parse(
      readFileSync(join(import.meta.dirname, '../../public/_locales', language, 'messages.json'), 'utf8'),
    ) as Record<string, CatalogueEntry>,
  );
const failure = (...args: Parameters<typeof fail>) => fail(...args) as Failure;

describe('failed requests in the reader’s words', () => {
  it('says what happened in English, naming the pack and keeping an unexpected error’s detail', () => {
    const t = translator('en');
    expect(failureText(failure('Could not deliver "ping": no receiver', 'unreachable'), t)).toBe(
      'Backstory did not answer. Try again in a moment; if it keeps happening, reload the page or restart the browser.',
    );
    expect(failureText(failure('No pack "riverside" is installed.', 'noSuchPack', 'riverside'), t)).toBe(
      'The pack “riverside” is no longer installed: it may have been removed in another window.',
    );
    expect(failureText(failure('No packs are installed.', 'noPacks'), t)).toBe(
      'No packs are installed, so there is nothing to export.',
    );
    expect(failureText(failure('QuotaExceededError: disk full'), t)).toBe(
      'Something went wrong inside Backstory: QuotaExceededError: disk full',
    );
  });

  it('says it in Ukrainian, without the background’s English sentence', () => {
    const t = translator('uk');
    expect(failureText(failure('No pack "riverside" is installed.', 'noSuchPack', 'riverside'), t)).toBe(
      'Пакет «riverside» уже не встановлено: можливо, його видалили в іншому вікні.',
    );
    expect(failureText(failure('Could not deliver "ping"', 'unreachable'), t)).not.toContain('deliver');
    expect(failureText(failure('No packs are installed.', 'noPacks'), t)).toBe(
      'Не встановлено жодного пакета, тож експортувати нічого.',
    );
  });

  it('gives views the value, or the worded failure', () => {
    const t = translator('en');
    expect(loadableOf({ ok: true, value: 3 }, t)).toEqual({ status: 'ready', value: 3 });
    expect(loadableOf(fail('No packs are installed.', 'noPacks'), t)).toEqual({
      status: 'error',
      message: 'No packs are installed, so there is nothing to export.',
    });
  });
});
