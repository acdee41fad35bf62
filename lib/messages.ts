/**
 * THE message protocol. Every message that crosses a context boundary is one entry in a typed map
 * per direction, with a valibot schema for its payload (checked by the receiver) and a doc comment.
 * Results travel as plain serialisable objects: `{ ok: true, value }` or `{ ok: false, reason, error }`.
 *
 * Some things live in extension storage instead. The matcher data content scripts highlight with is
 * in `storage.local` (lib/knowledge/matcher-data.ts), so a page reads it without waking the
 * background; open tabs learn that new data was published from the background's
 * `matcherDataChanged` message. Each tab's report of what it found is in `storage.session`, which
 * the popup watches to stay current. Settings are stored in `storage.local` (lib/settings.ts); open
 * tabs learn of a change from the background's `settingsChanged` message, extension pages by
 * watching storage.
 */
import * as v from 'valibot';
import { browser } from 'wxt/browser';
import type { DatasetIssue } from './dataset/compile.ts';
import { CATEGORIES, idSchema } from './dataset/schema.ts';
import type { MatcherData } from './knowledge/matcher-data.ts';
import { type Settings, settingsSchema } from './settings.ts';
import { MAX_REPORTED_URL_LENGTH } from './sites.ts';
import type {
  DatasetInfo,
  EntityDetail,
  EntitySummary,
  InstalledPack,
  SearchHit,
  TimelineEventView,
} from './knowledge/types.ts';

/** A request's payload and the value its successful answer carries. */
interface Exchange<Payload, Answer> {
  payload: Payload;
  answer: Answer;
}

/** What `ping` answers: proof that the background is alive, and which build it is. */
export interface PingAnswer {
  name: string;
  version: string;
}

/** How often an entity is mentioned on a page, and where first (its order among all mentions). */
export interface MentionCount {
  entityId: string;
  count: number;
  /**
   * For ordering only: the serial of the entity's earliest mention still on the page. Serials grow
   * in the order mentions were found, which is document order for a page's first scan; text the
   * page adds later gets later serials wherever it appears.
   */
  first: number;
}

/** What the content script found on a page. */
export interface PageReport {
  url: string;
  /** The article's publication day (YYYY-MM-DD) when the page says it. */
  publishedAt?: string;
  mentions: MentionCount[];
}

/** What the background knows about a tab. */
export interface TabMentions extends Partial<Omit<PageReport, 'mentions'>> {
  /** 'active' once the tab's content script has reported; 'not-running' otherwise. */
  state: 'active' | 'not-running';
  /** Each entity found, with its name and category (joined here, so the popup needs no second request). */
  mentions: (MentionCount & { entity: EntitySummary })[];
}

/**
 * The outcome of importing a pack: installed, or every problem found (nothing was stored). The
 * problems go as found, not as text, so the options page words them in the reader's language.
 */
export type ImportOutcome = { installed: InstalledPack[] } | { issues: DatasetIssue[] };

/** Another pack that uses entities of a pack the reader asked to remove. */
export interface PackUse {
  id: string;
  title: string;
  entityIds: string[];
}

/**
 * The outcome of removing a pack: removed, or refused because other packs use its entities (as
 * found, so the options page words it in the reader's language); nothing was changed then.
 */
export type RemoveOutcome = { removed: true } | { usedBy: PackUse[] };

/** An export ready to save. */
export interface PackExport {
  fileName: string;
  json: string;
}

type NoPayload = Record<string, never>;

/** Messages a content script sends to the background. */
export interface ContentToBackground {
  /** Is the background alive? Answers the extension's name and version. */
  ping: Exchange<NoPayload, PingAnswer>;
  /** The compiled matcher data, when it is not (yet) in storage.local. */
  getMatcherData: Exchange<NoPayload, MatcherData>;
  /** What the page mentions; stored for the popup and shown as the toolbar badge of the sending tab. */
  reportMentions: Exchange<PageReport, null>;
  /** An entity with its links and latest events, for the hover card; null if unknown. */
  getEntityDetail: Exchange<{ id: string }, EntityDetail | null>;
  /** Opens the entity in Backstory's own page ("More in Backstory" on the card). */
  openInBackstory: Exchange<{ entityId: string }, null>;
}

