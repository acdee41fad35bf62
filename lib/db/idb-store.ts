/** The knowledge store over the IndexedDB cache, using its indexes. */
import type { KnowledgeStore } from '../knowledge/store.ts';
import type { BackstoryDatabase, CachedEvent } from './schema.ts';

/** Reads go through `getDb` each time, so a connection closed by an upgrade is reopened transparently. */
export function createIndexedDbStore(getDb: () => Promise<BackstoryDatabase>): KnowledgeStore {
  return {
    kind: 'indexeddb',
    getEntity: async (id) => (await getDb()).get('entities', id),
    async getEntities(ids) {
      const tx = (await getDb()).transaction('entities');
      const found = await Promise.all(ids.map((id) => tx.store.get(id)));
      return found.filter((entity) => entity !== undefined);
    },
    allEntities: async () => (await getDb()).getAll('entities'),
    allRelations: async () => (await getDb()).getAll('relations'),
    relationsOf: async (id) => (await getDb()).getAllFromIndex('relations', 'ends', id),
    async events(entityIds) {
      const db = await getDb();
      if (!entityIds) return db.getAllFromIndex('events', 'sortDate');
      const tx = db.transaction('events');
      const index = tx.store.index('entities');
      const lists = await Promise.all(entityIds.map((id) => index.getAll(id)));
      const unique = new Map<string, CachedEvent>();
      for (const event of lists.flat()) unique.set(event.id, event);
      return [...unique.values()].sort(
        (a, b) => a.sortDate.localeCompare(b.sortDate) || a.id.localeCompare(b.id),
      );
    },
    eventCount: async (id) => (await getDb()).countFromIndex('events', 'entities', id),
    aliases: async () => (await getDb()).getAll('aliases'),
    manifest: async () => (await getDb()).get('meta', 'manifest'),
    packs: async () => (await getDb()).getAll('packs'),
  };
}
