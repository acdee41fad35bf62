import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { rebuildCache } from '@/lib/db/cache';
import { createIndexedDbStore } from '@/lib/db/idb-store';
import { buildCacheRecords } from '@/lib/db/records';
import { openBackstoryDB } from '@/lib/db/schema';
import {
  createKnowledgeService,
  DEFAULT_TIMELINE_LIMIT,
  type KnowledgeService,
} from '@/lib/knowledge/service';
import { createMemoryStore } from '@/lib/knowledge/store';
import { miniDataset } from '../fixtures/mini-dataset';

async function indexedDbService(): Promise<KnowledgeService> {
  globalThis.indexedDB = new IDBFactory();
  const db = await openBackstoryDB(() => undefined);
  await rebuildCache(db, miniDataset());
  return createKnowledgeService(createIndexedDbStore(async () => db));
}

const MANIFEST = {
  key: 'manifest' as const,
  bundleVersion: '1.0.0',
  bundleMeta: miniDataset().meta,
  packIds: [],
  counts: { entities: 0, relations: 0, events: 0, aliases: 0 },
  builtAt: 0,
};

async function memoryService(): Promise<KnowledgeService> {
  return createKnowledgeService(createMemoryStore(buildCacheRecords(miniDataset(), []), MANIFEST));
}

// The same questions must get the same answers from IndexedDB and from the in-memory fallback.
describe.each([
  ['IndexedDB', indexedDbService],
  ['memory', memoryService],
])('knowledge service over %s', (_kind, makeService) => {
  it('describes an entity with typed links from both directions and its latest events', async () => {
    const service = await makeService();
    const detail = (await service.entityDetail('ukraine'))!;
    expect(detail.entity.name).toBe('Ukraine');
    expect(detail.origin).toEqual({ id: 'bundle', title: 'Mini dataset' });
    expect(detail.asOf).toBe('2025-08-31');
    const links = detail.relations.map((r) => `${r.type} (${r.direction}): ${r.other.name}`).sort();
    expect(links).toEqual([
      'capital-of (incoming): Kyiv',
      'located-in (incoming): Zaporizhzhia',
      'president-of (incoming): Volodymyr Zelensky',
    ]);

    const zelensky = (await service.entityDetail('volodymyr-zelensky'))!;
    expect(zelensky.relations).toEqual([
      expect.objectContaining({
        type: 'president-of',
        direction: 'outgoing',
        since: '2019-05-20',
        other: expect.objectContaining({ id: 'ukraine' }),
      }),
    ]);
    expect(zelensky.latestEvents.map((e) => e.id)).toEqual(['2025-03-18-call', '2019-05-20-inauguration']);
    expect(zelensky.latestEvents[0]!.linked.map((e) => e.name)).toEqual([
      'Vladimir Putin',
      'Ceasefire',
      'Volodymyr Zelensky',
    ]);
    expect(zelensky.eventCount).toBe(2);
    expect(await service.entityDetail('nobody')).toBeNull();
  });

  it('answers timelines by entity, date range, category, order and limit', async () => {
    const service = await makeService();
    const ids = async (query: Parameters<KnowledgeService['timeline']>[0]) =>
      (await service.timeline(query)).map((e) => e.id);
    expect(await ids({ order: 'asc' })).toEqual([
      '2019-05-20-inauguration',
      '2022-02-24-invasion',
      '2025-event-year-only',
      '2025-03-call',
      '2025-03-18-call',
    ]);
    expect(await ids({ entityIds: ['vladimir-putin'], order: 'desc' })).toEqual([
      '2025-03-18-call',
      '2025-03-call',
      '2022-02-24-invasion',
    ]);
    // Partial dates are in range when any day they could mean is.
    expect(await ids({ from: '2025-03-15', to: '2025-03-31', order: 'asc' })).toEqual([
      '2025-event-year-only',
      '2025-03-call',
      '2025-03-18-call',
    ]);
    expect(await ids({ categories: ['topic'], order: 'asc' })).toEqual(['2025-03-call', '2025-03-18-call']);
    expect(await ids({ order: 'desc', limit: 2 })).toEqual(['2025-03-18-call', '2025-03-call']);
  });

  it('caps a timeline asked for without a limit by dropping the oldest events, never the latest', async () => {
    const dataset = miniDataset();
    const many = Array.from({ length: DEFAULT_TIMELINE_LIMIT + 20 }, (_, i) => ({
      id: `day-${i}`,
      date: new Date(Date.UTC(2023, 0, 1 + i)).toISOString().slice(0, 10),
      title: `Day ${i}`,
      summary: 'Something happened.',
      entities: ['kyiv'],
      sources: [{ url: 'https://example.org/', title: 'x' }],
    }));
    const records = buildCacheRecords({ ...dataset, events: many }, []);
    const service = createKnowledgeService(createMemoryStore(records, MANIFEST));
    const ascending = (await service.timeline({ entityIds: ['kyiv'], order: 'asc' })).map((e) => e.id);
    expect(ascending).toHaveLength(DEFAULT_TIMELINE_LIMIT);
    expect(ascending.at(-1)).toBe(`day-${DEFAULT_TIMELINE_LIMIT + 19}`);
    expect(ascending[0]).toBe('day-20');
    const descending = (await service.timeline({ entityIds: ['kyiv'], order: 'desc' })).map((e) => e.id);
    expect(descending).toEqual([...ascending].reverse());
  });

  it('finds entities by any alias, ignoring case and diacritics, by prefix and despite typos', async () => {
    const service = await makeService();
    const first = async (query: string) => (await service.search(query, 5))[0]?.entity.id;
    expect(await first('kiev')).toBe('kyiv');
    expect(await first('KYÏV')).toBe('kyiv');
    expect(await first('Київ')).toBe('kyiv');
    expect(await first('путин')).toBe('vladimir-putin');
    expect(await first('zelenskiy')).toBe('volodymyr-zelensky');
    expect(await first('zaporozh')).toBe('zaporizhzhia');
    expect(await first('zelenksy')).toBe('volodymyr-zelensky'); // transposition
    expect(await first('putn')).toBe('vladimir-putin'); // missing letter
    expect(await first('vladimir')).toBe('vladimir-putin'); // a word of the name
    expect(await service.search('', 5)).toEqual([]);
    expect(await service.search('xqzw', 5)).toEqual([]);
    const hit = (await service.search('truce', 5))[0]!;
    expect(hit).toEqual({
      entity: expect.objectContaining({ id: 'ceasefire', category: 'topic' }),
      matched: 'truce',
    });
  });

  it('summarises several entities, leaving out unknown ids', async () => {
    const service = await makeService();
    expect((await service.entities(['kyiv', 'nobody', 'ceasefire'])).map((e) => e.name)).toEqual([
      'Kyiv',
      'Ceasefire',
    ]);
  });
});
