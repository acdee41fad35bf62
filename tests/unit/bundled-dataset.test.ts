import { describe, expect, it } from 'vitest';
import { readAuthoringFiles } from '@/lib/dataset/authoring-files';
import { compileBundledDataset, DATASET_ROOT } from '@/lib/dataset/bundled-source';
import { formatIssue } from '@/lib/dataset/compile';
import { matcherAliases } from '@/lib/dataset/matcher-aliases';
import { buildCacheRecords } from '@/lib/db/records';
import { createKnowledgeService } from '@/lib/knowledge/service';
import { createMemoryStore } from '@/lib/knowledge/store';
import { compileMatcher, compilePortableMatcher, loadPortableMatcher } from '@/lib/match/matcher';

const { dataset, issues } = compileBundledDataset();

/** The first search result's entity id, searched the way the popup searches the bundled dataset. */
async function first(query: string): Promise<string | undefined> {
  const manifest = {
    key: 'manifest' as const,
    bundleVersion: dataset!.meta.version,
    bundleMeta: dataset!.meta,
    packIds: [],
    counts: { entities: 0, relations: 0, events: 0, aliases: 0 },
    builtAt: 0,
  };
  const service = createKnowledgeService(createMemoryStore(buildCacheRecords(dataset!, []), manifest));
  return (await service.search(query, 3))[0]?.entity.id;
}

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

  it('gives every Ukrainian and Russian person and place Ukrainian and Russian Cyrillic forms, inflected', () => {
    const byId = new Map(dataset!.entities.map((entity) => [entity.id, entity]));
    // Everyone and everywhere in the Ukrainian and Russian files, and the places located in Russia.
    const fromFiles = readAuthoringFiles(DATASET_ROOT)
      .files.filter((file) =>
        /entities\/(people-russia|people-ukraine|places-ukraine)\.yaml$/.test(file.path),
      )
      .flatMap((file) => (file.content as { id: string }[]).map((record) => record.id));
    const inRussia = dataset!.relations
      .filter((relation) => relation.type === 'located-in' && relation.to === 'russia')
      .map((relation) => relation.from);
    const checked = [...new Set([...fromFiles, ...inRussia, 'ukraine', 'russia'])]
      .map((id) => byId.get(id)!)
      .filter((entity) => entity.category === 'person' || entity.category === 'place');
    expect(checked.length).toBeGreaterThan(80);
    for (const entity of checked) {
      const forms = (lang: string) => entity.aliases.filter((alias) => alias.lang === lang).length;
      // A form spelt the same in both languages is listed once (under uk), so Russian may add only
      // its own inflections ("Херсоне"); together there are always a nominative and inflected forms.
      expect(forms('uk'), `${entity.id}: Ukrainian forms`).toBeGreaterThanOrEqual(1);
      expect(forms('ru'), `${entity.id}: Russian forms`).toBeGreaterThanOrEqual(1);
      expect(forms('uk') + forms('ru'), `${entity.id}: inflected forms`).toBeGreaterThanOrEqual(3);
    }
  });

  it('is published as a compiled matcher that finds what compiling it on the page would', () => {
    const aliases = matcherAliases(dataset!.entities);
    const published = JSON.parse(JSON.stringify(compilePortableMatcher(aliases))); // as storage keeps it
    const text = dataset!.entities.map((entity) => entity.background).join('\n\n');
    const expected = compileMatcher(aliases).scan(text);
    expect(expected.length).toBeGreaterThan(1000);
    expect(loadPortableMatcher(published).scan(text)).toEqual(expected);
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
    expect(await first('zelenskiy')).toBe('volodymyr-zelensky');
    expect(await first('Путин')).toBe('vladimir-putin');
    expect(await first('kiev')).toBe('kyiv');
    expect(await first('zaporozh')).toMatch(/^zaporizhzhia/);
    expect(await first('witkof')).toBe('steve-witkoff');
    expect(await first('Selenskyj')).toBe('volodymyr-zelensky');
  });

  it('puts the place a misspelt or partial name stands for above a topic named after it', async () => {
    // "Kherson counteroffensive" and "Kharkiv counteroffensive" are aliases of a topic with more
    // links than either city; a reader typing the city's name still wants the city first.
    expect([await first('herson'), await first('Charkiv')]).toEqual([
      expect.stringMatching(/^kherson(-oblast)?$/),
      expect.stringMatching(/^kharkiv(-oblast)?$/),
    ]);
  });

  it('lets the better-known entity win between names that match equally well', async () => {
    // "Donald Tusk" and "Donald Trump" both complete "donald" with one more word.
    expect(await first('donald')).toBe('donald-trump');
    // But not over a clearly closer name: "Vladimir Zelensky" is an alias of the more-linked
    // Volodymyr Zelensky, and is longer than "Vladimir Putin".
    expect(await first('vladimir')).toBe('vladimir-putin');
  });
});
