import { IDBFactory } from 'fake-indexeddb';
import { openDB } from 'idb';
import { describe, expect, it, vi } from 'vitest';
import { DB_VERSION, openBackstoryDB } from '@/lib/db/schema';

describe('the IndexedDB schema', () => {
  it('creates every store and index the UI reads on first open', async () => {
    globalThis.indexedDB = new IDBFactory();
    const db = await openBackstoryDB(() => undefined, 'fresh');
    expect([...db.objectStoreNames].sort()).toEqual([
      'aliases',
      'entities',
      'events',
      'meta',
      'packs',
      'relations',
    ]);
    const tx = db.transaction(['events', 'relations', 'aliases'], 'readonly');
    expect([...tx.objectStore('events').indexNames].sort()).toEqual(['entities', 'sortDate', 'source']);
    expect([...tx.objectStore('relations').indexNames].sort()).toEqual(['ends', 'source']);
    expect([...tx.objectStore('aliases').indexNames].sort()).toEqual(['entityId', 'folded']);
    db.close();
  });

  it('opens an existing database again without touching what it holds', async () => {
    globalThis.indexedDB = new IDBFactory();
    const first = await openBackstoryDB(() => undefined, 'kept');
    await first.put('packs', {
      id: 'local-news',
      pack: { meta: {}, entities: [], relations: [], events: [] } as never,
      fileName: 'local.json',
      installedAt: 1,
    });
    first.close();
    const again = await openBackstoryDB(() => undefined, 'kept');
    expect(await again.getAllKeys('packs')).toEqual(['local-news']);
    again.close();
  });

  it('steps aside when a newer version of the extension needs to upgrade, and says so', async () => {
    globalThis.indexedDB = new IDBFactory();
    const onClosed = vi.fn();
    await openBackstoryDB(onClosed, 'shared');
    // The newer version's open would wait forever if the old connection held on.
    const newer = await openDB('shared', DB_VERSION + 1);
    expect(onClosed).toHaveBeenCalledTimes(1);
    expect(newer.version).toBe(DB_VERSION + 1);
    newer.close();
  });
});
