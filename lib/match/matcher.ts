/**
 * The alias matcher: every alias of every entity compiled into one trie over folded text, walked
 * from word starts only. Measured: a regex alternation of thousands of aliases falls off a cliff in
 * V8, and general Aho–Corasick packages were ~10× slower than a trie walked from word starts,
 * because most words leave the trie after one or two characters.
 *
 * The trie is frozen into flat typed arrays after it is built: the scan loop then does only array
 * reads, never a Map lookup or an allocation, until it has a match to report. A word is walked only
 * if a small filter says it may be the first word of an alias (see FrozenTrie.firstWords).
 */
import {
  foldCased,
  foldedString,
  foldForMatching,
  foldLower,
  IGNORABLE,
  isDashUnit,
  isWordAt,
  isWordUnit,
  MULTI,
  SEPARATOR,
} from './normalize.ts';

/** One alias as the matcher needs it. */
export interface MatcherAlias {
  text: string;
  entityId: string;
  caseSensitive: boolean;
}

/** A mention of an entity: `text.slice(start, end)` in the ORIGINAL string (UTF-16 offsets). */
export interface Mention {
  entityId: string;
  start: number;
  end: number;
}

/** A compiled set of aliases. */
export interface Matcher {
  /** All mentions in `text`, non-overlapping, in order; the longest wins, then the leftmost. */
  scan(text: string): Mention[];
  /** How many distinct folded alias keys the trie holds. */
  readonly size: number;
}

/** An entity an alias leads to, with the case-preserving form to check when the alias is case-sensitive. */
interface Target {
  entityId: string;
  /** Folded alias with case kept; undefined when the alias is case-insensitive. */
  casedKey: string | undefined;
  /** The alias as written: when the text has exactly these characters, no folding is needed to check case. */
  exact: string;
}

// Everything the scan loop needs about a UTF-16 unit, packed in one integer and filled on first
// sight: bits 0–4 are the class, bits 5–20 the lower-case folded unit. One typed-array read per
// character keeps the loop as fast as a bare pass over the text.
const WORD = 1;
const SKIP = 2; // ignorable: invisible inside and between words
const SURROGATE = 4; // half of an astral character: classified from the whole pair
const MULTIPLE = 8; // folds to several units (see foldedString)
const UPPER = 16; // an upper-case letter: words starting with one may match case-sensitive names
// Folding changes whether the unit is part of a word (one known: U+0374, the Greek numeral sign, is
// a letter that folds to a modifier letter we treat as an apostrophe). The first-word check cannot
// speak for such a word, so it is always walked.
const ODD = 1 << 21;
// A hyphen or dash: inside a name it is a space ("30-day"), but a dash with space beside it is
// punctuation between words ("Kyiv – Independent monitors"), which no name runs across.
const DASH = 1 << 23;
const unitInfo = new Int32Array(0x10000);

function computeInfo(unit: number): number {
  const lower = foldLower(unit);
  let bits = 0;
  if (unit >= 0xd800 && unit <= 0xdfff) bits |= SURROGATE;
  else if (lower === IGNORABLE) bits |= SKIP;
  else if (isWordUnit(unit)) bits |= WORD;
  if (lower === MULTI) bits |= MULTIPLE;
  if (isDashUnit(unit)) bits |= DASH;
  if (bits & WORD && String.fromCharCode(unit) !== String.fromCharCode(unit).toLowerCase()) bits |= UPPER;
  const odd = lower >= 0 && !(bits & SURROGATE) && isWordUnit(lower) !== isWordUnit(unit) ? ODD : 0;
  // The marker bit keeps every computed value non-zero, so 0 can mean "not computed yet".
  const info = ((lower < 0 ? 0 : lower) << 5) | bits | odd | 0x400000;
  unitInfo[unit] = info;
  return info;
}

const infoOf = (unit: number): number => unitInfo[unit] || computeInfo(unit);
const foldedOf = (info: number): number => (info >> 5) & 0xffff;

/** True when the character at `index` is part of a word (astral characters decoded properly). */
function wordAt(text: string, index: number): boolean {
  const info = infoOf(text.charCodeAt(index));
  return info & SURROGATE ? isWordAt(text, index) : (info & WORD) !== 0;
}

