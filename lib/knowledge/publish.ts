/**
 * Publishing matcher data to storage.local, where content scripts read it, and saying why not when
 * the browser refuses: Chrome's storage.local holds 10 MB (we do not ask for unlimitedStorage), and
 * a few packs' worth of names can outgrow it.
 */
import { MATCHER_DATA_KEY, MATCHER_DATA_VERSION_KEY, type MatcherData } from './matcher-data.ts';
import type { PublishFailure } from './types.ts';

/** The storage.local items that publish `data`: the data, and its version under a key of its own. */
export function matcherDataItems(data: MatcherData): Record<string, unknown> {
  return { [MATCHER_DATA_KEY]: data, [MATCHER_DATA_VERSION_KEY]: data.version };
}

/**
 * The bytes `items` take in storage.local as Chrome counts them against its quota: each key's
 * length plus its value written as JSON, in UTF-8.
 */
export function storageBytes(items: Record<string, unknown>): number {
  const utf8 = new TextEncoder();
  return Object.entries(items).reduce(
    (sum, [key, value]) => sum + utf8.encode(key).length + utf8.encode(JSON.stringify(value)).length,
    0,
  );
}

/**
 * Chrome's error for a storage.local write over its quota: "QUOTA_BYTES quota exceeded" in older
 * versions, "Resource::kQuotaBytes quota exceeded" in newer ones. Firefox keeps storage.local in
 * IndexedDB under the browser's own storage limits and never says this.
 */
const STORAGE_QUOTA_ERROR = /\b(?:QUOTA_BYTES|kQuotaBytes) quota exceeded/;

/**
 * Why publishing `data` failed, with the sizes that can be stated truthfully: what it would take,
 * and the quota only when the browser said that quota is what was exceeded. (Firefox declares a
 * storage.local QUOTA_BYTES of 5 MB that it does not enforce: naming it there would be wrong.)
 */
export function publishFailure(
  error: unknown,
  data: MatcherData | undefined,
  quotaBytes: number | undefined,
): PublishFailure {
  const message = error instanceof Error ? error.message : String(error);
  return {
    error: message,
    ...(data ? { neededBytes: storageBytes(matcherDataItems(data)) } : {}),
    ...(quotaBytes !== undefined && STORAGE_QUOTA_ERROR.test(message) ? { quotaBytes } : {}),
  };
}

/** Bytes as megabytes (MiB, as browsers count their quotas), rounded up to a tenth: never under. */
export function megabytesRoundedUp(bytes: number): number {
  return Math.ceil(bytes / 104_857.6) / 10;
}
