/**
 * The wording of the problems a dataset or a pack can have. The English is written here once: the
 * checks build their messages from it (`issueText`), the command line prints them as they are, and
 * the options page recognises each message (`recognizeIssue`) to show it in the reader's language,
 * from the catalogues' `issue_<code>` messages. Schema problems come back from valibot as text,
 * which is why a message is recognised from its text rather than carried as a code.
 */
import type { MessageKey, Translate } from '../i18n.ts';

export const ISSUE_WORDING = {
  missing: 'is missing',
  notEmpty: 'must not be empty',
  maxChars: 'must be at most $1 characters',
  textId: 'must be a text id',
  kebabCase: 'must be kebab-case: lower-case letters, digits and single hyphens',
  dateFormat: 'must be a date written YYYY, YYYY-MM or YYYY-MM-DD',
  realDate: 'must be a real date written YYYY, YYYY-MM or YYYY-MM-DD',
  url: 'must be a URL',
  fullUrl: 'must be a full URL such as https://example.org/page',
  webUrl: 'must start with https:// or http://',
  oneOf: 'must be one of $1',
  trueOrFalse: 'must be true or false',
  list: 'must be a list',
  entityIdList: 'must be a list of entity ids',
  atMostAliases: 'must list at most $1 aliases',
  atMostFacts: 'must list at most $1 facts',
  atLeastOneSource: 'must list at least one source',
  atLeastOneEntity: 'must name at least one entity',
  atLeastOneAlias: 'must add at least one alias',
  version: 'must be a version such as 1.0.0',
  afterAsOf: "$1 is after the dataset's asOf date $2",
  duplicateEntity: 'is used by another entity',
  installedEntity: 'is already used by an installed entity',
  duplicateEvent: 'is used by another event',
  installedEvent: 'is already used by an installed event',
  noLetters: 'has no letters to match',
  tooShortToMatch:
    'is too short to highlight safely: it needs 2 letters or digits if case-sensitive, 3 if not',
  tooShortName: 'is too short to highlight safely: it needs at least 2 letters or digits',
  commonWord:
    '"$1" is a common word, which would be highlighted all over every page; mark it ambiguous to keep it for search only',
  commonWordName:
    '"$1" is a common word, which would be highlighted all over every page; give the entity a fuller name',
  aliasClaimed: '"$1" is also claimed by "$2"; mark it ambiguous on one of them',
  aliasClaimedShare: '"$1" is also claimed by "$2"; mark it ambiguous to share it',
  unknownEntity: 'unknown entity id "$1"',
  selfLink: 'links an entity to itself',
  untilBeforeSince: 'is before since ($1)',
  unconnected: 'has no event and no relation; link it to at least one',
  tooLarge: 'is too large: $1 bytes, over the limit of $2',
  emptyPackList: 'is an empty list of packs',
  tooManyIssues: 'has more problems than the first $1 listed here; fix these and import it again',
  packInstalled: '"$1" is already installed',
  packIdReserved: '"$1" is reserved for the built-in data; give the pack another id',
  notJson: 'is not valid JSON ($1)',
  cacheUnavailable: 'cannot be imported while the cache is unavailable ($1)',
  pagesStorageFull:
    'cannot be imported: to highlight it with the built-in data and your other packs, pages would need $1 MB of storage, and the browser allows Backstory $2 MB; remove a pack to make room, then import this again',
  importNotUndone:
    'was installed, and taking it back after the problem above failed ($1): remove it from the list of packs',
  pagesStorageRefused:
    'cannot be imported: the browser would not store what pages need to highlight it, so no page would show it ($1)',
  // valibot's own wording, for checks that give none (an unknown field, a wrong type); the most
  // specific first, as the first wording that fits is the one recognised
  unknownField: 'Invalid key: Expected never but received $1',
  wrongType: 'Invalid type: Expected $1 but received $2',
  invalidExpected: 'Invalid $1: Expected $2 but received $3',
  invalidReceived: 'Invalid $1: Received $2',
} as const;

export type IssueCode = keyof typeof ISSUE_WORDING;

/** The catalogue message for each code; the type checker fails if the English catalogue lacks one. */
type IssueMessageKey = `issue_${IssueCode}`;
const issueMessageKey = (code: IssueCode): MessageKey => `issue_${code}` satisfies IssueMessageKey;

/** The English message for `code`, with $1, $2… filled in. */
export function issueText(code: IssueCode, ...values: (string | number)[]): string {
  return ISSUE_WORDING[code].replace(/\$([1-9])/g, (_whole, which: string) =>
    String(values[Number(which) - 1]),
  );
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const PATTERNS = (Object.entries(ISSUE_WORDING) as [IssueCode, string][]).map(
  ([code, wording]) =>
    [code, new RegExp(`^${escapeRegExp(wording).replace(/\\\$[1-9]/g, '(.*?)')}$`, 's')] as const,
);

/** The code and values a message was made from, if it was made from one of ours. */
export function recognizeIssue(message: string): { code: IssueCode; values: string[] } | undefined {
  for (const [code, pattern] of PATTERNS) {
    const match = pattern.exec(message);
    if (match) return { code, values: match.slice(1) };
  }
  return undefined;
}

/** Where a problem is, and what it is (lib/dataset/compile.ts's DatasetIssue). */
interface IssueLike {
  file: string;
  record?: string;
  field?: string;
  line?: number;
  message: string;
}

const RECORD_NOUNS = ['entity', 'event', 'relation'] as const;

/** `entity "kyiv"`, `relation #3`… in the reader's language; anything else as it is. */
function describeRecord(record: string, t: Translate): string {
  const match = /^(\w+) (?:"(.*)"|#(\d+))$/s.exec(record);
  const noun = RECORD_NOUNS.find((known) => known === match?.[1]);
  if (!match || !noun) return record;
  return match[2] !== undefined
    ? t(`issueRecord_${noun}Id`, match[2])
    : t(`issueRecord_${noun}Number`, match[3]!);
}

/**
 * One problem as the options page lists it, in the reader's language: "file: record: field: what
 * is wrong". Field paths are the file's own keys and stay as they are. Formats like `formatIssue`
 * (lib/dataset/compile.ts) when the catalogue is English.
 */
export function describeIssue(issue: IssueLike, t: Translate): string {
  const packInFile = /^(.*), pack #(\d+)$/s.exec(issue.file);
  const file = packInFile ? t('issueWhere_packInFile', packInFile[1]!, packInFile[2]!) : issue.file;
  const where = issue.line ? `${file}:${issue.line}` : file;
  const record = issue.record && describeRecord(issue.record, t);
  const recognized = recognizeIssue(issue.message);
  const message = recognized
    ? t(issueMessageKey(recognized.code), ...readersNumbers(recognized.code, recognized.values, t))
    : issue.message;
  return `${[where, record, issue.field].filter(Boolean).join(': ')}: ${message}`;
}

/**
 * Issues whose values are numbers written by the background ("11.3"): shown in the reader's own
 * way of writing them (Ukrainian "11,3"), as the rest of the options page shows numbers.
 */
const NUMBER_VALUES: Partial<Record<IssueCode, true>> = { pagesStorageFull: true };

function readersNumbers(code: IssueCode, values: string[], t: Translate): string[] {
  if (!NUMBER_VALUES[code]) return values;
  const format = new Intl.NumberFormat(t('catalogueLanguage'));
  return values.map((value) => (/^\d+(\.\d+)?$/.test(value) ? format.format(Number(value)) : value));
}
