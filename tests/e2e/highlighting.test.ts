import { beforeEach, describe, expect, it } from 'vitest';
import { generateNewsPage } from '../../bench/news-generator';
import { BROWSERS, type ExtensionSession, type FixtureServer } from './harness';
import { useExtension } from './use-extension';
import {
  type DrawnMention,
  bodyText,
  drawnMentions,
  reportedCounts,
  resetSettings,
  tabReport,
  setSettings,
  waitForMentions,
  waitForMentionsWhere,
} from './page-probes';

const RENDERERS = ['highlight-api', 'inline-marks'] as const;

describe.each(BROWSERS)('highlighting in %s', (kind) => {
  let session: ExtensionSession;
  let server: FixtureServer;

  useExtension(kind, (launched) => ({ session, server } = launched));

  describe.each(RENDERERS)('with the %s renderer', (renderer) => {
    beforeEach(async () => {
      await resetSettings(session);
      await setSettings(session, { renderer });
    });

    it('lights up every actor, place and topic of a news article and leaves its text unchanged', async () => {
      const page = await session.openPage(server.url('/article.html'));
      const expectedNames = [
        'Donald Trump',
        'Vladimir Putin',
        '30-day ceasefire',
        'Ukraine',
        'Jeddah',
        'Kyiv',
        'Kremlin',
        'truce',
        'Zaporizhzhia nuclear power plant',
        'Volodymyr Zelensky',
        'cede territory',
        'White House',
        'Steve Witkoff', // split across <b>Steve</b> and the following text node
        'Moscow',
        'Truth Social',
        'Marco Rubio',
        'Kiev',
        'International Atomic Energy Agency',
        'Rafael Grossi',
        'Zaporizhzhia plant',
      ];
      const textsOf = (drawn: DrawnMention[]) => drawn.map((m) => m.text.replace(/\s+/g, ' '));
      // Inline marks draw a slice a frame: wait for the whole article, not for its first names.
      const mentions = await waitForMentionsWhere(
        page,
        (drawn) => expectedNames.every((name) => textsOf(drawn).includes(name)),
        'every name the article holds',
      );
      const texts = textsOf(mentions);
      for (const expected of expectedNames) {
        expect(texts, `${expected} is highlighted`).toContain(expected);
      }
      expect(mentions.find((m) => m.text === 'Vladimir Putin')!.category).toBe('person');
      expect(mentions.find((m) => m.text === 'Moscow')!.category).toBe('place');
      expect(mentions.find((m) => m.text === 'truce')!.category).toBe('topic');
      // Never inside a longer word, never the page's chrome of links only partially.
      expect(texts).not.toContain('Russian');

      const original = await (await fetch(server.url('/article.html'))).text();
      const expectedText = await page.evaluate((html) => {
        const doc = new DOMParser().parseFromString(html, 'text/html');
        return doc.body.textContent;
      }, original);
      expect(await bodyText(page)).toBe(expectedText);
      await page.close();
    });

    it('finds names however the page writes them: apostrophes, spellings, no-break spaces, dashes, Cyrillic, case', async () => {
      const page = await session.openPage(server.url('/variants.html'));
      const mentions = await waitForMentions(page, 22);
      const expected: [text: string, category: string, entityId: string][] = [
        ['Putin', 'person', 'vladimir-putin'], // Putin’s: the name, not the possessive
        ['Putin', 'person', 'vladimir-putin'], // Putin's
        ['Zelenskyy', 'person', 'volodymyr-zelensky'],
        ['Zelenskiy', 'person', 'volodymyr-zelensky'],
        ['Zelensky', 'person', 'volodymyr-zelensky'],
        ['Zelenskyy', 'person', 'volodymyr-zelensky'],
        ['Zaporizhzhya', 'place', 'zaporizhzhia'],
        ['Zaporizhzhia', 'place', 'zaporizhzhia'],
        ['Zaporizhzhia nuclear power plant', 'place', 'zaporizhzhia-nuclear-power-plant'], // the longest
        ['Volodymyr\u00a0Zelensky', 'person', 'volodymyr-zelensky'],
        ['Emmanuel\u00a0Macron', 'person', 'emmanuel-macron'],
        ['Russia–Ukraine war', 'topic', 'russian-invasion-of-ukraine'],
        ['Russia-Ukraine war', 'topic', 'russian-invasion-of-ukraine'],
        ['Путін', 'person', 'vladimir-putin'],
        ['Путин', 'person', 'vladimir-putin'],
        ['Київ', 'place', 'kyiv'],
        ['Киев', 'place', 'kyiv'],
        ['CEASEFIRE', 'topic', 'ceasefire'], // a topic in any case; "putin" in lower case is not the man
        ['Ceasefire', 'topic', 'ceasefire'],
        ['ceasefire', 'topic', 'ceasefire'],
        ['Dnipró', 'place', 'dnipro'], // diacritics do not matter
        ['Kyiv', 'place', 'kyiv'],
      ];
      expect(mentions.map((m) => [m.text, m.category])).toEqual(
        expected.map(([text, category]) => [text, category]),
      );
      // Inline marks say which entity each is (the Highlight API has no element to carry it).
      if (renderer === 'inline-marks')
        expect(mentions.map((m) => m.entityId)).toEqual(expected.map(([, , entityId]) => entityId));
      await page.close();
    });

    it('never highlights inside scripts, styles, form fields, editable regions, code or excluded blocks', async () => {
      const page = await session.openPage(server.url('/forbidden.html'));
      const mentions = await waitForMentions(page, 3);
      await new Promise((resolve) => setTimeout(resolve, 300)); // give any stray highlight time to appear
      expect((await drawnMentions(page)).map((m) => m.text)).toEqual(['Vladimir Putin', 'Moscow', 'Kyiv']);
      expect(mentions.length).toBe(3);
      // Typing in an input still works and its value is the reader's.
      await page.focus('#input');
      await page.keyboard.press('End');
      await page.keyboard.type(' typed');
      expect(await page.$eval('#input', (el) => (el as HTMLInputElement).value)).toBe(
        'Zelensky in an input typed',
      );
      await page.close();
    });

    it('keeps up with a live blog, scanning only what is added', async () => {
      const page = await session.openPage(server.url('/live-blog.html'));
      await waitForMentionsWhere(page, (m) => m.some((x) => x.text === 'Riyadh'), 'Riyadh');
      await page.evaluate(() => (window as unknown as { addPost(): void }).addPost());
      await page.evaluate(() => (window as unknown as { addPost(): void }).addPost());
      const mentions = await waitForMentionsWhere(
        page,
        (m) =>
          ['Marco Rubio', 'Sergei Lavrov', 'Kirill Dmitriev'].every((name) => m.some((x) => x.text === name)),
        'the new posts’ names',
      );
      expect(mentions.filter((m) => m.text === 'Riyadh')).toHaveLength(2);
      await page.close();
    });

    it('keeps up with an infinite-scroll feed of linked cards, load after load', async () => {
      const page = await session.openPage(server.url('/live-blog.html'));
      await waitForMentionsWhere(page, (m) => m.some((x) => x.text === 'Riyadh'), 'Riyadh');
      const load = (count: number) =>
        page.evaluate((n) => (window as unknown as { loadCards(n: number): void }).loadCards(n), count);
      const counted = (entityId: string) => async () => (await reportedCounts(session, page))[entityId];
      await load(30);
      await expect.poll(counted('mark-rutte'), { timeout: 10_000 }).toBe(30);
      await load(5);
      await expect.poll(counted('kaja-kallas'), { timeout: 10_000 }).toBe(35);
      expect(await counted('mark-rutte')()).toBe(35);
      expect(await counted('nato')()).toBe(35);
      await page.close();
    });

    it('highlights a section the page reveals (“Read more”)', async () => {
      const page = await session.openPage(server.url('/live-blog.html'));
      await waitForMentionsWhere(page, (m) => m.some((x) => x.text === 'Riyadh'), 'Riyadh');
      expect((await drawnMentions(page)).map((m) => m.text)).not.toContain('Antony Blinken');
      await page.evaluate(() => (window as unknown as { readMore(): void }).readMore());
      await waitForMentionsWhere(
        page,
        (m) => m.some((x) => x.text === 'Antony Blinken') && m.some((x) => x.text === 'Lavrov'),
        'the revealed background',
      );
      await page.close();
    });

    it('with “first mention only”, a live blog’s newest post takes the highlight of a name it repeats', async () => {
      await setSettings(session, { firstMentionOnly: true });
      const page = await session.openPage(server.url('/live-blog.html'));
      await waitForMentionsWhere(page, (m) => m.some((x) => x.text === 'Riyadh'), 'Riyadh');
      // Five posts, newest on top: the fifth names Marco Rubio again, above the first post that did.
      for (let post = 0; post < 5; post++)
        await page.evaluate(() => (window as unknown as { addPost(): void }).addPost());
      const mentions = await waitForMentionsWhere(
        page,
        (m) => {
          const names = m.map((x) => x.text);
          // Both present: between erasing the old mention and drawing the new one, neither is.
          const [rubio, dmitriev] = [names.indexOf('Marco Rubio'), names.indexOf('Kirill Dmitriev')];
          return names.includes('Keith Kellogg') && rubio >= 0 && dmitriev >= 0 && rubio < dmitriev;
        },
        'Marco Rubio highlighted in the newest post, above the older posts',
      );
      expect(mentions.filter((m) => m.text === 'Marco Rubio')).toHaveLength(1);
      expect(mentions.filter((m) => m.text === 'Riyadh')).toHaveLength(1);
      // What the popup lists still counts every mention, not just the one drawn.
      const counted = async () => {
        const counts = await reportedCounts(session, page);
        return [counts['marco-rubio'], counts['sergei-lavrov'], counts.riyadh];
      };
      await expect.poll(counted, { timeout: 10_000 }).toEqual([2, 2, 2]);
      await page.close();
    });

    it('lights up names inside web components (open shadow roots) and follows what they add there', async () => {
      const page = await session.openPage(server.url('/web-components.html'));
      const story = () => page.evaluate(() => (window as unknown as { storyText(): string }).storyText());
      const pristine = await story();
      const mentions = await waitForMentionsWhere(
        page,
        (m) => m.some((x) => x.text === 'ceasefire'),
        'the quote nested two web components deep',
      );
      // In page order, the nested component's quote where it stands; the closed component's text
      // (Sergei Lavrov) is its own business and is left alone.
      expect(mentions.map((m) => m.text)).toEqual([
        'Kyiv',
        'Volodymyr Zelensky',
        'Keir Starmer',
        'Emmanuel Macron',
        'ceasefire',
      ]);
      // Our styles reach inside the shadow roots, where the page's own stop: the names are tinted.
      const tint = await page.evaluate((kind) => {
        const quote = document.querySelector('news-story')!.shadowRoot!.querySelector('story-quote')!;
        const paragraph = quote.shadowRoot!.querySelector('blockquote')!;
        const mark = paragraph.querySelector('mark');
        return kind === 'inline-marks'
          ? getComputedStyle(mark!).backgroundColor
          : getComputedStyle(paragraph, '::highlight(backstory-person)').backgroundColor;
      }, renderer);
      expect(tint).toMatch(/^rgba\(37, 99, 235, 0\.14\)$/);
      await page.evaluate(() => (window as unknown as { addUpdate(): void }).addUpdate());
      await waitForMentionsWhere(page, (m) => m.some((x) => x.text === 'Marco Rubio'), 'the added update');
      expect(await story()).toBe(pristine.replace('London.', 'London.Update: Marco Rubio joined them.'));
      await expect
        .poll(async () => (await reportedCounts(session, page))['emmanuel-macron'], { timeout: 10_000 })
        .toBe(1);
      expect(await reportedCounts(session, page)).not.toHaveProperty('sergei-lavrov');
      // A component the page adds later (its shadow tree made as it is connected).
      await page.evaluate(() => (window as unknown as { addStory(): void }).addStory());
      await waitForMentionsWhere(page, (m) => m.some((x) => x.text === 'Rafael Grossi'), 'the added story');
      await expect
        .poll(async () => (await reportedCounts(session, page))['emmanuel-macron'], { timeout: 10_000 })
        .toBe(2);
      // A component whose definition loads after the scan: no change in the page's tree tells of it.
      await page.evaluate(() => (window as unknown as { defineLate(): void }).defineLate());
      await waitForMentionsWhere(page, (m) => m.some((x) => x.text === 'Kaja Kallas'), 'the late component');
      await page.close();
    });

    it('rescans when a single-page app navigates', async () => {
      const page = await session.openPage(server.url('/spa.html'));
      await waitForMentionsWhere(page, (m) => m.some((x) => x.text === 'Olaf Scholz'), 'Olaf Scholz');
      await page.click('#to-second');
      const after = await waitForMentionsWhere(
        page,
        (m) => m.some((x) => x.text === 'Emmanuel Macron') && m.some((x) => x.text === 'Keir Starmer'),
        'the second story’s names',
      );
      expect(after.some((m) => m.text === 'Olaf Scholz')).toBe(false);
      await page.close();
    });

    it('follows a page that re-renders its own text in place, without duplicating or losing text', async () => {
      const page = await session.openPage(server.url('/rerender.html'));
      await waitForMentionsWhere(page, (m) => m.some((x) => x.text === 'Sergei Lavrov'), 'Sergei Lavrov');
      await page.evaluate(() => (window as unknown as { rerender(): void }).rerender());
      const after = await waitForMentionsWhere(
        page,
        (m) =>
          ['Volodymyr Zelensky', 'Keir Starmer', 'Andrii Sybiha', 'Moscow'].every((name) =>
            m.some((x) => x.text === name),
          ),
        'the re-rendered names',
      );
      expect(after.map((m) => m.text)).not.toContain('Vladimir Putin');
      const shown = await page.evaluate(() =>
        ['headline', 'mixed', 'replaced'].map((id) => document.getElementById(id)!.textContent),
      );
      expect(shown).toEqual([
        'Volodymyr Zelensky spoke to Keir Starmer.',
        'Minister: Andrii Sybiha',
        'Moscow responded.',
      ]);
      expect(
        await page.evaluate(() => (window as unknown as { pageNodesIntact(): boolean }).pageNodesIntact()),
      ).toBe(true);
      await page.close();
    });

    it('a paragraph the page takes out and later puts back (a tab panel, a recycled row) keeps all its text', async () => {
      const page = await session.openPage(server.url('/rerender.html'));
      await waitForMentionsWhere(page, (m) => m.some((x) => x.text === 'Donald Trump'), 'Donald Trump');
      const whileOut = await page.evaluate(async () => {
        const headline = document.getElementById('headline')!;
        const after = headline.nextSibling;
        headline.remove();
        await new Promise((resolve) => setTimeout(resolve, 300)); // the extension has seen it go
        const text = headline.textContent;
        document.body.insertBefore(headline, after);
        return text;
      });
      expect(whileOut).toBe('Vladimir Putin spoke to Donald Trump.');
      await waitForMentionsWhere(
        page,
        (m) => m.some((x) => x.text === 'Vladimir Putin') && m.some((x) => x.text === 'Donald Trump'),
        'the names of the paragraph put back',
      );
      expect(await page.evaluate(() => document.getElementById('headline')!.textContent)).toBe(
        'Vladimir Putin spoke to Donald Trump.',
      );
      await page.close();
    });

    it('keeps the names highlighted, without a blink, when the page swaps in a new copy of their paragraph', async () => {
      const page = await session.openPage(server.url('/rerender.html'));
      await waitForMentionsWhere(page, (m) => m.some((x) => x.text === 'Vladimir Putin'), 'Vladimir Putin');
      // As a framework re-mounting a component: a new element with the same text takes the old one's
      // place. What is highlighted in it is read just before the browser paints its first frame.
      const atFirstFrame = await page.evaluate(
        () =>
          new Promise<string[]>((resolve) => {
            const old = document.getElementById('headline')!;
            const fresh = old.cloneNode(true) as HTMLElement;
            old.replaceWith(fresh);
            requestAnimationFrame(() => {
              const texts: string[] = [];
              const registry = (
                globalThis as unknown as { CSS: { highlights?: Map<string, Set<AbstractRange>> } }
              ).CSS.highlights;
              for (const [name, highlight] of registry ?? []) {
                if (!name.startsWith('backstory-')) continue;
                for (const range of highlight)
                  if (fresh.contains(range.startContainer))
                    texts.push(range.startContainer.textContent!.slice(range.startOffset, range.endOffset));
              }
              for (const mark of fresh.querySelectorAll('mark[data-backstory-entity]'))
                texts.push(mark.textContent!);
              resolve(texts.sort());
            });
          }),
      );
      expect(atFirstFrame).toEqual(['Donald Trump', 'Vladimir Putin']);
      await page.close();
    });
  });

  it('highlights a huge page, drawing (Highlight API) what is near the viewport and more as the reader scrolls', async () => {
    await resetSettings(session);
    const names = ['Vladimir Putin', 'Volodymyr Zelensky', 'Kyiv', 'Moscow', 'ceasefire', 'NATO'];
    server.route(
      '/huge.html',
      generateNewsPage(names, 1_500_000, 11).replace(
        '</article>',
        '<p id="last">Finally, Marco Rubio spoke.</p></article>',
      ),
    );
    const page = await session.openPage(server.url('/huge.html'));
    const original = await page.evaluate(() => document.body.textContent);
    const atTop = await waitForMentions(page, 20, 30_000);
    expect(atTop.length).toBeLessThan(2000); // not the whole page's 10,000+ mentions
    expect(atTop.some((m) => m.text === 'Marco Rubio')).toBe(false);
    await page.evaluate(() => document.getElementById('last')!.scrollIntoView());
    await waitForMentionsWhere(
      page,
      (m) => m.some((x) => x.text === 'Marco Rubio'),
      'the last paragraph highlighted after scrolling',
      30_000,
    );
    expect(await page.evaluate(() => document.body.textContent)).toBe(original);
    await page.close();
  });

  it('Back to a page the browser kept in its cache reports that page again, for the popup and badge', async () => {
    await resetSettings(session);
    const article = server.url('/article.html');
    const page = await session.openPage(article);
    await waitForMentions(page, 20);
    await expect.poll(async () => (await tabReport(session, page))?.url, { timeout: 10_000 }).toBe(article);
    await page.evaluate(() => {
      (window as unknown as { restoredFromCache: boolean }).restoredFromCache = false;
      addEventListener('pageshow', (event) => {
        (window as unknown as { restoredFromCache: boolean }).restoredFromCache = event.persisted;
      });
    });
    await page.goto(server.url('/rerender.html'));
    await expect
      .poll(async () => (await tabReport(session, page))?.url, { timeout: 10_000 })
      .toBe(server.url('/rerender.html'));
    // history.back() rather than page.goBack(): a page restored from the cache fires no load event
    // for puppeteer to wait on in Firefox.
    await page.evaluate(() => history.back());
    await expect
      .poll(() => page.evaluate(() => location.href).catch(() => ''), { timeout: 10_000 })
      .toBe(article);
    // The test means something only if the browser restored the page rather than loading it again.
    expect(
      await page.evaluate(() => (window as unknown as { restoredFromCache?: boolean }).restoredFromCache),
    ).toBe(true);
    await expect.poll(async () => (await tabReport(session, page))?.url, { timeout: 10_000 }).toBe(article);
    expect((await reportedCounts(session, page))['vladimir-putin']).toBeGreaterThan(0);
    await page.close();
  });

  it('switching renderer or turning Backstory off leaves the page exactly as it was', async () => {
    await resetSettings(session);
    const page = await session.openPage(server.url('/rerender.html'));
    const pristine = await page.evaluate(() => document.body.innerHTML);
    await waitForMentions(page, 4);
    await setSettings(session, { renderer: 'inline-marks' });
    await waitForMentionsWhere(page, (m) => m.length >= 4 && m.every((x) => x.entityId), 'inline marks');
    await setSettings(session, { renderer: 'highlight-api' });
    await waitForMentionsWhere(page, (m) => m.length >= 4 && m.every((x) => !x.entityId), 'highlight ranges');
    expect(await page.evaluate(() => document.body.innerHTML)).toBe(pristine);
    await setSettings(session, { renderer: 'inline-marks' });
    await waitForMentionsWhere(
      page,
      (m) => m.length >= 4 && m.every((x) => x.entityId),
      'inline marks again',
    );
    await setSettings(session, { enabled: false });
    await waitForMentionsWhere(page, (m) => m.length === 0, 'no highlights');
    expect(await page.evaluate(() => document.body.innerHTML)).toBe(pristine);
    expect(
      await page.evaluate(() => (window as unknown as { pageNodesIntact(): boolean }).pageNodesIntact()),
    ).toBe(true);
    await page.close();
  });
});
