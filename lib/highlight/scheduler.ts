/**
 * Runs long work in slices so the page never freezes: each slice stops when its time budget is
 * spent and the rest continues after the browser has had a turn (input, rendering, the page's own
 * scripts). No task of ours comes near the 50 ms that makes a long task, and the page keeps
 * painting while we work.
 */

export const SLICE_BUDGET_MS = 8; // half a 60 Hz frame, leaving the rest to the page

/** One frame at 60 Hz. */
export const FRAME_MS = 1000 / 60;

export interface SliceOptions {
  /** Stops the work (without error) between slices. */
  signal: AbortSignal;
  /** The most a slice may run before it yields. */
  budgetMs?: number;
  /**
   * How long our slices may run without the page painting a frame before they make way for one.
   * What our work costs that frame (the layout of inline marks) adds to its length, so renderers
   * that edit the page ask for less than those that do not.
   */
  paintEveryMs?: number;
}

/** The scheduler API, where the browser has it. */
interface TaskScheduler {
  yield?: () => Promise<void>;
}

/**
 * Waits for the browser to have a turn: `scheduler.yield()` where available (its continuation runs
 * before other tasks, so our work is not held up behind the page's), else a plain task.
 */
export function yieldToBrowser(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: TaskScheduler }).scheduler;
  if (scheduler?.yield) return scheduler.yield();
  return nextTask();
}

/**
 * A plain new task, which the browser runs after any rendering that is due: a MessageChannel
 * message (unlike setTimeout(0), not clamped to 4 ms, nor throttled in background tabs).
 */
function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/**
 * Follows the page's frames while work runs, through requestAnimationFrame. A hidden tab paints
 * none, and then the time since the last frame only grows: the work goes on with plain tasks.
 */
function startFrameClock(workStart: number): { sinceFrame(): number; stop(): void } | undefined {
  const { requestAnimationFrame: request, cancelAnimationFrame: cancel } = globalThis;
  if (typeof request !== 'function') return undefined;
  let frameStart = workStart;
  const onFrame = () => {
    frameStart = performance.now();
    handle = request(onFrame);
  };
  let handle = request(onFrame);
  return {
    sinceFrame: () => performance.now() - frameStart,
    stop: () => cancel(handle),
  };
}

/**
 * Calls `step` until it returns false, in slices of at most `budgetMs`, yielding between slices.
 * Stops early (without error) when `signal` aborts.
 *
 * Browsers run `scheduler.yield()` continuations ahead of rendering: over 400 ms of 8 ms slices
 * Chromium painted 3 frames (Firefox 11), against 24 (18) with plain tasks, and a 1 MB page with
 * inline marks stayed frozen for its whole first scan, then spent 110 ms laying it out in one
 * frame. So once `paintEveryMs` have passed without a frame, slices yield with a plain task, which
 * the browser runs after the frame it owes.
 */
export async function runSliced(
  step: () => boolean,
  { signal, budgetMs = SLICE_BUDGET_MS, paintEveryMs = 3 * FRAME_MS }: SliceOptions,
): Promise<void> {
  const workStart = performance.now();
  let frames: ReturnType<typeof startFrameClock>;
  let more = true;
  try {
    while (more && !signal.aborted) {
      const sliceEnd = performance.now() + budgetMs;
      do {
        more = step();
      } while (more && performance.now() < sliceEnd);
      if (!more) break;
      // Frames are followed only once the work has run that long: shorter work requests none.
      if (performance.now() - workStart >= paintEveryMs) frames ??= startFrameClock(workStart);
      if (frames && frames.sinceFrame() >= paintEveryMs) await nextTask();
      else await yieldToBrowser();
    }
  } finally {
    frames?.stop();
  }
}
