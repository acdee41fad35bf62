/**
 * THE message protocol. Every message that crosses a context boundary is one entry in a typed map
 * per direction, with a valibot schema for its payload (checked by the receiver) and a doc comment.
 * Results travel as plain serialisable objects: `{ ok: true, value }` or `{ ok: false, error }`.
 */
import * as v from 'valibot';
import { browser } from 'wxt/browser';

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

/** What the background knows about a tab's content script. */
export interface TabStatus {
  /** True once the tab's content script has started and said so. */
  contentScriptActive: boolean;
  /** The page address the content script reported, if any. */
  url?: string;
}

/** Messages a content script sends to the background. */
export interface ContentToBackground {
  /** Is the background alive? Answers the extension's name and version. */
  ping: Exchange<Record<string, never>, PingAnswer>;
  /** The content script has started on the sending tab's page. */
  pageReady: Exchange<{ url: string }, null>;
}

/** Messages the popup and the extension's own pages send to the background. */
export interface PageToBackground {
  /** Is the background alive? Answers the extension's name and version. */
  ping: Exchange<Record<string, never>, PingAnswer>;
  /** What the background knows about tab `tabId`. */
  getTabStatus: Exchange<{ tabId: number }, TabStatus>;
}

/** Messages the background sends to a content script. */
// Empty until a feature needs to push to pages; kept so the third direction has its one home.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface BackgroundToContent {}

const emptyPayload = v.strictObject({});

/** Payload schemas for content → background messages, checked by the background. */
export const contentToBackgroundSchemas = {
  ping: emptyPayload,
  pageReady: v.strictObject({ url: v.pipe(v.string(), v.maxLength(8192)) }),
} satisfies { [K in keyof ContentToBackground]: v.GenericSchema<ContentToBackground[K]['payload']> };

/** Payload schemas for page → background messages, checked by the background. */
export const pageToBackgroundSchemas = {
  ping: emptyPayload,
  getTabStatus: v.strictObject({ tabId: v.pipe(v.number(), v.integer(), v.minValue(0)) }),
} satisfies { [K in keyof PageToBackground]: v.GenericSchema<PageToBackground[K]['payload']> };

/** The envelope every message travels in. `from` says which map it belongs to. */
export type Envelope<Map, From extends string> = {
  [K in keyof Map & string]: {
    from: From;
    type: K;
    payload: Map[K] extends Exchange<infer P, unknown> ? P : never;
  };
}[keyof Map & string];

/** Either the answer or an error a user or developer can read. Never throws across a boundary. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: string };

/** The answer type of message `K` in map `Map`. */
export type AnswerOf<Map, K extends keyof Map> = Map[K] extends Exchange<unknown, infer A> ? A : never;

/** The payload type of message `K` in map `Map`. */
export type PayloadOf<Map, K extends keyof Map> = Map[K] extends Exchange<infer P, unknown> ? P : never;

/** A successful result. */
export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

/** A failed result carrying a readable message. */
export function fail<T = never>(error: string): Result<T> {
  return { ok: false, error };
}

/** Sends a content → background message and resolves with its result (never rejects). */
export function sendFromContent<K extends keyof ContentToBackground & string>(
  type: K,
  payload: PayloadOf<ContentToBackground, K>,
): Promise<Result<AnswerOf<ContentToBackground, K>>> {
  return send({ from: 'content', type, payload });
}

/** Sends a page (popup, options, extension page) → background message and resolves with its result. */
export function sendFromPage<K extends keyof PageToBackground & string>(
  type: K,
  payload: PayloadOf<PageToBackground, K>,
): Promise<Result<AnswerOf<PageToBackground, K>>> {
  return send({ from: 'page', type, payload });
}

async function send<T>(envelope: { from: string; type: string; payload: unknown }): Promise<Result<T>> {
  try {
    const answer: unknown = await browser.runtime.sendMessage(envelope);
    if (isResult(answer)) return answer as Result<T>;
    return fail(`The background gave no answer to "${envelope.type}".`);
  } catch (error) {
    return fail(`Could not reach the background for "${envelope.type}": ${describeError(error)}`);
  }
}

function isResult(value: unknown): value is Result<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { ok?: unknown }).ok === 'boolean';
}

/** A readable one-line description of anything thrown. */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
