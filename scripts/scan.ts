/**
 * `npm run scan -- <file.html | file.txt | -> [--json]`: what Backstory would light up on a page.
 * Extracts the visible text (the same walker and exclusions as the content script), runs the real
 * matcher with the bundled dataset, and lists the entities found with mention counts, then the
 * capitalised names the dataset does not know — candidates for curation.
 */
import { readFileSync } from 'node:fs';
import { Window } from 'happy-dom';
import { loadBundledDataset } from '../lib/dataset/bundled-source.ts';
import { matcherAliases } from '../lib/dataset/matcher-aliases.ts';
import { iterateTextBlocks } from '../lib/highlight/text-blocks.ts';
import { compileMatcher, type Mention } from '../lib/match/matcher.ts';
import { findUnknownNames } from '../lib/match/unknown-names.ts';

const args = process.argv.slice(2);
const json = args.includes('--json');
const input = args.find((arg) => arg !== '--json');
if (!input) {
  console.error('Usage: npm run scan -- <file.html | file.txt | -> [--json]');
  process.exit(2);
}

const raw = readFileSync(input === '-' ? 0 : input, 'utf8');
const looksLikeHtml = input.endsWith('.html') || input.endsWith('.htm') || /^\s*</.test(raw);

/** The page's readable text, one string per block (paragraph, heading, list item…). */
function textBlocksOf(source: string): string[] {
  if (!looksLikeHtml) return source.split(/\n\s*\n/);
  const window = new Window();
  const document = new window.DOMParser().parseFromString(source, 'text/html');
  const blocks = [...iterateTextBlocks(document.body as unknown as Node)].map((block) => block.text);
  void window.happyDOM.close();
  return blocks;
}

const dataset = loadBundledDataset();
const matcher = compileMatcher(matcherAliases(dataset.entities));
const entities = new Map(dataset.entities.map((entity) => [entity.id, entity]));
const counts = new Map<string, number>();
const unknownCounts = new Map<string, number>();
for (const text of textBlocksOf(raw)) {
  const mentions: Mention[] = matcher.scan(text);
  for (const mention of mentions) counts.set(mention.entityId, (counts.get(mention.entityId) ?? 0) + 1);
  for (const name of findUnknownNames(text, mentions))
    unknownCounts.set(name, (unknownCounts.get(name) ?? 0) + 1);
}

const mentions = [...counts]
  .map(([id, count]) => ({ id, name: entities.get(id)!.name, category: entities.get(id)!.category, count }))
  .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
const unknown = [...unknownCounts]
  .map(([name, count]) => ({ name, count }))
  .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));

if (json) {
  process.stdout.write(`${JSON.stringify({ mentions, unknown }, null, 2)}\n`);
} else {
  console.log(`Known entities (${mentions.length}):`);
  for (const m of mentions)
    console.log(`  ${String(m.count).padStart(4)}  ${m.name}  [${m.category}, ${m.id}]`);
  console.log(`\nCapitalised names the dataset does not know (${unknown.length}):`);
  for (const u of unknown) console.log(`  ${String(u.count).padStart(4)}  ${u.name}`);
}
