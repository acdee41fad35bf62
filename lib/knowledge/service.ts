/**
 * The questions the UI asks of the knowledge base, answered from a KnowledgeStore: an entity with
 * its links and latest events, a timeline, a search. One instance per cache build; the background
 * replaces it when the cache is rebuilt (a pack imported or removed).
 */
import { partialDateRange } from '../time/partial-date.ts';
import type { CachedEntity, CachedEvent } from '../db/schema.ts';
import { BUNDLE_SOURCE } from '../db/schema.ts';
import { createSearchIndex, type RankedHit } from './search.ts';
import type { KnowledgeStore } from './store.ts';
import {
  BUNDLE_TEXT_LANGUAGE,
  type DatasetInfo,
  type EntityDetail,
  type EntitySummary,
  type LinkedEntity,
  type SearchHit,
  type TimelineEventView,
  type TimelineQuery,
} from './types.ts';

/** How many latest events an entity detail carries (the card shows three). */
export const LATEST_EVENTS = 3;
/** The most events one answer carries when the query sets no limit. */
export const DEFAULT_TIMELINE_LIMIT = 500;
const MAX_SEARCH_RESULTS = 50;

/** The short form of an entity used in lists and links. */
export function summarise(
  entity: Pick<CachedEntity, 'id' | 'name' | 'category' | 'description' | 'source'>,
): EntitySummary {
  const summary = {
    id: entity.id,
    name: entity.name,
    category: entity.category,
    description: entity.description,
  };
  const lang = textLanguageOf(entity.source);
  return lang ? { ...summary, lang } : summary;
}

/** The language of a record's text by the dataset it came from: known for the bundle only. */
export function textLanguageOf(source: string): string | undefined {
  return source === BUNDLE_SOURCE ? BUNDLE_TEXT_LANGUAGE : undefined;
}

export interface KnowledgeService {
  readonly store: KnowledgeStore;
  entityDetail(id: string): Promise<EntityDetail | null>;
  entities(ids: readonly string[]): Promise<EntitySummary[]>;
  timeline(query: TimelineQuery): Promise<TimelineEventView[]>;
  search(query: string, limit: number): Promise<SearchHit[]>;
  datasetInfo(cacheError?: string): Promise<DatasetInfo>;
}

