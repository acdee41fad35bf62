import type { Page } from 'puppeteer-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { BROWSERS, type ExtensionGlobal, type ExtensionSession, type FixtureServer } from './harness';
import { useExtension } from './use-extension';
import { resetSettings, setSettings, tabReport, waitForMentions, waitForMentionsWhere } from './page-probes';

/** Texts of all elements matching `selector` in the popup. */
const texts = (popup: Page, selector: string) =>
  popup.$$eval(selector, (elements) => elements.map((element) => (element.textContent ?? '').trim()));

/** Clicks the button whose text is exactly `label`. */
async function clickButton(popup: Page, label: string, scope = 'body') {
  await popup.waitForFunction(
    (text, within) =>
      [...document.querySelector(within)!.querySelectorAll('button')].some(
        (b) => b.textContent?.trim() === text,
      ),
    {},
    label,
    scope,
  );
  await popup.evaluate(
    (text, within) =>
      [...document.querySelector(within)!.querySelectorAll('button')]
        .find((b) => b.textContent?.trim() === text)!
        .click(),
    label,
    scope,
  );
}

/** Opens the entity named `name` from the "On this page" list. */
async function openFound(popup: Page, name: string) {
  await popup.evaluate((wanted) => {
    const buttons = [...document.querySelectorAll<HTMLButtonElement>('.found__open')];
    buttons.find((button) => button.querySelector('.found__name')?.textContent === wanted)!.click();
  }, name);
}

/** Pushes the article below the fold, so that showing a name has to scroll to it. */
const pushBelowTheFold = (article: Page) =>
  article.evaluate(() => {
    const spacer = document.createElement('div');
    spacer.style.height = '3000px';
    document.body.prepend(spacer);
    window.scrollTo(0, 0);
  });

