import { afterEach, describe, expect, it } from 'vitest';
import { elementAtStart } from '@/lib/highlight/renderer';

afterEach(() => document.body.replaceChildren());

describe('the element a mention scrolls to', () => {
  it('is the first mark when the range starts just before it (inline marks)', () => {
    const p = document.createElement('p');
    const mark = document.createElement('mark');
    mark.textContent = 'Putin';
    p.append('Said ', mark, ' today.');
    document.body.append(p);
    const range = document.createRange();
    range.setStartBefore(mark);
    range.setEndAfter(mark);
    expect(elementAtStart(range)).toBe(mark);
  });

  it('is the element holding the text otherwise (Highlight API)', () => {
    const p = document.createElement('p');
    const bold = document.createElement('b');
    bold.textContent = 'Vladimir Putin';
    p.append('Said ', bold);
    document.body.append(p);
    const range = document.createRange();
    range.setStart(bold.firstChild!, 0);
    range.setEnd(bold.firstChild!, 8);
    expect(elementAtStart(range)).toBe(bold);
  });
});