interface BuildNode {
  children: Map<number, BuildNode>;
  targets: Target[] | undefined;
  /**
   * The node's state once freeze has placed it (-1 before). Kept on the node rather than in a Map
   * beside it: rehashing a Map of half a million nodes was one pause of 10–20 ms that no slicing
   * could split.
   */
  state: number;
}

const buildNode = (): BuildNode => ({ children: new Map(), targets: undefined, state: -1 });

/** Adds `alias` (folded to `key`) to the trie under `root`; true if the key is new in that trie. */
function insert(root: BuildNode, key: string, alias: MatcherAlias, casedKey: string | undefined): boolean {
  let node = root;
  for (let i = 0; i < key.length; i++) {
    const code = key.charCodeAt(i);
    let next = node.children.get(code);
    if (!next) {
      next = buildNode();
      node.children.set(code, next);
    }
    node = next;
  }
  const isNew = !node.targets;
  node.targets ??= [];
  if (!node.targets.some((t) => t.entityId === alias.entityId && t.casedKey === casedKey)) {
    // Case-insensitive targets go last: a case-sensitive form that fits exactly is the better reading.
    const target = { entityId: alias.entityId, casedKey, exact: alias.text };
    if (casedKey === undefined) node.targets.push(target);
    else node.targets.unshift(target);
  }
  return isNew;
}

/** The two frozen tries a matcher scans with (see compileMatcher). */
interface Tries {
  upper: FrozenTrie;
  lower: FrozenTrie;
}

/**
 * Compiles aliases into a matcher. Aliases that fold to nothing are skipped.
 *
 * Two tries: one with every alias, walked from words that start with a capital, and a much smaller
 * one for words that do not, holding only the aliases such a word can match (case-insensitive
 * ones, and case-sensitive ones that do not start with a capital: "von der Leyen"). Most words in
 * running text are lower-case, and they now meet a trie of a few hundred topics instead of
 * thousands of names.
 */
export function compileMatcher(aliases: Iterable<MatcherAlias>): Matcher {
  return runToEnd(compileMatcherInSteps(aliases));
}

/**
 * compileMatcher as steps of a few tenths of a millisecond each: the matcher is the generator's
 * return value, and the caller decides what happens between steps. A page compiling tens of
 * thousands of aliases yields to the browser between them (see lib/content/matcher-loading.ts)
 * rather than blocking it for seconds.
 */
export function* compileMatcherInSteps(aliases: Iterable<MatcherAlias>): Generator<void, Matcher, void> {
  const { tries, size } = yield* buildTries(aliases);
  return { scan: (text) => scan(tries, text), size };
}

