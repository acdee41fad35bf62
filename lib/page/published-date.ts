/**
 * When was this article published? Read from the page's own metadata, in the order news sites are
 * most reliable about: Open Graph article tags, JSON-LD, other meta conventions, then a <time> in
 * the article's header. Returns the day as written by the publisher (YYYY-MM-DD).
 */

const META_SELECTORS = [
  'meta[property="article:published_time"]',
  'meta[name="article:published_time"]',
  'meta[property="og:published_time"]',
  'meta[itemprop="datePublished"]',
  'meta[name="datePublished"]',
  'meta[name="pubdate"]',
  'meta[name="publishdate"]',
  'meta[name="date"]',
  'meta[name="dc.date"]',
  'meta[name="DC.date.issued"]',
  'meta[name="parsely-pub-date"]',
  'meta[name="sailthru.date"]',
];

/** <time> elements that may carry the publication date, most reliable first. */
const TIME_SELECTORS = [
  'time[itemprop="datePublished"], time[pubdate]',
  'article header time[datetime]',
  'header time[datetime]',
  'article time[datetime]',
];

const DAY = /^(\d{4})-(\d{2})-(\d{2})/;

/** "2025-03-12T09:00:00Z" → "2025-03-12"; undefined for anything that is not a real date. */
export function dayOf(value: string | null | undefined): string | undefined {
  const match = DAY.exec(value?.trim() ?? '');
  if (!match) return undefined;
  const [, y, m, d] = match;
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  return date.getUTCMonth() === Number(m) - 1 && date.getUTCDate() === Number(d)
    ? `${y}-${m}-${d}`
    : undefined;
}

/** How many JSON-LD values a script is searched through for its date (every value counts). */
const MAX_JSON_LD_ITEMS = 10_000;

function fromJsonLd(document: Document): string | undefined {
  for (const script of document.querySelectorAll('script[type="application/ld+json"]')) {
    let data: unknown;
    try {
      data = JSON.parse(script.textContent ?? '');
    } catch {
      continue;
    }
    // Breadth first, the page's top-level items before nested ones. Read by index and added one by
    // one: a page's own list of a million items must neither overflow the stack (push(...item)) nor
    // be shifted a million times; nor is it read further than any real article's metadata goes.
    const queue: unknown[] = [data];
    for (let next = 0; next < queue.length && next < MAX_JSON_LD_ITEMS; next++) {
      const item = queue[next];
      if (Array.isArray(item)) for (const inner of item) queue.push(inner);
      else if (item && typeof item === 'object') {
        const record = item as Record<string, unknown>;
        const day = typeof record.datePublished === 'string' ? dayOf(record.datePublished) : undefined;
        if (day) return day;
        if (record['@graph']) queue.push(record['@graph']);
      }
    }
  }
  return undefined;
}

/** The page's publication day, if its metadata says. */
export function findPublishedDate(document: Document): string | undefined {
  for (const selector of META_SELECTORS) {
    const day = dayOf(document.querySelector(selector)?.getAttribute('content'));
    if (day) return day;
  }
  const fromLd = fromJsonLd(document);
  if (fromLd) return fromLd;
  // One query per selector: a selector list matches in document order, so a masthead's "today"
  // in the site's <header> would otherwise win over the article's own header.
  for (const selector of TIME_SELECTORS) {
    const day = dayOf(document.querySelector(selector)?.getAttribute('datetime'));
    if (day) return day;
  }
  return undefined;
}
