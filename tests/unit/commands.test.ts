import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
/** Runs one of our commands as `npm run <name> -- …` does (npm adds nothing but the arguments). */
const run = (script: string, args: string[], input?: string) =>
  spawnSync(process.execPath, [join(ROOT, 'scripts', script), ...args], {
    cwd: ROOT,
    input,
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024, // the export is over a megabyte
  });

const STORY =
  'US and Russian presidents Donald Trump and Vladimir Putin are to speak by phone about a 30-day ceasefire, ' +
  'a truce Ukraine has accepted. Kyiv (Kiev in some outlets) and European capitals are sceptical. US officials ' +
  'say Ukraine may have to cede territory. Trump wants to discuss dividing up assets such as the Moscow-controlled ' +
  'Zaporizhzhia nuclear plant, he said on Truth Social. White House envoy Steve Witkoff met Putin in Moscow. ' +
  'Marc Fogel was also mentioned.';

describe('npm run scan', () => {
  it('lists every actor, place and topic of the story, with counts, and the names it does not know', () => {
    const page = `<html><body><script>var Zelensky = 1;</script><article><p>${STORY}</p></article></body></html>`;
    const result = run('scan.ts', ['-', '--json'], page);
    expect(result.status, result.stderr).toBe(0);
    const { mentions, unknown } = JSON.parse(result.stdout) as {
      mentions: { id: string; name: string; category: string; count: number }[];
      unknown: { name: string; count: number }[];
    };
    expect(mentions.map((m) => m.id).sort()).toEqual(
      [
        'ceasefire',
        'donald-trump',
        'europe',
        'kyiv',
        'moscow',
        'steve-witkoff',
        'territorial-concessions',
        'truth-social',
        'ukraine',
        'united-states',
        'vladimir-putin',
        'white-house',
        'zaporizhzhia-nuclear-power-plant',
      ].sort(),
    );
    expect(mentions.find((m) => m.id === 'vladimir-putin')).toEqual({
      id: 'vladimir-putin',
      name: 'Vladimir Putin',
      category: 'person',
      count: 2,
    });
    // The script's text is not the page's; a nationality adjective is not a missing entity.
    expect(unknown).toEqual([{ name: 'Marc Fogel', count: 1 }]);
  });

  it('prints a readable table without --json', () => {
    const dir = mkdtempSync(join(tmpdir(), 'scan-'));
    writeFileSync(join(dir, 'story.txt'), STORY);
    const out = execFileSync(process.execPath, [join(ROOT, 'scripts/scan.ts'), join(dir, 'story.txt')], {
      encoding: 'utf8',
    });
    expect(out).toMatch(/Vladimir Putin/);
    expect(out).toMatch(/Marc Fogel/);
  });
});

describe('npm run dataset', () => {
  it('exports the bundled dataset, which then validates on its own', () => {
    const exported = run('dataset.ts', ['export']);
    expect(exported.status, exported.stderr).toBe(0);
    const dir = mkdtempSync(join(tmpdir(), 'dataset-'));
    const file = join(dir, 'export.json');
    writeFileSync(file, exported.stdout);
    const valid = run('dataset.ts', ['validate', file]);
    expect(valid.stdout, valid.stderr).toMatch(/valid$/m);

    // A broken copy names the record and field, and fails.
    const broken = JSON.parse(exported.stdout) as { events: { id: string; date: string }[] };
    broken.events[0]!.date = '2031-01-01';
    writeFileSync(file, JSON.stringify(broken));
    const invalid = run('dataset.ts', ['validate', file]);
    expect(invalid.status).toBe(1);
    expect(invalid.stderr).toContain(
      `export.json: event "${broken.events[0]!.id}": date: 2031-01-01 is after the dataset's asOf date`,
    );
  });

  it('validates a pack against the bundle, naming what is wrong', () => {
    const result = run('dataset.ts', ['validate', join(ROOT, 'tests/fixtures/packs/broken.json')]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/broken\.json: \d+ problem\(s\)/);
    expect(run('dataset.ts', ['validate', join(ROOT, 'tests/fixtures/packs/riverside.json')]).stdout).toMatch(
      /riverside\.json: valid/,
    );
  });

  it('prints counts by category and by year', () => {
    const result = run('dataset.ts', ['stats']);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/\d+ entities, \d+ events, \d+ relations/);
    expect(result.stdout).toMatch(/Entities by category[\s\S]*person\s+\d+/);
    expect(result.stdout).toMatch(/Events by year[\s\S]*2022\s+\d+/);
  });
});