/** Runs build steps without pausing. */
function runToEnd<T>(steps: Generator<void, T, void>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/**
 * About how many units of build work a step does: a unit is one alias character inserted, one trie
 * node visited or one slot tried, each well under a microsecond. Measured in Node on 20,000 and
 * 80,000 synthetic aliases: a step takes 0.1–0.25 ms (median; 99% under 1.2 ms, garbage collection
 * aside), so a caller slicing by time overruns its budget by little, and the 1,500–7,500 pauses
 * cost nothing measurable when the build runs straight through (compileMatcher).
 */
const UNITS_PER_STEP = 1024;

/** Counts build work, to tell a build when it has done a step's worth and may pause. */
class WorkMeter {
  private units = 0;
  /** Adds `units` of work done; true (and starting a new count) once a step's worth has been done. */
  add(units: number): boolean {
    this.units += units;
    if (this.units < UNITS_PER_STEP) return false;
    this.units = 0;
    return true;
  }
}

function* buildTries(aliases: Iterable<MatcherAlias>): Generator<void, { tries: Tries; size: number }, void> {
  const everything = buildNode();
  const forLowerCase = buildNode();
  const meter = new WorkMeter();
  let size = 0;
  for (const alias of aliases) {
    const key = lowerKey(alias.text);
    if (key.length === 0 || !isWordUnit(key.charCodeAt(0))) continue;
    const casedKey = alias.caseSensitive ? foldForMatching(alias.text) : undefined;
    if (insert(everything, key, alias, casedKey)) size++;
    if (!casedKey || !startsUpperCase(casedKey)) insert(forLowerCase, key, alias, casedKey);
    if (meter.add(key.length)) yield;
  }
  const upper = yield* freeze(everything, meter);
  const lower = yield* freeze(forLowerCase, meter);
  return { tries: { upper, lower }, size };
}

// ---- the compiled matcher as data --------------------------------------------------------------

/**
 * A compiled matcher as plain JSON data, for storage.local: the background compiles once, and each
 * page only loads it. Compiling on every page cost a 60–80 ms task there (measured in Chromium:
 * cold code, building and placing tens of thousands of trie states), longer than a page may be
 * blocked; loading is a few milliseconds.
 */
export interface PortableMatcher {
  size: number;
  upper: PortableTrie;
  lower: PortableTrie;
}

/** One frozen trie. Typed arrays are base64 of their bytes: compact, and one string to copy. */
export interface PortableTrie {
  /** [unit, label, unit, label, …]: the folded units aliases use and their numbers. */
  alphabet: number[];
  cells: string;
  /** The first-word filter's bits. */
  firstWords: string;
  /** Per terminal: [entity id, case-kept folded alias or null, the alias as written]. */
  targets: [string, string | null, string][][];
}

/** Compiles aliases straight into the portable form. */
export function compilePortableMatcher(aliases: Iterable<MatcherAlias>): PortableMatcher {
  const { tries, size } = runToEnd(buildTries(aliases));
  return { size, upper: portableTrie(tries.upper), lower: portableTrie(tries.lower) };
}

/** A matcher from its portable form. Throws, naming what is wrong, on data that is not one. */
export function loadPortableMatcher(portable: PortableMatcher): Matcher {
  if (typeof portable?.size !== 'number') throw new Error('Portable matcher: size is missing');
  const tries = { upper: loadTrie(portable.upper, 'upper'), lower: loadTrie(portable.lower, 'lower') };
  return { scan: (text) => scan(tries, text), size: portable.size };
}

function portableTrie(trie: FrozenTrie): PortableTrie {
  const alphabet: number[] = [];
  for (let unit = 0; unit < trie.alpha.length; unit++)
    if (trie.alpha[unit]) alphabet.push(unit, trie.alpha[unit]!);
  return {
    alphabet,
    cells: toBase64(new Uint8Array(trie.cells.buffer)),
    firstWords: toBase64(new Uint8Array(trie.firstWords.buffer)),
    targets: trie.targets.map((targets) =>
      targets.map((t): [string, string | null, string] => [t.entityId, t.casedKey ?? null, t.exact]),
    ),
  };
}

function loadTrie(portable: PortableTrie, name: string): FrozenTrie {
  const problem = (what: string) => new Error(`Portable matcher: the ${name} trie's ${what}`);
  if (!Array.isArray(portable?.alphabet) || portable.alphabet.length % 2 !== 0)
    throw problem('alphabet is not a list of pairs');
  if (!Array.isArray(portable.targets)) throw problem('targets are not a list');
  if (!portable.targets.every((targets) => Array.isArray(targets) && targets.length > 0))
    throw problem('targets hold an empty or malformed entry');
  const alpha = new Uint16Array(0x10000);
  for (let k = 0; k < portable.alphabet.length; k += 2)
    alpha[portable.alphabet[k]!] = portable.alphabet[k + 1]!;
  const cellBytes = fromBase64(portable.cells);
  if (cellBytes === undefined || cellBytes.length % (STRIDE * 4) !== 0) throw problem('cells are malformed');
  const filterBytes = fromBase64(portable.firstWords);
  if (filterBytes?.length !== (1 << FIRST_WORD_BITS) / 8) throw problem('first-word filter is malformed');
  return {
    alpha,
    cells: new Int32Array(cellBytes.buffer),
    firstWords: new Uint32Array(filterBytes.buffer),
    ...targetTables(
      portable.targets.map((targets) =>
        targets.map(([entityId, casedKey, exact]) => ({ entityId, casedKey: casedKey ?? undefined, exact })),
      ),
    ),
  };
}

/** The per-terminal targets, and the flat tables of their first targets (see FrozenTrie). */
function targetTables(targets: Target[][]): Pick<FrozenTrie, 'targets' | 'firstEntity' | 'firstExact'> {
  return { targets, firstEntity: targets.map(firstEntityOf), firstExact: targets.map(firstExactOf) };
}

/** A terminal's entry in FrozenTrie.firstEntity. */
const firstEntityOf = (targets: Target[]): string => targets[0]!.entityId;
/** A terminal's entry in FrozenTrie.firstExact. */
const firstExactOf = ([first]: Target[]): string | undefined =>
  first!.casedKey === undefined ? undefined : first!.exact;

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  const CHUNK = 0x8000; // String.fromCharCode takes its units as arguments: keep the count modest
  for (let i = 0; i < bytes.length; i += CHUNK)
    binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(binary);
}

