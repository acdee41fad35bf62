import { describe, expect, it } from 'vitest';
import { compileBundledDataset } from '@/lib/dataset/bundled-source';
import { formatIssue } from '@/lib/dataset/compile';
import { matcherAliases } from '@/lib/dataset/matcher-aliases';
import { buildCacheRecords } from '@/lib/db/records';
import { createKnowledgeService } from '@/lib/knowledge/service';
import { createMemoryStore } from '@/lib/knowledge/store';
import { compileMatcher } from '@/lib/match/matcher';

const { dataset, issues } = compileBundledDataset();

describe('the bundled dataset', () => {
  it('is valid: every record passes the schema and the integrity checks', () => {
    expect(issues.map(formatIssue)).toEqual([]);
    expect(dataset).toBeDefined();
  });

  it('is as large as the product promises', () => {
    expect(dataset!.entities.length).toBeGreaterThanOrEqual(150);
    expect(dataset!.events.length).toBeGreaterThanOrEqual(250);
    expect(dataset!.relations.length).toBeGreaterThanOrEqual(300);
    const years = new Set(dataset!.events.map((event) => event.date.slice(0, 4)));
    for (let year = 2014; year <= 2025; year++) expect(years, `events in ${year}`).toContain(String(year));
  });

  it('gives every Ukrainian and Russian person and place Ukrainian and Russian Cyrillic aliases', () => {
    const byId = new Map(dataset!.entities.map((entity) => [entity.id, entity]));
    const inUkraineOrRussia = dataset!.relations
      .filter(
        (r) =>
          (r.type === 'located-in' || r.type === 'capital-of') && (r.to === 'ukraine' || r.to === 'russia'),
      )
      .map((r) => r.from);
    for (const id of [
      ...inUkraineOrRussia,
      'volodymyr-zelensky',
      'vladimir-putin',
      'sergei-lavrov',
      'andriy-yermak',
      'ukraine',
      'russia',
    ]) {
      const entity = byId.get(id)!;
      if (entity.category !== 'person' && entity.category !== 'place') continue;
      const languages = new Set(entity.aliases.map((alias) => alias.lang));
      expect(languages.has('uk') && languages.has('ru'), `${id} has uk and ru aliases`).toBe(true);
    }
  });

  it('recognises every actor, place and topic of the story our readers follow', () => {
    const matcher = compileMatcher(matcherAliases(dataset!.entities));
    const story =
      'US and Russian presidents Donald Trump and Vladimir Putin are to speak by phone about a 30-day ceasefire, ' +
      'a truce Ukraine has accepted. Kyiv (Kiev in some outlets) and European capitals are sceptical. US officials ' +
      'say Ukraine may have to cede territory. Trump wants to discuss dividing up assets such as the Moscow-controlled ' +
      'Zaporizhzhia nuclear plant, he said on Truth Social. White House envoy Steve Witkoff met Putin in Moscow.';
    const found = new Set(matcher.scan(story).map((mention) => mention.entityId));
    for (const id of [
      'united-states',
      'donald-trump',
      'vladimir-putin',
      'ceasefire',
      'ukraine',
      'kyiv',
      'europe',
      'territorial-concessions',
      'moscow',
      'zaporizhzhia-nuclear-power-plant',
      'truth-social',
      'white-house',
      'steve-witkoff',
    ]) {
      expect(found, id).toContain(id);
    }
  });

  it('lets readers find entities by spelling variant, prefix, Cyrillic and typo', async () => {
    const records = buildCacheRecords(dataset!, []);
    const manifest = {
      key: 'manifest' as const,
      bundleVersion: dataset!.meta.version,
      bundleMeta: dataset!.meta,
      packIds: [],
      counts: { entities: 0, relations: 0, events: 0, aliases: 0 },
      builtAt: 0,
    };
    const service = createKnowledgeService(createMemoryStore(records, manifest));
    const first = async (query: string) => (await service.search(query, 3))[0]?.entity.id;
    expect(await first('zelenskiy')).toBe('volodymyr-zelensky');
    expect(await first('Путин')).toBe('vladimir-putin');
    expect(await first('kiev')).toBe('kyiv');
    expect(await first('zaporozh')).toMatch(/^zaporizhzhia/);
    expect(await first('witkof')).toBe('steve-witkoff');
    expect(await first('Selenskyj')).toBe('volodymyr-zelensky');
  });
});
