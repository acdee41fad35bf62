import { useMemo, useState } from 'preact/hooks';
import { CATEGORIES, type Category } from '@/lib/dataset/schema';
import type { TimelineEventView } from '@/lib/knowledge/types';
import { siteOf } from '@/lib/knowledge/text';
import { relativeToDay } from '@/lib/time/partial-date';
import { EventDate } from './EventDate';
import { useLocale } from './i18n';

export interface TimelineProps {
  events: TimelineEventView[];
  /** The article's publication day (YYYY-MM-DD): splits the timeline into before and after it. */
  articleDate?: string;
  /** Ids of the entities on the current page, for the "on this page" filter (omit to hide it). */
  pageEntityIds?: readonly string[];
  /** Hides links back to this entity (it is the one being viewed). */
  currentEntityId?: string;
  onOpenEntity: (id: string) => void;
  /** Prefix for element ids, so two timelines never share one. */
  idPrefix: string;
}

type Order = 'desc' | 'asc';

function groupByYear(events: TimelineEventView[]): [string, TimelineEventView[]][] {
  const groups = new Map<string, TimelineEventView[]>();
  for (const event of events) {
    const year = event.date.slice(0, 4);
    let list = groups.get(year);
    if (!list) groups.set(year, (list = []));
    list.push(event);
  }
  return [...groups];
}

