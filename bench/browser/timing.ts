/**
 * A full GC where Chromium exposes it (bench/run.ts passes --expose-gc): garbage left by earlier
 * work is then not collected inside the next timed run.
 */
export function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** Runs `fn` `runs` times (after one warm-up) and returns the median duration in milliseconds. */
export function medianMs(runs: number, fn: () => unknown): number {
  return mediansInterleaved(runs, { fn }).fn;
}

/**
 * Side by side: each round runs every function once, in turn, with a GC before each, so JIT
 * warm-up, GC and a busy machine weigh on all of them alike. Returns each one's median in
 * milliseconds (after one untimed warm-up round).
 */
export function mediansInterleaved<K extends string>(
  runs: number,
  fns: Record<K, () => unknown>,
): Record<K, number> {
  const names = Object.keys(fns) as K[];
  for (const name of names) fns[name](); // warm-up: JIT, caches
  const times = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<K, number[]>;
  for (let i = 0; i < runs; i++) {
    for (const name of names) {
      collectGarbage();
      const start = performance.now();
      fns[name]();
      times[name].push(performance.now() - start);
    }
  }
  return Object.fromEntries(names.map((name) => [name, median(times[name])])) as Record<K, number>;
}

/** Async variant of `medianMs`. */
export async function medianMsAsync(runs: number, fn: () => Promise<unknown>): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  return median(times);
}

/** The median of a non-empty list. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The p-th percentile (0–100) of a non-empty list, nearest-rank. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/**
 * Untimed runs before the timed ones. One was not enough: a method's first page met Backstory's
 * code barely compiled (measured: about 10, 4, 3, then 2 ms per run on a 50 kB page) while mark.js
 * had just been warmed by its own capped runs of (b), so the smallest page compared JIT tiers, not
 * methods. Every method gets the same warm-ups.
 */
export const WARM_UPS = 3;

/**
 * Runs `once` WARM_UPS times to warm up, then up to `runs` more times, and returns every result, the
 * warm-ups' first. For runs with untimed setup (a fresh page): `once` times its own work. Stops
 * early after a result for which `enough` is true (a run that hit a time cap).
 */
export async function repeatRuns<T>(
  runs: number,
  once: () => Promise<T>,
  enough: (result: T) => boolean = () => false,
): Promise<T[]> {
  const results: T[] = [];
  for (let i = 0; i < WARM_UPS + runs; i++) {
    const result = await once();
    results.push(result);
    if (enough(result)) break;
  }
  return results;
}

/** The median of `value` over the timed runs `repeatRuns` returned (over the warm-ups if it stopped among them). */
export function medianOfRuns<T>(results: readonly T[], value: (result: T) => number): number {
  const timed = results.length > WARM_UPS ? results.slice(WARM_UPS) : results;
  return median(timed.map(value));
}

/**
 * Resolves with the time at which the next frame's main-thread rendering (style, layout, paint) has
 * finished: a task queued from requestAnimationFrame runs after the rendering of that frame.
 */
export function frameRendered(): Promise<number> {
  return new Promise((resolve) =>
    requestAnimationFrame(() => setTimeout(() => resolve(performance.now()), 0)),
  );
}
