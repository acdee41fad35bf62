/**
 * The matcher data pages highlight with lives in storage.local, which Chrome caps at 10 MB (we do
 * not ask for unlimitedStorage). These tests give the knowledge base a storage that refuses writes
 * over its quota exactly as Chrome's does, scaled down to half a megabyte so a few thousand
 * generated names fill it.
 */
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createHandlers } from '@/lib/background/handlers';
import { createKnowledgeBase, type KnowledgeBaseDeps } from '@/lib/background/knowledge-base';
import { formatIssue } from '@/lib/dataset/compile';
import { type BackstoryDatabase, openBackstoryDB } from '@/lib/db/schema';
import {
  MATCHER_DATA_KEY,
  MATCHER_DATA_VERSION_KEY,
  type MatcherData,
  matcherFromData,
} from '@/lib/knowledge/matcher-data';
import { matcherDataItems, storageBytes } from '@/lib/knowledge/publish';
import type { ImportOutcome } from '@/lib/messages';
import { miniDataset } from '../fixtures/mini-dataset';

const MB = 1024 * 1024;
/** Pages' storage in these tests: Chrome's 10 MB, scaled down. */
const QUOTA = 0.5 * MB;
/** Halls in a generated pack: about 0.3 MB of matcher data with the bundle, so two overflow QUOTA. */
const HALLS = 1200;
/** Chrome's error for a write over storage.local's quota (Chrome 120 and later word it so). */
const CHROME_QUOTA_ERROR = 'Resource::kQuotaBytes quota exceeded';

/**
 * storage.local as Chrome keeps it: a write that would take the total (each key's length plus its
 * value as JSON) over the quota is refused whole, and nothing of it is stored.
 */
function chromeLikeStorage(quotaBytes: number) {
  const items: Record<string, unknown> = {};
  return {
    items,
    quotaBytes,
    async set(next: Record<string, unknown>) {
      if (storageBytes({ ...items, ...next }) > this.quotaBytes) throw new Error(CHROME_QUOTA_ERROR);
      Object.assign(items, structuredClone(next));
    },
  };
}

function deps(storage: ReturnType<typeof chromeLikeStorage>, overrides: Partial<KnowledgeBaseDeps> = {}) {
  let db: Promise<BackstoryDatabase> | undefined;
  return {
    openDb: () => (db ??= openBackstoryDB(() => (db = undefined))),
    publishMatcherData: (data: MatcherData) => storage.set(matcherDataItems(data)),
    publishedMatcherVersion: async () => storage.items[MATCHER_DATA_VERSION_KEY] as string | undefined,
    storageQuotaBytes: storage.quotaBytes,
    ...overrides,
  } satisfies KnowledgeBaseDeps;
}

const WORDS = ['Alder', 'Birch', 'Cedar', 'Dogwood', 'Elm', 'Fir', 'Ginkgo', 'Hazel', 'Juniper', 'Larch'];

/** A pack of `count` generated halls, each linked to Kyiv: about 200 bytes of matcher data a hall. */
function hallsPack(id: string, title: string, count: number): string {
  const entities = Array.from({ length: count }, (_, i) => ({
    id: `${id}-hall-${i}`,
    category: 'place',
    name: `${title} ${WORDS[i % WORDS.length]} Hall ${i}`,
    aliases: [],
    description: 'A hall in the town, described in a few words for the card.',
    background: 'Built long ago.',
    facts: [],
    sources: [{ url: `https://example.org/${id}/${i}`, title: `Hall ${i}` }],
  }));
  return JSON.stringify({
    meta: { id, title, version: '1.0.0', asOf: '2025-06-01', license: 'CC0', languages: ['en'] },
    entities,
    relations: entities.map((entity) => ({
      from: entity.id,
      to: 'kyiv',
      type: 'located-in',
      source: 'https://example.org/',
    })),
    events: [],
  });
}

/** Everything the cache holds, store by store: to show an import left it exactly as it was. */
async function everythingCached() {
  const db = await openBackstoryDB(() => undefined);
  const stores = ['entities', 'relations', 'events', 'aliases', 'meta', 'packs'] as const;
  const dump = Object.fromEntries(
    await Promise.all(stores.map(async (store) => [store, await db.getAll(store)])),
  );
  db.close();
  return dump;
}

/** The entities pages find in `text` with the matcher data in storage: what they highlight. */
const highlightedIn = (storage: ReturnType<typeof chromeLikeStorage>, text: string) =>
  matcherFromData(storage.items[MATCHER_DATA_KEY] as MatcherData)
    .scan(text)
    .map((mention) => mention.entityId);

const problems = (outcome: ImportOutcome) =>
  'issues' in outcome ? outcome.issues.map(formatIssue) : undefined;

const fromPage = { url: 'chrome-extension://id/options.html' };

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});

