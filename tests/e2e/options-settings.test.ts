/**
 * Settings as a reader changes them: on the options page, by clicking its controls, and what open
 * pages then show. (Other suites write settings to storage directly; this one drives the page.)
 */
import type { Page } from 'puppeteer-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { BROWSERS, type ExtensionGlobal, type ExtensionSession, type FixtureServer } from './harness';
import { useExtension } from './use-extension';
import {
  cardRoot,
  pointAt,
  readCard,
  resetSettings,
  waitForCard,
  waitForMentions,
  waitForMentionsWhere,
} from './page-probes';

/** Clicks the on/off switch of a category, found by its label ("People", "Places"…). */
const toggleCategory = (options: Page, label: string) =>
  options.evaluate((wanted) => {
    const row = [...document.querySelectorAll('.category-row')].find(
      (element) => element.querySelector('.switch span')?.textContent === wanted,
    );
    row!.querySelector<HTMLInputElement>('input[type="checkbox"]')!.click();
  }, label);

/** Chooses `value` in the select labelled `label`, as picking it from the list does. */
const choose = (options: Page, label: string, value: string) =>
  options.evaluate(
    (wanted, chosen) => {
      const field = [...document.querySelectorAll('label.field')].find(
        (element) => element.querySelector('span')?.textContent === wanted,
      );
      const select = field!.querySelector('select')!;
      select.value = chosen;
      select.dispatchEvent(new Event('change', { bubbles: true }));
    },
    label,
    value,
  );

/** The value stored for a setting (what every page reads), once the options page has saved it. */
const stored = (session: ExtensionSession, key: string) =>
  session.evaluateInExtension(
    async (name) => (await (globalThis as unknown as ExtensionGlobal).chrome.storage.local.get(name))[name],
    `settings.${key}`,
  );

/** Opens the card page and rests the pointer on "Vladimir Putin". */
async function hoverPutin(session: ExtensionSession, server: FixtureServer): Promise<Page> {
  const page = await session.openPage(server.url('/card.html'));
  await waitForMentions(page, 5);
  await page.mouse.move(5, 5);
  const putin = await pointAt(page, 'Vladimir Putin');
  await page.mouse.move(putin.x, putin.y);
  return page;
}

describe.each(BROWSERS)('settings chosen on the options page in %s', (kind) => {
  let session: ExtensionSession;
  let server: FixtureServer;

  useExtension(kind, (launched) => ({ session, server } = launched));
  beforeEach(async () => {
    await resetSettings(session);
  });

  it('a category switched off leaves open pages at once, and comes back when switched on', async () => {
    const article = await session.openPage(server.url('/article.html'));
    await waitForMentionsWhere(article, (m) => m.some((x) => x.text === 'Kyiv'), 'a place highlighted');
    const options = await session.openExtensionPage('options.html', '.categories');
    await toggleCategory(options, 'Places');
    await article.bringToFront();
    const without = await waitForMentionsWhere(
      article,
      (m) => !m.some((x) => x.category === 'place') && m.some((x) => x.text === 'Vladimir Putin'),
      'no place highlighted, people still',
    );
    expect(without.some((x) => x.category === 'topic')).toBe(true);
    await options.bringToFront();
    await toggleCategory(options, 'Places');
    await article.bringToFront();
    await waitForMentionsWhere(article, (m) => m.some((x) => x.text === 'Kyiv'), 'places highlighted again');
    await options.close();
    await article.close();
  });

  it('a colour chosen for people is the colour their names are underlined in, with either renderer', async () => {
    const options = await session.openExtensionPage('options.html', '.categories');
    await choose(options, 'Highlight style', 'inline-marks');
    await options.evaluate(() => {
      const input = document.querySelector<HTMLInputElement>(
        'input[type="color"]', // the first row: people
      )!;
      input.value = '#ff0000';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await expect
      .poll(() => stored(session, 'highlightColors'), { timeout: 10_000 })
      .toMatchObject({ person: '#ff0000' });

    const article = await session.openPage(server.url('/article.html'));
    await waitForMentionsWhere(article, (m) => m.some((x) => x.entityId === 'vladimir-putin'), 'marks drawn');
    const underline = (category: string) =>
      article.evaluate(
        (which) =>
          getComputedStyle(document.querySelector(`mark[data-backstory-category="${which}"]`)!)
            .textDecorationColor,
        category,
      );
    expect(await underline('person')).toBe('rgb(255, 0, 0)');
    expect(await underline('place')).not.toBe('rgb(255, 0, 0)');

    await options.bringToFront();
    await choose(options, 'Highlight style', 'highlight-api');
    await article.bringToFront();
    await waitForMentionsWhere(
      article,
      (m) => m.length > 0 && m.every((x) => !x.entityId),
      'Highlight API drawn',
    );
    // The ::highlight() rules Backstory gave the page (adopted, or a <style> of ours where that fails).
    const personRule = () =>
      article.evaluate(() => {
        const sheets = [...document.adoptedStyleSheets, ...[...document.styleSheets]];
        const rules = sheets.flatMap((sheet) => [...sheet.cssRules].map((rule) => rule.cssText));
        return rules.find((rule) => rule.includes('::highlight(backstory-person)')) ?? '';
      });
    await expect.poll(personRule, { timeout: 10_000 }).toContain('rgb(255, 0, 0)');
    await options.close();
    await article.close();
  });

  it('a longer card delay set there holds the card back for that long', async () => {
    const options = await session.openExtensionPage('options.html', '.categories');
    await options.evaluate(() => {
      const field = [...document.querySelectorAll('label.field')].find((element) =>
        element.querySelector('span')?.textContent?.startsWith('Card delay'),
      );
      const input = field!.querySelector('input')!;
      input.value = '3000';
      input.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await expect.poll(() => stored(session, 'hoverDelayMs'), { timeout: 10_000 }).toBe(3000);
    await options.close();

    const page = await hoverPutin(session, server);
    // The default (650 ms) would have shown it well before now.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await readCard(page)).open).toBe(false);
    await waitForCard(page, { open: true, name: 'Vladimir Putin' }, 6000);
    await page.close();
  });

  it('the dark colour scheme darkens the options page, its native controls and the card, on a light system', async () => {
    const options = await session.openExtensionPage('options.html', '.categories');
    await choose(options, 'Colours of cards and pages', 'dark');
    const look = () =>
      options.evaluate(() => ({
        scheme: getComputedStyle(document.documentElement).colorScheme,
        background: getComputedStyle(document.body).backgroundColor,
      }));
    await expect.poll(look, { timeout: 10_000 }).toEqual({ scheme: 'dark', background: 'rgb(17, 24, 39)' });
    await options.close();

    const page = await hoverPutin(session, server);
    await waitForCard(page, { open: true, name: 'Vladimir Putin' });
    const card = await page.evaluate(
      (root) => {
        const dialog = root!.querySelector('[role="dialog"]')!;
        return {
          background: getComputedStyle(dialog).backgroundColor,
          scheme: getComputedStyle(dialog).colorScheme,
        };
      },
      await cardRoot(page),
    );
    expect(card).toEqual({ background: 'rgb(17, 24, 39)', scheme: 'dark' });
    await page.close();
  });
});
