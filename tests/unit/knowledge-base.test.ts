import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it, vi } from 'vitest';
import { createHandlers } from '@/lib/background/handlers';
import {
  createKnowledgeBase,
  type KnowledgeBase,
  type KnowledgeBaseDeps,
} from '@/lib/background/knowledge-base';
import { formatIssue } from '@/lib/dataset/compile';
import { checkCache, rebuildCache } from '@/lib/db/cache';
import { type BackstoryDatabase, openBackstoryDB, type StoredPack } from '@/lib/db/schema';
import { type MatcherData, matcherFromData } from '@/lib/knowledge/matcher-data';
import type { ImportOutcome } from '@/lib/messages';
import { miniDataset } from '../fixtures/mini-dataset';

/** The problems an import found, as the command line prints them (undefined when it installed). */
const problems = (outcome: ImportOutcome) =>
  'issues' in outcome ? outcome.issues.map(formatIssue) : undefined;

/** The entities published matcher data finds in `text`, in order: what a page would highlight. */
const foundIn = (data: MatcherData, text: string) =>
  matcherFromData(data)
    .scan(text)
    .map((mention) => mention.entityId);

/** A fresh, isolated IndexedDB for each test. */
function freshIndexedDb() {
  globalThis.indexedDB = new IDBFactory();
}

function deps(overrides: Partial<Omit<KnowledgeBaseDeps, 'publishMatcherData'>> = {}) {
  let db: Promise<BackstoryDatabase> | undefined;
  let published: MatcherData | undefined;
  const publishMatcherData = vi.fn(async (data: MatcherData) => {
    published = data;
  });
  return {
    openDb: () => (db ??= openBackstoryDB(() => (db = undefined))),
    publishMatcherData,
    publishedMatcherVersion: async () => published?.version,
    published: () => published,
    ...overrides,
  };
}

const pack = (id = 'local-news', entityId = 'town-hall', events: unknown[] = []) =>
  JSON.stringify({
    meta: {
      id,
      title: 'Local news',
      version: '1.0.0',
      asOf: '2025-06-01',
      license: 'CC0',
      languages: ['en'],
    },
    entities: [
      {
        id: entityId,
        category: 'place',
        name: 'Town Hall',
        aliases: [{ text: 'Rathaus', lang: 'de', caseSensitive: true }],
        description: 'Where the council meets',
        background: 'Built in 1901.',
        facts: [],
        sources: [{ url: 'https://example.org/hall', title: 'Hall' }],
      },
    ],
    relations: [{ from: entityId, to: 'kyiv', type: 'located-in', source: 'https://example.org/hall' }],
    events,
    extends: [{ id: 'kyiv', aliases: [{ text: 'Kyjiw', lang: 'de', caseSensitive: true }] }],
  });

