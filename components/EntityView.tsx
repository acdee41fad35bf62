import { useEffect, useRef, useState } from 'preact/hooks';
import { BUILT_IN_DATASET_ID } from '@/lib/dataset/pack';
import type { Translate } from '@/lib/i18n';
import type { EntityDetail, LinkedEntity, TimelineEventView } from '@/lib/knowledge/types';
import { comparePartialDates, formatPartialDate } from '@/lib/time/partial-date';
import { CategoryIcon } from './CategoryIcon';
import { FactList } from './FactList';
import { linkLabel, useLocale } from './i18n';
import { Timeline } from './Timeline';

/** A value that is loading, loaded or failed (with a message the reader can act on). */
export type Loadable<T> =
  { status: 'loading' } | { status: 'ready'; value: T } | { status: 'error'; message: string };

export interface EntityViewProps {
  id: string;
  loadDetail: (id: string) => Promise<Loadable<EntityDetail | null>>;
  loadTimeline: (id: string) => Promise<Loadable<TimelineEventView[]>>;
  articleDate?: string;
  pageEntityIds?: readonly string[];
  /** Present when the entity is mentioned on the page: scrolls there and flashes it. */
  onShowOnPage?: () => void;
  onOpenEntity: (id: string) => void;
  /** Moves focus to the name once the entry has loaded: set when the reader has just opened this view. */
  focusHeading?: boolean;
}

/** One linked entity under a kind of link, with every period it held (a second term is no duplicate). */
interface LinkEntry {
  other: LinkedEntity['other'];
  /** The distinct dated links, oldest first; empty when the link is undated. */
  periods: LinkedEntity[];
}

/** Links grouped by their kind ("president of", "located in"…), in the order the kinds first appear. */
function groupLinks(links: LinkedEntity[], t: Translate): [string, LinkEntry[]][] {
  const groups = new Map<string, LinkEntry[]>();
  for (const link of links) {
    const label = linkLabel(t, link);
    let list = groups.get(label);
    if (!list) groups.set(label, (list = []));
    let entry = list.find((existing) => existing.other.id === link.other.id);
    if (!entry) list.push((entry = { other: link.other, periods: [] }));
    const dated = link.since !== undefined || link.until !== undefined;
    const known = entry.periods.some((period) => period.since === link.since && period.until === link.until);
    if (dated && !known) entry.periods.push(link);
  }
  const start = (link: LinkedEntity) => link.since ?? link.until ?? '';
  for (const list of groups.values()) {
    for (const entry of list) entry.periods.sort((a, b) => comparePartialDates(start(a), start(b)));
  }
  return [...groups];
}

/** "Jan 2020–Sep 2024", "Jan 2025–", "–2014", or one date when a link began and ended the same day. */
function periodLabel(since: string | undefined, until: string | undefined, locale: string): string {
  const format = (date: string | undefined) => (date ? formatPartialDate(date, locale, 'short') : '');
  return since && since === until ? format(since) : `${format(since)}–${format(until)}`;
}

