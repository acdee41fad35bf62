/**
 * `npm run dataset -- stats | export | validate [file]`: tools for whoever curates the data.
 *   stats            counts by category, events by year, relations by type, sources per record
 *   export           the compiled dataset as JSON (the runtime form the extension ships)
 *   validate [file]  the bundled dataset, or one YAML authoring file, or a JSON file: a whole
 *                    dataset (an export; or any file with --dataset) is checked on its own, a pack
 *                    against the bundle; every problem is printed with its file, record and field;
 *                    exit code 1 if any
 *   format           rewrites every authoring file in the house YAML style (comments kept)
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, relative, resolve, sep } from 'node:path';
import { compileBundledDataset, DATASET_ROOT } from '../lib/dataset/bundled-source.ts';
import { type DatasetIssue, formatIssue } from '../lib/dataset/compile.ts';
import { formatDatasetYaml } from '../lib/dataset/format-yaml.ts';
import { validateDatasetText, validatePackText } from '../lib/dataset/pack.ts';
import type { Dataset } from '../lib/dataset/schema.ts';

const args = process.argv.slice(2);
const [command, file] = args.filter((arg) => !arg.startsWith('--'));
/** `validate --dataset file.json`: the file is a whole dataset, not a pack to install beside the bundle. */
const asWholeDataset = args.includes('--dataset');

function fail(lines: string[]): never {
  for (const line of lines) console.error(line);
  process.exit(1);
}

function requireDataset(): Dataset {
  const { dataset, issues } = compileBundledDataset();
  if (!dataset) fail([`The bundled dataset has ${issues.length} problem(s):`, ...issues.map(formatIssue)]);
  return dataset;
}

function printStats(dataset: Dataset) {
  const byCategory = new Map<string, number>();
  for (const entity of dataset.entities)
    byCategory.set(entity.category, (byCategory.get(entity.category) ?? 0) + 1);
  const byYear = new Map<string, number>();
  for (const event of dataset.events)
    byYear.set(event.date.slice(0, 4), (byYear.get(event.date.slice(0, 4)) ?? 0) + 1);
  const byType = new Map<string, number>();
  for (const relation of dataset.relations) byType.set(relation.type, (byType.get(relation.type) ?? 0) + 1);
  const sourceCounts = [
    ...dataset.entities.map((e) => e.sources.length),
    ...dataset.events.map((e) => e.sources.length),
  ];
  const aliasCount = dataset.entities.reduce((sum, e) => sum + e.aliases.length + 1, 0);
  const table = (title: string, rows: Map<string, number>) => {
    console.log(`\n${title}`);
    for (const [key, count] of [...rows].sort(([a], [b]) => a.localeCompare(b)))
      console.log(`  ${key.padEnd(20)} ${count}`);
  };
  console.log(`${dataset.meta.title} — version ${dataset.meta.version}, as of ${dataset.meta.asOf}`);
  console.log(
    `${dataset.entities.length} entities, ${dataset.events.length} events, ${dataset.relations.length} relations, ` +
      `${aliasCount} names and aliases`,
  );
  table('Entities by category', byCategory);
  table('Events by year', byYear);
  table('Relations by type', byType);
  console.log(
    `\nSources per entity or event: min ${Math.min(...sourceCounts)}, ` +
      `mean ${(sourceCounts.reduce((a, b) => a + b, 0) / sourceCounts.length).toFixed(2)}, max ${Math.max(...sourceCounts)}`,
  );
}

function validateFile(path: string) {
  const absolute = resolve(path);
  const insideDataset = !relative(DATASET_ROOT, absolute).startsWith('..');
  let issues: DatasetIssue[];
  if (absolute.endsWith('.json')) {
    const text = readFileSync(absolute, 'utf8');
    const known = compileBundledDataset().dataset;
    // An export of the bundle carries the bundle's own id: it is a whole dataset, not a pack.
    const wholeDataset = asWholeDataset || (known !== undefined && readMetaId(text) === known.meta.id);
    issues = wholeDataset
      ? validateDatasetText(text, basename(absolute)).issues
      : validatePackText(text, basename(absolute), known ? [known] : []).issues;
  } else if (insideDataset) {
    // An authoring file is checked in place, with the rest of the dataset for cross-references.
    const display = relative(process.cwd(), absolute).split(sep).join('/');
    issues = compileBundledDataset().issues.filter((issue) => issue.file === display);
  } else {
    fail([`${path}: validate takes a .json dataset or pack, or a .yaml file inside assets/dataset`]);
  }
  if (issues.length > 0) fail([`${path}: ${issues.length} problem(s)`, ...issues.map(formatIssue)]);
  console.log(`${path}: valid`);
}

/** The `meta.id` of a JSON dataset or pack, if it has one (anything else is left to validation). */
function readMetaId(text: string): string | undefined {
  try {
    const id = (JSON.parse(text) as { meta?: { id?: unknown } } | null)?.meta?.id;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}

function formatAll() {
  const files = readdirSync(DATASET_ROOT, { recursive: true, encoding: 'utf8' }).filter((file) =>
    file.endsWith('.yaml'),
  );
  let changed = 0;
  for (const file of files) {
    const path = resolve(DATASET_ROOT, file);
    const before = readFileSync(path, 'utf8');
    const after = formatDatasetYaml(before);
    if (after !== before) {
      writeFileSync(path, after);
      changed++;
    }
  }
  console.log(`Formatted ${files.length} file(s), ${changed} changed.`);
}

switch (command) {
  case 'format':
    formatAll();
    break;
  case 'stats':
    printStats(requireDataset());
    break;
  case 'export':
    process.stdout.write(`${JSON.stringify(requireDataset(), null, 2)}\n`);
    break;
  case 'validate':
    if (file) validateFile(file);
    else {
      const dataset = requireDataset();
      console.log(
        `assets/dataset: valid (${dataset.entities.length} entities, ${dataset.events.length} events, ` +
          `${dataset.relations.length} relations)`,
      );
    }
    break;
  default:
    fail(['Usage: npm run dataset -- stats | export | validate [file] | format']);
}
