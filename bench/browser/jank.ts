/**
 * Watches for jank while work runs: long tasks (main-thread tasks over 50 ms, as the Long Tasks API
 * defines them) and long animation frames (frames whose tasks or rendering blocked input for more
 * than 50 ms at a stretch).
 *
 * Both are needed: Chromium reports a task as long only when script ran in it, so a frame whose
 * rendering alone takes 80 ms is no long task on a page with no requestAnimationFrame callback (as
 * the bench page). Long animation frames count the rendering our changes cause as well.
 */

/** What a watch saw. */
export interface Jank {
  /**
   * False where the browser has neither entry type (Firefox): every count below is then 0, and
   * the frame watch (watchFrames) is the only measure of a page that stopped painting.
   */
  reported: boolean;
  longTasks: number;
  /** The longest long task, 0 when there was none. */
  longestTaskMs: number;
  /** Frames with a blocking duration (a task or rendering past 50 ms). */
  longFrames: number;
  /** Their blocking time, summed: what input waited beyond 50 ms. */
  blockingMs: number;
}

/** A running watch. */
export interface JankWatch {
  /**
   * Stops watching; returns what overlapped the time from the watch's start until `before` (a
   * `performance.now()` time).
   */
  stop(before: number): Promise<Jank>;
}

interface LongAnimationFrame extends PerformanceEntry {
  blockingDuration: number;
}

/** Starts watching this page. */
export function watchJank(): JankWatch {
  const supported = PerformanceObserver.supportedEntryTypes;
  if (!supported.includes('longtask') || !supported.includes('long-animation-frame')) {
    const nothing: Jank = { reported: false, longTasks: 0, longestTaskMs: 0, longFrames: 0, blockingMs: 0 };
    return { stop: () => Promise.resolve(nothing) };
  }
  const since = performance.now();
  const entries: PerformanceEntry[] = [];
  const record = (list: PerformanceObserverEntryList) => entries.push(...list.getEntries());
  const tasks = new PerformanceObserver(record);
  tasks.observe({ entryTypes: ['longtask'] });
  const frames = new PerformanceObserver(record);
  frames.observe({ type: 'long-animation-frame' });
  return {
    async stop(before) {
      // The task that finished the work is still running when the caller gets here; its entry (if
      // it was long) exists only once it has ended, so let it end before taking the records.
      await new Promise((resolve) => setTimeout(resolve, 0));
      for (const observer of [tasks, frames]) {
        entries.push(...observer.takeRecords());
        observer.disconnect();
      }
      // Entries can arrive late: a frame that ended before the watch began may still be delivered.
      const seen = entries.filter(
        (entry) => entry.startTime + entry.duration > since && entry.startTime < before,
      );
      const longTasks = seen.filter((entry) => entry.entryType === 'longtask');
      const longFrames = seen.filter(
        (entry): entry is LongAnimationFrame =>
          entry.entryType === 'long-animation-frame' && (entry as LongAnimationFrame).blockingDuration > 0,
      );
      return {
        reported: true,
        longTasks: longTasks.length,
        longestTaskMs: Math.max(0, ...longTasks.map((entry) => entry.duration)),
        longFrames: longFrames.length,
        blockingMs: longFrames.reduce((sum, frame) => sum + frame.blockingDuration, 0),
      };
    },
  };
}

/** A running watch of the frames the page paints. */
export interface FrameWatch {
  /**
   * Stops watching; returns the longest time from `since` to `until` (`performance.now()` times)
   * in which no frame began: how long the page looked frozen. `until` should be a time at which
   * the last frame of the work has been rendered, so that frame's rendering counts too.
   */
  stop(since: number, until: number): number;
}

/**
 * Starts following frames with requestAnimationFrame. Long tasks and long animation frames miss a
 * page that does not paint while short tasks keep coming: Chromium runs `scheduler.yield()`
 * continuations ahead of rendering, and an 8 ms slice is no long task however many follow it.
 */
export function watchFrames(): FrameWatch {
  const frames: number[] = [];
  const onFrame = () => {
    frames.push(performance.now());
    handle = requestAnimationFrame(onFrame);
  };
  let handle = requestAnimationFrame(onFrame);
  return {
    stop(since, until) {
      cancelAnimationFrame(handle);
      const times = [since, ...frames.filter((time) => time > since && time < until), until];
      return Math.max(...times.slice(1).map((time, i) => time - times[i]!));
    },
  };
}
