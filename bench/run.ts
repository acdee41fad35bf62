/**
 * `npm run bench [-- --json] [--pages DIR] [--only matcher,highlight,…]`: every benchmark side by
 * side in ONE real Chromium run, printed as tables (or one JSON object with --json). Ratios, not
 * absolute times, are what the goals speak of: the machine's speed cancels out of them.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import puppeteer from 'puppeteer-core';
import { build } from 'vite';
import { loadBundledDataset } from '../lib/dataset/bundled-source.ts';
import { matcherAliases } from '../lib/dataset/matcher-aliases.ts';
import { findBrowser, startFixtureServer } from '../tests/e2e/harness.ts';
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

async function main() {
  log('Building the benchmark bundle…');
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
  const browser = await puppeteer.launch({
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
  const context: BenchContext = {
    browser,
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