/** Creates the service over `store`. */
export function createKnowledgeService(store: KnowledgeStore): KnowledgeService {
  let summaries: Promise<Map<string, EntitySummary>> | undefined;
  let searchIndex: Promise<(query: string, limit: number) => RankedHit[]> | undefined;

  // Entity names are needed for every event and link; one read, kept for the life of this build.
  const allSummaries = () =>
    (summaries ??= store
      .allEntities()
      .then((all) => new Map(all.map((entity) => [entity.id, summarise(entity)]))));

  const view = async (events: CachedEvent[]): Promise<TimelineEventView[]> => {
    const names = await allSummaries();
    return events.map(({ sortDate: _sortDate, source, ...event }) => {
      const lang = textLanguageOf(source);
      return {
        ...event,
        linked: event.entities.flatMap((id) => names.get(id) ?? []),
        ...(lang ? { lang } : {}),
      };
    });
  };

  return {
    store,

    async entityDetail(id) {
      const [cached, relations, events, names, manifest, packs] = await Promise.all([
        store.getEntity(id),
        store.relationsOf(id),
        store.events([id]),
        allSummaries(),
        store.manifest(),
        store.packs(),
      ]);
      if (!cached) return null;
      const { source, ...entity } = cached;
      const linked: LinkedEntity[] = relations.flatMap((relation) => {
        const direction = relation.from === id ? 'outgoing' : 'incoming';
        const other = names.get(direction === 'outgoing' ? relation.to : relation.from);
        if (!other) return [];
        return [
          {
            type: relation.type,
            direction,
            ...(relation.role ? { role: relation.role } : {}),
            ...(relation.since ? { since: relation.since } : {}),
            ...(relation.until ? { until: relation.until } : {}),
            source: relation.sourceUrl,
            other,
          },
        ];
      });
      const fromPack = source === BUNDLE_SOURCE ? undefined : packs.find((pack) => pack.id === source);
      const originTitle =
        source === BUNDLE_SOURCE
          ? (manifest?.bundleMeta.title ?? 'Backstory')
          : (fromPack?.pack.meta.title ?? source);
      const lang = textLanguageOf(source);
      return {
        entity,
        origin: { id: source, title: originTitle },
        ...(lang ? { lang } : {}),
        relations: linked,
        latestEvents: await view([...events].reverse().slice(0, LATEST_EVENTS)),
        eventCount: events.length,
        // The entity's own date, else its dataset's: a pack may be newer than the bundle.
        asOf: entity.asOf ?? fromPack?.pack.meta.asOf ?? manifest?.bundleMeta.asOf ?? '',
      };
    },

    async entities(ids) {
      const names = await allSummaries();
      return ids.flatMap((id) => names.get(id) ?? []);
    },

    async timeline(query) {
      const names = await allSummaries();
      let events = await store.events(query.entityIds);
      if (query.from || query.to) {
        // A partial date is in range when any day it could mean is: "2025-03" is in 2025-03-15…
        events = events.filter((event) => {
          const range = partialDateRange(event.date);
          return (
            !!range && (!query.from || range.last >= query.from) && (!query.to || range.first <= query.to)
          );
        });
      }
      if (query.categories) {
        const categories = new Set(query.categories);
        events = events.filter((event) =>
          event.entities.some((id) => categories.has(names.get(id)?.category ?? 'topic')),
        );
      }
      if (query.order === 'desc') events = [...events].reverse();
      if (query.limit !== undefined) return view(events.slice(0, query.limit));
      // Without a limit the answer is still capped; what goes is the oldest, never the latest news.
      return view(
        query.order === 'desc'
          ? events.slice(0, DEFAULT_TIMELINE_LIMIT)
          : events.slice(-DEFAULT_TIMELINE_LIMIT),
      );
    },

    async search(query, limit) {
      searchIndex ??= (async () => {
        const [aliases, relations, events] = await Promise.all([
          store.aliases(),
          store.allRelations(),
          store.events(),
        ]);
        // Prominence: how connected an entity is, so "Putin" outranks a namesake with one link.
        const links = new Map<string, number>();
        const link = (id: string) => links.set(id, (links.get(id) ?? 0) + 1);
        for (const relation of relations) relation.ends.forEach(link);
        for (const event of events) event.entities.forEach(link);
        return createSearchIndex(aliases, links);
      })();
      const [search, names] = await Promise.all([searchIndex, allSummaries()]);
      return search(query, Math.min(limit, MAX_SEARCH_RESULTS)).flatMap((hit) => {
        const entity = names.get(hit.entityId);
        return entity ? [{ entity, matched: hit.matched }] : [];
      });
    },

    async datasetInfo(cacheError) {
      const [manifest, packs, entities, relations, events] = await Promise.all([
        store.manifest(),
        store.packs(),
        store.allEntities(),
        store.allRelations(),
        store.events(),
      ]);
      const count = (source: string) => ({
        entities: entities.filter((entity) => entity.source === source).length,
        relations: relations.filter((relation) => relation.source === source).length,
        events: events.filter((event) => event.source === source).length,
      });
      const setAside = new Map(manifest?.setAside?.map(({ id, issues }) => [id, issues]));
      return {
        bundle: { meta: manifest!.bundleMeta, counts: count(BUNDLE_SOURCE) },
        packs: packs
          .sort((a, b) => a.installedAt - b.installedAt)
          .map((stored) => {
            const issues = setAside.get(stored.id);
            return {
              meta: stored.pack.meta,
              counts: count(stored.id),
              fileName: stored.fileName,
              installedAt: stored.installedAt,
              ...(issues ? { notLoaded: { issues } } : {}),
            };
          }),
        cache: store.kind === 'indexeddb' ? 'ready' : 'unavailable',
        ...(cacheError ? { cacheError } : {}),
      };
    },
  };
}
