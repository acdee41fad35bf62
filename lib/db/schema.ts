/**
 * The IndexedDB cache (owned by the background; nobody else writes it). Typed with idb's DBSchema;
 * upgrades branch on `oldVersion` so any older database reaches the current shape step by step.
 */
import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import type { DatasetIssue } from '../dataset/compile.ts';
import type { DatasetMeta, Entity, Relation, TimelineEvent } from '../dataset/schema.ts';
import { BUILT_IN_DATASET_ID, type Pack } from '../dataset/pack.ts';

export const DB_NAME = 'backstory';
export const DB_VERSION = 1;

/** The id datasets records carry to say where they came from: the bundle or a pack's meta.id. */
export const BUNDLE_SOURCE = BUILT_IN_DATASET_ID;

/** An entity as cached: the runtime form plus where it came from. */
export interface CachedEntity extends Entity {
  source: string;
}

/**
 * A relation as cached, with a stable key and both ends indexed together. Its `source` is, as on
 * every cached record, the dataset it came from; the relation's own source URL is `sourceUrl`.
 */
export interface CachedRelation extends Omit<Relation, 'source'> {
  key: string;
  /** [from, to], for the multi-entry "relations of an entity" index. */
  ends: [string, string];
  source: string;
  sourceUrl: string;
}

/**
 * The shape of the cached records. A cache of another shape is rebuilt (2: relations keep their
 * source URL, which format 1 replaced with the dataset id; 3: packs are checked again at every
 * build and those that no longer fit are set aside, so a cache built before could hold links to
 * entities an update removed).
 */
export const CACHE_FORMAT = 3;

/** An event as cached, with a sortable date key. */
export interface CachedEvent extends TimelineEvent {
  /** The partial date padded to sort correctly: "2022" → "2022-00-00". */
  sortDate: string;
  source: string;
}

/** One searchable name of an entity: its display name or an alias, folded for comparison. */
export interface CachedAlias {
  /** `${entityId}|${n}` */
  key: string;
  entityId: string;
  text: string;
  /** Folded: lower case, no diacritics, one space between words. */
  folded: string;
  lang: string;
  source: string;
}

/** What the cache holds about the datasets in it, checked on every start. */
export interface CacheManifest {
  key: 'manifest';
  bundleVersion: string;
  /** The bundle's content hash (see bundleFingerprint); absent in caches built before it existed. */
  bundleFingerprint?: string;
  /** CACHE_FORMAT when it was built; absent in format 1. */
  format?: number;
  bundleMeta: DatasetMeta;
  /** Installed pack ids, in install order, whether loaded or set aside. */
  packIds: string[];
  /** Installed packs that no longer fit the bundle (see SetAsidePack); absent when none. */
  setAside?: SetAsidePack[];
  counts: { entities: number; relations: number; events: number; aliases: number };
  builtAt: number;
}

/**
 * An installed pack whose records the cache leaves out, because it no longer fits the bundle (an
 * update changed what it links to or took its ids or aliases) or builds on a pack that does not.
 * It stays in the packs store, so it can be exported, corrected and imported again.
 */
export interface SetAsidePack {
  id: string;
  /** Why, as an import of it would be refused today. */
  issues: DatasetIssue[];
}

/** A pack as the reader imported it (kept whole so export round-trips exactly). */
export interface StoredPack {
  id: string;
  pack: Pack;
  fileName: string;
  installedAt: number;
}

export interface BackstoryDB extends DBSchema {
  entities: { key: string; value: CachedEntity; indexes: { category: string; source: string } };
  relations: { key: string; value: CachedRelation; indexes: { ends: string; source: string } };
  events: {
    key: string;
    value: CachedEvent;
    indexes: { entities: string; sortDate: string; source: string };
  };
  aliases: { key: string; value: CachedAlias; indexes: { folded: string; entityId: string } };
  meta: { key: string; value: CacheManifest };
  packs: { key: string; value: StoredPack };
}

export type BackstoryDatabase = IDBPDatabase<BackstoryDB>;

/** Opens (creating or upgrading) the database. `onClosed` runs when the connection must be dropped. */
export function openBackstoryDB(onClosed: () => void, name = DB_NAME): Promise<BackstoryDatabase> {
  return openDB<BackstoryDB>(name, DB_VERSION, {
    upgrade(db, oldVersion) {
      if (oldVersion < 1) {
        const entities = db.createObjectStore('entities', { keyPath: 'id' });
        entities.createIndex('category', 'category');
        entities.createIndex('source', 'source');
        const relations = db.createObjectStore('relations', { keyPath: 'key' });
        relations.createIndex('ends', 'ends', { multiEntry: true });
        relations.createIndex('source', 'source');
        const events = db.createObjectStore('events', { keyPath: 'id' });
        events.createIndex('entities', 'entities', { multiEntry: true });
        events.createIndex('sortDate', 'sortDate');
        events.createIndex('source', 'source');
        const aliases = db.createObjectStore('aliases', { keyPath: 'key' });
        aliases.createIndex('folded', 'folded');
        aliases.createIndex('entityId', 'entityId');
        db.createObjectStore('meta', { keyPath: 'key' });
        db.createObjectStore('packs', { keyPath: 'id' });
      }
      // Later versions add `if (oldVersion < 2) { … }` here, never editing the steps above.
    },
    blocked() {
      // An older connection (an old service worker still shutting down) holds the database; the
      // open resumes by itself once that connection closes in its own `blocking` handler.
      console.warn('Backstory: waiting for an older database connection to close');
    },
    blocking(_currentVersion, _blockedVersion, event) {
      // A newer version of the extension wants to upgrade: let it, and reopen on next use.
      (event.target as IDBDatabase).close();
      onClosed();
    },
    terminated: onClosed,
  });
}
