import { describe, expect, it } from 'vitest';
import { findPublishedDate } from '@/lib/page/published-date';

/** A page with `head` and `body` markup, as its own document. */
function page(head: string, body = '<p>Text</p>'): Document {
  return new DOMParser().parseFromString(
    `<!doctype html><html><head>${head}</head><body>${body}</body></html>`,
    'text/html',
  );
}

/** A JSON-LD script element holding `data` (or raw text, when a string). */
function jsonLd(data: unknown): string {
  const text = typeof data === 'string' ? data : JSON.stringify(data);
  return `<script type="application/ld+json">${text}</script>`;
}

describe('findPublishedDate: meta tags', () => {
  it('reads article:published_time and keeps the day as the publisher wrote it', () => {
    const doc = page('<meta property="article:published_time" content="2025-03-12T23:30:00-05:00">');
    expect(findPublishedDate(doc)).toBe('2025-03-12');
  });

  it('reads other common meta conventions', () => {
    expect(findPublishedDate(page('<meta itemprop="datePublished" content="2024-02-24">'))).toBe(
      '2024-02-24',
    );
    expect(findPublishedDate(page('<meta name="parsely-pub-date" content="2023-11-05T08:00:00Z">'))).toBe(
      '2023-11-05',
    );
  });

  it('prefers article:published_time over JSON-LD and the article’s <time>', () => {
    const doc = page(
      '<meta property="article:published_time" content="2025-03-12T09:00:00Z">' +
        jsonLd({ '@type': 'NewsArticle', datePublished: '2025-01-01' }),
      '<article><header><time datetime="2024-12-31">Dec 31</time></header></article>',
    );
    expect(findPublishedDate(doc)).toBe('2025-03-12');
  });

  it('skips a meta tag with an invalid date and uses the next source', () => {
    const doc = page(
      '<meta property="article:published_time" content="2025-02-30T10:00:00Z">' +
        jsonLd({ '@type': 'NewsArticle', datePublished: '2025-02-28T10:00:00Z' }),
    );
    expect(findPublishedDate(doc)).toBe('2025-02-28');
  });
});

describe('findPublishedDate: JSON-LD', () => {
  it('reads datePublished of a top-level object', () => {
    const doc = page(
      jsonLd({
        '@context': 'https://schema.org',
        '@type': 'NewsArticle',
        datePublished: '2025-03-12T09:00:00+02:00',
      }),
    );
    expect(findPublishedDate(doc)).toBe('2025-03-12');
  });

  it('reads datePublished inside @graph', () => {
    const doc = page(
      jsonLd({
        '@context': 'https://schema.org',
        '@graph': [
          { '@type': 'WebSite', name: 'News' },
          { '@type': 'NewsArticle', headline: 'Talks', datePublished: '2024-08-06' },
        ],
      }),
    );
    expect(findPublishedDate(doc)).toBe('2024-08-06');
  });

  it('reads datePublished inside a top-level array', () => {
    const doc = page(
      jsonLd([
        { '@type': 'BreadcrumbList', itemListElement: [] },
        { '@type': 'NewsArticle', datePublished: '2023-05-01T00:00:00Z' },
      ]),
    );
    expect(findPublishedDate(doc)).toBe('2023-05-01');
  });

  it('ignores a script with invalid JSON and reads the next one', () => {
    const doc = page(
      jsonLd('{ "datePublished": "2020-01-01", oops }') + jsonLd({ datePublished: '2022-02-24' }),
    );
    expect(findPublishedDate(doc)).toBe('2022-02-24');
  });

  it('ignores invalid and non-string datePublished values', () => {
    expect(findPublishedDate(page(jsonLd({ datePublished: '2025-13-01' })))).toBeUndefined();
    expect(findPublishedDate(page(jsonLd({ datePublished: 20250312 })))).toBeUndefined();
    expect(findPublishedDate(page(jsonLd({ datePublished: 'yesterday' })))).toBeUndefined();
  });

  it('reads past a page’s huge JSON-LD list without failing', () => {
    const huge = jsonLd(new Array(1_000_000).fill(0));
    expect(findPublishedDate(page(huge + jsonLd({ datePublished: '2025-05-01' })))).toBe('2025-05-01');
    expect(findPublishedDate(page(huge))).toBeUndefined();
  });

  it('ignores scripts that are not JSON-LD', () => {
    const doc = page('<script type="application/json">{"datePublished": "2021-06-01"}</script>');
    expect(findPublishedDate(doc)).toBeUndefined();
  });
});

describe('findPublishedDate: <time> in the article', () => {
  it('reads the datetime of a <time> in the article’s header', () => {
    const doc = page(
      '',
      '<article><header><h1>Talks</h1><time datetime="2025-03-12T09:00:00Z">12 March</time></header><p>Body</p></article>',
    );
    expect(findPublishedDate(doc)).toBe('2025-03-12');
  });

  it('prefers a <time> marked as datePublished over other times', () => {
    const doc = page(
      '',
      '<header><time datetime="2025-04-01">Today</time></header>' +
        '<article><p>Published <time itemprop="datePublished" datetime="2025-03-30">30 March</time></p></article>',
    );
    expect(findPublishedDate(doc)).toBe('2025-03-30');
  });

  it('prefers the article’s header over a date in the site’s header that comes first', () => {
    // Many news sites show today's date in their masthead, above the article.
    const doc = page(
      '',
      '<header class="masthead"><time datetime="2025-04-01">Tuesday, 1 April 2025</time></header>' +
        '<main><article><header><h1>Talks</h1><time datetime="2025-03-12T09:00:00Z">12 March</time></header>' +
        '<p>Body</p></article></main>',
    );
    expect(findPublishedDate(doc)).toBe('2025-03-12');
  });

  it('rejects an impossible datetime', () => {
    const doc = page(
      '',
      '<article><header><time datetime="2025-02-29">29 February</time></header></article>',
    );
    expect(findPublishedDate(doc)).toBeUndefined();
  });

  it('ignores a <time> without a datetime attribute', () => {
    const doc = page('', '<article><header><time>12 March 2025</time></header></article>');
    expect(findPublishedDate(doc)).toBeUndefined();
  });
});

describe('findPublishedDate: nothing found', () => {
  it('returns undefined for a page without any date', () => {
    expect(findPublishedDate(page('<title>News</title><meta name="description" content="2025-03-12">'))).toBe(
      undefined,
    );
  });

  it('returns undefined when every source holds something that is not a date', () => {
    const doc = page(
      '<meta property="article:published_time" content="soon">' + jsonLd({ datePublished: '' }),
      '<article><header><time datetime="not-a-date">?</time></header></article>',
    );
    expect(findPublishedDate(doc)).toBeUndefined();
  });
});
