/**
 * `npm run bench [-- --json] [--pages DIR] [--only matcher,highlight,…] [--browser firefox]`: every
 * benchmark side by side in ONE real browser run (Chromium unless told), printed as tables (or one
 * JSON object with --json). Ratios, not absolute times, are what the goals speak of: the machine's
 * speed cancels out of them.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';
import { build } from 'vite';
import { loadBundledDataset } from '../lib/dataset/bundled-source.ts';
import { matcherAliases } from '../lib/dataset/matcher-aliases.ts';
import { type BrowserKind, BROWSERS, findBrowser, startFixtureServer } from '../tests/e2e/harness.ts';
import { generateNewsText, syntheticAliases } from './news-generator.ts';
import { BENCH_SECTIONS, type BenchContext } from './sections.ts';

const ROOT = resolve(import.meta.dirname, '..');
const OUT = join(ROOT, 'bench/out');
// One page.evaluate may run mark.js at its 20 s cap, or several slow runs: far past puppeteer's 3 minutes.
const PROTOCOL_TIMEOUT_MS = 15 * 60_000;

const args = process.argv.slice(2);
const jsonOutput = args.includes('--json');
const pagesDir = args.includes('--pages') ? resolve(args[args.indexOf('--pages') + 1] ?? '') : undefined;
const only = args.includes('--only') ? (args[args.indexOf('--only') + 1] ?? '').split(',') : undefined;
const browserKind = (
  args.includes('--browser') ? args[args.indexOf('--browser') + 1] : 'chromium'
) as BrowserKind;
if (!BROWSERS.includes(browserKind)) throw new Error(`--browser: one of ${BROWSERS.join(', ')}`);
const log = (line: string) => (jsonOutput ? process.stderr.write(`${line}\n`) : console.log(line));

async function buildBenchBundle(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  await build({
    configFile: false,
    logLevel: 'warn',
    build: {
      outDir: OUT,
      emptyOutDir: false,
      lib: {
        entry: join(ROOT, 'bench/browser/main.ts'),
        formats: ['iife'],
        name: 'backstoryBenchBundle',
        fileName: () => 'bench.js',
      },
      minify: true,
    },
  });
  // Pages under test (saved ones from --pages too) load nothing: no request may leave the machine
  // or slow a timed run. Only the bundle and inline styles are allowed.
  const csp = "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'";
  writeFileSync(
    join(OUT, 'index.html'),
    `<!doctype html><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${csp}">` +
      '<title>bench</title><script src="bench.js"></script>',
  );
}

function launchBrowser(kind: BrowserKind): Promise<Browser> {
  if (kind === 'firefox')
    return puppeteer.launch({
      browser: 'firefox',
      executablePath: findBrowser('firefox'),
      headless: true,
      protocolTimeout: PROTOCOL_TIMEOUT_MS,
      extraPrefsFirefox: {
        // Firefox rounds performance.now() to whole milliseconds, about the floor on a 50 kB page.
        'privacy.reduceTimerPrecision': false,
        // Keep Firefox off the network: no update, telemetry or remote-settings traffic.
        'app.update.enabled': false,
        'datareporting.policy.dataSubmissionEnabled': false,
        'toolkit.telemetry.enabled': false,
        'network.captive-portal-service.enabled': false,
        'browser.safebrowsing.malware.enabled': false,
        'browser.safebrowsing.phishing.enabled': false,
      },
    });
  return puppeteer.launch({
    executablePath: findBrowser('chromium'),
    headless: true,
    pipe: true,
    protocolTimeout: PROTOCOL_TIMEOUT_MS,
    args: [
      '--js-flags=--expose-gc', // lets the bench collect garbage between runs, outside the timings
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

async function main() {
  log(`Building the benchmark bundle… (browser: ${browserKind})`);
  await buildBenchBundle();
  const dataset = loadBundledDataset();
  const aliases = matcherAliases(dataset.entities);
  const names = [...new Set(aliases.map((a) => a.text))];
  const server = await startFixtureServer(OUT);
  const savedPages = pagesDir
    ? readdirSync(pagesDir)
        .filter((file) => file.endsWith('.html'))
        .map((file) => ({ name: file, html: readFileSync(join(pagesDir, file), 'utf8') }))
    : undefined;
  const browser = await launchBrowser(browserKind);
  const context: BenchContext = {
    browser,
    browserKind,
    server,
    dataset,
    aliases,
    names,
    synthetic: syntheticAliases(20_000),
    newsText: (chars, seed) => generateNewsText(names, chars, seed).join('\n\n'),
    savedPages,
    log,
  };
  const results: Record<string, unknown> = {};
  try {
    for (const section of BENCH_SECTIONS) {
      if (only && !only.includes(section.name)) continue;
      log(`\n== ${section.title} ==`);
      const result = await section.run(context);
      Object.assign(results, result.json);
      for (const line of result.report) log(line);
    }
  } finally {
    await browser.close();
    await server.close();
  }
  if (jsonOutput) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
}

await main();
