import type { Page } from 'puppeteer-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { BROWSERS, type ExtensionGlobal, type ExtensionSession, type FixtureServer } from './harness';
import { useExtension } from './use-extension';
import {
  cardRoot,
  clickCardButton,
  drawnMentions,
  hoverUntilCard,
  pointAt,
  pressShortcut,
  readCard,
  reportedCounts,
  resetSettings,
  setSettings,
  waitForCard,
  waitForMentions,
  waitForMentionsWhere,
} from './page-probes';

const RENDERERS = ['highlight-api', 'inline-marks'] as const;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(BROWSERS)('hover card in %s', (kind) => {
  let session: ExtensionSession;
  let server: FixtureServer;

  useExtension(kind, (launched) => ({ session, server } = launched));

  describe.each(RENDERERS)('with the %s renderer', (renderer) => {
    let page: Page;
    beforeEach(async () => {
      await resetSettings(session);
      await setSettings(session, { renderer });
      page = await session.openPage(server.url('/card.html'));
      await waitForMentions(page, 5);
      await page.mouse.move(5, 5);
    });

    it('opens the hovered name’s card after a short delay, and a quick pass shows nothing', async () => {
      const putin = await pointAt(page, 'Vladimir Putin');
      const far = await pointAt(page, 'Some text far');
      await page.mouse.move(putin.x, putin.y);
      await sleep(80);
      await page.mouse.move(far.x, far.y);
      await sleep(900);
      expect((await readCard(page)).open).toBe(false);

      await page.mouse.move(putin.x, putin.y);
      await sleep(250); // intent passed, but not yet the 500 ms before showing
      expect((await readCard(page)).open).toBe(false);
      const card = await waitForCard(page, { open: true, name: 'Vladimir Putin', loaded: true });
      expect(card.text).toContain('Person');
      expect(card.text).toContain('President of Russia');
      expect(card.text).toMatch(/Latest events/);
      expect(card.text).toContain('More in Backstory');
      // In the reader's language (the browser's), whatever the page's; 320–360 px wide.
      expect(card.lang).toBe(await page.evaluate(() => navigator.language));
      expect(card.box!.width).toBeGreaterThanOrEqual(320);
      expect(card.box!.width).toBeLessThanOrEqual(360);
      // Placed next to the name, inside the window.
      expect(card.box!.y).toBeGreaterThan(putin.y);
      expect(card.box!.x + card.box!.width).toBeLessThanOrEqual(page.viewport()!.width);
      expect(card.animation).toBe('card-in'); // it eases in (not for readers who ask for less motion)
      // …rising 4 px into its place: from its place, not from the window's corner.
      const drift = await page.evaluate(
        async (root) => {
          const shown = root!.querySelector<HTMLElement>('.card')!;
          const end = shown.getBoundingClientRect();
          shown.style.animation = 'none'; // play it again, held at its first frame
          void shown.offsetWidth;
          shown.style.animation = '';
          const [easeIn] = shown.getAnimations();
          easeIn!.pause();
          easeIn!.currentTime = 0;
          const start = shown.getBoundingClientRect();
          easeIn!.finish();
          return { x: start.x - end.x, y: start.y - end.y };
        },
        await cardRoot(page),
      );
      expect(drift).toEqual({ x: 0, y: 4 });
    });

    it('stays open under a resting pointer while something else on the page scrolls by itself', async () => {
      await page.evaluate(() => {
        const ticker = document.createElement('div'); // a news ticker that scrolls on its own
        ticker.id = 'ticker';
        ticker.style.cssText = 'height: 30px; overflow: auto';
        const strip = document.createElement('div');
        strip.style.height = '600px';
        ticker.append(strip);
        document.getElementById('far')!.after(ticker);
      });
      const putin = await pointAt(page, 'Vladimir Putin');
      await page.mouse.move(putin.x, putin.y);
      await waitForCard(page, { open: true, name: 'Vladimir Putin', loaded: true });
      for (let tick = 0; tick < 10; tick++) {
        await page.evaluate(() =>
          document.getElementById('ticker')!.scrollBy({ top: 20, behavior: 'instant' }),
        );
        await sleep(100);
      }
      expect(await page.evaluate(() => document.getElementById('ticker')!.scrollTop)).toBeGreaterThan(100);
      expect((await readCard(page)).open).toBe(true);
    });

    it('stays while the pointer moves onto it, closes after leaving, and Escape closes it', async () => {
      const putin = await pointAt(page, 'Vladimir Putin');
      await page.mouse.move(putin.x, putin.y);
      const card = await waitForCard(page, { open: true, name: 'Vladimir Putin', loaded: true });
      // Move onto the card through the gap, then rest there well past the close delay.
      await page.mouse.move(card.box!.x + 40, card.box!.y + 20, { steps: 4 });
      await sleep(1200);
      expect((await readCard(page)).open).toBe(true);
      // Off the card and off the name: to its right.
      await page.mouse.move(card.box!.x + card.box!.width + 60, card.box!.y + 30, { steps: 4 });
      await waitForCard(page, { open: false });

      await page.mouse.move(putin.x, putin.y);
      await waitForCard(page, { open: true, name: 'Vladimir Putin' });
      await page.keyboard.press('Escape');
      await waitForCard(page, { open: false });
    });

    it('the keyboard shortcut moves from mention to mention and opens each card', async () => {
      await pressShortcut(session, page, 'next');
      await waitForCard(page, { open: true, name: 'Vladimir Putin' });
      await pressShortcut(session, page, 'next');
      await waitForCard(page, { open: true, name: 'Donald Trump' });
      await pressShortcut(session, page, 'previous');
      await waitForCard(page, { open: true, name: 'Vladimir Putin' });
      await pressShortcut(session, page, 'close');
      await waitForCard(page, { open: false });
    });

    it('the shortcut brings a name at the top of a very long paragraph into view, not the paragraph’s middle', async () => {
      const filler = 'The talks went on late into the night, and nothing was agreed. '.repeat(400);
      server.route(
        '/long-paragraph.html',
        '<!doctype html><html lang="en"><meta charset="utf-8"><title>Long</title>' +
          '<body style="margin: 2rem; font: 18px/1.6 serif">' +
          `<p>Sergei Lavrov opened the meeting. ${filler}</p></body></html>`,
      );
      const long = await session.openPage(server.url('/long-paragraph.html'));
      await waitForMentions(long, 1);
      await pressShortcut(session, long, 'next');
      await waitForCard(long, { open: true, name: 'Sergei Lavrov' });
      const name = await pointAt(long, 'Sergei Lavrov');
      const height = await long.evaluate(() => window.innerHeight);
      expect(name.y).toBeGreaterThan(0);
      expect(name.y).toBeLessThan(height);
      await long.close();
    });

    it('follows its name while the page scrolls, and closes once the name has left the window', async () => {
      await pressShortcut(session, page, 'next');
      const card = await waitForCard(page, { open: true, name: 'Vladimir Putin' });
      await page.evaluate(() => window.scrollBy({ top: 40, behavior: 'instant' }));
      await expect
        .poll(async () => Math.round((await readCard(page)).box?.y ?? 0), { timeout: 3000 })
        .toBe(Math.round(card.box!.y - 40));
      await page.evaluate(() => window.scrollBy({ top: 2000, behavior: 'instant' }));
      await waitForCard(page, { open: false });
    });
  });

  it('fits a narrow window (a phone, or a page zoomed to 400%): nothing cut off, long content scrolls', async () => {
    await resetSettings(session);
    const page = await session.openPage(server.url('/card.html'));
    const window = { width: 320, height: 480 }; // WCAG 1.4.10's reflow width
    await page.setViewport(window);
    await waitForMentions(page, 5);
    await page.mouse.move(5, 5);
    const putin = await pointAt(page, 'Vladimir Putin');
    await page.mouse.move(putin.x, putin.y);
    const card = await waitForCard(page, { open: true, name: 'Vladimir Putin', loaded: true });

    const margin = 8;
    expect(card.box!.x).toBeGreaterThanOrEqual(margin);
    expect(card.box!.x + card.box!.width).toBeLessThanOrEqual(window.width - margin);
    expect(card.box!.y).toBeGreaterThan(putin.y); // below the name, not over it
    expect(card.box!.y + card.box!.height).toBeLessThanOrEqual(window.height - margin);
    const overflow = await page.evaluate(
      (root) => {
        const dialog = root!.querySelector<HTMLElement>('[role="dialog"]')!;
        return {
          sideways: dialog.scrollWidth - dialog.clientWidth,
          scrollsDown:
            dialog.scrollHeight > dialog.clientHeight && getComputedStyle(dialog).overflowY === 'auto',
        };
      },
      await cardRoot(page),
    );
    expect(overflow.sideways).toBe(0);
    // The card holds more than 480 px shows: the rest is reached by scrolling the card itself.
    expect(overflow.scrollsDown).toBe(true);
  });

  it('holds what a card promises: facts, up to four links with their kind, the three latest dated events, the source', async () => {
    await resetSettings(session);
    const page = await session.openPage(server.url('/card.html'));
    await waitForMentions(page, 5);
    await hoverUntilCard(page, 'Vladimir Putin');
    const content = await page.evaluate(
      (root) => {
        const card = root!.querySelector('.card')!;
        const texts = (selector: string) =>
          [...card.querySelectorAll(selector)].map((e) => e.textContent ?? '');
        return {
          description: card.querySelector('.card__description')?.textContent,
          background: card.querySelector('.card__background')?.textContent ?? '',
          facts: texts('.card__facts .card__fact'),
          linkKinds: texts('.card__link-kind'),
          linkNames: texts('.card__link-name'),
          eventDates: [...card.querySelectorAll('.card__events time')].map((t) =>
            t.getAttribute('datetime')!,
          ),
          eventTitles: texts('.card__event-title'),
          source: card.querySelector<HTMLAnchorElement>('.card__meta a')?.href,
          meta: card.querySelector('.card__meta')?.textContent ?? '',
        };
      },
      await cardRoot(page),
    );
    expect(content.description).toMatch(/^President of Russia/);
    expect(content.background.length).toBeGreaterThan(80);
    expect(content.facts.length).toBeGreaterThanOrEqual(2);
    expect(content.facts.length).toBeLessThanOrEqual(4);
    expect(content.linkNames.length).toBeGreaterThanOrEqual(1);
    expect(content.linkNames.length).toBeLessThanOrEqual(4);
    expect(content.linkKinds.every((kind) => kind.trim().length > 0)).toBe(true);
    expect(content.linkKinds).toHaveLength(content.linkNames.length);
    expect(content.eventDates).toHaveLength(3);
    expect([...content.eventDates].sort().reverse()).toEqual(content.eventDates); // newest first
    expect(content.eventTitles.every((title) => title.length > 10)).toBe(true);
    expect(content.source).toMatch(/^https:\/\//);
    expect(content.meta).toMatch(/^Source: .+ · as of August 31, 2025$/);
    await page.close();
  });

  it('opens above a name near the bottom of the window, and stays there as its content loads', async () => {
    await resetSettings(session);
    const page = await session.openPage(server.url('/card.html'));
    await waitForMentions(page, 5);
    // The frames are sampled in the card's shadow root, which a page script reaches only through a
    // handle, and which is there once a card has opened: a card on another name opens and closes.
    await hoverUntilCard(page, 'Keir Starmer');
    const far = await pointAt(page, 'Some text far');
    await page.mouse.move(far.x, far.y);
    await waitForCard(page, { open: false });
    const root = await cardRoot(page);
    // The first name at the very end of a long page, 150 px of page below the name: however far
    // the page scrolls, there is room below for a loading card, not a full one.
    await page.evaluate(() => {
      const lede = document.getElementById('lede')!;
      lede.style.marginTop = '2000px';
      const spacer = document.createElement('div');
      spacer.style.height = '150px';
      document.body.replaceChildren(lede, spacer); // the rest of the page goes
    });
    await expect
      .poll(async () => Object.keys(await reportedCounts(session, page)).length, { timeout: 10_000 })
      .toBe(3); // its names only
    // Where the card is in every frame the page paints, from the moment it appears: above or below the name.
    await page.evaluate((root) => {
      const name = document.createRange();
      name.setStart(document.getElementById('lede')!.firstChild!, 0);
      name.setEnd(document.getElementById('lede')!.firstChild!, 'Vladimir Putin'.length);
      const sides: string[] = [];
      (window as unknown as { cardSides: string[] }).cardSides = sides;
      const sample = () => {
        const card = root!.querySelector<HTMLElement>('.card');
        if (card?.style.transform) {
          const [box, line] = [card.getBoundingClientRect(), name.getBoundingClientRect()];
          const side = box.bottom <= line.top ? 'above' : box.top >= line.bottom ? 'below' : 'over';
          if (sides.at(-1) !== side) sides.push(side);
        }
        requestAnimationFrame(sample);
      };
      requestAnimationFrame(sample);
    }, root);
    // By keyboard: nothing was fetched while a pointer rested, so the card shows "Loading" first.
    await pressShortcut(session, page, 'next');
    const card = await waitForCard(page, { open: true, name: 'Vladimir Putin', loaded: true });
    expect(card.box!.y).toBeGreaterThanOrEqual(8);
    // Above from first paint to loaded: it did not open below (squeezed) and then jump.
    expect(await page.evaluate(() => (window as unknown as { cardSides: string[] }).cardSides)).toEqual([
      'above',
    ]);
    await page.close();
  });

  it('“More in Backstory” opens the entity in the extension’s full page', async () => {
    await resetSettings(session);
    const page = await session.openPage(server.url('/card.html'));
    await waitForMentions(page, 5);
    await hoverUntilCard(page, 'Vladimir Putin');
    await clickCardButton(page, 'More in Backstory');
    // A new tab with the entity's deep link (what that page shows is the popup tests' deep-link test).
    const tabUrls = () =>
      session.evaluateInExtension(async () =>
        (await (globalThis as unknown as ExtensionGlobal).chrome.tabs.query({})).map((tab) => tab.url ?? ''),
      );
    await expect
      .poll(
        async () =>
          (await tabUrls()).some((url) => /\/backstory\.html\?entity=vladimir-putin&tab=\d+$/.test(url)),
        {
          timeout: 5000,
        },
      )
      .toBe(true);
    await page.close();
  });

  it('inline marks open the card when a mark receives keyboard focus', async () => {
    await resetSettings(session);
    await setSettings(session, { renderer: 'inline-marks' });
    const page = await session.openPage(server.url('/card.html'));
    await waitForMentions(page, 5);
    await page.keyboard.press('Tab');
    await waitForCard(page, { open: true, name: 'Vladimir Putin' });
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-describedby'))).toBe(
      'backstory-card-host',
    );
    await page.keyboard.press('Tab');
    await waitForCard(page, { open: true, name: 'Donald Trump' });
    await page.close();
  });

  /** Where keyboard focus is: in the card (which part of it), or on the page (which text). */
  const focusIn = async (page: Page) =>
    page.evaluate(
      (root) => {
        const active = document.activeElement;
        if (root && active === root.host) {
          const inCard = root.activeElement as HTMLElement | null;
          return { inCard: true, what: inCard?.className || inCard?.textContent || '' };
        }
        return { inCard: false, what: active === document.body ? '' : (active?.textContent ?? '') };
      },
      await cardRoot(page),
    );

  it.each(RENDERERS)('a name inside a web component opens its card (%s)', async (renderer) => {
    await resetSettings(session);
    await setSettings(session, { renderer });
    const page = await session.openPage(server.url('/web-components.html'));
    await waitForMentionsWhere(page, (m) => m.some((x) => x.text === 'ceasefire'), 'the nested quote');
    await page.mouse.move(5, 5);
    // Two shadow roots deep: the pointer is hit-tested inside them (Highlight API), or the mark
    // under it is found through the host the page's events name (inline marks).
    const macron = await pointAt(page, 'Emmanuel Macron');
    await page.mouse.move(macron.x, macron.y);
    await waitForCard(page, { open: true, name: 'Emmanuel Macron', loaded: true });
    if (renderer === 'inline-marks') {
      await page.mouse.move(5, 5);
      await waitForCard(page, { open: false });
      // The keyboard reaches the marks inside the components too: Kyiv, then Volodymyr Zelensky.
      await page.keyboard.press('Tab');
      await waitForCard(page, { open: true, name: 'Kyiv' });
      await page.keyboard.press('Tab');
      await waitForCard(page, { open: true, name: 'Volodymyr Zelensky' });
      // Described by the card, for screen readers, though an id cannot reach out of the shadow root.
      const describedBy = await page.evaluate(() => {
        let active = document.activeElement;
        while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
        const described = active as (Element & { ariaDescribedByElements?: Element[] | null }) | null;
        return [active?.textContent, described?.ariaDescribedByElements?.map((element) => element.id)];
      });
      expect(describedBy).toEqual(['Volodymyr Zelensky', ['backstory-card-host']]);
      await page.keyboard.press('Enter'); // into the card, as from any other name
      await expect.poll(() => focusIn(page)).toMatchObject({ inCard: true });
      // Through the card's last control, on to the next name inside the component.
      for (let presses = 0; presses < 12 && (await focusIn(page)).inCard; presses++)
        await page.keyboard.press('Tab');
      const focusedText = () =>
        page.evaluate(() => {
          let active = document.activeElement;
          while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
          return active?.textContent;
        });
      expect(await focusedText()).toBe('Keir Starmer');
      await waitForCard(page, { open: true, name: 'Keir Starmer' });
    }
    await page.close();
  });

  it('inline marks: the card can be used with the keyboard alone', async () => {
    await resetSettings(session);
    await setSettings(session, { renderer: 'inline-marks' });
    const page = await session.openPage(server.url('/card.html'));
    await waitForMentions(page, 5);
    await page.keyboard.press('Tab');
    await waitForCard(page, { open: true, name: 'Vladimir Putin', loaded: true });

    await page.keyboard.press('Enter'); // into the card
    expect(await focusIn(page)).toEqual({ inCard: true, what: 'card' });
    await page.keyboard.press('Tab');
    expect(await focusIn(page)).toEqual({ inCard: true, what: 'card__close' });
    await page.keyboard.down('Shift'); // Shift+Tab: back out to the name; the card stays
    await page.keyboard.press('Tab');
    await page.keyboard.up('Shift');
    expect(await focusIn(page)).toEqual({ inCard: false, what: 'Vladimir Putin' });
    expect((await readCard(page)).open).toBe(true);

    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape'); // closes, and focus is back on the name
    await waitForCard(page, { open: false });
    expect(await focusIn(page)).toEqual({ inCard: false, what: 'Vladimir Putin' });
    await sleep(800); // and the card does not come back on its own
    expect((await readCard(page)).open).toBe(false);

    // Tab still goes from name to name; through a card's last control, on to the name after it.
    await page.keyboard.press('Tab');
    await waitForCard(page, { open: true, name: 'Donald Trump', loaded: true });
    await page.keyboard.press('Enter');
    for (let presses = 0; presses < 12 && (await focusIn(page)).inCard; presses++)
      await page.keyboard.press('Tab');
    expect(await focusIn(page)).toEqual({ inCard: false, what: 'ceasefire' });
    await waitForCard(page, { open: true, name: 'Ceasefire' });
    await page.close();
  });

  it('inline marks: the × button gives focus back to the name, and Tab on past the names closes the card', async () => {
    await resetSettings(session);
    await setSettings(session, { renderer: 'inline-marks' });
    const page = await session.openPage(server.url('/card.html'));
    await waitForMentions(page, 5);
    await page.evaluate(() => {
      const link = Object.assign(document.createElement('a'), { href: '#far', textContent: 'a link' });
      document.getElementById('far')!.append(link); // something to focus after the last name
    });
    await page.keyboard.press('Tab');
    await waitForCard(page, { open: true, name: 'Vladimir Putin', loaded: true });
    await page.keyboard.press('Enter'); // into the card
    await page.keyboard.press('Tab');
    expect(await focusIn(page)).toEqual({ inCard: true, what: 'card__close' });
    await page.keyboard.press('Enter'); // the × button
    await waitForCard(page, { open: false });
    expect(await focusIn(page)).toEqual({ inCard: false, what: 'Vladimir Putin' }); // not the page's top
    await sleep(800);
    expect((await readCard(page)).open).toBe(false);

    for (const name of ['Donald Trump', 'Ceasefire', 'Volodymyr Zelensky', 'Keir Starmer', 'Kyiv']) {
      await page.keyboard.press('Tab');
      await waitForCard(page, { open: true, name });
    }
    await page.keyboard.press('Tab'); // on to the link: the card goes with the focus
    expect(await focusIn(page)).toEqual({ inCard: false, what: 'a link' });
    await waitForCard(page, { open: false });
    await page.close();
  });

  it('Highlight API: the shortcut takes the keyboard into the card, and Escape back out', async () => {
    await resetSettings(session);
    const page = await session.openPage(server.url('/card.html'));
    await waitForMentions(page, 5);
    await pressShortcut(session, page, 'next');
    await waitForCard(page, { open: true, name: 'Vladimir Putin', loaded: true });
    expect(await focusIn(page)).toEqual({ inCard: true, what: 'card' });
    await page.keyboard.press('Tab');
    expect(await focusIn(page)).toEqual({ inCard: true, what: 'card__close' });
    await page.keyboard.press('Escape');
    await waitForCard(page, { open: false });
    expect((await focusIn(page)).inCard).toBe(false);

    // Tab past the card's last control goes on from the name, though no element holds it.
    await page.evaluate(() => {
      const link = Object.assign(document.createElement('a'), { href: '#far', textContent: 'a link' });
      document.getElementById('second')!.append(link);
    });
    await pressShortcut(session, page, 'next');
    await waitForCard(page, { open: true, name: 'Donald Trump', loaded: true });
    await pressShortcut(session, page, 'previous'); // back to Vladimir Putin, the page's first name
    await waitForCard(page, { open: true, name: 'Vladimir Putin', loaded: true });
    for (let presses = 0; presses < 12 && (await focusIn(page)).inCard; presses++)
      await page.keyboard.press('Tab');
    expect(await focusIn(page)).toEqual({ inCard: false, what: 'a link' });
    await page.close();
  });

  it('an open card follows settings changed elsewhere: a new colour scheme at once, gone when its site is turned off', async () => {
    await resetSettings(session);
    const page = await session.openPage(server.url('/card.html'));
    await waitForMentions(page, 5);
    await pressShortcut(session, page, 'next'); // open by keyboard: no pointer will close it
    await waitForCard(page, { open: true, name: 'Vladimir Putin', loaded: true });
    const scheme = () =>
      page.evaluate(() => document.getElementById('backstory-card-host')?.getAttribute('data-scheme'));
    expect(await scheme()).toBe('system');
    await setSettings(session, { colorScheme: 'dark' }); // from the popup or the options page
    await expect.poll(scheme, { timeout: 10_000 }).toBe('dark');
    expect((await readCard(page)).open).toBe(true);
    await setSettings(session, { disabledSites: [new URL(server.url('/')).hostname] });
    await waitForCard(page, { open: false });
    await page.close();
  });

  it('“Turn off on this site” removes every highlight at once, it stays off after a reload, and on again it highlights', async () => {
    await resetSettings(session);
    const page = await session.openPage(server.url('/card.html'));
    await waitForMentions(page, 5);
    const putin = await pointAt(page, 'Vladimir Putin');
    await page.mouse.move(putin.x, putin.y);
    await waitForCard(page, { open: true, name: 'Vladimir Putin', loaded: true });
    await clickCardButton(page, 'Turn off on this site');
    await waitForMentionsWhere(page, (m) => m.length === 0, 'no highlights');
    await waitForCard(page, { open: false });
    const stored = await session.evaluateInExtension(() =>
      (globalThis as unknown as ExtensionGlobal).chrome.storage.local.get('settings.disabledSites'),
    );
    expect(stored['settings.disabledSites']).toEqual(['127.0.0.1']);
    await page.reload({ waitUntil: 'load' });
    // The same page under another host name is still highlighted: the content script is running,
    // and only the site that was turned off stays dark.
    const elsewhere = await session.openPage(server.url('/card.html').replace('127.0.0.1', 'localhost'));
    await waitForMentions(elsewhere, 5);
    expect(await drawnMentions(page)).toEqual([]);
    await elsewhere.close();
    // Turned back on, the page that loaded while it was off (and so read no matcher data) highlights.
    await resetSettings(session);
    await page.bringToFront();
    await waitForMentions(page, 5);
    await page.close();
  });

  it('hostile page CSS does not change the card', async () => {
    await resetSettings(session);
    const measure = async (path: string) => {
      const page = await session.openPage(server.url(path));
      await waitForMentions(page, 3);
      const card = await hoverUntilCard(page, 'Vladimir Putin');
      // What the reader sees at the card's centre: the card, not a page element stacked over it.
      const onTop = await page.evaluate(
        ({ x, y, width, height }) => document.elementFromPoint(x + width / 2, y + height / 2)?.id,
        card.box!,
      );
      await page.close();
      return { ...card, onTop };
    };
    const plain = await measure('/card.html');
    const hostile = await measure('/hostile.html');
    expect(hostile.box!.width).toBe(plain.box!.width);
    expect(hostile.contentHeight).toBe(plain.contentHeight);
    expect(hostile.fontFamily).toBe(plain.fontFamily);
    expect(hostile.fontFamily).not.toMatch(/Comic/);
    expect(hostile.text).toBe(plain.text);
    expect(hostile.onTop).toBe('backstory-card-host');
  });
});
