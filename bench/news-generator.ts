/**
 * Deterministic generated news: sentences that read like war coverage, naming the dataset's
 * entities at a realistic density (a few names per sentence), as plain text or as an article page.
 * Same seed, same text: benchmark runs compare like with like.
 */

/** A small, fast, seeded PRNG (mulberry32). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FILLER = (
  'officials said the talks would continue next week while analysts warned that the situation on the front ' +
  'remained difficult and that any agreement would need guarantees from partners who have so far been ' +
  'reluctant to commit troops or money for reconstruction after months of heavy fighting along the line ' +
  'where villages changed hands several times and civilians fled towards larger towns in the west'
).split(' ');
const VERBS = ['said', 'warned', 'announced', 'denied', 'confirmed', 'insisted', 'suggested', 'reported'];
const LINKS = ['after meeting', 'in a call with', 'days after', 'despite objections from', 'together with'];

/** Generates about `chars` characters of news text naming `names` (aliases from the dataset). */
export function generateNewsText(names: readonly string[], chars: number, seed = 1): string[] {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const paragraphs: string[] = [];
  let total = 0;
  while (total < chars) {
    const sentences: string[] = [];
    const count = 3 + Math.floor(random() * 4);
    for (let s = 0; s < count; s++) {
      const filler = Array.from({ length: 8 + Math.floor(random() * 14) }, () => pick(FILLER)).join(' ');
      sentences.push(`${pick(names)} ${pick(VERBS)} ${pick(LINKS)} ${pick(names)} that ${filler}.`);
    }
    const paragraph = sentences.join(' ');
    paragraphs.push(paragraph);
    total += paragraph.length + 2;
  }
  return paragraphs;
}

/** A whole article page (headline, byline, paragraphs, a sidebar and a footer) of about `chars` characters. */
export function generateNewsPage(names: readonly string[], chars: number, seed = 1): string {
  const paragraphs = generateNewsText(names, chars, seed);
  const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const body = paragraphs
    .map((p, i) =>
      i % 9 === 4 ? `<h2>${escape(p.slice(0, 60))}</h2>\n<p>${escape(p)}</p>` : `<p>${escape(p)}</p>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Generated news (${chars} chars)</title>
<meta property="article:published_time" content="2025-03-12T09:00:00Z"></head>
<body><header><nav><a href="#">World</a> <a href="#">Europe</a> <a href="#">Ukraine war</a></nav></header>
<main><article><h1>${escape(paragraphs[0]!.slice(0, 80))}</h1><p class="byline">By a staff reporter</p>
${body}
</article><aside><h3>Most read</h3><ul>${paragraphs
    .slice(0, 5)
    .map((p) => `<li><a href="#">${escape(p.slice(0, 70))}</a></li>`)
    .join('')}</ul></aside></main>
<footer><p>© Generated News</p></footer></body></html>`;
}

/** `count` invented names that occur nowhere in real text but share its letters and shapes. */
export function syntheticAliases(count: number, seed = 7): string[] {
  const random = seededRandom(seed);
  const syllables = [
    'ka',
    'lo',
    'vi',
    'mar',
    'den',
    'sto',
    'pra',
    'kel',
    'ru',
    'zan',
    'ti',
    'bor',
    'pe',
    'sha',
    'no',
    'gra',
  ];
  const word = () => {
    const length = 2 + Math.floor(random() * 3);
    let w = '';
    for (let i = 0; i < length; i++) w += syllables[Math.floor(random() * syllables.length)];
    return w.charAt(0).toUpperCase() + w.slice(1);
  };
  const names = new Set<string>();
  while (names.size < count) names.add(random() < 0.5 ? word() : `${word()} ${word()}`);
  return [...names];
}