/** Messages the popup and the extension's own pages send to the background. */
export interface PageToBackground {
  /** Is the background alive? Answers the extension's name and version. */
  ping: Exchange<NoPayload, PingAnswer>;
  /** What tab `tabId`'s content script reported. */
  getTabMentions: Exchange<{ tabId: number }, TabMentions>;
  /** An entity with its links and latest events; null if unknown. */
  getEntityDetail: Exchange<{ id: string }, EntityDetail | null>;
  /** Summaries of several entities (unknown ids are left out). */
  getEntities: Exchange<{ ids: string[] }, EntitySummary[]>;
  /** Events matching the query. */
  getTimeline: Exchange<TimelinePayload, TimelineEventView[]>;
  /** Entities whose names or aliases match `query`, best first. */
  search: Exchange<{ query: string; limit: number }, SearchHit[]>;
  /** Versions, dates and counts of the bundle and the packs; whether the cache works. */
  getDatasetInfo: Exchange<NoPayload, DatasetInfo>;
  /** Rebuilds the cache from the bundle and the installed packs. */
  rebuildCache: Exchange<NoPayload, DatasetInfo>;
  /** Validates and installs a pack, all or nothing. */
  importPack: Exchange<{ text: string; fileName: string }, ImportOutcome>;
  /** Removes an installed pack; its entities disappear everywhere at once. */
  removePack: Exchange<{ id: string }, RemoveOutcome>;
  /** One pack (by id) or all packs, as a JSON file's text. */
  exportPacks: Exchange<{ id?: string }, PackExport>;
}

/** Messages the background or an extension page (the popup) sends to a tab's content script. */
export interface BackgroundToContent {
  /** Scrolls to the first mention of the entity and flashes it. Answers whether it was found. */
  showMention: Exchange<{ entityId: string }, { found: boolean }>;
  /** The reader's keyboard shortcut: move to the next or previous mention and open its card. */
  navigateMention: Exchange<{ direction: 'next' | 'previous' }, { found: boolean }>;
  /** The reader's keyboard shortcut: close the open card. */
  closeCard: Exchange<NoPayload, null>;
  /** A setting changed (options page, popup or card): all the settings, to apply at once. */
  settingsChanged: Exchange<{ settings: Settings }, null>;
  /**
   * New matcher data was published (a pack imported or removed, the cache rebuilt, an update):
   * its version. A page that highlights reads the data from storage; the rest ignore it.
   */
  matcherDataChanged: Exchange<{ version: string }, null>;
}

const emptyPayload = v.strictObject({});
const dayText = v.pipe(v.string(), v.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a day written YYYY-MM-DD'));
const count = v.pipe(v.number(), v.integer(), v.minValue(0));

const timelinePayloadSchema = v.strictObject({
  entityIds: v.optional(v.pipe(v.array(idSchema), v.maxLength(1000))),
  from: v.optional(dayText),
  to: v.optional(dayText),
  categories: v.optional(v.array(v.picklist(CATEGORIES))),
  limit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(5000))),
  order: v.picklist(['asc', 'desc']),
});
/** A timeline query as the protocol carries it. */
export type TimelinePayload = v.InferOutput<typeof timelinePayloadSchema>;

/** Payload schemas for content → background messages, checked by the background. */
export const contentToBackgroundSchemas = {
  ping: emptyPayload,
  getMatcherData: emptyPayload,
  reportMentions: v.strictObject({
    url: v.pipe(v.string(), v.maxLength(MAX_REPORTED_URL_LENGTH)),
    publishedAt: v.optional(dayText),
    mentions: v.pipe(
      v.array(v.strictObject({ entityId: idSchema, count: v.pipe(count, v.minValue(1)), first: count })),
      v.maxLength(10_000),
    ),
  }),
  getEntityDetail: v.strictObject({ id: idSchema }),
  openInBackstory: v.strictObject({ entityId: idSchema }),
} satisfies { [K in keyof ContentToBackground]: v.GenericSchema<ContentToBackground[K]['payload']> };

/** Payload schemas for page → background messages, checked by the background. */
export const pageToBackgroundSchemas = {
  ping: emptyPayload,
  getTabMentions: v.strictObject({ tabId: count }),
  getEntityDetail: v.strictObject({ id: idSchema }),
  getEntities: v.strictObject({ ids: v.pipe(v.array(idSchema), v.maxLength(10_000)) }),
  getTimeline: timelinePayloadSchema,
  search: v.strictObject({
    query: v.pipe(v.string(), v.maxLength(200)),
    limit: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(50)),
  }),
  getDatasetInfo: emptyPayload,
  rebuildCache: emptyPayload,
  // The size limit is enforced by validation with a clear message; this cap only stops absurd payloads.
  importPack: v.strictObject({
    text: v.pipe(v.string(), v.maxLength(64 * 1024 * 1024)),
    fileName: v.pipe(v.string(), v.maxLength(500)),
  }),
  removePack: v.strictObject({ id: idSchema }),
  exportPacks: v.strictObject({ id: v.optional(idSchema) }),
} satisfies { [K in keyof PageToBackground]: v.GenericSchema<PageToBackground[K]['payload']> };