describe('the IndexedDB cache', () => {
  it('is built on first use, then found intact without rebuilding', async () => {
    freshIndexedDb();
    const d = deps();
    const knowledge = createKnowledgeBase(miniDataset(), d);
    const info = await (await knowledge.service()).datasetInfo();
    expect(info).toMatchObject({
      cache: 'ready',
      bundle: { counts: { entities: 6, relations: 4, events: 5 } },
    });
    expect(d.publishMatcherData).toHaveBeenCalledTimes(1);
    expect(foundIn(d.published()!, 'News from Kiev today')).toEqual(['kyiv']);

    // A new service worker (same database) finds the cache intact and publishes nothing new.
    const again = createKnowledgeBase(miniDataset(), {
      ...d,
      openDb: () => openBackstoryDB(() => undefined),
    });
    await again.service();
    expect(d.publishMatcherData).toHaveBeenCalledTimes(1);
  });

  it("keeps each relation's source URL, and rebuilds a cache of the older shape that lost it", async () => {
    freshIndexedDb();
    const knowledge = createKnowledgeBase(miniDataset(), deps());
    const detail = await (await knowledge.service()).entityDetail('kyiv');
    expect(detail?.relations.find((link) => link.other.id === 'ukraine')?.source).toBe(
      'https://en.wikipedia.org/wiki/Kyiv',
    );

    // A cache built by an earlier version (format 1: relation sources replaced by the dataset id).
    const db = await openBackstoryDB(() => undefined);
    const manifest = (await db.get('meta', 'manifest'))!;
    delete manifest.format;
    await db.put('meta', manifest);
    expect(await checkCache(db, miniDataset())).toBe('stale-format');
    await rebuildCache(db, miniDataset());
    expect(await checkCache(db, miniDataset())).toBe('ok');
  });

  it('republishes the matcher data after an extension update, even with the same data', async () => {
    freshIndexedDb();
    const d = deps({ extensionVersion: '1.0.0' });
    await createKnowledgeBase(miniDataset(), d).service();
    const restart = (extensionVersion: string) =>
      createKnowledgeBase(miniDataset(), {
        ...d,
        extensionVersion,
        openDb: () => openBackstoryDB(() => undefined),
      }).service();
    await restart('1.0.0');
    expect(d.publishMatcherData).toHaveBeenCalledTimes(1);
    await restart('1.1.0'); // new code may compile the matcher differently
    expect(d.publishMatcherData).toHaveBeenCalledTimes(2);
    expect(foundIn(d.published()!, 'News from Kiev today')).toEqual(['kyiv']);
  });

  it('is rebuilt when the bundled dataset version changes', async () => {
    freshIndexedDb();
    const d = deps();
    await createKnowledgeBase(miniDataset('1.0.0'), d).service();
    const next = miniDataset('1.1.0');
    next.entities[0]!.description = 'Capital city of Ukraine';
    const updated = createKnowledgeBase(next, { ...d, openDb: () => openBackstoryDB(() => undefined) });
    const detail = await (await updated.service()).entityDetail('kyiv');
    expect(detail!.entity.description).toBe('Capital city of Ukraine');
    const db = await openBackstoryDB(() => undefined);
    expect((await db.get('meta', 'manifest'))!.bundleVersion).toBe('1.1.0');
    expect(await checkCache(db, next)).toBe('ok');
  });

  it('is rebuilt when the bundled data changes without a version bump, and only then', async () => {
    freshIndexedDb();
    const d = deps();
    await createKnowledgeBase(miniDataset('1.0.0'), d).service();
    const db = await openBackstoryDB(() => undefined);
    expect(await checkCache(db, miniDataset('1.0.0'))).toBe('ok'); // same content, another object
    const fixed = miniDataset('1.0.0');
    fixed.entities[0]!.description = 'Capital city of Ukraine';
    expect(await checkCache(db, fixed)).toBe('stale-content');
    const updated = createKnowledgeBase(fixed, { ...d, openDb: () => openBackstoryDB(() => undefined) });
    const detail = await (await updated.service()).entityDetail('kyiv');
    expect(detail!.entity.description).toBe('Capital city of Ukraine');
    expect(await checkCache(db, fixed)).toBe('ok');
  });

  it('is rebuilt when records are missing (integrity check on counts)', async () => {
    freshIndexedDb();
    const d = deps();
    await createKnowledgeBase(miniDataset(), d).service();
    const db = await openBackstoryDB(() => undefined);
    await db.delete('events', '2022-02-24-invasion');
    expect(await checkCache(db, miniDataset())).toBe('counts-mismatch');
    await createKnowledgeBase(miniDataset(), { ...d, openDb: async () => db }).ensureFresh();
    expect(await db.count('events')).toBe(5);
  });

  it('is rebuilt when its database is deleted while the background runs, not read as empty', async () => {
    freshIndexedDb();
    let db: Promise<BackstoryDatabase> | undefined;
    const d = deps({
      // As the background wires it: a connection closed under it means "check again".
      openDb: () =>
        (db ??= openBackstoryDB(() => {
          db = undefined;
          knowledge.checkOnNextUse(); // only ever called once the base below exists
        })),
    });
    const knowledge: KnowledgeBase = createKnowledgeBase(miniDataset(), d);
    expect((await (await knowledge.service()).entityDetail('kyiv'))?.entity.name).toBe('Kyiv');
    await new Promise((resolve, reject) => {
      const request = indexedDB.deleteDatabase('backstory');
      request.onsuccess = resolve;
      request.onerror = reject;
    });
    expect((await (await knowledge.service()).entityDetail('kyiv'))?.entity.name).toBe('Kyiv');
    expect(await (await knowledge.service()).datasetInfo()).toMatchObject({ cache: 'ready' });
    expect(d.publishMatcherData).toHaveBeenCalledTimes(2); // pages get the rebuilt cache's data
  });

  it('keeps the old complete data when a rebuild is cut off half-way', async () => {
    freshIndexedDb();
    const db = await openBackstoryDB(() => undefined);
    await rebuildCache(db, miniDataset('1.0.0'));
    const next = miniDataset('2.0.0');
    next.entities = next.entities.map((entity) => ({ ...entity, description: 'changed' }));
    await expect(rebuildCache(db, next, { interrupt: (abort) => abort() })).rejects.toThrow();
    const manifest = await db.get('meta', 'manifest');
    expect(manifest!.bundleVersion).toBe('1.0.0');
    expect((await db.get('entities', 'kyiv'))!.description).toBe('Capital of Ukraine');
    expect(await db.count('entities')).toBe(6);
    expect(await checkCache(db, miniDataset('1.0.0'))).toBe('ok');
  });

  it('falls back to the bundled data in memory when IndexedDB throws, and says so', async () => {
    const d = deps({ openDb: () => Promise.reject(new Error('IndexedDB is disabled')) });
    const knowledge = createKnowledgeBase(miniDataset(), d);
    const service = await knowledge.service();
    expect(service.store.kind).toBe('memory');
    expect(await knowledge.cacheError()).toBe('IndexedDB is disabled');
    expect((await service.entityDetail('kyiv'))!.entity.name).toBe('Kyiv');
    expect(await service.datasetInfo(await knowledge.cacheError())).toMatchObject({
      cache: 'unavailable',
      cacheError: 'IndexedDB is disabled',
    });
    expect(d.publishMatcherData).toHaveBeenCalledTimes(1); // highlighting still works
    expect(problems(await knowledge.importPack(pack(), 'pack.json'))).toEqual([
      'pack.json: cannot be imported while the cache is unavailable (IndexedDB is disabled)',
    ]);
  });
});

