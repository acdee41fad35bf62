/**
 * Turns datasets (the bundle and installed packs) into the records the cache stores. Pure, so the
 * IndexedDB cache and the in-memory fallback are built from exactly the same records.
 */
import type { Pack } from '../dataset/pack.ts';
import type { Dataset } from '../dataset/schema.ts';
import { foldForSearch } from '../match/normalize.ts';
import { parsePartialDate } from '../time/partial-date.ts';
import {
  BUNDLE_SOURCE,
  type CachedAlias,
  type CachedEntity,
  type CachedEvent,
  type CachedRelation,
} from './schema.ts';

/** Everything the cache stores, ready to put. */
export interface CacheRecords {
  entities: CachedEntity[];
  relations: CachedRelation[];
  events: CachedEvent[];
  aliases: CachedAlias[];
}

/** "2022" → "2022-00-00", "2022-02" → "2022-02-00": sorts chronologically, less precise first. */
export function sortableDate(date: string): string {
  const parsed = parsePartialDate(date);
  if (!parsed) return date;
  const pad = (n: number | undefined) => String(n ?? 0).padStart(2, '0');
  return `${String(parsed.year).padStart(4, '0')}-${pad(parsed.month)}-${pad(parsed.day)}`;
}

/** The records for the bundle plus `packs` (in install order; a pack's `extends` adds aliases). */
export function buildCacheRecords(bundle: Dataset, packs: readonly Pack[]): CacheRecords {
  const entities = new Map<string, CachedEntity>();
  const relations: CachedRelation[] = [];
  const events: CachedEvent[] = [];
  const add = (dataset: Dataset, source: string) => {
    for (const entity of dataset.entities)
      entities.set(entity.id, { ...entity, aliases: [...entity.aliases], source });
    dataset.relations.forEach(({ source: sourceUrl, ...relation }, index) => {
      relations.push({
        ...relation,
        key: `${source}|${index}|${relation.from}|${relation.type}|${relation.to}`,
        ends: [relation.from, relation.to],
        source,
        sourceUrl,
      });
    });
    for (const event of dataset.events) events.push({ ...event, sortDate: sortableDate(event.date), source });
  };
  add(bundle, BUNDLE_SOURCE);
  for (const pack of packs) add(pack, pack.meta.id);
  for (const pack of packs) {
    for (const extension of pack.extends ?? [])
      entities.get(extension.id)?.aliases.push(...extension.aliases);
  }

  const aliases: CachedAlias[] = [];
  for (const entity of entities.values()) {
    const names = [{ text: entity.name, lang: 'en' }, ...entity.aliases];
    const seen = new Set<string>();
    names.forEach((name, n) => {
      const folded = foldForSearch(name.text);
      if (!folded || seen.has(folded)) return;
      seen.add(folded);
      aliases.push({
        key: `${entity.id}|${n}`,
        entityId: entity.id,
        text: name.text,
        folded,
        lang: name.lang,
        source: entity.source,
      });
    });
  }
  return { entities: [...entities.values()], relations, events, aliases };
}
