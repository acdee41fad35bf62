/**
 * The background's knowledge base: keeps the IndexedDB cache complete and current, answers from
 * it, and falls back to the bundled data in memory when IndexedDB is unavailable. Cache changes
 * run one at a time, and each publishes fresh matcher data for content scripts; an import whose
 * data pages cannot be given is undone and refused.
 */
import { issueText } from '../dataset/issue-text.ts';
import { packsDependingOn, validatePackText } from '../dataset/pack.ts';
import type { Dataset } from '../dataset/schema.ts';
import type { DatasetIssue } from '../dataset/compile.ts';
import { bundleFingerprint, checkCache, rebuildCache } from '../db/cache.ts';
import { createIndexedDbStore } from '../db/idb-store.ts';
import { buildCacheRecords } from '../db/records.ts';
import type { BackstoryDatabase, CacheManifest } from '../db/schema.ts';
import { buildMatcherData, type MatcherData } from '../knowledge/matcher-data.ts';
import { megabytesRoundedUp, publishFailure } from '../knowledge/publish.ts';
import { createKnowledgeService, type KnowledgeService } from '../knowledge/service.ts';
import { createMemoryStore } from '../knowledge/store.ts';
import type { InstalledPack, PublishFailure } from '../knowledge/types.ts';
import { describeError, type ImportOutcome, type RemoveOutcome, RequestFailure } from '../messages.ts';

/** What the knowledge base needs from its surroundings (real APIs in the background, fakes in tests). */
export interface KnowledgeBaseDeps {
  openDb(): Promise<BackstoryDatabase>;
  /**
   * Stores matcher data where content scripts read it. Rejects with the browser's error when it
   * cannot, having stored none of it (storage.local writes are all or nothing).
   */
  publishMatcherData(data: MatcherData): Promise<void>;
  /** The version of the matcher data currently published, if any. */
  publishedMatcherVersion(): Promise<string | undefined>;
  /**
   * storage.local's QUOTA_BYTES, where it has one: named to the reader only when a publish fails
   * with the browser's quota error (see publishFailure).
   */
  storageQuotaBytes?: number;
  /**
   * The extension's version. Part of the matcher data's version: pages load the compiled matcher
   * as data, so an update must republish it even when the dataset and packs are unchanged (the
   * new code may fold or lay out the trie differently).
   */
  extensionVersion?: string;
  now?(): number;
}

export interface KnowledgeBase {
  /** The service over the current cache; waits for the cache to be ready (built or checked). */
  service(): Promise<KnowledgeService>;
  /** Why the cache is unavailable (the service is then answering from memory), if it is. */
  cacheError(): Promise<string | undefined>;
  /** Why pages still highlight with older data than the cache holds, if they do (see DatasetInfo). */
  pagesBehind(): Promise<PublishFailure | undefined>;
  /** Checks the cache and rebuilds it if it is missing, stale or damaged (install, update, start-up). */
  ensureFresh(): Promise<void>;
  /**
   * The database connection was closed under the background (the database deleted, or a newer
   * version of the extension upgrading it): the next use checks the cache again, and rebuilds it
   * if it is gone. Nothing is opened now, so an upgrade in progress is not held up.
   */
  checkOnNextUse(): void;
  /** Rebuilds the cache unconditionally. */
  rebuild(): Promise<void>;
  /**
   * Validates and installs the packs in a file's text, all or nothing. Refused, with nothing
   * changed, when pages could not be given the matcher data with them (storage.local full).
   */
  importPack(text: string, fileName: string): Promise<ImportOutcome>;
  /**
   * Removes a pack unless other packs use its entities; throws when no such pack is installed. A
   * removal is never refused for want of storage: it only makes the data smaller, so it is how a
   * reader whose packs outgrew pages' storage (after an update, say) makes room.
   */
  removePack(id: string): Promise<RemoveOutcome>;
  /** The matcher data for the current cache (also published to storage). */
  matcherData(): Promise<MatcherData>;
}

interface State {
  service: KnowledgeService;
  /** Built when first needed: compiling the matcher is the one costly step of a worker's start. */
  matcherData: () => Promise<MatcherData>;
  error?: string;
  /** Why the matcher data of this cache could not be published, if it could not. */
  pagesBehind?: PublishFailure;
}

/** Calls `build` on first use and keeps its result; a failure is not kept, so the next call tries again. */
function once<T>(build: () => Promise<T>): () => Promise<T> {
  let result: Promise<T> | undefined;
  return () =>
    (result ??= build().catch((error: unknown) => {
      result = undefined;
      throw error;
    }));
}