describe('packs', () => {
  it('imports a pack in one go: entities, links, extra aliases, search and matcher data', async () => {
    freshIndexedDb();
    const d = deps();
    const knowledge = createKnowledgeBase(miniDataset(), d);
    const outcome = await knowledge.importPack(pack(), 'local.json');
    expect(outcome).toMatchObject({
      installed: [{ meta: { id: 'local-news' }, counts: { entities: 1, relations: 1, events: 0 } }],
    });
    const service = await knowledge.service();
    expect((await service.entityDetail('town-hall'))!.origin).toEqual({
      id: 'local-news',
      title: 'Local news',
    });
    // The bundle's text is English; a pack's language is not known, so its text is marked with none.
    expect((await service.entityDetail('town-hall'))!.lang).toBeUndefined();
    expect((await service.entityDetail('kyiv'))!.lang).toBe('en');
    expect(
      (await service.entities(['kyiv', 'town-hall'])).map((summary) => [summary.id, summary.lang]),
    ).toEqual([
      ['kyiv', 'en'],
      ['town-hall', undefined],
    ]);
    const events = await service.timeline({ order: 'asc' });
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((event) => event.lang === 'en')).toBe(true);
    expect((await service.search('rathaus', 5))[0]!.entity.id).toBe('town-hall');
    expect((await service.search('kyjiw', 5))[0]!.entity.id).toBe('kyiv');
    expect(foundIn(d.published()!, 'Das Rathaus in Kyjiw')).toEqual(['town-hall', 'kyiv']);
    const info = await service.datasetInfo();
    expect(info.packs).toEqual([
      expect.objectContaining({ fileName: 'local.json', counts: { entities: 1, relations: 1, events: 0 } }),
    ]);
  });

  it('rejects a bad pack with every problem named, changing nothing', async () => {
    freshIndexedDb();
    const d = deps();
    const knowledge = createKnowledgeBase(miniDataset(), d);
    await knowledge.importPack(pack(), 'local.json');
    const before = d.publishMatcherData.mock.calls.length;
    const outcome = await knowledge.importPack(pack('another', 'kyiv'), 'bad.json');
    expect(problems(outcome)).toEqual([
      'bad.json: entity "kyiv": id: is already used by an installed entity',
      'bad.json: entity "kyiv": name: "Town Hall" is also claimed by "town-hall"; mark it ambiguous on one of them',
      'bad.json: entity "kyiv": aliases.0: "Rathaus" is also claimed by "town-hall"; mark it ambiguous on one of them',
      'bad.json: relation #1: to: links an entity to itself',
    ]);
    expect(d.publishMatcherData.mock.calls.length).toBe(before);
    const info = await (await knowledge.service()).datasetInfo();
    expect(info.packs.map((p) => p.meta.id)).toEqual(['local-news']);
  });

  it("dates a pack's entities by the pack (or their own date), not by the bundle", async () => {
    freshIndexedDb();
    const knowledge = createKnowledgeBase(miniDataset(), deps());
    await knowledge.importPack(pack(), 'local.json'); // the pack is as of 2025-06-01
    const school = pack('school', 'school-hall')
      .replace('Town Hall', 'School Hall')
      .replace('Rathaus', 'Aula')
      .replace('Kyjiw', 'Kijów')
      .replace('"facts":[]', '"facts":[],"asOf":"2025-05-20"');
    expect(await knowledge.importPack(school, 'school.json')).toMatchObject({ installed: [{}] });
    const service = await knowledge.service();
    expect((await service.entityDetail('town-hall'))?.asOf).toBe('2025-06-01');
    expect((await service.entityDetail('school-hall'))?.asOf).toBe('2025-05-20');
    expect((await service.entityDetail('kyiv'))?.asOf).toBe('2025-08-31'); // the bundle's
  });

  it('removes a pack: its entities disappear from detail and search', async () => {
    freshIndexedDb();
    const d = deps();
    const knowledge = createKnowledgeBase(miniDataset(), d);
    await knowledge.importPack(pack(), 'local.json');
    await knowledge.removePack('local-news');
    const service = await knowledge.service();
    expect(await service.entityDetail('town-hall')).toBeNull();
    expect(await service.search('rathaus', 5)).toEqual([]);
    expect(foundIn(d.published()!, 'Das Rathaus in Kyjiw, or Kiev')).toEqual(['kyiv']); // the pack's aliases are gone
    // A reason the options page words for the reader ("removed in another window"), with the id.
    await expect(knowledge.removePack('local-news')).rejects.toMatchObject({
      reason: 'noSuchPack',
      subject: 'local-news',
      message: 'No pack "local-news" is installed.',
    });
    const handlers = createHandlers(knowledge, { name: 'Backstory', version: '0.0.0' }).page;
    const fromPage = { url: 'chrome-extension://id/options.html' };
    await expect(handlers.exportPacks({ id: 'local-news' }, fromPage)).rejects.toMatchObject({
      reason: 'noSuchPack',
      subject: 'local-news',
    });
    await expect(handlers.exportPacks({}, fromPage)).rejects.toMatchObject({ reason: 'noPacks' });
  });

  it('refuses to remove a pack whose entities another pack uses, naming it, and changes nothing', async () => {
    freshIndexedDb();
    const knowledge = createKnowledgeBase(miniDataset(), deps());
    await knowledge.importPack(pack(), 'local.json');
    const school = pack('school', 'school-hall')
      .replace('Town Hall', 'School Hall')
      .replace('Rathaus', 'Aula')
      .replace('Kyjiw', 'Kijów')
      .replace('Local news', 'School news')
      .replace('"to":"kyiv"', '"to":"town-hall"'); // the school's relation points into the first pack
    expect(await knowledge.importPack(school, 'school.json')).toMatchObject({ installed: [{}] });
    expect(await knowledge.removePack('local-news')).toEqual({
      usedBy: [{ id: 'school', title: 'School news', entityIds: ['town-hall'] }],
    });
    const service = await knowledge.service();
    expect((await service.entityDetail('town-hall'))?.entity.name).toBe('Town Hall');
    // In the right order, both go.
    await knowledge.removePack('school');
    await knowledge.removePack('local-news');
    expect(await (await knowledge.service()).store.packs()).toEqual([]);

    // An import that comes to depend on a pack while its removal is asked for: one of them waits.
    await knowledge.importPack(pack(), 'local.json');
    const [imported, removed] = await Promise.allSettled([
      knowledge.importPack(school, 'school.json'),
      knowledge.removePack('local-news'),
    ]);
    expect(imported).toMatchObject({ status: 'fulfilled', value: { installed: [{}] } });
    expect(removed).toMatchObject({ status: 'fulfilled', value: { usedBy: [{ id: 'school' }] } });
    expect((await (await knowledge.service()).entityDetail('town-hall'))?.entity.name).toBe('Town Hall');
  });

  it('an import cut off half-way leaves nothing of the pack and everything that was there', async () => {
    freshIndexedDb();
    const db = await openBackstoryDB(() => undefined);
    await rebuildCache(db, miniDataset());
    const parsed = JSON.parse(pack()) as StoredPack['pack'];
    const stored: StoredPack = { id: 'local-news', pack: parsed, fileName: 'local.json', installedAt: 1 };
    await expect(
      rebuildCache(db, miniDataset(), { add: [stored], interrupt: (abort) => abort() }),
    ).rejects.toThrow();
    expect(await db.count('packs')).toBe(0);
    expect(await db.get('entities', 'town-hall')).toBeUndefined();
    expect(await db.count('entities')).toBe(6);
    expect(await checkCache(db, miniDataset())).toBe('ok');
  });

  it('exports one pack, or all of them, as files that import again exactly as they were', async () => {
    freshIndexedDb();
    const knowledge = createKnowledgeBase(miniDataset(), deps());
    const handlers = createHandlers(knowledge, { name: 'Backstory', version: '0.0.0' }).page;
    const fromPage = { url: 'chrome-extension://id/options.html' };
    await knowledge.importPack(pack(), 'local.json');
    const second = pack('school', 'school-hall')
      .replace('Town Hall', 'School Hall')
      .replace('Rathaus', 'Aula');
    await knowledge.importPack(second.replace('Kyjiw', 'Kijów'), 'school.json');
    const stored = async () => (await (await knowledge.service()).store.packs()).map((p) => p.pack);
    const before = await stored();

    const one = await handlers.exportPacks({ id: 'local-news' }, fromPage);
    expect(one.fileName).toBe('local-news.json');
    const all = await handlers.exportPacks({}, fromPage);
    expect(all.fileName).toBe('backstory-packs.json');

    await knowledge.removePack('local-news');
    expect(await knowledge.importPack(one.json, one.fileName)).toMatchObject({
      installed: [{ meta: { id: 'local-news' } }],
    });
    expect(await stored()).toEqual(expect.arrayContaining(before));

    for (const id of ['local-news', 'school']) await knowledge.removePack(id);
    expect(await knowledge.importPack(all.json, all.fileName)).toMatchObject({
      installed: [{ meta: { id: 'local-news' } }, { meta: { id: 'school' } }],
    });
    expect(await stored()).toEqual(before);
  });

  it('exports all packs in the order they were installed, so a pack built on a later id imports again', async () => {
    freshIndexedDb();
    const knowledge = createKnowledgeBase(miniDataset(), deps());
    const handlers = createHandlers(knowledge, { name: 'Backstory', version: '0.0.0' }).page;
    await knowledge.importPack(pack('zz-town'), 'town.json');
    const fair = pack('aa-fair', 'book-fair')
      .replace('Town Hall', 'Book fair')
      .replace('Rathaus', 'Buchmesse')
      .replace('Kyjiw', 'Kijów')
      .replace('"to":"kyiv"', '"to":"town-hall"'); // built on zz-town's entity
    expect(await knowledge.importPack(fair, 'fair.json')).toMatchObject({ installed: [{}] });
    const all = await handlers.exportPacks({}, { url: 'chrome-extension://id/options.html' });
    expect((JSON.parse(all.json) as { meta: { id: string } }[]).map((p) => p.meta.id)).toEqual([
      'zz-town',
      'aa-fair',
    ]);

    freshIndexedDb(); // another browser
    const elsewhere = createKnowledgeBase(miniDataset(), deps());
    expect(await elsewhere.importPack(all.json, all.fileName)).toMatchObject({
      installed: [{ meta: { id: 'zz-town' } }, { meta: { id: 'aa-fair' } }],
    });
  });

  it('a fresh check (install, browser start) while pack changes wait their turn hangs nothing', async () => {
    freshIndexedDb();
    const knowledge = createKnowledgeBase(miniDataset(), deps());
    await knowledge.service();
    const imported = knowledge.importPack('not json', 'broken.json');
    const removed = knowledge.removePack('nope').catch((error: Error) => error.message);
    for (let i = 0; i < 5; i++) await Promise.resolve(); // both are queued
    const checked = knowledge.ensureFresh();
    const hung = new Promise((resolve) => setTimeout(() => resolve('hung'), 3000));
    const settled = Promise.all([imported, removed, checked, knowledge.service()]);
    expect(await Promise.race([settled.then(() => 'settled'), hung])).toBe('settled');
    expect(await removed).toBe('No pack "nope" is installed.');
  });

  it("shows a pack's events in timelines, and cannot replace a bundled event", async () => {
    freshIndexedDb();
    const d = deps();
    const knowledge = createKnowledgeBase(miniDataset(), d);
    const event = (id: string) => ({
      id,
      date: '2024-05-01',
      title: 'Council votes',
      summary: 'The council met in the hall.',
      entities: ['town-hall', 'kyiv'],
      sources: [{ url: 'https://example.org/vote', title: 'Vote' }],
    });
    const hijack = await knowledge.importPack(
      pack('local-news', 'town-hall', [event('2022-02-24-invasion')]),
      'x.json',
    );
    expect(problems(hijack)).toEqual([
      'x.json: event "2022-02-24-invasion": id: is already used by an installed event',
    ]);
    await knowledge.importPack(pack('local-news', 'town-hall', [event('council-vote')]), 'local.json');
    const service = await knowledge.service();
    const timeline = await service.timeline({ entityIds: ['kyiv'], order: 'desc' });
    expect(timeline.map((e) => e.id)).toContain('council-vote');
    expect(timeline.map((e) => e.id)).toContain('2022-02-24-invasion');
    // The cache is as its manifest says: no rebuild at the next start.
    expect(await checkCache(await d.openDb(), miniDataset())).toBe('ok');
  });

  it('keeps packs across a bundled dataset update', async () => {
    freshIndexedDb();
    const d = deps();
    await createKnowledgeBase(miniDataset('1.0.0'), d).importPack(pack(), 'local.json');
    const updated = createKnowledgeBase(miniDataset('1.1.0'), {
      ...d,
      openDb: () => openBackstoryDB(() => undefined),
    });
    expect((await (await updated.service()).entityDetail('town-hall'))!.entity.name).toBe('Town Hall');
  });
});

