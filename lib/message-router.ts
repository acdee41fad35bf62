/**
 * The background's side of the protocol: checks who sent a message and what it carries before any
 * handler runs, and turns every outcome (including a handler throwing) into a serialisable Result.
 */
import * as v from 'valibot';
import {
  type AnswerOf,
  type BackgroundToContent,
  backgroundToContentSchemas,
  type ContentToBackground,
  contentToBackgroundSchemas,
  fail,
  failureOf,
  ok,
  type PageToBackground,
  pageToBackgroundSchemas,
  type PayloadOf,
  type Result,
} from './messages.ts';

/** The parts of a runtime.MessageSender the router looks at. */
export interface MessageSenderInfo {
  id?: string;
  url?: string;
  tab?: { id?: number };
}

/** Where a message came from, as established by the router (never as claimed by the message). */
export interface ContentOrigin {
  tabId: number;
  url: string | undefined;
}

type Handlers<Map, Origin> = {
  [K in keyof Map]: (
    payload: PayloadOf<Map, K>,
    origin: Origin,
  ) => Promise<AnswerOf<Map, K>> | AnswerOf<Map, K>;
};

/** One handler per message in each direction the background receives. */
export interface RouterHandlers {
  content: Handlers<ContentToBackground, ContentOrigin>;
  page: Handlers<PageToBackground, { url: string }>;
}

/** The extension identity the router compares senders against. */
export interface ExtensionIdentity {
  id: string;
  /** e.g. `chrome-extension://<id>/` or `moz-extension://<uuid>/` */
  origin: string;
}

const envelopeSchema = v.object({
  from: v.picklist(['content', 'page']),
  type: v.string(),
  payload: v.unknown(),
});

/**
 * Returns a runtime.onMessage listener. It answers every message addressed to it with a Promise of a
 * Result, and ignores (returns undefined for) anything that is not one of our envelopes so other
 * listeners, if any, can answer.
 */
export function createMessageRouter(identity: ExtensionIdentity, handlers: RouterHandlers) {
  return (message: unknown, sender: MessageSenderInfo): Promise<Result<unknown>> | undefined => {
    const envelope = v.safeParse(envelopeSchema, message);
    if (!envelope.success) return undefined;
    return route(identity, handlers, envelope.output, sender);
  };
}

async function route(
  identity: ExtensionIdentity,
  handlers: RouterHandlers,
  envelope: v.InferOutput<typeof envelopeSchema>,
  sender: MessageSenderInfo,
): Promise<Result<unknown>> {
  if (sender.id !== identity.id) return fail('Refused: the message did not come from this extension.');
  const { from, type, payload } = envelope;
  try {
    if (from === 'content') {
      const tabId = sender.tab?.id;
      if (tabId === undefined) return fail('Refused: a content message must come from a tab.');
      return await dispatch(contentToBackgroundSchemas, handlers.content, type, payload, {
        tabId,
        url: sender.url,
      });
    }
    // Content scripts report the web page's URL here, so they cannot pass as an extension page.
    if (!sender.url?.startsWith(identity.origin)) {
      return fail('Refused: a page message must come from one of the extension’s own pages.');
    }
    return await dispatch(pageToBackgroundSchemas, handlers.page, type, payload, { url: sender.url });
  } catch (error) {
    return failed(type, error);
  }
}

async function dispatch<Origin>(
  schemas: Record<string, v.GenericSchema>,
  handlers: Record<string, (payload: never, origin: Origin) => unknown>,
  type: string,
  payload: unknown,
  origin: Origin,
): Promise<Result<unknown>> {
  const schema = Object.hasOwn(schemas, type) ? schemas[type] : undefined;
  const handler = Object.hasOwn(handlers, type) ? handlers[type] : undefined;
  if (!schema || !handler) return fail(`Unknown message "${type}".`);
  const parsed = v.safeParse(schema, payload);
  if (!parsed.success) return fail(`Bad payload for "${type}": ${summariseIssues(parsed.issues)}`);
  return ok(await handler(parsed.output as never, origin));
}

/** One handler per message a content script receives. */
export type ContentHandlers = Handlers<BackgroundToContent, { senderUrl: string | undefined }>;

const contentEnvelopeSchema = v.object({
  from: v.literal('extension'),
  type: v.string(),
  payload: v.unknown(),
});

/**
 * The content script's side: a runtime.onMessage listener that answers only this extension (the
 * background or its pages), validates payloads, and never throws across the boundary.
 */
export function createContentMessageListener(
  identity: Pick<ExtensionIdentity, 'id'>,
  handlers: ContentHandlers,
) {
  return (message: unknown, sender: MessageSenderInfo): Promise<Result<unknown>> | undefined => {
    const envelope = v.safeParse(contentEnvelopeSchema, message);
    if (!envelope.success) return undefined;
    if (sender.id !== identity.id)
      return Promise.resolve(fail('Refused: the message did not come from this extension.'));
    const { type, payload } = envelope.output;
    return dispatch(backgroundToContentSchemas, handlers, type, payload, { senderUrl: sender.url }).catch(
      (error: unknown) => failed(type, error),
    );
  };
}

/**
 * A handler's error as its answer: its reason, which pages word for readers, with the error's own
 * words as detail; the message type (an internal name readers have no use for) goes to the console.
 */
function failed(type: string, error: unknown) {
  console.warn(`Backstory: "${type}" failed:`, error);
  return failureOf(error);
}

/** Turns valibot issues into "field: problem" phrases. */
export function summariseIssues(issues: readonly v.BaseIssue<unknown>[]): string {
  return issues
    .map((issue) => {
      const path = v.getDotPath(issue);
      return path ? `${path}: ${issue.message}` : issue.message;
    })
    .join('; ');
}