/** Creates the knowledge base for the bundled dataset. Nothing happens until it is first used. */
export function createKnowledgeBase(bundle: Dataset, deps: KnowledgeBaseDeps): KnowledgeBase {
  const matcherVersion = (manifest: CacheManifest) =>
    [deps.extensionVersion ?? '', manifest.bundleVersion, manifest.packIds.join(','), manifest.builtAt].join(
      '|',
    );
  let state: Promise<State> | undefined;
  // Cache changes are chained so two never interleave (an import during a rebuild, say).
  let queue: Promise<unknown> = Promise.resolve();
  const serially = <T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.then(task, task);
    queue = run.catch(() => undefined);
    return run;
  };

  /**
   * Publishes the matcher data for pages unless this version is already there, and says why not
   * when that failed. Publishing is not the cache: a failure here (storage full, say) must not send
   * the whole extension to its in-memory fallback. Pages keep what they have or ask the background.
   */
  async function publishIfStale(
    version: string,
    matcherData: () => Promise<MatcherData>,
  ): Promise<PublishFailure | undefined> {
    let data: MatcherData | undefined;
    try {
      if ((await deps.publishedMatcherVersion()) === version) return undefined;
      data = await matcherData();
      await deps.publishMatcherData(data);
      return undefined;
    } catch (error) {
      return publishFailure(error, data, deps.storageQuotaBytes);
    }
  }

  /** The state over the IndexedDB cache described by `manifest`, its matcher data published (or why not). */
  async function stateOf(manifest: CacheManifest): Promise<State> {
    const service = createKnowledgeService(createIndexedDbStore(deps.openDb));
    const version = matcherVersion(manifest);
    const matcherData = once(async () => buildMatcherData(await service.store.allEntities(), version));
    const pagesBehind = await publishIfStale(version, matcherData);
    return { service, matcherData, ...(pagesBehind ? { pagesBehind } : {}) };
  }

  /**
   * Opens the cache, rebuilding it when it is not as the bundle and the packs say (or when forced).
   * Pages left behind by a failed publish are noted and tried again at the next start: nothing stored
   * is undone for it, as nothing the reader just asked for caused it.
   */
  async function open(force?: 'force'): Promise<State> {
    try {
      const db = await deps.openDb();
      const manifest =
        force === undefined && (await checkCache(db, bundle)) === 'ok'
          ? (await db.get('meta', 'manifest'))!
          : await rebuildCache(db, bundle);
      const fresh = await stateOf(manifest);
      if (fresh.pagesBehind) warnPagesBehind(fresh.pagesBehind);
      return fresh;
    } catch (error) {
      return openInMemory(describeError(error));
    }
  }

  async function openInMemory(error: string): Promise<State> {
    const records = buildCacheRecords(bundle, []);
    const manifest: CacheManifest = {
      key: 'manifest',
      bundleVersion: bundle.meta.version,
      bundleFingerprint: bundleFingerprint(bundle),
      bundleMeta: bundle.meta,
      packIds: [],
      counts: {
        entities: records.entities.length,
        relations: records.relations.length,
        events: records.events.length,
        aliases: records.aliases.length,
      },
      builtAt: 0,
    };
    const service = createKnowledgeService(createMemoryStore(records, manifest));
    const matcherData = buildMatcherData(records.entities, `memory|${matcherVersion(manifest)}`);
    await deps.publishMatcherData(matcherData).catch(() => undefined);
    return { service, matcherData: async () => matcherData, error };
  }

  /**
   * The cache as last opened inside the queue. Queued tasks read this, never `state`: `state` may
   * be an open queued behind the very task that awaits it (ensureFresh resets it while an import
   * waits its turn), and the background would hang for good.
   */
  let opened: State | undefined;
  const current = () => (state ??= serially(async () => (opened = await open())));
  /** Only ever called inside `serially`. */
  const openedInQueue = async () => (opened ??= await open());
  /** Makes `next` the cache every later use reads; only ever called inside `serially`. */
  const settle = (next: State) => {
    opened = next;
    state = Promise.resolve(next);
  };
  /**
   * What a new pack is checked against: the bundle and every installed pack, those set aside too
   * (only ever called inside `serially`). A set-aside pack's ids and names stay taken: a pack that
   * reused them would clash with it once an update lets it load again, and the two would each seem
   * to depend on the other. A new pack that links to a set-aside pack's entities passes these
   * checks but is set aside by the build, and its import is refused then (see importPack).
   */
  async function installedDatasets(): Promise<Dataset[]> {
    const packs = await (await openedInQueue()).service.store.packs();
    return [bundle, ...packs.map((stored) => stored.pack)];
  }

  /**
   * Takes an import back after it was refused, with the build time the cache had, so the cache and
   * the version of the matcher data pages hold are exactly as before; only ever called inside
   * `serially`. The problems the import is refused with, plus, should taking it back fail too, one
   * saying that it stays installed.
   */
  async function undoImport(
    ids: string[],
    before: CacheManifest | undefined,
    fileName: string,
    refusal: DatasetIssue[],
  ): Promise<DatasetIssue[]> {
    try {
      await rebuildCache(await deps.openDb(), bundle, {
        remove: ids,
        ...(before ? { builtAt: before.builtAt } : {}),
      });
      return refusal;
    } catch (error) {
      return [...refusal, { file: fileName, message: issueText('importNotUndone', describeError(error)) }];
    } finally {
      settle(await open());
    }
  }

  return {
    service: async () => (await current()).service,
    cacheError: async () => (await current()).error,
    pagesBehind: async () => (await current()).pagesBehind,
    matcherData: async () => (await current()).matcherData(),
    async ensureFresh() {
      // A fresh check, even if this worker already opened the cache: install and update events
      // arrive after the bundle inside this worker has changed.
      state = undefined;
      await current();
    },
    checkOnNextUse() {
      state = undefined;
      opened = undefined;
    },
    rebuild: () => serially(async () => settle(await open('force'))),

    async importPack(text, fileName) {
      const { error } = await current();
      if (error) return { issues: [{ file: fileName, message: issueText('cacheUnavailable', error) }] };
      // Checked and installed in one queued step: two imports at once cannot both pass the checks.
      return serially(async (): Promise<ImportOutcome> => {
        const { packs, issues } = validatePackText(text, fileName, await installedDatasets());
        if (!packs) return { issues };
        const now = deps.now?.() ?? Date.now();
        // One timestamp each, so a rebuild keeps the file's order (a later pack may extend an earlier one).
        const stored = packs.map((pack, index) => ({
          id: pack.meta.id,
          pack,
          fileName,
          installedAt: now + index,
        }));
        const previous = await openedInQueue();
        const before = await previous.service.store.manifest();
        // The matcher data of the cache as it is, built now if it was not yet: built while the
        // import is in the database and refused later, it would hold the refused packs under the
        // version that stays current, and a page given it would keep their names.
        await previous.matcherData();
        const manifest = await rebuildCache(await deps.openDb(), bundle, { add: stored });
        const ids = stored.map(({ id }) => id);
        // Links to a set-aside pack's entities: installed, the pack would not load.
        const setAside = manifest.setAside?.filter(({ id }) => ids.includes(id)) ?? [];
        if (setAside.length)
          return {
            issues: await undoImport(
              ids,
              before,
              fileName,
              setAside.flatMap(({ issues }) => issues),
            ),
          };
        const next = await stateOf(manifest);
        // Installed, the packs would be listed everywhere but never highlighted: pages keep the
        // data they had.
        if (next.pagesBehind)
          return {
            issues: await undoImport(ids, before, fileName, [pagesCannotFollow(next.pagesBehind, fileName)]),
          };
        settle(next);
        const installed: InstalledPack[] = stored.map(({ pack, installedAt }) => ({
          meta: pack.meta,
          counts: {
            entities: pack.entities.length,
            relations: pack.relations.length,
            events: pack.events.length,
          },
          fileName,
          installedAt,
        }));
        return { installed };
      });
    },

    async removePack(id) {
      await current();
      // Checked and removed in one queued step: an import queued meanwhile cannot come to depend on it.
      return serially(async (): Promise<RemoveOutcome> => {
        const packs = await (await openedInQueue()).service.store.packs();
        const removed = packs.find((stored) => stored.id === id);
        if (!removed) throw new RequestFailure('noSuchPack', `No pack "${id}" is installed.`, id);
        // Removing it anyway would leave another pack's relations, events or aliases pointing at nothing.
        const dependents = packsDependingOn(
          removed.pack,
          packs.map((stored) => stored.pack),
        );
        if (dependents.length)
          return {
            usedBy: dependents.map(({ pack, entityIds }) => ({
              id: pack.meta.id,
              title: pack.meta.title,
              entityIds,
            })),
          };
        const next = await stateOf(await rebuildCache(await deps.openDb(), bundle, { remove: [id] }));
        // Kept even if pages cannot be given the smaller data: see removePack's doc comment.
        if (next.pagesBehind) warnPagesBehind(next.pagesBehind);
        settle(next);
        return { removed: true };
      });
    },
  };
}

/** The problem an import is refused with when pages could not be given its matcher data. */
function pagesCannotFollow(failure: PublishFailure, fileName: string): DatasetIssue {
  const { neededBytes, quotaBytes, error } = failure;
  const message =
    neededBytes !== undefined && quotaBytes !== undefined
      ? issueText('pagesStorageFull', megabytesRoundedUp(neededBytes), megabytesRoundedUp(quotaBytes))
      : issueText('pagesStorageRefused', error);
  return { file: fileName, message };
}

/** For whoever reads the background's console: pages are left with older data. */
function warnPagesBehind({ error, neededBytes }: PublishFailure): void {
  const size = neededBytes === undefined ? '' : ` (${neededBytes} bytes)`;
  console.warn(`Backstory could not publish the matcher data for pages${size}: ${error}`);
}
