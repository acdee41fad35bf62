/**
 * Character folding for matching. News text writes the same name many ways: "Zaporizhzhia" and
 * "Zaporížzhia", "Putin's" and "Putin’s", "Zaporizhzhia nuclear-power plant" with a non-breaking
 * hyphen, a soft hyphen inside "Zelen\u00ADsky". Folding maps every UTF-16 unit to what the matcher
 * compares, one unit at a time, so offsets into the original text are never lost.
 */

/** What a unit folds to when it separates words (spaces of every kind, hyphens and dashes). */
export const SEPARATOR = 0x20;
/** Marker: the unit is invisible for matching (soft hyphen, zero-width characters). */
export const IGNORABLE = -1;
/** Marker: the unit folds to more than one unit (e.g. "ß" → "ss"); see `foldedString`. */
export const MULTI = -2;

const IGNORABLES = new Set([0x00ad, 0x034f, 0x180e, 0x200b, 0x200c, 0x200d, 0x2060, 0xfeff]);
const SEPARATORS = new Set([
  0x2d, // hyphen-minus
  0x2010,
  0x2011,
  0x2012,
  0x2013,
  0x2014,
  0x2015,
  0x2212,
  0xfe58,
  0xfe63,
  0xff0d, // hyphens and dashes
]);
// Typographic apostrophes and look-alikes (Ukrainian text often uses U+02BC) all compare as "'".
const APOSTROPHES = new Set([0x2019, 0x2018, 0x02bc, 0x02b9, 0x2032, 0x00b4, 0x0060, 0xff07, 0x201b]);
// Letters that Unicode decomposition does not reduce to a base letter.
const SPECIAL_LETTERS: Record<string, string> = {
  ß: 'ss',
  ẞ: 'SS',
  ł: 'l',
  Ł: 'L',
  ø: 'o',
  Ø: 'O',
  đ: 'd',
  Đ: 'D',
  ı: 'i',
  æ: 'ae',
  Æ: 'AE',
  œ: 'oe',
  Œ: 'OE',
};
const COMBINING_MARKS = /\p{M}/gu;
const WHITESPACE = /^\s$/u;
const WORD_CHARACTER = /^[\p{L}\p{N}\p{M}]$/u;

// Per-unit caches, filled on first sight: most pages use a few hundred distinct characters, so this
// costs far less at start-up than precomputing all 65,536.
const NOT_COMPUTED = -3;
const foldedLower = new Int32Array(0x10000).fill(NOT_COMPUTED);
const foldedCased = new Int32Array(0x10000).fill(NOT_COMPUTED);
const multiLower = new Map<number, string>();
const multiCased = new Map<number, string>();
const wordClass = new Uint8Array(0x10000); // 0 unknown, 1 word, 2 not a word

function computeFold(unit: number, lower: boolean): string {
  if (IGNORABLES.has(unit) || (unit >= 0xfe00 && unit <= 0xfe0f)) return '';
  if (SEPARATORS.has(unit)) return ' ';
  if (APOSTROPHES.has(unit)) return "'";
  const char = String.fromCharCode(unit);
  if (WHITESPACE.test(char)) return ' ';
  if (unit >= 0xd800 && unit <= 0xdfff) return char; // half of a surrogate pair: compare as is
  const cased = lower ? char.toLowerCase() : char;
  let folded = '';
  for (const c of cased.normalize('NFD').replace(COMBINING_MARKS, '')) folded += SPECIAL_LETTERS[c] ?? c;
  return lower ? folded.toLowerCase() : folded;
}

function fill(table: Int32Array, multi: Map<number, string>, unit: number, lower: boolean): number {
  const folded = computeFold(unit, lower);
  const code = folded.length === 0 ? IGNORABLE : folded.length === 1 ? folded.charCodeAt(0) : MULTI;
  if (code === MULTI) multi.set(unit, folded);
  table[unit] = code;
  return code;
}

/** True for a hyphen or a dash (which match as a space between words, unless spaced: see matcher.ts). */
export function isDashUnit(unit: number): boolean {
  return SEPARATORS.has(unit);
}

/** The lower-cased folded unit for `unit`: a UTF-16 code, IGNORABLE, or MULTI. */
export function foldLower(unit: number): number {
  const code = foldedLower[unit]!;
  return code === NOT_COMPUTED ? fill(foldedLower, multiLower, unit, true) : code;
}

/** The case-preserving folded unit for `unit`: a UTF-16 code, IGNORABLE, or MULTI. */
export function foldCased(unit: number): number {
  const code = foldedCased[unit]!;
  return code === NOT_COMPUTED ? fill(foldedCased, multiCased, unit, false) : code;
}

/** The folded text of a MULTI unit. */
export function foldedString(unit: number, lower: boolean): string {
  return (lower ? multiLower : multiCased).get(unit) ?? '';
}

const astralWordClass = new Map<number, boolean>();

/** True for letters, digits and combining marks in any script (BMP units only; see `isWordAt`). */
export function isWordUnit(unit: number): boolean {
  let known = wordClass[unit]!;
  if (known === 0) {
    // U+02BC is a letter to Unicode, but in "Putinʼs" it is an apostrophe: no apostrophe joins words.
    known = !APOSTROPHES.has(unit) && WORD_CHARACTER.test(String.fromCharCode(unit)) ? 1 : 2;
    wordClass[unit] = known;
  }
  return known === 1;
}

/**
 * True when the character at `index` is part of a word. Astral characters (emoji such as flags
 * before a name, rare ideographs) are decoded from their surrogate pair and classified properly.
 */
export function isWordAt(text: string, index: number): boolean {
  const unit = text.charCodeAt(index);
  if (unit < 0xd800 || unit > 0xdfff) return isWordUnit(unit);
  const codePoint = unit <= 0xdbff ? text.codePointAt(index)! : text.codePointAt(index - 1)!;
  if (codePoint <= 0xffff) return false; // an unpaired surrogate is not a letter
  let word = astralWordClass.get(codePoint);
  if (word === undefined) {
    word = /^[\p{L}\p{N}\p{M}]$/u.test(String.fromCodePoint(codePoint));
    astralWordClass.set(codePoint, word);
  }
  return word;
}

/**
 * Folds a whole string the way the matcher sees text: case preserved, diacritics removed, every
 * separator run collapsed to one space, ignorables dropped, trimmed. Used for alias keys.
 */
export function foldForMatching(text: string): string {
  let out = '';
  let lastWasSeparator = true; // drops leading separators
  for (let i = 0; i < text.length; i++) {
    const code = foldCased(text.charCodeAt(i));
    if (code === IGNORABLE) continue;
    if (code === SEPARATOR) {
      if (!lastWasSeparator) out += ' ';
      lastWasSeparator = true;
      continue;
    }
    lastWasSeparator = false;
    out += code === MULTI ? foldedString(text.charCodeAt(i), false) : String.fromCharCode(code);
  }
  return out.endsWith(' ') ? out.slice(0, -1) : out;
}

/** `foldForMatching` and lower-cased: how search and the alias index compare names. */
export function foldForSearch(text: string): string {
  return foldForMatching(text).toLowerCase();
}
