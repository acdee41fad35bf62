/** The benchmark page's bundle: exposes each benchmark section to the runner (bench/run.ts). */
import { highlightBench } from './highlight-bench.ts';
import { benchMatcher } from './matcher-bench.ts';

declare global {
  interface Window {
    backstoryBench: { matcher: typeof benchMatcher; highlight: typeof highlightBench };
  }
}

window.backstoryBench = { matcher: benchMatcher, highlight: highlightBench };