describe('a pack import pages’ storage cannot hold', () => {
  it('is refused, naming the sizes and the way out, and leaves the cache and pages exactly as they were', async () => {
    const storage = chromeLikeStorage(QUOTA);
    const knowledge = createKnowledgeBase(miniDataset(), deps(storage));
    expect(await knowledge.importPack(hallsPack('north', 'North', HALLS), 'north.json')).toMatchObject({
      installed: [{ meta: { id: 'north' } }],
    });
    const cached = await everythingCached();
    const published = structuredClone(storage.items);

    const outcome = await knowledge.importPack(hallsPack('south', 'South', HALLS), 'south.json');
    expect(problems(outcome)).toEqual([
      expect.stringMatching(
        /^south\.json: cannot be imported: to highlight it with the built-in data and your other packs, pages would need 0\.\d MB of storage, and the browser allows Backstory 0\.5 MB; remove a pack to make room, then import this again$/,
      ),
    ]);

    // Nothing changed: not the cache, not what pages read.
    expect(await everythingCached()).toEqual(cached);
    expect(storage.items).toEqual(published);
    const service = await knowledge.service();
    expect(await service.entityDetail('south-hall-1')).toBeNull();
    expect((await service.entityDetail('north-hall-1'))?.entity.name).toBe('North Birch Hall 1');
    const info = await createHandlers(knowledge, { name: 'Backstory', version: '0' }).page.getDatasetInfo(
      {},
      fromPage,
    );
    expect(info.packs.map((pack) => pack.meta.id)).toEqual(['north']);
    expect(info).not.toHaveProperty('pagesBehind'); // pages are current: they hold what the cache has
    expect(info.cache).toBe('ready');
    // Pages keep highlighting the bundle and the pack they had.
    expect(highlightedIn(storage, 'From Kyiv to the North Birch Hall 1')).toEqual(['kyiv', 'north-hall-1']);

    // Removing a pack makes room, as the message says: then it imports.
    expect(await knowledge.removePack('north')).toEqual({ removed: true });
    expect(await knowledge.importPack(hallsPack('south', 'South', HALLS), 'south.json')).toMatchObject({
      installed: [{ meta: { id: 'south' } }],
    });
    expect(highlightedIn(storage, 'The South Birch Hall 1, not the North Birch Hall 1')).toEqual([
      'south-hall-1',
    ]);
  });

  it('is refused in one go when a file of several packs would overflow it', async () => {
    const storage = chromeLikeStorage(QUOTA);
    const knowledge = createKnowledgeBase(miniDataset(), deps(storage));
    const both = `[${hallsPack('north', 'North', HALLS)},${hallsPack('south', 'South', HALLS)}]`;
    expect(problems(await knowledge.importPack(both, 'all.json'))).toEqual([
      expect.stringMatching(/^all\.json: cannot be imported: .* pages would need 0\.\d MB of storage/),
    ]);
    expect((await (await knowledge.service()).store.packs()).map((pack) => pack.id)).toEqual([]);
  });

  it('in a browser that refuses for another reason, names that reason and no quota it does not enforce', async () => {
    // Firefox declares a storage.local QUOTA_BYTES of 5 MB that it does not enforce; what it can
    // refuse with is its own storage error (a full disk, say).
    const storage = chromeLikeStorage(Infinity);
    const knowledge = createKnowledgeBase(
      miniDataset(),
      deps(storage, {
        storageQuotaBytes: 5 * MB,
        publishMatcherData: async (data: MatcherData) => {
          if (Object.keys(data.entities).length > 6) throw new Error('An unexpected error occurred');
          await storage.set(matcherDataItems(data));
        },
      }),
    );
    expect(problems(await knowledge.importPack(hallsPack('north', 'North', 3), 'north.json'))).toEqual([
      'north.json: cannot be imported: the browser would not store what pages need to highlight it, so no page would show it (An unexpected error occurred)',
    ]);
    expect((await (await knowledge.service()).store.packs()).map((pack) => pack.id)).toEqual([]);
  });
  it('never hands a page the refused pack’s names while the import is being refused', async () => {
    const storage = chromeLikeStorage(QUOTA);
    await createKnowledgeBase(miniDataset(), deps(storage)).importPack(
      hallsPack('north', 'North', HALLS),
      'north.json',
    );
    // A worker started later: the published data is current, so it has not built its own yet.
    let letRefuse: (() => void) | undefined;
    const knowledge = createKnowledgeBase(
      miniDataset(),
      deps(storage, {
        publishMatcherData: async (data: MatcherData) => {
          await new Promise<void>((resolve) => (letRefuse = resolve)); // Chrome takes its time
          await storage.set(matcherDataItems(data));
        },
      }),
    );
    await knowledge.service();
    const importing = knowledge.importPack(hallsPack('south', 'South', HALLS), 'south.json');
    while (!letRefuse) await new Promise((resolve) => setTimeout(resolve, 5));
    // Meanwhile a page whose stored copy is unreadable asks the background for the data.
    const handed = await knowledge.matcherData();
    letRefuse();
    expect(problems(await importing)).toHaveLength(1);
    expect(handed.version).toBe(storage.items[MATCHER_DATA_VERSION_KEY]);
    expect(matcherFromData(handed).scan('South Birch Hall 1')).toEqual([]);
    expect(matcherFromData(handed).scan('North Birch Hall 1')).toHaveLength(1);
  });

  it('says the pack stays installed, and how to take it out, when taking it back fails too', async () => {
    const storage = chromeLikeStorage(QUOTA);
    const plain = deps(storage);
    // The database refuses the second write from now on: the import's goes through, its undo not.
    let writes = 0;
    const failingUndo = async () =>
      new Proxy(await plain.openDb(), {
        get(database, key) {
          const value = Reflect.get(database, key) as unknown;
          if (key !== 'transaction') return typeof value === 'function' ? value.bind(database) : value;
          return (stores: never, mode?: IDBTransactionMode) => {
            if (mode === 'readwrite' && ++writes === 2)
              throw new DOMException('The transaction was aborted', 'AbortError');
            return database.transaction(stores, mode);
          };
        },
      });
    let undoMayFail = false;
    const knowledge = createKnowledgeBase(
      miniDataset(),
      deps(storage, { openDb: () => (undoMayFail ? failingUndo() : plain.openDb()) }),
    );
    await knowledge.importPack(hallsPack('north', 'North', HALLS), 'north.json');
    undoMayFail = true;

    const outcome = await knowledge.importPack(hallsPack('south', 'South', HALLS), 'south.json');
    expect(problems(outcome)).toEqual([
      expect.stringMatching(/^south\.json: cannot be imported: .* pages would need 0\.\d MB of storage/),
      'south.json: was installed, and taking it back after the problem above failed (The transaction was aborted): remove it from the list of packs',
    ]);
    // As it says: listed, with the warning that pages are behind, and removing it puts things right.
    const info = await (await knowledge.service()).datasetInfo();
    expect(info.packs.map((pack) => pack.meta.id)).toEqual(['north', 'south']);
    expect(await knowledge.pagesBehind()).toMatchObject({ quotaBytes: QUOTA });
    undoMayFail = false;
    expect(await knowledge.removePack('south')).toEqual({ removed: true });
    expect(await knowledge.pagesBehind()).toBeUndefined();
  });
});

