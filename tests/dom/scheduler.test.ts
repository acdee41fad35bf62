import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runSliced } from '@/lib/highlight/scheduler';

/**
 * A page whose frames come only when the test says: the clock moves when work runs or a frame is
 * painted, requestAnimationFrame callbacks wait for `paintFrame()`, and every yield is recorded as
 * `scheduler.yield()` ('yield', which Chromium runs ahead of rendering) or a plain task ('task').
 */
let now = 0;
let frameCallbacks: FrameRequestCallback[] = [];
let yields: ('yield' | 'task')[] = [];

function paintFrame() {
  now += 1;
  const callbacks = frameCallbacks;
  frameCallbacks = [];
  for (const callback of callbacks) callback(now);
}

/** Work of `total` steps, each taking 4 ms of the clock; `during(step)` runs after each. */
function work(total: number, during: (step: number) => void = () => {}) {
  const state = { steps: 0 };
  const step = () => {
    now += 4;
    state.steps++;
    during(state.steps);
    return state.steps < total;
  };
  return { state, step };
}

beforeEach(() => {
  now = 0;
  frameCallbacks = [];
  yields = [];
  vi.spyOn(performance, 'now').mockImplementation(() => now);
  vi.stubGlobal('requestAnimationFrame', (callback: FrameRequestCallback) => {
    frameCallbacks.push(callback);
    return frameCallbacks.length;
  });
  vi.stubGlobal('cancelAnimationFrame', () => {
    frameCallbacks = [];
  });
  vi.stubGlobal('scheduler', {
    yield: () => {
      yields.push('yield');
      return Promise.resolve();
    },
  });
  const RealMessageChannel = MessageChannel;
  vi.stubGlobal(
    'MessageChannel',
    class extends RealMessageChannel {
      constructor() {
        super();
        yields.push('task');
      }
    },
  );
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe('runSliced lets the page paint while it works', () => {
  it('yields with plain tasks, which let the browser render first, once paintEveryMs pass without a frame', async () => {
    // Slices of two 4 ms steps; a frame is painted after the 6th step (24 ms) and no other.
    const { state, step } = work(12, (n) => n === 6 && paintFrame());
    await runSliced(step, { signal: new AbortController().signal, budgetMs: 8, paintEveryMs: 16 });
    expect(state.steps).toBe(12);
    expect(yields).toEqual([
      'yield', // 8 ms since the work began
      'task', // 16 ms: a frame is owed
      'yield', // a frame was painted during the third slice, 0 ms ago
      'yield', // 8 ms since it
      'task', // 16 ms
    ]);
    expect(frameCallbacks).toEqual([]); // the frame watch ends with the work
  });

  it('keeps to scheduler.yield while the browser paints by itself', async () => {
    const { state, step } = work(40, (n) => n % 3 === 0 && paintFrame()); // a frame every 12 ms
    await runSliced(step, { signal: new AbortController().signal, budgetMs: 8, paintEveryMs: 16 });
    expect(state.steps).toBe(40);
    // Frames are followed from 16 ms on: the first check cannot know of the frame at 12 ms.
    expect(yields.slice(0, 2)).toEqual(['yield', 'task']);
    expect(yields.length).toBeGreaterThan(10);
    expect(yields.slice(2).every((kind) => kind === 'yield')).toBe(true);
  });

  it('work shorter than paintEveryMs requests no frame', async () => {
    const requested = vi.fn();
    vi.stubGlobal('requestAnimationFrame', requested);
    const { state, step } = work(7); // 28 ms in four slices
    await runSliced(step, { signal: new AbortController().signal, budgetMs: 8, paintEveryMs: 33 });
    expect(state.steps).toBe(7);
    expect(yields).toEqual(['yield', 'yield', 'yield']);
    expect(requested).not.toHaveBeenCalled();
  });

  it('goes on with plain tasks in a tab that paints no frame at all (hidden)', async () => {
    const { state, step } = work(40);
    await runSliced(step, { signal: new AbortController().signal, budgetMs: 8, paintEveryMs: 16 });
    expect(state.steps).toBe(40);
    expect(yields.slice(1).every((kind) => kind === 'task')).toBe(true);
  });

  it('work done in one slice yields nothing and starts no frame watch', async () => {
    const { state, step } = work(1);
    await runSliced(step, { signal: new AbortController().signal });
    expect(state.steps).toBe(1);
    expect(yields).toEqual([]);
    expect(frameCallbacks).toEqual([]);
  });

  it('stops at an abort between slices', async () => {
    const controller = new AbortController();
    const { state, step } = work(40, (n) => n === 5 && controller.abort());
    await runSliced(step, { signal: controller.signal, budgetMs: 8, paintEveryMs: 16 });
    expect(state.steps).toBe(6); // the slice under way ends; no other starts
  });
});