/** One entity: who or what it is, its background and sources, facts, links and timeline. */
export function EntityView({
  id,
  loadDetail,
  loadTimeline,
  articleDate,
  pageEntityIds,
  onShowOnPage,
  onOpenEntity,
  focusHeading,
}: EntityViewProps) {
  const { t, locale } = useLocale();
  const [detail, setDetail] = useState<Loadable<EntityDetail | null>>({ status: 'loading' });
  const [timeline, setTimeline] = useState<Loadable<TimelineEventView[]>>({ status: 'loading' });
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    let current = true;
    setDetail({ status: 'loading' });
    setTimeline({ status: 'loading' });
    // Both requests at once: no waterfall.
    void loadDetail(id).then((value) => current && setDetail(value));
    void loadTimeline(id).then((value) => current && setTimeline(value));
    return () => {
      current = false;
    };
  }, [id, loadDetail, loadTimeline]);

  useEffect(() => {
    // The heading exists only once the detail has arrived, after the app moved to this view.
    if (focusHeading && detail.status === 'ready') headingRef.current?.focus({ preventScroll: true });
  }, [focusHeading, detail]);

  if (detail.status === 'loading')
    return (
      <p class="status" role="status">
        {t('app_loading')}
      </p>
    );
  if (detail.status === 'error')
    return (
      <p class="status status--error" role="alert">
        {detail.message}
      </p>
    );
  if (!detail.value)
    return (
      <p class="status" role="status">
        {t('entity_unknown')}
      </p>
    );
  const { entity, relations, asOf, origin, lang } = detail.value;
  const headingId = `entity-${entity.id}`;

  return (
    <article class="entity" aria-labelledby={headingId} data-category={entity.category}>
      <header class="entity__header">
        <p class="entity__category">
          <CategoryIcon category={entity.category} />
          <span>{t(`category_${entity.category}`)}</span>
        </p>
        <h2 class="entity__name" id={headingId} tabIndex={-1} ref={headingRef} lang={lang}>
          {entity.name}
        </h2>
        <p class="entity__description" lang={lang}>
          {entity.description}
        </p>
        {onShowOnPage && (
          <button type="button" class="button" onClick={onShowOnPage}>
            {t('entity_showOnPage')}
          </button>
        )}
      </header>

      <section class="entity__section" aria-labelledby={`${headingId}-background`}>
        <h3 id={`${headingId}-background`}>{t('entity_background')}</h3>
        <p lang={lang}>{entity.background}</p>
        <ul class="sources">
          {entity.sources.map((source) => (
            <li key={source.url}>
              <a href={source.url} target="_blank" rel="noopener noreferrer">
                {source.title}
              </a>
            </li>
          ))}
        </ul>
        <p class="entity__as-of">
          {t('entity_asOf', formatPartialDate(asOf, locale))}
          {origin.id !== BUILT_IN_DATASET_ID && <> · {t('entity_fromPack', origin.title)}</>}
        </p>
      </section>

      {entity.facts.length > 0 && (
        <section class="entity__section" aria-labelledby={`${headingId}-facts`}>
          <h3 id={`${headingId}-facts`}>{t('entity_facts')}</h3>
          <FactList facts={entity.facts} listClass="facts" itemClass="fact" lang={lang} />
        </section>
      )}

      {relations.length > 0 && (
        <section class="entity__section" aria-labelledby={`${headingId}-links`}>
          <h3 id={`${headingId}-links`}>{t('entity_links')}</h3>
          <dl class="links">
            {groupLinks(relations, t).map(([label, links]) => (
              <div class="links__group" key={label}>
                <dt>{label}</dt>
                {links.map(({ other, periods }) => (
                  <dd key={other.id}>
                    <button
                      type="button"
                      class="link-button"
                      data-category={other.category}
                      lang={other.lang}
                      onClick={() => onOpenEntity(other.id)}
                    >
                      {other.name}
                    </button>
                    {periods.length > 0 && (
                      <span class="links__dates">
                        {' '}
                        {periods.map(({ since, until }) => periodLabel(since, until, locale)).join(', ')}
                      </span>
                    )}
                  </dd>
                ))}
              </div>
            ))}
          </dl>
        </section>
      )}

      <section class="entity__section" aria-labelledby={`${headingId}-timeline`}>
        <h3 id={`${headingId}-timeline`}>{t('entity_timeline')}</h3>
        {timeline.status === 'loading' && <p class="status">{t('app_loading')}</p>}
        {timeline.status === 'error' && <p class="status status--error">{timeline.message}</p>}
        {timeline.status === 'ready' && (
          <Timeline
            events={timeline.value}
            articleDate={articleDate}
            pageEntityIds={pageEntityIds}
            currentEntityId={entity.id}
            onOpenEntity={onOpenEntity}
            idPrefix={`${headingId}-tl`}
          />
        )}
      </section>
    </article>
  );
}
