/**
 * Runs long work in slices so the page never freezes: each slice stops when its time budget is
 * spent and the rest continues after the browser has had a turn (input, rendering, the page's own
 * scripts). No task of ours comes near the 50 ms that makes a long task.
 */

export const SLICE_BUDGET_MS = 8; // half a 60 Hz frame, leaving the rest to the page

/** Waits for the browser to have a turn: `scheduler.yield()` where available, else a macrotask. */
export function yieldToBrowser(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (scheduler?.yield) return scheduler.yield();
  return new Promise((resolve) => {
    // A MessageChannel message is a macrotask that, unlike setTimeout(0), is not clamped to 4 ms.
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/**
 * Calls `step` until it returns false, in slices of at most `budgetMs`, yielding between slices.
 * Stops early (without error) when `signal` aborts.
 */
export async function runSliced(
  step: () => boolean,
  signal: AbortSignal,
  budgetMs = SLICE_BUDGET_MS,
): Promise<void> {
  let more = true;
  while (more && !signal.aborted) {
    const sliceEnd = performance.now() + budgetMs;
    do {
      more = step();
    } while (more && performance.now() < sliceEnd);
    if (more) await yieldToBrowser();
  }
}
