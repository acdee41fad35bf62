/**
 * Keeping the IndexedDB cache complete and current. A (re)build happens in ONE transaction that
 * awaits nothing but its own requests, so a build cut off half-way (service worker stopped,
 * browser closed) leaves the previous complete cache, never a mix.
 */
import { datasetFingerprint } from '../dataset/fingerprint.ts';
import { sortPacksByFit } from '../dataset/pack.ts';
import type { Dataset } from '../dataset/schema.ts';
import { buildCacheRecords } from './records.ts';
import { type BackstoryDatabase, CACHE_FORMAT, type CacheManifest, type StoredPack } from './schema.ts';

/** Why the cache must be rebuilt, or 'ok'. */
export type CacheVerdict =
  | 'ok'
  | 'missing'
  | 'stale-format'
  | 'stale-version'
  | 'stale-content'
  | 'counts-mismatch'
  | 'packs-mismatch';

const DATA_STORES = ['entities', 'relations', 'events', 'aliases'] as const;

const fingerprints = new WeakMap<Dataset, string>();

/**
 * The bundle's content hash (lib/dataset/fingerprint.ts): the version alone is not enough, as a data
 * fix shipped without a version bump would otherwise leave every reader on the old cache. Computed
 * at most once per bundle object; the build computes the bundled one (see rememberBundleFingerprint).
 */
export function bundleFingerprint(bundle: Dataset): string {
  let fingerprint = fingerprints.get(bundle);
  if (fingerprint === undefined) fingerprints.set(bundle, (fingerprint = datasetFingerprint(bundle)));
  return fingerprint;
}

/**
 * Takes the bundle's hash as the build computed it (scripts/vite-dataset-plugin.ts): hashing a few
 * megabytes of JSON at every background start, as the worker wakes for a hover card, cost about
 * 10 ms each time.
 */
export function rememberBundleFingerprint(bundle: Dataset, fingerprint: string): void {
  fingerprints.set(bundle, fingerprint);
}

/**
 * Checks the cache against the bundled dataset: present, built from the same bundle (its version and
 * its content), with the packs the packs store holds, and with exactly the record counts its manifest
 * promises.
 */
export async function checkCache(db: BackstoryDatabase, bundle: Dataset): Promise<CacheVerdict> {
  const tx = db.transaction([...DATA_STORES, 'meta', 'packs'], 'readonly');
  const [manifest, packIds, entities, relations, events, aliases] = await Promise.all([
    tx.objectStore('meta').get('manifest'),
    tx.objectStore('packs').getAllKeys(),
    tx.objectStore('entities').count(),
    tx.objectStore('relations').count(),
    tx.objectStore('events').count(),
    tx.objectStore('aliases').count(),
  ]);
  await tx.done;
  if (!manifest) return 'missing';
  if ((manifest.format ?? 1) !== CACHE_FORMAT) return 'stale-format';
  if (manifest.bundleVersion !== bundle.meta.version) return 'stale-version';
  if (manifest.bundleFingerprint !== bundleFingerprint(bundle)) return 'stale-content';
  if ([...packIds].sort().join('\n') !== [...manifest.packIds].sort().join('\n')) return 'packs-mismatch';
  const counts = manifest.counts;
  if (
    counts.entities !== entities ||
    counts.relations !== relations ||
    counts.events !== events ||
    counts.aliases !== aliases
  ) {
    return 'counts-mismatch';
  }
  return 'ok';
}

/** Changes to the installed packs, made in the same transaction as the rebuild they cause. */
export interface PackChange {
  /** Validated packs to install (one file may hold several), in install order. */
  add?: StoredPack[];
  /** The ids of installed packs to remove. */
  remove?: string[];
  /**
   * The build time to record instead of now. Undoing a change gives the time of the build before
   * it, so the manifest is exactly as it was, and with it the version of the matcher data pages hold.
   */
  builtAt?: number;
  /** Lets tests cut a build off half-way, as a stopped service worker would. */
  interrupt?: (abort: () => void) => void;
}

/**
 * Rebuilds every cached record from the bundle and the stored packs, in one transaction, applying
 * `change` to the packs first: an import or removal is all or nothing. Every pack is checked again
 * against the bundle: one that no longer fits stays stored but is left out of the records, and the
 * manifest says why. Returns the new manifest.
 */
export async function rebuildCache(
  db: BackstoryDatabase,
  bundle: Dataset,
  change: PackChange = {},
): Promise<CacheManifest> {
  const tx = db.transaction([...DATA_STORES, 'meta', 'packs'], 'readwrite');
  const packStore = tx.objectStore('packs');
  const pending: Promise<unknown>[] = [];
  const removed = new Set(change.remove);
  let storedPacks = (await packStore.getAll()).filter((stored) => !removed.has(stored.id));
  for (const id of removed) pending.push(packStore.delete(id));
  for (const added of change.add ?? []) {
    pending.push(packStore.put(added));
    storedPacks = [...storedPacks.filter((stored) => stored.id !== added.id), added];
  }
  storedPacks.sort((a, b) => a.installedAt - b.installedAt);
  // Checked inside the transaction, with nothing awaited: the packs cannot change meanwhile.
  const { fitting, unfit } = sortPacksByFit(bundle, storedPacks);
  const records = buildCacheRecords(
    bundle,
    fitting.map((stored) => stored.pack),
  );
  const manifest: CacheManifest = {
    key: 'manifest',
    bundleVersion: bundle.meta.version,
    bundleFingerprint: bundleFingerprint(bundle),
    format: CACHE_FORMAT,
    bundleMeta: bundle.meta,
    packIds: storedPacks.map((stored) => stored.id),
    ...(unfit.length
      ? { setAside: unfit.map(({ installed, issues }) => ({ id: installed.id, issues })) }
      : {}),
    counts: {
      entities: records.entities.length,
      relations: records.relations.length,
      events: records.events.length,
      aliases: records.aliases.length,
    },
    builtAt: change.builtAt ?? Date.now(),
  };
  // Queue every request without awaiting each one: IndexedDB runs them in order, and the
  // transaction stays alive because nothing outside it is awaited.
  const writes: Promise<unknown>[] = [
    ...pending,
    ...DATA_STORES.map((store) => tx.objectStore(store).clear()),
  ];
  for (const entity of records.entities) writes.push(tx.objectStore('entities').put(entity));
  for (const relation of records.relations) writes.push(tx.objectStore('relations').put(relation));
  for (const event of records.events) writes.push(tx.objectStore('events').put(event));
  for (const alias of records.aliases) writes.push(tx.objectStore('aliases').put(alias));
  writes.push(tx.objectStore('meta').put(manifest));
  change.interrupt?.(() => tx.abort());
  await Promise.all([...writes, tx.done]);
  return manifest;
}