/** The bytes of a base64 string (in a buffer of their own), or undefined if it is not one. */
function fromBase64(text: unknown): Uint8Array | undefined {
  if (typeof text !== 'string') return undefined;
  // Native where the browser has it (Chromium 140+, Firefox 133+): the loop below, run cold on
  // every page, was most of the loading time.
  const native = Uint8Array as { fromBase64?: (text: string) => Uint8Array };
  let binary: string;
  try {
    if (native.fromBase64) return native.fromBase64(text);
    binary = atob(text);
  } catch {
    return undefined;
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function startsUpperCase(text: string): boolean {
  const first = text.charAt(0);
  return first !== first.toLowerCase();
}

/**
 * The trie as a double array: the folded units aliases use are numbered 1..A (`alpha`), and the
 * child of state s by unit c is t = base[s] + alpha[c] when check[t] === s. A state's base, check
 * and terminal sit side by side in `cells` (stride 4), so a step touches one cache line, not three:
 * on a large dictionary, memory, not arithmetic, is what a trie walk waits for.
 */
interface FrozenTrie {
  alpha: Uint16Array;
  /**
   * cells[4s] = base, cells[4s+1] = check (parent state or -1), cells[4s+2] = terminal (index into
   * targets or -1), cells[4s+3] = height (units to the deepest alias end below s)
   */
  cells: Int32Array;
  targets: Target[][];
  /**
   * Per terminal, its first target's entity and, when that target is case-sensitive, its spelling
   * (undefined otherwise: case-insensitive targets come last, so then every one is). Flat, so a
   * match usually reads two arrays rather than a chain of four objects: measured, following that
   * chain after a garbage collection was a fifth of a page's matching.
   */
  firstEntity: string[];
  firstExact: (string | undefined)[];
  /**
   * The first word of every alias (its folded units up to the first that is not part of a word),
   * hashed into a small Bloom filter. The scan hashes each word of the text as it passes over it and
   * walks the trie only from words this filter may hold. Measured on the benchmark's 1 MB of news
   * text: 22,000 walks instead of 43,000 for 13,000 mentions, and each fruitless walk began with
   * cache misses scattered through `cells`.
   */
  firstWords: Uint32Array;
}

const STRIDE = 4;
const FIRST_WORD_BITS = 16; // 65,536 bits (8 KB, fits in L1): for a few thousand words, under 1% false hits

// FNV-1a over folded units: the scan folds each unit into the hash as it reads it.
const HASH_START = 0x811c9dc5 | 0;
const hashUnit = (hash: number, unit: number): number => Math.imul(hash ^ unit, 0x01000193);

/** Two bits per word, from the two halves of its hash. */
function mayBeFirstWord(filter: Uint32Array, hash: number): boolean {
  const high = hash >>> 16;
  const low = hash & 0xffff;
  return (filter[high >>> 5]! & (1 << (high & 31))) !== 0 && (filter[low >>> 5]! & (1 << (low & 31))) !== 0;
}

/**
 * The first-word filter of the trie under `root`: every path from the root along word units that
 * ends where an alias ends or continues with a unit that is not part of a word. (An explicit stack
 * rather than recursion, so the walk can pause anywhere; the order of a Bloom filter's bits does
 * not matter.)
 */
function* firstWordFilter(root: BuildNode, meter: WorkMeter): Generator<void, Uint32Array, void> {
  const filter = new Uint32Array((1 << FIRST_WORD_BITS) / 32);
  const add = (hash: number) => {
    for (const bit of [hash >>> 16, hash & 0xffff]) filter[bit >>> 5]! |= 1 << (bit & 31);
  };
  const nodes: BuildNode[] = [];
  const hashes: number[] = [];
  for (const [code, next] of root.children) {
    if (!isWordUnit(code)) continue;
    nodes.push(next);
    hashes.push(hashUnit(HASH_START, code));
  }
  while (nodes.length) {
    const node = nodes.pop()!;
    const hash = hashes.pop()!;
    let endsWord = node.targets !== undefined;
    for (const [code, next] of node.children) {
      if (isWordUnit(code)) {
        nodes.push(next);
        hashes.push(hashUnit(hash, code));
      } else endsWord = true;
    }
    if (endsWord) add(hash);
    if (meter.add(1 + node.children.size)) yield;
  }
  return filter;
}

function* freeze(root: BuildNode, meter: WorkMeter): Generator<void, FrozenTrie, void> {
  const alpha = new Uint16Array(0x10000);
  let alphabetSize = 0;
  // Depth-first order: a node's states are placed right after its parent's, so the states one walk
  // visits sit close together in memory.
  const queue: BuildNode[] = [];
  const stack: BuildNode[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    queue.push(node);
    const entries = [...node.children];
    for (let k = entries.length - 1; k >= 0; k--) {
      const [code, next] = entries[k]!;
      if (alpha[code] === 0) alpha[code] = ++alphabetSize;
      stack.push(next);
    }
    if (meter.add(1 + entries.length)) yield;
  }
  let capacity = Math.max(1024, queue.length + alphabetSize + 2);
  let base = new Int32Array(capacity);
  let check = new Int32Array(capacity).fill(-1);
  let terminal = new Int32Array(capacity).fill(-1);
  // Free slots as a doubly linked list (nextFree/previousFree), so placement visits only free slots.
  let nextFree = new Int32Array(capacity);
  let previousFree = new Int32Array(capacity);
  const linkFree = (from: number, to: number) => {
    for (let slot = from; slot < to; slot++) {
      nextFree[slot] = slot + 1 < to ? slot + 1 : -1;
      previousFree[slot] = slot > from ? slot - 1 : -1;
    }
  };
  let firstFree = 1;
  let lastFree = capacity - 1;
  linkFree(1, capacity);
  const grow = (needed: number) => {
    if (needed < capacity) return;
    const old = capacity;
    while (capacity <= needed) capacity *= 2;
    const resize = (array: Int32Array, fill: number) => {
      const next = new Int32Array(capacity).fill(fill);
      next.set(array);
      return next;
    };
    [base, check, terminal] = [resize(base, 0), resize(check, -1), resize(terminal, -1)];
    [nextFree, previousFree] = [resize(nextFree, -1), resize(previousFree, -1)];
    linkFree(old, capacity);
    if (lastFree >= 0) {
      nextFree[lastFree] = old;
      previousFree[old] = lastFree;
    } else firstFree = old;
    lastFree = capacity - 1;
  };
  const take = (slot: number) => {
    const before = previousFree[slot]!;
    const after = nextFree[slot]!;
    if (before >= 0) nextFree[before] = after;
    else firstFree = after;
    if (after >= 0) previousFree[after] = before;
    else lastFree = before;
  };
  const targets: Target[][] = [];
  const firstEntity: string[] = [];
  const firstExact: (string | undefined)[] = [];
  check[0] = 0; // the root occupies state 0
  root.state = 0;
  for (const node of queue) {
    const state = node.state;
    if (node.targets) {
      terminal[state] = targets.length;
      targets.push(node.targets);
      firstEntity.push(firstEntityOf(node.targets));
      firstExact.push(firstExactOf(node.targets));
    }
    if (meter.add(1 + node.children.size)) yield;
    if (node.children.size === 0) continue;
    const labels = [...node.children.keys()].map((code) => alpha[code]!);
    const smallest = Math.min(...labels);
    // Try bases that put the smallest label on a free slot, until every label's slot is free.
    let b = -1;
    for (let free = firstFree; b < 0;) {
      // A pause here leaves `free` on a slot that is still free: nothing else places states meanwhile.
      if (meter.add(1)) yield;
      if (free < 0) {
        grow(capacity + alphabetSize + 1);
        free = firstFree;
        continue;
      }
      const candidate = free - smallest;
      if (candidate >= 1) {
        grow(candidate + alphabetSize + 1);
        if (labels.every((label) => check[candidate + label] === -1)) b = candidate;
      }
      free = nextFree[free]!;
    }
    base[state] = b;
    for (const [code, next] of node.children) {
      const childState = b + alpha[code]!;
      check[childState] = state;
      take(childState);
      next.state = childState;
    }
  }
  const cells = new Int32Array(capacity * STRIDE);
  for (let state = 0; state < capacity; state++) {
    cells[state * STRIDE] = base[state]!;
    cells[state * STRIDE + 1] = check[state]!;
    cells[state * STRIDE + 2] = terminal[state]!;
    if (meter.add(1)) yield;
  }
  // Height: how many more units the longest alias below a state has. Children come after their
  // parent in `queue`, so one reverse pass computes it.
  for (let q = queue.length - 1; q >= 0; q--) {
    const node = queue[q]!;
    let height = 0;
    for (const next of node.children.values()) height = Math.max(height, cells[next.state * STRIDE + 3]! + 1);
    cells[node.state * STRIDE + 3] = height;
    if (meter.add(1 + node.children.size)) yield;
  }
  const firstWords = yield* firstWordFilter(root, meter);
  return { alpha, cells, targets, firstEntity, firstExact, firstWords };
}

/** The state reached from `state` by folded unit `code`, or -1. */
function child(trie: FrozenTrie, state: number, code: number): number {
  const label = trie.alpha[code]!;
  if (label === 0) return -1;
  const cells = trie.cells;
  const next = cells[state * STRIDE]! + label;
  return cells[next * STRIDE + 1] === state ? next : -1;
}

/** An alias's trie key: folded per unit exactly as scanned text is, separators collapsed, trimmed. */
function lowerKey(text: string): string {
  let key = '';
  let lastWasSeparator = true;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    const code = foldLower(unit);
    if (code === IGNORABLE) continue;
    if (code === SEPARATOR) {
      if (!lastWasSeparator) key += ' ';
      lastWasSeparator = true;
      continue;
    }
    lastWasSeparator = false;
    key += code === MULTI ? foldedString(unit, true) : String.fromCharCode(code);
  }
  return key.endsWith(' ') ? key.slice(0, -1) : key;
}

function scan(tries: { upper: FrozenTrie; lower: FrozenTrie }, text: string): Mention[] {
  const mentions: Mention[] = [];
  const length = text.length;
  // The last mention kept, and its length in folded units: "longest" compares aliases, not the
  // spacing or invisible characters a page put inside them.
  let lastEnd = -1;
  let lastDepth = 0;
  let i = 0;
  while (i < length) {
    const unit = text.charCodeAt(i);
    const info = unitInfo[unit] || computeInfo(unit);
    if (!(info & WORD) && !(info & SURROGATE && isWordAt(text, i))) {
      i++;
      continue;
    }
    // A word starts at i. Read it to its end, hashing its folded units; a unit the hash cannot
    // stand for (one that folds to several, half a surrogate pair) means the word is walked anyway.
    let hash = hashUnit(HASH_START, foldedOf(info));
    let unusual = info & (MULTIPLE | SURROGATE | ODD);
    let end = i + 1;
    for (; end < length; end++) {
      const nextUnit = text.charCodeAt(end);
      const next = unitInfo[nextUnit] || computeInfo(nextUnit);
      if (next & WORD) {
        hash = hashUnit(hash, foldedOf(next));
        unusual |= next & (MULTIPLE | ODD);
      } else if (next & SKIP) {
        continue;
      } else if (next & SURROGATE && isWordAt(text, end)) {
        unusual = SURROGATE;
      } else {
        unusual |= next & ODD;
        break;
      }
    }
    const trie = info & UPPER ? tries.upper : tries.lower;
    if (unusual || mayBeFirstWord(trie.firstWords, hash)) {
      // Inside the last mention, only a longer alias could replace it.
      const minDepth = i < lastEnd ? lastDepth + 1 : 1;
      if (longestMatchAt(trie, text, i, minDepth)) {
        const found: Mention = { entityId: foundEntity, start: i, end: foundEnd };
        if (i < lastEnd) mentions[mentions.length - 1] = found;
        else mentions.push(found);
        lastEnd = foundEnd;
        lastDepth = foundDepth;
      }
    }
    i = end; // no alias starts inside a word
  }
  return mentions;
}

// The longest match's details, returned through module variables so the hot path allocates nothing.
let foundEntity = '';
let foundEnd = 0;
let foundDepth = 0;

/**
 * Finds the longest alias match starting at `start` that is at least `minDepth` folded units long,
 * ends on a word boundary and fits its case rule. Returns false if there is none; otherwise sets
 * foundEntity, foundEnd and foundDepth.
 */
function longestMatchAt(trie: FrozenTrie, text: string, start: number, minDepth: number): boolean {
  const length = text.length;
  const { alpha, cells } = trie; // hoisted: this loop is the matcher's hottest
  let state = 0;
  let depth = 0;
  let found = false;
  let lastWasSeparator = false;
  let separatorRun = 0; // what the current run of separators holds: 1 a space, 2 a dash
  for (let i = start; i < length; i++) {
    const unit = text.charCodeAt(i);
    const info = unitInfo[unit] || computeInfo(unit);
    if (info & SKIP) continue;
    let code = (info >> 5) & 0xffff;
    if (code === SEPARATOR) {
      separatorRun |= info & DASH ? 2 : 1;
      if (separatorRun === 3) break; // a spaced dash ends the name
      if (lastWasSeparator) continue; // runs of spaces, newlines and dashes compare as one
      lastWasSeparator = true;
    } else {
      separatorRun = 0;
      lastWasSeparator = false;
      if (info & MULTIPLE) {
        // Rare ("ß" → "ss"): walk all but the last folded unit here, the last one below.
        const folded = foldedString(unit, true);
        for (let k = 0; k < folded.length - 1 && state >= 0; k++, depth++)
          state = child(trie, state, folded.charCodeAt(k));
        if (state < 0) break;
        code = folded.charCodeAt(folded.length - 1);
      }
    }
    const label = alpha[code]!;
    if (label === 0) break;
    const next = cells[state * STRIDE]! + label;
    if (cells[next * STRIDE + 1] !== state) break;
    state = next;
    depth++;
    if (depth + cells[state * STRIDE + 3]! < minDepth) break; // nothing below is long enough
    const terminal = cells[state * STRIDE + 2]!;
    if (terminal >= 0 && depth >= minDepth && !lastWasSeparator && endsWord(text, i + 1)) {
      // Usually the first target fits: a case-insensitive alias, or the page spelling the name
      // exactly as the alias does.
      const exact = trie.firstExact[terminal];
      const entityId =
        exact === undefined || (i + 1 - start === exact.length && sameUnits(text, start, exact))
          ? trie.firstEntity[terminal]
          : pickTarget(trie.targets[terminal]!, text, start, i + 1);
      if (entityId !== undefined) {
        foundEntity = entityId;
        foundEnd = i + 1;
        // Invisible units right after the name belong to it: in decomposed text ("Зеленськи" + a
        // combining breve) the accent of its last letter, which a highlight must not cut off.
        while (foundEnd < length && infoOf(text.charCodeAt(foundEnd)) & SKIP) foundEnd++;
        foundDepth = depth;
        found = true;
      }
    }
  }
  return found;
}

/** True when the next visible unit at or after `index` does not continue a word. */
function endsWord(text: string, index: number): boolean {
  for (let i = index; i < text.length; i++) {
    if (infoOf(text.charCodeAt(i)) & SKIP) continue;
    return !wordAt(text, i);
  }
  return true;
}

function pickTarget(targets: Target[], text: string, start: number, end: number): string | undefined {
  for (let t = 0; t < targets.length; t++) {
    const target = targets[t]!;
    if (target.casedKey === undefined) return target.entityId;
    // Usually the page spells the name exactly as the alias: comparing units settles it. (A
    // hand-written loop: startsWith with a position was measured ~20× slower here.)
    if (end - start === target.exact.length && sameUnits(text, start, target.exact)) return target.entityId;
    if (casedEquals(text, start, end, target.casedKey)) return target.entityId;
  }
  return undefined;
}

function sameUnits(text: string, start: number, expected: string): boolean {
  for (let k = 0; k < expected.length; k++)
    if (text.charCodeAt(start + k) !== expected.charCodeAt(k)) return false;
  return true;
}

/** Compares text[start, end) folded with case kept against `key`, without building a string. */
function casedEquals(text: string, start: number, end: number, key: string): boolean {
  let k = 0;
  let lastWasSeparator = false;
  for (let i = start; i < end; i++) {
    const unit = text.charCodeAt(i);
    const code = foldCased(unit);
    if (code === IGNORABLE) continue;
    if (code === SEPARATOR) {
      if (lastWasSeparator) continue;
      lastWasSeparator = true;
      if (key.charCodeAt(k++) !== SEPARATOR) return false;
    } else if (code === MULTI) {
      lastWasSeparator = false;
      const folded = foldedString(unit, false);
      for (let m = 0; m < folded.length; m++) if (key.charCodeAt(k++) !== folded.charCodeAt(m)) return false;
    } else {
      lastWasSeparator = false;
      if (key.charCodeAt(k++) !== code) return false;
    }
  }
  return k === key.length;
}
