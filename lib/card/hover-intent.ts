/**
 * When the hover card opens and closes, as Wikipedia's Page Previews do it (the benchmark for
 * "context on hover"), and as WCAG 1.4.13 asks (dismissible, hoverable, persistent):
 *
 * - start loading after HOVER_INTENT_MS of hovering; a quick pass over a name shows nothing;
 * - show no sooner than `showDelayMs` after the pointer arrived;
 * - close CLOSE_DELAY_MS after the pointer has left both the name and the card, so the pointer
 *   can travel onto the card; no time-out while either is hovered;
 * - Escape closes at once; keyboard focus opens at once.
 *
 * Pure logic over injected timers, so it is tested without a browser.
 */

export const HOVER_INTENT_MS = 150; // Page Previews' intent delay: a pointer passing by stays under it
export const CLOSE_DELAY_MS = 300; // Page Previews' hide delay: time to move from the name to the card

/** Timer functions (the content-script context's, so they stop when the extension is updated). */
export interface Timers {
  setTimeout(callback: () => void, ms: number): number;
  clearTimeout(id: number | undefined): void;
  now(): number;
}

export interface HoverIntentCallbacks<T> {
  /** The reader is probably interested in `target`: fetch its data now. */
  load(target: T): void;
  /** Show the card for `target`. */
  show(target: T): void;
  /** Hide the card. */
  hide(): void;
}

/** Tracks one trigger at a time (a mention) and the card. */
export class HoverIntent<T> {
  private target: T | undefined;
  private shown: T | undefined;
  private onTrigger = false;
  private onCard = false;
  private intentTimer: number | undefined;
  private showTimer: number | undefined;
  private closeTimer: number | undefined;

  constructor(
    private readonly timers: Timers,
    private readonly callbacks: HoverIntentCallbacks<T>,
    private showDelayMs: number,
  ) {}

  /** The reader's hover-delay setting changed. */
  setShowDelay(ms: number): void {
    this.showDelayMs = ms;
  }

  /** The card currently shown, if any. */
  get current(): T | undefined {
    return this.shown;
  }

  /** The pointer arrived on a trigger. */
  enter(target: T): void {
    this.onTrigger = true;
    if (this.shown === target) {
      this.cancelClose();
      return;
    }
    this.clearPending();
    this.target = target;
    const arrivedAt = this.timers.now();
    this.intentTimer = this.timers.setTimeout(() => {
      this.intentTimer = undefined;
      this.callbacks.load(target);
      const wait = Math.max(0, arrivedAt + this.showDelayMs - this.timers.now());
      this.showTimer = this.timers.setTimeout(() => {
        this.showTimer = undefined;
        this.open(target);
      }, wait);
    }, HOVER_INTENT_MS);
  }

  /** The pointer left the trigger. */
  leave(target: T): void {
    if (this.target !== target && this.shown !== target) return;
    this.onTrigger = false;
    if (target !== this.shown) {
      // Left before its card showed: a pass, not a hover.
      this.clearPending();
      this.target = this.shown;
    }
    if (this.shown !== undefined) this.scheduleClose();
  }

  /** Keyboard focus reached a trigger (or the shortcut chose one): open at once. */
  focus(target: T): void {
    this.clearPending();
    this.cancelClose();
    this.target = target;
    this.callbacks.load(target);
    this.open(target);
  }

  /** The pointer moved onto the card. */
  enterCard(): void {
    this.onCard = true;
    this.cancelClose();
  }

  /** The pointer left the card. */
  leaveCard(): void {
    this.onCard = false;
    if (!this.onTrigger && this.shown !== undefined) this.scheduleClose();
  }

  /** Escape, the close button, or the shortcut: close now. */
  dismiss(): void {
    this.clearPending();
    this.cancelClose();
    this.target = undefined;
    this.onTrigger = false;
    this.onCard = false;
    if (this.shown !== undefined) {
      this.shown = undefined;
      this.callbacks.hide();
    }
  }

  /** Stops every timer (content script invalidated). */
  destroy(): void {
    this.clearPending();
    this.cancelClose();
  }

  private open(target: T) {
    this.shown = target;
    this.callbacks.show(target);
  }

  private scheduleClose() {
    this.cancelClose();
    this.closeTimer = this.timers.setTimeout(() => {
      this.closeTimer = undefined;
      // Stay while the pointer is on the card or back on its own name; on another name, this card
      // goes and that name's card comes in its own time.
      if (this.onCard || (this.onTrigger && this.target === this.shown)) return;
      this.shown = undefined;
      this.target = undefined;
      this.callbacks.hide();
    }, CLOSE_DELAY_MS);
  }

  private cancelClose() {
    this.timers.clearTimeout(this.closeTimer);
    this.closeTimer = undefined;
  }

  private clearPending() {
    this.timers.clearTimeout(this.intentTimer);
    this.timers.clearTimeout(this.showTimer);
    this.intentTimer = undefined;
    this.showTimer = undefined;
  }
}
