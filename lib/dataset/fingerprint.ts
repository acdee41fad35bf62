/**
 * A hash of a dataset's whole content, so a cache can tell that the bundled data changed even when
 * its version did not. Two FNV-1a-style 32-bit hashes side by side: the cache only needs to notice
 * change, not resist forgery.
 */
import type { Dataset } from './schema.ts';

/** The dataset's content hash: 16 hex digits. The same for equal content, wherever it is computed. */
export function datasetFingerprint(dataset: Dataset): string {
  const json = JSON.stringify(dataset);
  let first = 0x811c9dc5;
  let second = 0x01000193;
  for (let i = 0; i < json.length; i++) {
    const unit = json.charCodeAt(i);
    first = Math.imul(first ^ unit, 0x01000193);
    second = Math.imul(second ^ unit, 0x5bd1e995) ^ (second >>> 15);
  }
  return (first >>> 0).toString(16).padStart(8, '0') + (second >>> 0).toString(16).padStart(8, '0');
}
