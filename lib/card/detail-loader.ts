/**
 * The hover card's entity details, asked of the background once per entity per page (hovering the
 * same name again shows its card at once). A background that has not answered within
 * LOAD_TIMEOUT_MS is not going to (it was stopped mid-answer, or the extension was updated under
 * the page): the load fails then, so the card says so instead of spinning for ever. A failure is
 * not remembered: the next hover asks again.
 *
 * Pure logic over injected timers, so it is tested without a browser.
 */
import type { Timers } from './hover-intent.ts';

export const LOAD_TIMEOUT_MS = 5000;

/**
 * Returns a loader for `fetchDetail`, whose answer is the detail, or null when the background
 * answered that it has none (or answered with an error). The loader's promise rejects, naming the
 * wait, when no answer came in time, and with the fetch's own error when it failed.
 */
export function createDetailLoader<D>(
  fetchDetail: (entityId: string) => Promise<D | null>,
  timers: Pick<Timers, 'setTimeout' | 'clearTimeout'>,
  timeoutMs = LOAD_TIMEOUT_MS,
): (entityId: string) => Promise<D | null> {
  const loaded = new Map<string, Promise<D | null>>();
  return (entityId) => {
    let pending = loaded.get(entityId);
    if (!pending) {
      pending = withTimeout(fetchDetail(entityId), timeoutMs, timers);
      loaded.set(entityId, pending);
      const forget = () => {
        if (loaded.get(entityId) === pending) loaded.delete(entityId);
      };
      pending.then((detail) => detail ?? forget(), forget);
    }
    return pending;
  };
}

/** `promise`, or a rejection once `ms` have passed without an answer. */
function withTimeout<T>(
  promise: Promise<T>,
  ms: number,
  timers: Pick<Timers, 'setTimeout' | 'clearTimeout'>,
) {
  return new Promise<T>((resolve, reject) => {
    const timer = timers.setTimeout(() => reject(new Error(`No answer within ${ms} ms`)), ms);
    promise.then(
      (value) => {
        timers.clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        timers.clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
