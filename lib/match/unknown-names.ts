/**
 * Finds capitalised names in text that no mention covers: the curation hint `npm run scan` prints
 * ("Marc Fogel appears 3 times and we know nothing about him"). A heuristic, tuned to miss
 * sentence-initial ordinary words rather than to catch every name.
 */
import type { Mention } from './matcher.ts';

// A capitalised word (any script), allowing inner apostrophes and hyphens: "O'Brien", "Lvova-Belova".
const CAPITALISED_WORD = /\p{Lu}[\p{L}\p{M}]*(?:['’\-‑]\p{L}[\p{L}\p{M}]*)*\.?/gu;
// Small words that may sit inside a name: "Mohammed bin Salman", "Ursula von der Leyen".
const CONNECTORS = new Set(['bin', 'von', 'der', 'de', 'da', 'del', 'van', 'al', 'la', 'le', 'of', 'the']);
// Capitalised only because they start a sentence or are everyday words in headlines.
const COMMON_WORDS = new Set(
  (
    'The A An In On At It Its He She They We I You This That These Those But And Or If As For With By From To Of ' +
    'After Before When While Where What Who Why How Mr Mrs Ms Dr Sir There Here Then Now Also Still Yet So Not No Yes ' +
    'His Her Their Our My Your Some Many Most Monday Tuesday Wednesday Thursday Friday Saturday Sunday January ' +
    'February March April May June July August September October November December President Minister Prime ' +
    'Foreign Defence Defense Secretary General Army Government Officials Official Read More Share Advertisement ' +
    // Nationality adjectives ("US and Russian presidents"): the country is the entity, not the word.
    'Russian Russians Ukrainian Ukrainians American Americans European Europeans British French German ' +
    'Polish Chinese Belarusian Turkish Saudi Hungarian Finnish Swedish Italian Georgian Moldovan Iranian'
  ).split(' '),
);

/** Capitalised names in `text` not covered by `mentions`, as written (trailing full stops removed). */
export function findUnknownNames(text: string, mentions: readonly Mention[]): string[] {
  const names: string[] = [];
  const words = [...text.matchAll(CAPITALISED_WORD)].map((m) => ({
    word: m[0],
    start: m.index,
    end: m.index + m[0].length,
  }));
  let i = 0;
  while (i < words.length) {
    const first = words[i]!;
    let end = first.end;
    let parts = [first.word];
    let j = i + 1;
    // Extend the run while the next capitalised word follows after one space or after connectors.
    while (j < words.length && !first.word.endsWith('.')) {
      const gap = text.slice(end, words[j]!.start);
      const connectorGap = gap.split(' ').slice(1, -1);
      if (
        gap !== ' ' &&
        !(gap.startsWith(' ') && gap.endsWith(' ') && connectorGap.every((w) => CONNECTORS.has(w)))
      )
        break;
      if (parts[parts.length - 1]!.endsWith('.')) break;
      parts = [...parts, ...connectorGap, words[j]!.word];
      end = words[j]!.end;
      j++;
    }
    const covered = mentions.some((m) => m.start < end && m.end > first.start);
    const name = parts.join(' ').replace(/\.$/, '');
    const atSentenceStart = /(^|[.!?:;"“«]\s*)$/.test(text.slice(0, first.start));
    const singleCommon = parts.length === 1 && (COMMON_WORDS.has(name) || atSentenceStart || name.length < 2);
    if (!covered && !singleCommon && !parts.every((p) => COMMON_WORDS.has(p.replace(/\.$/, ''))))
      names.push(name);
    i = j;
  }
  return names;
}
