/**
 * Read access to the cached knowledge, whatever holds it: IndexedDB normally, memory when
 * IndexedDB is unavailable. Queries (lib/knowledge/queries.ts) are written once against this.
 */
import type {
  CachedAlias,
  CachedEntity,
  CachedEvent,
  CachedRelation,
  CacheManifest,
  StoredPack,
} from '../db/schema.ts';
import type { CacheRecords } from '../db/records.ts';

export interface KnowledgeStore {
  /** 'indexeddb' or 'memory' (the fallback). */
  readonly kind: 'indexeddb' | 'memory';
  getEntity(id: string): Promise<CachedEntity | undefined>;
  getEntities(ids: readonly string[]): Promise<CachedEntity[]>;
  allEntities(): Promise<CachedEntity[]>;
  allRelations(): Promise<CachedRelation[]>;
  /** Relations with `id` at either end. */
  relationsOf(id: string): Promise<CachedRelation[]>;
  /** Events linked to any of `entityIds`, or all events when undefined; in date order. */
  events(entityIds?: readonly string[]): Promise<CachedEvent[]>;
  /** How many events link `id`. */
  eventCount(id: string): Promise<number>;
  aliases(): Promise<CachedAlias[]>;
  manifest(): Promise<CacheManifest | undefined>;
  packs(): Promise<StoredPack[]>;
}

/** A store over records in memory: the fallback when IndexedDB fails, and the tests' store. */
export function createMemoryStore(
  records: CacheRecords,
  manifest: CacheManifest,
  packs: StoredPack[] = [],
): KnowledgeStore {
  const entities = new Map(records.entities.map((entity) => [entity.id, entity]));
  const events = [...records.events].sort(
    (a, b) => a.sortDate.localeCompare(b.sortDate) || a.id.localeCompare(b.id),
  );
  return {
    kind: 'memory',
    getEntity: async (id) => entities.get(id),
    getEntities: async (ids) => ids.flatMap((id) => entities.get(id) ?? []),
    allEntities: async () => [...entities.values()],
    allRelations: async () => records.relations,
    relationsOf: async (id) =>
      records.relations.filter((relation) => relation.from === id || relation.to === id),
    events: async (entityIds) => {
      if (!entityIds) return events;
      const wanted = new Set(entityIds);
      return events.filter((event) => event.entities.some((id) => wanted.has(id)));
    },
    eventCount: async (id) => events.filter((event) => event.entities.includes(id)).length,
    aliases: async () => records.aliases,
    manifest: async () => manifest,
    packs: async () => packs,
  };
}
