import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type AxeCore from 'axe-core';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSERS, type ExtensionSession, type FixtureServer } from './harness';
import { useExtension } from './use-extension';
import { cardRoot, pointAt, resetSettings, setSettings, waitForCard, waitForMentions } from './page-probes';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const SCHEMES = ['light', 'dark'] as const;

/** Serious and critical axe violations in `selector` (default: the whole document), in the real browser. */
async function seriousViolations(page: Page, selector?: string): Promise<string[]> {
  // Injected through the automation protocol, which extension pages' script policy does not govern.
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (within) => {
    const axe = (globalThis as unknown as { axe: typeof AxeCore }).axe;
    const results = await axe.run(within ? { include: [[within]] } : document, {
      resultTypes: ['violations'],
    });
    return results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.help} → ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  }, selector);
}

/**
 * Puts a copy of the open card beside it, in an open shadow root, and returns its selector. The
 * card's own root is closed so that the page cannot read it, and axe, a script in the page, cannot
 * enter a closed root; the copy has the same elements, attributes and styles (its <style> is in
 * the root), in the same place on top of the card, so what axe finds in it is what it would find
 * in the card.
 */
async function auditableCopyOfCard(page: Page): Promise<string> {
  const root = await cardRoot(page);
  if (!root) throw new Error('No card is open to audit');
  await page.evaluate((root) => {
    const copy = root.host.cloneNode(false) as Element;
    copy.id = 'card-copy-for-audit';
    copy.attachShadow({ mode: 'open' }).append(...[...root.childNodes].map((node) => node.cloneNode(true)));
    // A new element plays the card's entrance again: audit it as it ends, not half-transparent.
    for (const element of copy.shadowRoot!.querySelectorAll<HTMLElement>('.card'))
      element.style.animation = 'none';
    root.host.after(copy);
  }, root);
  await root.dispose();
  return '#card-copy-for-audit';
}

describe.each(BROWSERS)('accessibility audit (axe) in %s', (kind) => {
  let session: ExtensionSession;
  let server: FixtureServer;
  let article: Page;

  useExtension(kind, (launched) => ({ session, server } = launched));

  describe.each(SCHEMES)('%s colour scheme', (scheme) => {
    beforeAll(async () => {
      await resetSettings(session);
      await setSettings(session, { colorScheme: scheme });
      article = await session.openPage(server.url('/article.html'));
      await waitForMentions(article, 20);
      await new Promise((resolve) => setTimeout(resolve, 600)); // the page's report reaches the popup
    });
    afterAll(async () => {
      await article?.close();
    });

    it('popup views: on this page, quick settings, search results, entity detail, page timeline', async () => {
      const popup = await session.openPopup(article, '.found');
      expect(await seriousViolations(popup), 'on this page').toEqual([]);
      await popup.click('button[aria-label="Settings"]');
      await popup.waitForSelector('.quick-settings');
      expect(await seriousViolations(popup), 'quick settings').toEqual([]);
      await popup.focus('#search-input');
      await popup.keyboard.type('kyiv');
      await popup.waitForSelector('.search__result');
      expect(await seriousViolations(popup), 'search results').toEqual([]);
      await popup.keyboard.press('Enter');
      await popup.waitForSelector('.timeline__events');
      expect(await seriousViolations(popup), 'entity detail').toEqual([]);
      await popup.click('button[aria-label="Back"]');
      await popup.waitForSelector('.on-page');
      await popup.evaluate(() =>
        [...document.querySelectorAll('button')].find((b) => b.textContent === 'Timeline')!.click(),
      );
      await popup.waitForSelector('.timeline__events');
      expect(await seriousViolations(popup), 'page timeline').toEqual([]);
      await popup.close();
    });

    it('popup states: nothing known on the page, Backstory off on this site; the full page', async () => {
      const plain = await session.openPage(server.url('/hello.html'));
      await new Promise((resolve) => setTimeout(resolve, 600)); // the page's report reaches the popup
      let popup = await session.openPopup(plain, '.notice');
      expect(await seriousViolations(popup), 'nothing known').toEqual([]);
      await popup.close();
      await plain.close();

      await setSettings(session, { disabledSites: ['127.0.0.1'] });
      popup = await session.openPopup(article, '.notice');
      expect(await seriousViolations(popup), 'off on this site').toEqual([]);
      await popup.close();
      await setSettings(session, { disabledSites: [] });

      const full = await session.openExtensionPage('backstory.html?entity=steve-witkoff', '.entity__name');
      await full.waitForSelector('.timeline__events');
      expect(await seriousViolations(full), 'full page').toEqual([]);
      await full.close();
    });

    it('options page, also with an import error shown', async () => {
      const options = await session.openExtensionPage('options.html', '.dataset');
      expect(await seriousViolations(options)).toEqual([]);
      const input = await options.waitForSelector('input[type="file"]');
      await input!.uploadFile(join(import.meta.dirname, '../fixtures/packs/broken.json'));
      await options.waitForSelector('.error .issues li');
      expect(await seriousViolations(options), 'import error').toEqual([]);
      await options.close();
    });

    it('an open hover card', async () => {
      await article.bringToFront();
      await article.mouse.move(2, 2);
      const name = await pointAt(article, 'Vladimir Putin');
      await article.mouse.move(name.x, name.y);
      await waitForCard(article, { open: true, name: 'Vladimir Putin', loaded: true });
      const copy = await auditableCopyOfCard(article);
      // The copy is the card, in full: the audit cannot pass by finding nothing to audit.
      expect(await article.$eval(copy, (host) => host.shadowRoot!.textContent)).toContain('Vladimir Putin');
      expect(await seriousViolations(article, copy)).toEqual([]);
      await article.$eval(copy, (host) => host.remove());
      await article.keyboard.press('Escape');
    });
  });
});