/** Payload schemas for background → content messages, checked by the content script. */
export const backgroundToContentSchemas = {
  showMention: v.strictObject({ entityId: idSchema }),
  navigateMention: v.strictObject({ direction: v.picklist(['next', 'previous']) }),
  closeCard: emptyPayload,
  settingsChanged: v.strictObject({ settings: settingsSchema }),
  matcherDataChanged: v.strictObject({ version: v.pipe(v.string(), v.minLength(1), v.maxLength(1000)) }),
} satisfies { [K in keyof BackgroundToContent]: v.GenericSchema<BackgroundToContent[K]['payload']> };

/**
 * Why a request failed, for the reader's page to word in their language. The failure's `error` is
 * the English detail, for the console and for whoever debugs it.
 * - `unreachable`: nobody answered (the background is restarting, or a tab has no Backstory in it);
 * - `noSuchPack`: the pack asked for is not installed (say, removed meanwhile in another window);
 *   `subject` is its id;
 * - `noPacks`: "export all" with no pack installed;
 * - `internal`: anything else: a refused or malformed message (a bug of ours), or a handler's
 *   unexpected error, such as IndexedDB refusing a write.
 */
export type FailureReason = 'unreachable' | 'noSuchPack' | 'noPacks' | 'internal';

/** A failed request: why, as a reason to word, and the English detail. */
export interface Failure {
  ok: false;
  reason: FailureReason;
  error: string;
  subject?: string;
}

/** Either the answer or why there is none. Never throws across a boundary. */
export type Result<T> = { ok: true; value: T } | Failure;

/** What a handler throws to fail with a reason other than `internal`. */
export class RequestFailure extends Error {
  constructor(
    readonly reason: FailureReason,
    message: string,
    readonly subject?: string,
  ) {
    super(message);
    this.name = 'RequestFailure';
  }
}

/** The answer type of message `K` in map `Map`. */
export type AnswerOf<Map, K extends keyof Map> = Map[K] extends Exchange<unknown, infer A> ? A : never;

/** The payload type of message `K` in map `Map`. */
export type PayloadOf<Map, K extends keyof Map> = Map[K] extends Exchange<infer P, unknown> ? P : never;

/** A successful result. */
export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

/** A failed result: its reason (`internal` unless said) and the English detail. */
export function fail<T = never>(
  error: string,
  reason: FailureReason = 'internal',
  subject?: string,
): Result<T> {
  return subject === undefined ? { ok: false, reason, error } : { ok: false, reason, error, subject };
}

/** A thrown error as a failed result: a RequestFailure keeps its reason, anything else is `internal`. */
export function failureOf<T = never>(error: unknown): Result<T> {
  return error instanceof RequestFailure
    ? fail(error.message, error.reason, error.subject)
    : fail(describeError(error));
}

/** Sends a content → background message and resolves with its result (never rejects). */
export function sendFromContent<K extends keyof ContentToBackground & string>(
  type: K,
  payload: PayloadOf<ContentToBackground, K>,
): Promise<Result<AnswerOf<ContentToBackground, K>>> {
  return settle(() => browser.runtime.sendMessage({ from: 'content', type, payload }), type);
}

/** Sends a page (popup, options, extension page) → background message and resolves with its result. */
export function sendFromPage<K extends keyof PageToBackground & string>(
  type: K,
  payload: PayloadOf<PageToBackground, K>,
): Promise<Result<AnswerOf<PageToBackground, K>>> {
  return settle(() => browser.runtime.sendMessage({ from: 'page', type, payload }), type);
}

/** Sends a message to the content script of tab `tabId` and resolves with its result. */
export function sendToTab<K extends keyof BackgroundToContent & string>(
  tabId: number,
  type: K,
  payload: PayloadOf<BackgroundToContent, K>,
): Promise<Result<AnswerOf<BackgroundToContent, K>>> {
  return settle(() => browser.tabs.sendMessage(tabId, { from: 'extension', type, payload }), type);
}

async function settle<T>(sendIt: () => Promise<unknown>, type: string): Promise<Result<T>> {
  try {
    const answer = await sendIt();
    if (isResult(answer)) return answer as Result<T>;
    return fail(`No answer to "${type}".`, 'unreachable');
  } catch (error) {
    return fail(`Could not deliver "${type}": ${describeError(error)}`, 'unreachable');
  }
}

function isResult(value: unknown): value is Result<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { ok?: unknown }).ok === 'boolean';
}

/** A readable one-line description of anything thrown. */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