/** A pack about the Zaporizhzhia plant: it links to and adds an alias to the bundle's Zaporizhzhia. */
const plantPack = () =>
  JSON.stringify({
    meta: {
      id: 'plant',
      title: 'The plant',
      version: '1.0.0',
      asOf: '2025-06-01',
      license: 'CC0',
      languages: ['en'],
    },
    entities: [
      {
        id: 'energoatom-plant',
        category: 'place',
        name: 'Energoatom Plant',
        aliases: [],
        description: 'A power plant',
        background: 'Built in 1984.',
        facts: [],
        sources: [{ url: 'https://example.org/plant', title: 'Plant' }],
      },
    ],
    relations: [
      {
        from: 'energoatom-plant',
        to: 'zaporizhzhia',
        type: 'located-in',
        source: 'https://example.org/plant',
      },
    ],
    events: [],
    extends: [{ id: 'zaporizhzhia', aliases: [{ text: 'Saporischschja', lang: 'de', caseSensitive: true }] }],
  });

/** A pack built on the plant pack: its one relation points at the plant. */
const visitsPack = () =>
  plantPack()
    .replace('"id":"plant"', '"id":"visits"')
    .replace('The plant', 'Plant visits')
    .replace('"energoatom-plant"', '"visitor-centre"')
    .replace('Energoatom Plant', 'Visitor Centre')
    .replace(
      /"from":"energoatom-plant","to":"zaporizhzhia"/,
      '"from":"visitor-centre","to":"energoatom-plant"',
    )
    .replace(/,"extends":.*}$/, '}');