describe('matcher data that outgrows pages’ storage without an import', () => {
  it('loses nothing after an update, tells the options page pages are behind, and clears once a removal makes room', async () => {
    const storage = chromeLikeStorage(QUOTA);
    const d = deps(storage);
    await createKnowledgeBase(miniDataset('1.0.0'), d).importPack(
      hallsPack('north', 'North', HALLS),
      'north.json',
    );

    // The next release's bundled data is bigger: with the pack, pages' data no longer fits.
    const next = miniDataset('2.0.0');
    const grown = JSON.parse(hallsPack('bundle-more', 'Bundled', HALLS)) as typeof next;
    next.entities.push(...grown.entities);
    next.relations.push(...grown.relations);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const updated = createKnowledgeBase(next, { ...d, openDb: () => openBackstoryDB(() => undefined) });
    const handlers = createHandlers(updated, { name: 'Backstory', version: '0' }).page;
    const info = await handlers.getDatasetInfo({}, fromPage);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining(CHROME_QUOTA_ERROR));
    // The cache is rebuilt with the pack: nothing is undone for what the reader did not ask for.
    expect(info.cache).toBe('ready');
    expect(info.packs.map((pack) => pack.meta.id)).toEqual(['north']);
    expect((await (await updated.service()).entityDetail('north-hall-1'))?.entity.name).toBe(
      'North Birch Hall 1',
    );
    // The options page learns that pages are behind, and by how much.
    expect(info.pagesBehind).toMatchObject({ error: CHROME_QUOTA_ERROR, quotaBytes: QUOTA });
    expect(info.pagesBehind!.neededBytes).toBeGreaterThan(QUOTA);
    // Pages keep the data they had.
    expect(highlightedIn(storage, 'The North Birch Hall 1')).toEqual(['north-hall-1']);
    // Rebuilding does not make room, and does not pretend it did.
    expect((await handlers.rebuildCache({}, fromPage)).pagesBehind).toMatchObject({ quotaBytes: QUOTA });
    warn.mockRestore();

    // Removing the pack makes room: pages get the new data, and the warning goes.
    expect(await updated.removePack('north')).toEqual({ removed: true });
    expect(await handlers.getDatasetInfo({}, fromPage)).not.toHaveProperty('pagesBehind');
    expect(highlightedIn(storage, 'The Bundled Birch Hall 1, not the North Birch Hall 1')).toEqual([
      'bundle-more-hall-1',
    ]);
  });
});
