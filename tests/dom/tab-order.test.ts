import { afterEach, describe, expect, it } from 'vitest';
import { nextTabStop } from '@/lib/card/tab-order';

/** Replaces the page's body with `markup` (parsed, never assigned as HTML to a live element). */
function setBody(markup: string): void {
  const parsed = new DOMParser().parseFromString(`<body>${markup}</body>`, 'text/html');
  document.body.replaceChildren(...parsed.body.childNodes);
}

afterEach(() => document.body.replaceChildren());

describe('nextTabStop: where Tab goes after the name a card belongs to', () => {
  it('skips what is before, inside, disabled, out of the Tab order, inert or in our own UI', () => {
    setBody(
      '<a href="#before">before</a>' +
        '<p><mark id="from" tabindex="0">Putin <a href="#inside">inside</a></mark> spoke' +
        '<button disabled>disabled</button><span tabindex="-1">not a stop</span>' +
        '<span inert><a href="#inert">inert</a></span></p>' +
        '<div id="ui"><button>ours</button></div>' +
        '<p><a id="next" href="#next">next</a><button>after</button></p>',
    );
    const from = document.getElementById('from')!;
    expect(nextTabStop(document, from, document.getElementById('ui')!)?.id).toBe('next');
  });

  it('finds nothing after the last stop', () => {
    setBody('<a href="#a">a</a><mark id="from" tabindex="0">Kyiv</mark>');
    expect(nextTabStop(document, document.getElementById('from')!)).toBeUndefined();
  });

  it('goes into and out of web components (open shadow roots) in page order', () => {
    setBody(
      '<a href="#a">a</a><p><mark id="from" tabindex="0">Kyiv</mark></p><x-story id="story"></x-story><a id="after" href="#after">after</a>',
    );
    const root = document.getElementById('story')!.attachShadow({ mode: 'open' });
    const inside = document.createElement('mark');
    inside.tabIndex = 0;
    inside.textContent = 'Putin';
    root.append(inside);
    const from = document.getElementById('from')!;
    expect(nextTabStop(document, from, undefined, [root])).toBe(inside);
    expect(nextTabStop(document, inside, undefined, [root])?.id).toBe('after');
    expect(nextTabStop(document, from)?.id).toBe('after'); // without the roots, only the page's own stops
  });
});
