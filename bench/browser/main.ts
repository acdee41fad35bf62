/** The benchmark page's bundle: exposes each benchmark section to the runner (bench/run.ts). */
import { benchMatcher } from './matcher-bench.ts';

declare global {
  interface Window {
    backstoryBench: { matcher: typeof benchMatcher };
  }
}

window.backstoryBench = { matcher: benchMatcher };
