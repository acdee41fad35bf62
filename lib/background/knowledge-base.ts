/**
 * The background's knowledge base: keeps the IndexedDB cache complete and current, answers from
 * it, and falls back to the bundled data in memory when IndexedDB is unavailable. Cache changes
 * run one at a time, and each publishes fresh matcher data for content scripts.
 */
import { issueText } from '../dataset/issue-text.ts';
import { packsDependingOn, validatePackText } from '../dataset/pack.ts';
import type { Dataset } from '../dataset/schema.ts';
import { bundleFingerprint, checkCache, type PackChange, rebuildCache } from '../db/cache.ts';
import { createIndexedDbStore } from '../db/idb-store.ts';
import { buildCacheRecords } from '../db/records.ts';
import type { BackstoryDatabase, CacheManifest } from '../db/schema.ts';
import { buildMatcherData, type MatcherData } from '../knowledge/matcher-data.ts';
import { createKnowledgeService, type KnowledgeService } from '../knowledge/service.ts';
import { createMemoryStore } from '../knowledge/store.ts';
import type { InstalledPack } from '../knowledge/types.ts';
import { describeError, type ImportOutcome, type RemoveOutcome, RequestFailure } from '../messages.ts';

/** What the knowledge base needs from its surroundings (real APIs in the background, fakes in tests). */
export interface KnowledgeBaseDeps {
  openDb(): Promise<BackstoryDatabase>;
  /** Stores matcher data where content scripts read it. */
  publishMatcherData(data: MatcherData): Promise<void>;
  /** The version of the matcher data currently published, if any. */
  publishedMatcherVersion(): Promise<string | undefined>;
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
  importPack(text: string, fileName: string): Promise<ImportOutcome>;
  /** Removes a pack unless other packs use its entities; throws when no such pack is installed. */
  removePack(id: string): Promise<RemoveOutcome>;
  /** The matcher data for the current cache (also published to storage). */
  matcherData(): Promise<MatcherData>;
}

interface State {
  service: KnowledgeService;
  /** Built when first needed: compiling the matcher is the one costly step of a worker's start. */
  matcherData: () => Promise<MatcherData>;
  error?: string;
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
   * Publishes the matcher data for pages unless this version is already there. Publishing is not
   * the cache: a failure here (storage full, say) must neither undo an import already stored nor
   * send the whole extension to its in-memory fallback. Pages keep what they have or ask the
   * background, and the next start sees the published version is stale and tries again.
   */
  async function publishIfStale(version: string, matcherData: () => Promise<MatcherData>) {
    try {
      if ((await deps.publishedMatcherVersion()) !== version)
        await deps.publishMatcherData(await matcherData());
    } catch (error) {
      console.warn(`Backstory could not publish the matcher data for pages: ${describeError(error)}`);
    }
  }

  async function open(change?: PackChange | 'force'): Promise<State> {
    try {
      const db = await deps.openDb();
      const manifest =
        change === undefined && (await checkCache(db, bundle)) === 'ok'
          ? (await db.get('meta', 'manifest'))!
          : await rebuildCache(db, bundle, change === 'force' ? {} : change);
      const service = createKnowledgeService(createIndexedDbStore(deps.openDb));
      const version = matcherVersion(manifest);
      const matcherData = once(async () => buildMatcherData(await service.store.allEntities(), version));
      await publishIfStale(version, matcherData);
      return { service, matcherData };
    } catch (error) {
      if (change !== undefined && change !== 'force') throw error; // a failed import or removal changes nothing
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
  /** Applies a change to the cache; only ever called inside `serially`. */
  const apply = async (change: PackChange | 'force') => {
    opened = await open(change);
    state = Promise.resolve(opened);
  };
  const replace = (change: PackChange | 'force') => serially(() => apply(change));

  /** The bundle and the installed packs; only ever called inside `serially`. */
  async function installedDatasets(): Promise<Dataset[]> {
    const packs = await (await openedInQueue()).service.store.packs();
    return [bundle, ...packs.map((stored) => stored.pack)];
  }

  return {
    service: async () => (await current()).service,
    cacheError: async () => (await current()).error,
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
    rebuild: () => replace('force'),

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
        await apply({ add: stored });
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
        await apply({ remove: id });
        return { removed: true };
      });
    },
  };
}