/** The next release of the bundle, which no longer has Zaporizhzhia (nor its relation and event). */
function bundleWithoutZaporizhzhia(version = '2.0.0') {
  const next = miniDataset(version);
  next.entities = next.entities.filter((entity) => entity.id !== 'zaporizhzhia');
  next.relations = next.relations.filter((relation) => relation.from !== 'zaporizhzhia');
  next.events = next.events.filter((event) => !event.entities.includes('zaporizhzhia'));
  return next;
}

describe('packs after an update of the bundled data', () => {
  it('sets aside a pack that no longer fits, and the packs built on it; the others load, and nothing stored is lost', async () => {
    freshIndexedDb();
    const d = deps();
    const before = createKnowledgeBase(miniDataset('1.0.0'), d);
    expect(await before.importPack(pack(), 'local.json')).toMatchObject({ installed: [{}] });
    expect(await before.importPack(plantPack(), 'plant.json')).toMatchObject({ installed: [{}] });
    expect(await before.importPack(visitsPack(), 'visits.json')).toMatchObject({ installed: [{}] });

    const next = bundleWithoutZaporizhzhia();
    const updated = createKnowledgeBase(next, { ...d, openDb: () => openBackstoryDB(() => undefined) });
    const service = await updated.service();
    // The cache works, with the bundle and every pack that still fits: no fallback to the bundle alone.
    expect(await updated.cacheError()).toBeUndefined();
    expect(service.store.kind).toBe('indexeddb');
    expect((await service.entityDetail('town-hall'))?.entity.name).toBe('Town Hall');
    expect(foundIn(d.published()!, 'Das Rathaus in Kyjiw')).toEqual(['town-hall', 'kyiv']);
    // The packs that no longer fit are not loaded: nothing points at an entity that is gone.
    expect(await service.entityDetail('energoatom-plant')).toBeNull();
    expect(await service.entityDetail('visitor-centre')).toBeNull();
    expect(await service.search('energoatom', 5)).toEqual([]);
    expect(foundIn(d.published()!, 'The Energoatom Plant and its Visitor Centre')).toEqual([]);
    const relations = await service.store.allRelations();
    const known = new Set((await service.store.allEntities()).map((entity) => entity.id));
    expect(relations.filter((relation) => !relation.ends.every((id) => known.has(id)))).toEqual([]);

    // The options page lists them as not loaded, with the reasons validation gives.
    const info = await service.datasetInfo();
    expect(info.packs.map((p) => [p.meta.id, p.notLoaded?.issues.map(formatIssue)])).toEqual([
      ['local-news', undefined],
      [
        'plant',
        [
          'plant.json: relation #1: to: unknown entity id "zaporizhzhia"',
          'plant.json: extends #1: id: unknown entity id "zaporizhzhia"',
        ],
      ],
      ['visits', ['visits.json: relation #1: to: unknown entity id "energoatom-plant"']],
    ]);

    // Nothing stored is lost, and the cache is as its manifest says: it is not rebuilt at every start.
    const db = await openBackstoryDB(() => undefined);
    expect((await db.getAllKeys('packs')).sort()).toEqual(['local-news', 'plant', 'visits']);
    expect(await checkCache(db, next)).toBe('ok');

    // A pack set aside can still be exported as it was, and removed (the one built on it first).
    const handlers = createHandlers(updated, { name: 'Backstory', version: '0.0.0' }).page;
    const exported = await handlers.exportPacks(
      { id: 'plant' },
      { url: 'chrome-extension://id/options.html' },
    );
    expect(JSON.parse(exported.json)).toEqual(JSON.parse(plantPack()));
    expect(await updated.removePack('plant')).toMatchObject({ usedBy: [{ id: 'visits' }] });
    expect(await updated.removePack('visits')).toEqual({ removed: true });
    expect(await updated.removePack('plant')).toEqual({ removed: true });
    const after = await (await updated.service()).datasetInfo();
    expect(after.packs.map((p) => p.meta.id)).toEqual(['local-news']);
  });

  it('keeps the bundle’s own records when a pack now clashes with them, and is not rebuilt at every start', async () => {
    freshIndexedDb();
    const d = deps();
    const event = {
      id: 'council-vote',
      date: '2024-05-01',
      title: 'Council votes',
      summary: 'The council met in the hall.',
      entities: ['town-hall', 'kyiv'],
      sources: [{ url: 'https://example.org/vote', title: 'Vote' }],
    };
    await createKnowledgeBase(miniDataset('1.0.0'), d).importPack(
      pack('local-news', 'town-hall', [event]),
      'local.json',
    );
    // The next release gives Kyiv the pack's alias "Rathaus", and has an event of the pack's id.
    const next = miniDataset('2.0.0');
    next.entities[0]!.aliases.push({ text: 'Rathaus', lang: 'de', caseSensitive: true });
    next.events.push({ ...event, title: 'Kyiv council votes', entities: ['kyiv'] });

    const updated = createKnowledgeBase(next, { ...d, openDb: () => openBackstoryDB(() => undefined) });
    const service = await updated.service();
    expect(foundIn(d.published()!, 'Das Rathaus')).toEqual(['kyiv']);
    expect((await service.timeline({ order: 'asc' })).find((e) => e.id === 'council-vote')?.title).toBe(
      'Kyiv council votes',
    );
    expect(await service.entityDetail('town-hall')).toBeNull();
    const info = await service.datasetInfo();
    expect(info.packs[0]?.notLoaded?.issues.map(formatIssue)).toEqual([
      'local.json: entity "town-hall": aliases.0: "Rathaus" is also claimed by "kyiv"; mark it ambiguous on one of them',
      'local.json: event "council-vote": id: is already used by an installed event',
    ]);
    expect(await checkCache(await openBackstoryDB(() => undefined), next)).toBe('ok');
  });

  it('refuses a new pack built on a pack set aside, and keeps the ids and names of that pack taken', async () => {
    freshIndexedDb();
    const d = deps();
    await createKnowledgeBase(miniDataset('1.0.0'), d).importPack(plantPack(), 'plant.json');
    const updated = createKnowledgeBase(bundleWithoutZaporizhzhia(), {
      ...d,
      openDb: () => openBackstoryDB(() => undefined),
    });
    // Built on a pack that is not loaded: its link would point at nothing. (It passes the checks,
    // which count the set-aside pack in full, and is refused when the build sets it aside too.)
    expect(problems(await updated.importPack(visitsPack(), 'visits.json'))).toEqual([
      'visits.json: relation #1: to: unknown entity id "energoatom-plant"',
    ]);
    // The same id as a pack set aside: importing it would silently replace the stored one.
    const corrected = plantPack()
      .replace(/"to":"zaporizhzhia"/, '"to":"ukraine"')
      .replace(/,"extends":.*}$/, '}');
    expect(problems(await updated.importPack(corrected, 'plant-2.json'))).toEqual([
      'plant-2.json: meta: id: "plant" is already installed',
      'plant-2.json: entity "energoatom-plant": id: is already used by an installed entity',
    ]);
    // Under a new pack id, its entity ids and names are still taken by the one set aside: the two
    // would clash once an update lets that one load again, and each would seem to depend on the other.
    const renamed = corrected.replace('"id":"plant"', '"id":"plant-fixed"');
    expect(problems(await updated.importPack(renamed, 'plant-fixed.json'))).toEqual([
      'plant-fixed.json: entity "energoatom-plant": id: is already used by an installed entity',
    ]);
    expect((await (await updated.service()).datasetInfo()).packs.map((p) => p.meta.id)).toEqual(['plant']);
    // Removed, the corrected one imports and loads.
    await updated.removePack('plant');
    expect(await updated.importPack(corrected, 'plant-2.json')).toMatchObject({ installed: [{}] });
    expect((await (await updated.service()).entityDetail('energoatom-plant'))?.entity.name).toBe(
      'Energoatom Plant',
    );
  });
});
