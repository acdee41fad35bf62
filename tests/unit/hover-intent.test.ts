import { describe, expect, it } from 'vitest';
import { CLOSE_DELAY_MS, HOVER_INTENT_MS, HoverIntent } from '@/lib/card/hover-intent';
import { fakeTimers } from './support/fake-timers';

function setup(showDelay = 500) {
  const { timers, advance } = fakeTimers();
  const log: string[] = [];
  const intent = new HoverIntent<string>(
    timers,
    { load: (t) => log.push(`load ${t}`), show: (t) => log.push(`show ${t}`), hide: () => log.push('hide') },
    showDelay,
  );
  return { intent, advance, log };
}

describe('hover intent (Page Previews timing, WCAG 1.4.13)', () => {
  it('loads after the intent delay and shows no sooner than the show delay', () => {
    const { intent, advance, log } = setup();
    intent.enter('putin');
    advance(HOVER_INTENT_MS - 1);
    expect(log).toEqual([]);
    advance(1);
    expect(log).toEqual(['load putin']);
    advance(500 - HOVER_INTENT_MS - 1);
    expect(log).toEqual(['load putin']);
    advance(1);
    expect(log).toEqual(['load putin', 'show putin']);
  });

  it('shows nothing for a quick pass over a name', () => {
    const { intent, advance, log } = setup();
    intent.enter('putin');
    advance(100);
    intent.leave('putin');
    advance(2000);
    expect(log).toEqual([]);
  });

  it('does not show when the pointer leaves after loading began but before the show delay', () => {
    const { intent, advance, log } = setup();
    intent.enter('putin');
    advance(300);
    intent.leave('putin');
    advance(2000);
    expect(log).toEqual(['load putin']);
  });

  it('stays open while the pointer moves onto the card, with no time-out while hovered', () => {
    const { intent, advance, log } = setup();
    intent.enter('putin');
    advance(600);
    intent.leave('putin');
    advance(CLOSE_DELAY_MS - 50);
    intent.enterCard();
    advance(60_000);
    expect(log).toEqual(['load putin', 'show putin']);
    intent.leaveCard();
    advance(CLOSE_DELAY_MS);
    expect(log).toEqual(['load putin', 'show putin', 'hide']);
  });

  it('closes about 300 ms after the pointer leaves the name', () => {
    const { intent, advance, log } = setup();
    intent.enter('putin');
    advance(600);
    intent.leave('putin');
    advance(CLOSE_DELAY_MS - 1);
    expect(log).not.toContain('hide');
    advance(1);
    expect(log).toContain('hide');
  });

  it('closes at once on Escape, and opens at once on keyboard focus', () => {
    const { intent, advance, log } = setup();
    intent.focus('kyiv');
    expect(log).toEqual(['load kyiv', 'show kyiv']);
    intent.dismiss();
    expect(log).toEqual(['load kyiv', 'show kyiv', 'hide']);
    advance(5000);
    expect(log).toHaveLength(3);
  });

  it('moves from one name to another: the first card goes, the second comes in its own time', () => {
    const { intent, advance, log } = setup();
    intent.enter('putin');
    advance(600);
    intent.leave('putin');
    intent.enter('trump');
    advance(CLOSE_DELAY_MS);
    expect(log).toEqual(['load putin', 'show putin', 'load trump', 'hide']);
    advance(500);
    expect(log).toEqual(['load putin', 'show putin', 'load trump', 'hide', 'show trump']);
  });

  it('a quick pass over a second name does not leave the first card open for ever', () => {
    const { intent, advance, log } = setup();
    intent.enter('putin');
    advance(600);
    intent.leave('putin');
    intent.enter('trump');
    advance(50);
    intent.leave('trump');
    advance(2000);
    expect(log).toEqual(['load putin', 'show putin', 'hide']);
  });

  it('uses the reader’s hover delay', () => {
    const { intent, advance, log } = setup(1000);
    intent.enter('putin');
    advance(999);
    expect(log).toEqual(['load putin']);
    advance(1);
    expect(log).toEqual(['load putin', 'show putin']);
  });
});
