/**
 * The shapes knowledge takes on its way to the UI: what the background answers, what the popup,
 * the options page and the hover card render. Plain data, structured-clone safe.
 */
import type { DatasetIssue } from '../dataset/compile.ts';
import type { Category, DatasetMeta, Entity, TimelineEvent } from '../dataset/schema.ts';
import type { RelationType } from '../dataset/relation-types.ts';

/**
 * The language the bundled dataset's text (names as written, descriptions, backgrounds, facts,
 * event titles and summaries) is in. A pack's is not known: its text is marked with none.
 */
export const BUNDLE_TEXT_LANGUAGE = 'en';

/** Enough to name an entity in a list or a link. */
export interface EntitySummary {
  id: string;
  name: string;
  category: Category;
  description: string;
  /**
   * The language its text is written in, when known (the bundle's): pages mark the text with it,
   * so a screen reader speaking Ukrainian reads the English description as English.
   */
  lang?: string;
}

/** An entity linked to another, seen from that other entity. */
export interface LinkedEntity {
  type: RelationType;
  direction: 'outgoing' | 'incoming';
  /** The dataset's own words for the link ("foreign minister"), shown instead of the type's label. */
  role?: string;
  since?: string;
  until?: string;
  source: string;
  other: EntitySummary;
}

/** An event with the entities it links, named. */
export interface TimelineEventView extends TimelineEvent {
  linked: EntitySummary[];
  /** The language of its title and summary, when known (see EntitySummary.lang). */
  lang?: string;
}

/** Everything the card and the popup's detail view show about one entity. */
export interface EntityDetail {
  entity: Entity;
  /** The dataset the entity comes from: the bundle or a pack. */
  origin: { id: string; title: string };
  /** The language of the entity's text, when known (see EntitySummary.lang). */
  lang?: string;
  relations: LinkedEntity[];
  /** The latest events first. */
  latestEvents: TimelineEventView[];
  eventCount: number;
  /** The date its details hold as of: the entity's own, else its dataset's (the bundle's or its pack's). */
  asOf: string;
}

/** Which events a timeline shows. */
export interface TimelineQuery {
  /** Events linked to any of these entities; all events when absent. */
  entityIds?: string[];
  /** Inclusive YYYY-MM-DD bounds. */
  from?: string;
  to?: string;
  /** Keep events linking at least one entity of these categories. */
  categories?: Category[];
  limit?: number;
  order: 'asc' | 'desc';
}

/** One search hit. */
export interface SearchHit {
  entity: EntitySummary;
  /** The name or alias that matched, as written in the dataset. */
  matched: string;
}

/** Counts of a dataset's records. */
export interface DatasetCounts {
  entities: number;
  relations: number;
  events: number;
}

/** An installed pack, as the options page lists it. */
export interface InstalledPack {
  meta: DatasetMeta;
  counts: DatasetCounts;
  fileName: string;
  installedAt: number;
  /**
   * Present when the pack is stored but not loaded: it no longer fits the bundled data (an update
   * changed it) or builds on a pack that does not. `issues` say why, as an import would.
   */
  notLoaded?: { issues: DatasetIssue[] };
}

/**
 * Why pages could not be given the matcher data for what is installed: the browser would not store
 * it. Sizes are in bytes as Chrome counts storage.local (each key's length plus its value as JSON);
 * `quotaBytes` is there only when the browser said its quota was exceeded.
 */
export interface PublishFailure {
  /** The browser's error. */
  error: string;
  /** What the matcher data would take; absent when it could not even be built. */
  neededBytes?: number;
  /** The most storage.local holds (Chrome: 10 MB without the unlimitedStorage permission). */
  quotaBytes?: number;
}

/** What the dataset panel and the popup's footer show. */
export interface DatasetInfo {
  bundle: { meta: DatasetMeta; counts: DatasetCounts };
  packs: InstalledPack[];
  /** 'unavailable' when IndexedDB failed and the bundled data is served from memory. */
  cache: 'ready' | 'unavailable';
  cacheError?: string;
  /**
   * Present when pages still highlight with older data than the cache holds, because the browser
   * would not store the new matcher data (after an update or a rebuild; an import is refused instead).
   */
  pagesBehind?: PublishFailure;
}
