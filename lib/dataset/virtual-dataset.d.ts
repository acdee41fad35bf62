/**
 * The bundled dataset, compiled from assets/dataset at build time (scripts/vite-dataset-plugin.ts),
 * and its content hash (lib/dataset/fingerprint.ts), computed then too.
 */
declare module 'virtual:backstory-dataset' {
  import type { Dataset } from './schema.ts';

  const dataset: Dataset;
  export default dataset;
  export const fingerprint: string;
}
