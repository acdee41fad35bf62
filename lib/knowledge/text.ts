/** The first `count` sentences of `text`, for short summaries (the card shows two of a background's five). */
export function firstSentences(text: string, count: number, locale = 'en'): string {
  const Segmenter = (Intl as { Segmenter?: typeof Intl.Segmenter }).Segmenter;
  if (Segmenter) {
    const sentences = [...new Segmenter(locale, { granularity: 'sentence' }).segment(text)].map(
      (s) => s.segment,
    );
    return sentences.slice(0, count).join('').trim();
  }
  const sentences = text.match(/[^.!?]+[.!?]+(\s+|$)/g) ?? [text];
  return sentences.slice(0, count).join('').trim();
}

/** A source URL's site, for compact source labels: "https://en.wikipedia.org/wiki/Kyiv" → "en.wikipedia.org". */
export function siteOf(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return url;
  }
}
