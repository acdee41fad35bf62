/**
 * Node-only: compiles the bundled dataset from assets/dataset. The build plugin, the CLI, the
 * tests and the benchmarks all get the dataset through here, so they all see the same data.
 */
import { resolve } from 'node:path';
import { readAuthoringFiles } from './authoring-files.ts';
import { compileDataset, type DatasetIssue, formatIssue } from './compile.ts';
import type { Dataset } from './schema.ts';

/** The folder holding meta.yaml, entities/, relations/ and events/. */
export const DATASET_ROOT = resolve(import.meta.dirname, '../../assets/dataset');

/** Compiles the bundled dataset, returning every issue found. */
export function compileBundledDataset(root = DATASET_ROOT): { dataset?: Dataset; issues: DatasetIssue[] } {
  const { files, issues } = readAuthoringFiles(root);
  const compiled = compileDataset(files);
  const all = [...issues, ...compiled.issues];
  return all.length > 0 ? { issues: all } : { dataset: compiled.dataset, issues: all };
}

/** Thrown when the bundled dataset is invalid; its message lists every problem, one per line. */
export class DatasetInvalidError extends Error {
  readonly issues: DatasetIssue[];
  constructor(issues: DatasetIssue[]) {
    super(`The dataset has ${issues.length} problem(s):\n${issues.map(formatIssue).join('\n')}`);
    this.name = 'DatasetInvalidError';
    this.issues = issues;
  }
}

/** The compiled bundled dataset; throws DatasetInvalidError naming file, record and field. */
export function loadBundledDataset(root = DATASET_ROOT): Dataset {
  const { dataset, issues } = compileBundledDataset(root);
  if (!dataset) throw new DatasetInvalidError(issues);
  return dataset;
}
