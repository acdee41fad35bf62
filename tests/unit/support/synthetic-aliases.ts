import type { MatcherAlias } from '@/lib/match/matcher';
// The benchmark's seeded PRNG: the same seed gives the same aliases and texts on every run.
import { seededRandom } from '../../../bench/news-generator';

// Syllables that share prefixes (so aliases share trie paths), with diacritics, a unit that folds
// to two ("ß"), Cyrillic, and an apostrophe, the kinds of text the matcher folds.
const SYLLABLES = [
  'ka',
  'lo',
  'vi',
  'mar',
  'den',
  'sto',
  'ßa',
  'pré',
  'kel',
  'ru',
  'zän',
  'ти',
  'бор',
  'ї',
  'o’',
];
// What may stand between the words of an alias or of a text.
const SEPARATORS = [' ', ' ', ' ', '-', '\u00a0', ' – ', ', ', '. '];

/** `count` invented aliases: one to three words, mixed case rules, some texts shared by two entities. */
export function syntheticAliases(count: number, seed = 1): MatcherAlias[] {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const word = () => {
    let text = '';
    for (let i = 1 + Math.floor(random() * 3); i > 0; i--) text += pick(SYLLABLES);
    return random() < 0.7 ? text.charAt(0).toUpperCase() + text.slice(1) : text;
  };
  const aliases: MatcherAlias[] = [];
  while (aliases.length < count) {
    const words = Array.from({ length: 1 + Math.floor(random() * 3) }, word);
    const text = words.join(random() < 0.85 ? ' ' : '-');
    const entityId = `entity-${Math.floor(random() * (count / 3))}`;
    aliases.push({ text, entityId, caseSensitive: random() < 0.6 });
    // The same text for another entity, or in another case: the trie keeps both targets.
    if (random() < 0.05) aliases.push({ text: text.toUpperCase(), entityId, caseSensitive: true });
    if (random() < 0.05) aliases.push({ text, entityId: `${entityId}-other`, caseSensitive: false });
  }
  return aliases;
}

/** A text naming some of `aliases` (as written, upper- or lower-cased) among invented words. */
export function syntheticText(aliases: readonly MatcherAlias[], words: number, seed = 2): string {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  let text = '';
  for (let i = 0; i < words; i++) {
    const roll = random();
    const part =
      roll < 0.4
        ? pick(aliases).text
        : roll < 0.5
          ? pick(aliases).text.toLowerCase()
          : roll < 0.55
            ? pick(aliases).text.toUpperCase()
            : pick(SYLLABLES) + pick(SYLLABLES);
    text += part + pick(SEPARATORS);
  }
  return text;
}