describe.each(BROWSERS)('popup in %s', (kind) => {
  let session: ExtensionSession;
  let server: FixtureServer;
  let article: Page;

  useExtension(kind, (launched) => ({ session, server } = launched));
  beforeEach(async () => {
    await resetSettings(session);
    article = await session.openPage(server.url('/article.html'));
    await waitForMentions(article, 20);
  });

  it('lists what the article mentions, grouped by category, most mentioned first, with counts', async () => {
    const popup = await session.openPopup(article, '.found');
    expect(await texts(popup, '.group__title')).toEqual(['People', 'Organisations', 'Places', 'Topics']);
    const people = await popup.$$eval('[data-category="person"] .found', (items) =>
      items.map((item) => [
        item.querySelector('.found__name')!.textContent,
        item.querySelector('.found__count')!.textContent,
      ]),
    );
    expect(people[0]).toEqual(expect.arrayContaining([expect.stringMatching(/Donald Trump|Vladimir Putin/)]));
    expect(people).toContainEqual(['Steve Witkoff', '1']);
    expect(Number(people[0]![1])).toBeGreaterThanOrEqual(Number(people[people.length - 1]![1]));
    expect(await texts(popup, '[data-category="place"] .found__name')).toEqual(
      expect.arrayContaining(['Ukraine', 'Kyiv', 'Moscow', 'Jeddah', 'Zaporizhzhia Nuclear Power Plant']),
    );
    // The keys to the names from the keyboard, as the browser assigned them at install.
    const assigned = await session.evaluateInExtension(async () =>
      (await (globalThis as unknown as ExtensionGlobal).chrome.commands.getAll()).find(
        (command) => command.name === 'next-mention',
      ),
    );
    expect(assigned?.shortcut).toMatch(/Alt\+Shift\+(\.|Period)/);
    expect(await texts(popup, '.on-page__keys')).toEqual([
      `Keyboard: on the page, ${assigned!.shortcut} goes from name to name and opens each card.`,
    ]);
    await popup.close();
  });

  it('opens an entity with background, linked entities and a timeline split at the article’s date; links navigate and back returns', async () => {
    const popup = await session.openPopup(article, '.found');
    await openFound(popup, 'Steve Witkoff');
    await popup.waitForSelector('.entity');
    expect(await texts(popup, '.entity__name')).toEqual(['Steve Witkoff']);
    expect(await texts(popup, '.entity__section h3')).toEqual(
      expect.arrayContaining(['Background', 'Linked', 'Timeline']),
    );
    expect((await texts(popup, '.sources a'))[0]).toMatch(/Wikipedia/);
    // The article is dated 17 March 2025: events split around it, with the article marked.
    await popup.waitForSelector('.timeline__section-title');
    const sections = await texts(popup, '.timeline__section-title');
    expect(sections[0]).toMatch(/^What happened next \([1-9]\d*\)$/);
    expect(sections[1]).toMatch(/^Before this article \([1-9]\d*\)$/);
    expect(await popup.$eval('.timeline__article time', (time) => time.getAttribute('datetime'))).toBe(
      '2025-03-17',
    );
    const datesIn = (section: string) =>
      popup.$$eval(`.timeline__section:${section} .event time`, (times) =>
        times.map((t) => t.getAttribute('datetime')!),
      );
    const afterDates = await datesIn('first-of-type');
    const beforeDates = await datesIn('last-of-type');
    expect(afterDates.length).toBeGreaterThan(0);
    expect(beforeDates.length).toBeGreaterThan(0);
    // Partial dates compare by their text: "2025-03" (a month) sorts before "2025-03-17".
    expect(afterDates.filter((date) => date <= '2025-03-17')).toEqual([]);
    expect(beforeDates.filter((date) => date > '2025-03-17')).toEqual([]);

    // A linked entity opens; Back returns.
    const linked = await popup.$$eval('.links__group dd button', (buttons) =>
      buttons.map((b) => b.textContent),
    );
    expect(linked).toContain('United States');
    await popup.evaluate(() =>
      [...document.querySelectorAll<HTMLButtonElement>('.links__group dd button')]
        .find((b) => b.textContent === 'United States')!
        .click(),
    );
    await popup.waitForFunction(
      () => document.querySelector('.entity__name')?.textContent === 'United States',
    );
    await popup.click('button[aria-label="Back"]');
    await popup.waitForFunction(
      () => document.querySelector('.entity__name')?.textContent === 'Steve Witkoff',
    );
    await popup.close();
  });

  it('the page’s timeline narrows to one entity’s events, and to categories', async () => {
    const popup = await session.openPopup(article, '.found');
    await clickButton(popup, 'Timeline');
    await popup.waitForSelector('.timeline__events');
    const events = () =>
      popup.$$eval('.event', (items) =>
        items.map((item) => item.querySelector('.event__links')?.textContent ?? ''),
      );
    // The page's report may still be arriving (the timeline follows it): count once it holds still.
    const settledCount = async () => {
      let last = -1;
      for (;;) {
        const now = (await events()).length;
        if (now === last) return now;
        last = now;
        await new Promise((resolve) => setTimeout(resolve, 400));
      }
    };
    const all = await settledCount();
    const filter = await popup.waitForSelector('.timeline__entity select');
    expect(await filter!.evaluate((select) => select.closest('label')!.textContent)).toContain(
      'Events involving',
    );
    await filter!.select('steve-witkoff');
    await expect.poll(async () => (await events()).length, { timeout: 10_000 }).toBeLessThan(all);
    const witkoff = await events();
    expect(witkoff.length).toBeGreaterThan(0);
    expect(witkoff.every((links) => links.includes('Steve Witkoff'))).toBe(true);
    await filter!.select('');
    await expect
      .poll(async () => (await events()).length, { timeout: 10_000 })
      .toBeGreaterThan(witkoff.length);
    const unfiltered = await settledCount();
    // Topics only: every event left links a topic.
    for (const chip of ['People', 'Organisations', 'Places'])
      await popup.evaluate(
        (label) =>
          [...document.querySelectorAll<HTMLLabelElement>('.chip')]
            .find((c) => c.textContent === label)!
            .querySelector('input')!
            .click(),
        chip,
      );
    await expect.poll(async () => (await events()).length, { timeout: 10_000 }).toBeLessThan(unfiltered);
    const topics = await popup.$$eval('.event', (items) =>
      items.map((item) => item.querySelector('.event__links [data-category="topic"]') !== null),
    );
    expect(topics.length).toBeGreaterThan(0);
    expect(topics.every(Boolean)).toBe(true);
    await popup.close();
  });

  it('searches by a Cyrillic alias and despite a misspelling, from the keyboard', async () => {
    const popup = await session.openPopup(article, '.found');
    await popup.focus('#search-input');
    await popup.keyboard.type('Путін');
    await popup.waitForFunction(() =>
      document.querySelector('.search__result .search__name')?.textContent?.includes('Vladimir Putin'),
    );
    await popup.keyboard.press('Escape'); // clears the query
    await popup.waitForFunction(
      () => (document.querySelector('#search-input') as HTMLInputElement).value === '',
    );
    await popup.keyboard.type('zelenksy');
    await popup.waitForFunction(() =>
      document.querySelector('.search__result .search__name')?.textContent?.includes('Volodymyr Zelensky'),
    );
    await popup.keyboard.press('Enter');
    await popup.waitForFunction(
      () => document.querySelector('.entity__name')?.textContent === 'Volodymyr Zelensky',
    );
    await popup.close();
  });

  it('works from the keyboard alone: a name from the list, Back, and the site switch', async () => {
    const popup = await session.openPopup(article, '.found');
    /** Presses Tab (Shift+Tab with `back`) until the focused element has class or label `wanted`, as a reader would. */
    const tabTo = async (wanted: string, back = false) => {
      for (let presses = 0; presses < 40; presses++) {
        const here = await popup.evaluate((name) => {
          const active = document.activeElement;
          const label = active?.getAttribute('aria-label') ?? active?.closest('label')?.textContent?.trim();
          return active?.classList.contains(name) || label === name;
        }, wanted);
        if (here) return;
        if (back) await popup.keyboard.down('Shift');
        await popup.keyboard.press('Tab');
        if (back) await popup.keyboard.up('Shift');
      }
      throw new Error(`Tab never reached “${wanted}”`);
    };
    await tabTo('found__open');
    const first = await popup.evaluate(
      () => document.activeElement!.querySelector('.found__name')!.textContent,
    );
    await popup.keyboard.press('Enter');
    await popup.waitForFunction(
      (name) => document.querySelector('.entity__name')?.textContent === name,
      {},
      first,
    );
    await tabTo('Back', true);
    await popup.keyboard.press('Enter');
    await popup.waitForSelector('.found');
    await tabTo('Settings', true);
    await popup.keyboard.press('Enter');
    await popup.waitForSelector('.quick-settings');
    await tabTo('Highlight on 127.0.0.1');
    await popup.keyboard.press(' ');
    await waitForMentionsWhere(article, (mentions) => mentions.length === 0, 'no highlights');
    await popup.close();
    await resetSettings(session);
  });

  it('the site switch turns highlighting off on the page, and back on', async () => {
    const popup = await session.openPopup(article, '.found');
    await popup.click('button[aria-label="Settings"]');
    await popup.waitForSelector('.quick-settings');
    const siteSwitch = await popup.waitForSelector('.quick-settings .switch input');
    expect(await texts(popup, '.quick-settings .switch span')).toContain('Highlight on 127.0.0.1');
    await siteSwitch!.click();
    await waitForMentionsWhere(article, (mentions) => mentions.length === 0, 'no highlights');
    await popup.waitForFunction(
      () => document.querySelector('.notice h2')?.textContent === 'Backstory is off on 127.0.0.1',
    );
    await clickButton(popup, 'Turn on for this site');
    await waitForMentions(article, 20);
    await popup.close();
  });

  it('“Show on page” scrolls the page to the first mention and flashes it', async () => {
    await pushBelowTheFold(article);
    const popup = await session.openPopup(article, '.found');
    await popup.click('button[aria-label="Show Steve Witkoff on the page"]');
    await article.waitForFunction(
      () => (CSS.highlights.get('backstory-flash') as unknown as Set<unknown> | undefined)?.size === 1,
    );
    const view = await article.evaluate(() => {
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = node.textContent!.indexOf('Witkoff');
        if (at < 0) continue;
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + 'Witkoff'.length);
        const rect = range.getBoundingClientRect();
        return { scrollY: window.scrollY, top: rect.top, bottom: rect.bottom, height: window.innerHeight };
      }
      return undefined;
    });
    expect(view!.scrollY).toBeGreaterThan(2000);
    expect(view!.top).toBeGreaterThanOrEqual(0);
    expect(view!.bottom).toBeLessThanOrEqual(view!.height);
    await popup.close();
  });

  it('“Show on page” with inline marks scrolls to the name and flashes its marks', async () => {
    await article.close();
    await setSettings(session, { renderer: 'inline-marks' });
    article = await session.openPage(server.url('/article.html'));
    await waitForMentionsWhere(article, (m) => m.some((x) => x.entityId === 'steve-witkoff'), 'marks drawn');
    await pushBelowTheFold(article);
    const popup = await session.openPopup(article, '.found');
    await popup.click('button[aria-label="Show Steve Witkoff on the page"]');
    await article.waitForFunction(
      () =>
        [...document.querySelectorAll('mark[data-backstory-flash]')]
          .map((mark) => mark.textContent)
          .join('') === 'Steve Witkoff',
      { polling: 50 }, // the page's tab is behind the popup: it paints no frames to poll on
    );
    const box = await article.evaluate(() => {
      const rect = document.querySelector('mark[data-backstory-flash]')!.getBoundingClientRect();
      return { top: rect.top, bottom: rect.bottom, height: window.innerHeight, scrollY: window.scrollY };
    });
    expect(box.scrollY).toBeGreaterThan(2000);
    expect(box.top).toBeGreaterThanOrEqual(0);
    expect(box.bottom).toBeLessThanOrEqual(box.height);
    await popup.close();
  });

  it('deep links open an entity in the full page', async () => {
    const page = await session.openExtensionPage('backstory.html?entity=steve-witkoff', '.entity__name');
    await page.waitForFunction(
      () => document.querySelector('.entity__name')?.textContent === 'Steve Witkoff',
    );
    expect(await texts(page, '.entity__section h3')).toEqual(
      expect.arrayContaining(['Background', 'Timeline']),
    );
    await page.close();
  });

  it('does not show the previous page’s names once the tab has moved to a page not read yet', async () => {
    // The article's report is in: the toolbar badge shows how many entities it names.
    const tabId = await session.tabIdOf(article);
    const badgeAndReport = async () => {
      const [badge, report] = await Promise.all([
        session.evaluateInExtension(
          (id) => (globalThis as unknown as ExtensionGlobal).chrome.action.getBadgeText({ tabId: id }),
          tabId,
        ),
        tabReport(session, article),
      ]);
      return [badge, String(report?.mentions.length)];
    };
    // Read together until the report has settled: the badge, and the entities the report names.
    await expect
      .poll(
        async () => {
          const [badge, distinct] = await badgeAndReport();
          return badge === distinct && Number(badge) > 0 ? 'the same' : `badge ${badge}, report ${distinct}`;
        },
        { timeout: 10_000 },
      )
      .toBe('the same');
    server.stall('/still-loading.html');
    const next = server.url('/still-loading.html');
    void article.evaluate((url) => void (location.href = url), next);
    // Wait until the tab shows the new address; the page itself never finishes loading.
    await expect.poll(() => article.evaluate(() => location.href).catch(() => '')).toBe(next);
    const popup = await session.openPopup(article, '.notice');
    expect(await texts(popup, '.notice h2')).toEqual(['Backstory has not read this page yet']);
    expect(await texts(popup, '.found__name')).toEqual([]);
    await popup.close();
  });

  it('lists the names of a page at an address longer than a report may carry', async () => {
    // A search page or a tracker's link: a query string of 10,000 characters.
    const long = await session.openPage(server.url(`/article.html?q=${'kyiv+'.repeat(2000)}`));
    await waitForMentions(long, 20);
    const popup = await session.openPopup(long, '.found');
    expect(await texts(popup, '[data-category="place"] .found__name')).toEqual(
      expect.arrayContaining(['Ukraine', 'Kyiv']),
    );
    await popup.close();
    await long.close();
  });

  it('says so on a page that mentions nothing it knows', async () => {
    const plain = await session.openPage(server.url('/hello.html'));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const popup = await session.openPopup(plain, '.notice');
    expect(await texts(popup, '.notice h2')).toEqual(['Nothing Backstory knows is on this page']);
    await popup.close();
    await plain.close();
  });
});