/** Dated events grouped by year, filterable, in either order, split at the article's date when known. */
export function Timeline({
  events,
  articleDate,
  pageEntityIds,
  currentEntityId,
  onOpenEntity,
  idPrefix,
}: TimelineProps) {
  const { t, locale } = useLocale();
  const [order, setOrder] = useState<Order>('desc');
  const [categories, setCategories] = useState<Record<Category, boolean>>({
    person: true,
    organization: true,
    place: true,
    topic: true,
  });
  const [onlyPage, setOnlyPage] = useState(false);
  /** The one entity whose events are shown ('' for all). */
  const [entityId, setEntityId] = useState('');

  // Every entity the events link (but the one being viewed), by name: the choices of the filter.
  const linkedEntities = useMemo(() => {
    const byId = new Map<string, TimelineEventView['linked'][number]>();
    for (const event of events)
      for (const entity of event.linked) if (entity.id !== currentEntityId) byId.set(entity.id, entity);
    const collator = new Intl.Collator(locale);
    return [...byId.values()].sort((a, b) => collator.compare(a.name, b.name));
  }, [events, currentEntityId, locale]);
  // A choice the events no longer link (the page changed) falls back to all.
  const chosen = linkedEntities.some((entity) => entity.id === entityId) ? entityId : '';

  const shown = useMemo(() => {
    const page = new Set(pageEntityIds ?? []);
    const allCategories = CATEGORIES.every((category) => categories[category]);
    // On an entity's own timeline every event links that entity, so the filter looks at the others
    // it links (an event about that entity alone counts as its category).
    const consideredOf = (event: TimelineEventView) => {
      const others = event.linked.filter((entity) => entity.id !== currentEntityId);
      return others.length > 0 ? others : event.linked;
    };
    const filtered = events.filter(
      (event) =>
        (allCategories || consideredOf(event).some((entity) => categories[entity.category])) &&
        (!onlyPage || event.linked.some((entity) => entity.id !== currentEntityId && page.has(entity.id))) &&
        (!chosen || event.linked.some((entity) => entity.id === chosen)),
    );
    // The service answers oldest first.
    return order === 'desc' ? [...filtered].reverse() : filtered;
  }, [events, categories, onlyPage, chosen, order, pageEntityIds, currentEntityId]);

  const sections = useMemo(() => {
    if (!articleDate) return [{ key: 'all', title: undefined, events: shown }];
    const before = shown.filter((event) => relativeToDay(event.date, articleDate) !== 'after');
    const after = shown.filter((event) => relativeToDay(event.date, articleDate) === 'after');
    const beforeSection = { key: 'before', title: t('timeline_before'), events: before };
    const afterSection = { key: 'after', title: t('timeline_after'), events: after };
    return order === 'desc' ? [afterSection, beforeSection] : [beforeSection, afterSection];
  }, [shown, articleDate, order, t]);

  const articleMarker = articleDate && (
    <p class="timeline__article" key="article">
      {t('timeline_article')} <EventDate date={articleDate} />
    </p>
  );

  return (
    <div class="timeline">
      <div class="timeline__controls" role="group" aria-label={t('timeline_filters')}>
        <fieldset class="chips">
          <legend class="visually-hidden">{t('timeline_categories')}</legend>
          {CATEGORIES.map((category) => (
            <label class="chip" key={category} data-category={category}>
              <input
                type="checkbox"
                checked={categories[category]}
                onChange={(event) =>
                  setCategories({ ...categories, [category]: event.currentTarget.checked })
                }
              />
              <span>{t(`categoryPlural_${category}`)}</span>
            </label>
          ))}
        </fieldset>
        <div class="timeline__options">
          {pageEntityIds && (
            <label class="check">
              <input
                type="checkbox"
                checked={onlyPage}
                onChange={(event) => setOnlyPage(event.currentTarget.checked)}
              />
              <span>{t('timeline_onlyPage')}</span>
            </label>
          )}
          {linkedEntities.length > 1 && (
            <label class="select timeline__entity">
              <span>{t('timeline_entity')}</span>{' '}
              <select value={chosen} onChange={(event) => setEntityId(event.currentTarget.value)}>
                <option value="">{t('timeline_entityAny')}</option>
                {linkedEntities.map((entity) => (
                  <option value={entity.id} key={entity.id} lang={entity.lang}>
                    {entity.name}
                  </option>
                ))}
              </select>
            </label>
          )}
          <label class="select">
            <span class="visually-hidden">{t('timeline_order')}</span>
            <select value={order} onChange={(event) => setOrder(event.currentTarget.value as Order)}>
              <option value="desc">{t('timeline_newestFirst')}</option>
              <option value="asc">{t('timeline_oldestFirst')}</option>
            </select>
          </label>
        </div>
      </div>

      {shown.length === 0 && <p class="empty">{t('timeline_empty')}</p>}

      {sections.map((section, index) => (
        <section
          class="timeline__section"
          key={section.key}
          aria-labelledby={section.title ? `${idPrefix}-${section.key}` : undefined}
        >
          {index === 1 && order === 'asc' && articleMarker}
          {section.title && (
            <h3 class="timeline__section-title" id={`${idPrefix}-${section.key}`}>
              {section.title}{' '}
              <span class="count">({new Intl.NumberFormat(locale).format(section.events.length)})</span>
            </h3>
          )}
          {groupByYear(section.events).map(([year, items]) => (
            <div class="timeline__year" key={year}>
              <h4 class="timeline__year-title">{year}</h4>
              <ol class="timeline__events">
                {items.map((event) => (
                  <li class="event" key={event.id}>
                    <EventDate date={event.date} />
                    <p class="event__title" lang={event.lang}>
                      {event.title}
                    </p>
                    <p class="event__summary" lang={event.lang}>
                      {event.summary}
                    </p>
                    <p class="event__links">
                      {event.linked
                        .filter((entity) => entity.id !== currentEntityId)
                        .map((entity) => (
                          <button
                            type="button"
                            class="link-button"
                            data-category={entity.category}
                            lang={entity.lang}
                            key={entity.id}
                            onClick={() => onOpenEntity(entity.id)}
                          >
                            {entity.name}
                          </button>
                        ))}
                    </p>
                    {event.sources[0] && (
                      <p class="event__source">
                        <a href={event.sources[0].url} target="_blank" rel="noopener noreferrer">
                          {t('source_label', siteOf(event.sources[0].url))}
                        </a>
                      </p>
                    )}
                  </li>
                ))}
              </ol>
            </div>
          ))}
          {index === 0 && order === 'desc' && articleMarker}
        </section>
      ))}
    </div>
  );
}
