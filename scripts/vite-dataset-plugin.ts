/**
 * Vite plugin: `import dataset, { fingerprint } from 'virtual:backstory-dataset'` gives the compiled
 * bundled dataset and its content hash. It is compiled from assets/dataset at build time, so invalid
 * data fails the build with every problem listed by file, line, record and field, and the hash costs
 * the extension nothing at run time.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Plugin } from 'vite';
import { DATASET_ROOT, loadBundledDataset } from '../lib/dataset/bundled-source.ts';
import { datasetFingerprint } from '../lib/dataset/fingerprint.ts';

const VIRTUAL_ID = 'virtual:backstory-dataset';
const RESOLVED_ID = `\0${VIRTUAL_ID}`;

function authoringFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? authoringFiles(join(dir, entry.name))
      : entry.name.endsWith('.yaml')
        ? [join(dir, entry.name)]
        : [],
  );
}

/** The plugin; add it to WXT's and Vitest's Vite config. */
export function bundledDataset(): Plugin {
  return {
    name: 'backstory:dataset',
    resolveId: (id) => (id === VIRTUAL_ID ? RESOLVED_ID : undefined),
    load(id) {
      if (id !== RESOLVED_ID) return undefined;
      for (const file of authoringFiles(DATASET_ROOT)) this.addWatchFile(file);
      const dataset = loadBundledDataset();
      // JSON.parse of a string literal is faster for engines to load than an object literal.
      return (
        `export default JSON.parse(${JSON.stringify(JSON.stringify(dataset))});\n` +
        `export const fingerprint = ${JSON.stringify(datasetFingerprint(dataset))};`
      );
    },
  };
}
