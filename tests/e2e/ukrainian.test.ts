/**
 * A reader whose browser speaks Ukrainian gets Backstory in Ukrainian: its pages, its card, and the
 * problems of a pack it cannot import, filled in by the browser's own i18n from the catalogues. The
 * browser is started in Ukrainian, as the reader's is.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BROWSERS, type ExtensionSession, type FixtureServer } from './harness';
import { cardRoot, hoverUntilCard, resetSettings, waitForMentions } from './page-probes';
import { useExtension } from './use-extension';

const PACKS = join(import.meta.dirname, '../fixtures/packs');

describe.each(BROWSERS)('Ukrainian in %s', (kind) => {
  let session: ExtensionSession;
  let server: FixtureServer;

  useExtension(kind, (launched) => ({ session, server } = launched), { locale: 'uk' });

  it('names a refused pack’s problems in Ukrainian on the options page', async () => {
    await resetSettings(session);
    const options = await session.openExtensionPage('options.html', '.dataset');
    expect(await options.$eval('#dataset-title', (heading) => heading.textContent)).toBe('Набір даних');
    expect(await options.evaluate(() => document.documentElement.lang)).toBe('uk');
    const input = await options.waitForSelector('input[type="file"]');
    await input!.uploadFile(join(PACKS, 'broken.json'));
    await options.waitForSelector('.error .issues li');
    expect(await options.$eval('.error p', (p) => p.textContent)).toBe(
      'З файлу broken.json нічого не імпортовано, ваші дані не змінено:',
    );
    expect(
      await options.$$eval('.error .issues li', (items) => items.map((item) => item.textContent)),
    ).toEqual([
      'broken.json: сутність «broken-thing»: facts: має бути списком',
      'broken.json: зв’язок №1: to: невідомий ідентифікатор сутності «atlantis»',
    ]);
    await options.close();
  });

  it('opens the hover card in Ukrainian', async () => {
    const page = await session.openPage(server.url('/card.html'));
    await waitForMentions(page, 5);
    const card = await hoverUntilCard(page, 'Vladimir Putin');
    expect(card.text).toContain('Особа');
    expect(card.text).toContain('Докладніше в Backstory');
    expect(card.lang).toBe('uk');
    // Dates in the reader's locale: Ukrainian month names, the year last.
    const root = await cardRoot(page);
    const dates = await page.evaluate(
      (root) => [...root!.querySelectorAll('.card__events time')].map((time) => time.textContent ?? ''),
      root,
    );
    expect(dates).toHaveLength(3);
    for (const date of dates) expect(date).toMatch(/^\d{1,2} [а-яіїєґ]+\.? 20\d\d/u);
    expect(card.text).toContain('станом на 31 серпня 2025');
    // The dataset's English text inside the Ukrainian card says it is English (screen readers switch voice).
    expect(
      await page.evaluate(
        (root) =>
          ['.card__name', '.card__description', '.card__background', '.card__event-title'].map((selector) =>
            root!.querySelector(selector)!.closest('[lang]')!.getAttribute('lang'),
          ),
        root,
      ),
    ).toEqual(['en', 'en', 'en', 'en']);
    await page.close();
  });
});
