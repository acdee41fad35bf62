import type { Category } from '@/lib/dataset/schema';
import { firstSentences, siteOf } from '@/lib/knowledge/text';
import type { EntityDetail } from '@/lib/knowledge/types';
import { formatPartialDate } from '@/lib/time/partial-date';
import { CategoryIcon } from './CategoryIcon';
import { EventDate } from './EventDate';
import { FactList } from './FactList';
import { linkLabel, useLocale } from './i18n';

/** How much the card shows: it answers "who is this and why now" in one glance. */
const BACKGROUND_SENTENCES = 2;
const MAX_FACTS = 4;
const MAX_LINKS = 4;

/** One link per linked entity, current ones (no end date) first: four different neighbours say more. */
function distinctLinks(links: EntityDetail['relations']): EntityDetail['relations'] {
  const seen = new Set<string>();
  return [...links]
    .sort((a, b) => Number(a.until !== undefined) - Number(b.until !== undefined))
    .filter((link) => !seen.has(link.other.id) && seen.add(link.other.id));
}

/** Where the card's data stands. */
export type HoverCardState =
  { status: 'loading' } | { status: 'loaded'; detail: EntityDetail } | { status: 'error' };

export interface HoverCardProps {
  /** Known before the data arrives (from the page's matcher data), so the card is never nameless. */
  name: string;
  category: Category;
  state: HoverCardState;
  /** Id of the heading, for the dialog's accessible name. */
  headingId: string;
  onMore: () => void;
  onTurnOffSite: () => void;
  onClose: () => void;
}

/** The hover card: name, category, description, background, facts, links, latest events, actions. */
export function HoverCard({
  name,
  category,
  state,
  headingId,
  onMore,
  onTurnOffSite,
  onClose,
}: HoverCardProps) {
  const { t, locale } = useLocale();
  const detail = state.status === 'loaded' ? state.detail : undefined;
  return (
    <div
      class="card"
      role="dialog"
      aria-modal="false"
      aria-labelledby={headingId}
      data-category={category}
      tabIndex={-1}
    >
      <header class="card__header">
        <p class="card__category">
          <CategoryIcon category={category} />
          <span>{t(`category_${category}`)}</span>
        </p>
        <h2 class="card__name" id={headingId} lang={detail?.lang}>
          {name}
        </h2>
        <button type="button" class="card__close" aria-label={t('card_close')} onClick={onClose}>
          <span aria-hidden="true">×</span>
        </button>
      </header>

      {state.status === 'loading' && (
        <p class="card__status" role="status">
          {t('card_loading')}
        </p>
      )}
      {state.status === 'error' && (
        <p class="card__status card__status--error" role="status">
          {t('card_error')}
        </p>
      )}

      {detail && (
        <div class="card__body">
          <p class="card__description" lang={detail.lang}>
            {detail.entity.description}
          </p>
          <p class="card__background" lang={detail.lang}>
            {firstSentences(detail.entity.background, BACKGROUND_SENTENCES, locale)}
          </p>

          {detail.entity.facts.length > 0 && (
            <FactList
              facts={detail.entity.facts.slice(0, MAX_FACTS)}
              listClass="card__facts"
              itemClass="card__fact"
              label={t('card_facts')}
              lang={detail.lang}
            />
          )}

          {detail.relations.length > 0 && (
            <section class="card__section" aria-labelledby={`${headingId}-links`}>
              <h3 id={`${headingId}-links`}>{t('card_links')}</h3>
              <ul class="card__links">
                {distinctLinks(detail.relations)
                  .slice(0, MAX_LINKS)
                  .map((link) => (
                    <li key={`${link.type}-${link.other.id}-${link.direction}`}>
                      <span class="card__link-kind">{linkLabel(t, link)}</span>{' '}
                      <span class="card__link-name" lang={link.other.lang}>
                        {link.other.name}
                      </span>
                    </li>
                  ))}
              </ul>
            </section>
          )}

          {detail.latestEvents.length > 0 && (
            <section class="card__section" aria-labelledby={`${headingId}-events`}>
              <h3 id={`${headingId}-events`}>{t('card_latest')}</h3>
              <ol class="card__events">
                {detail.latestEvents.map((event) => (
                  <li key={event.id}>
                    <EventDate date={event.date} style="short" />
                    <span class="card__event-title" lang={event.lang}>
                      {event.title}
                    </span>
                  </li>
                ))}
              </ol>
            </section>
          )}

          <p class="card__meta">
            {detail.entity.sources[0] && (
              <>
                {t('card_source')}{' '}
                <a href={detail.entity.sources[0].url} target="_blank" rel="noopener noreferrer">
                  {siteOf(detail.entity.sources[0].url)}
                </a>
                {' · '}
              </>
            )}
            {t('card_asOf', formatPartialDate(detail.asOf, locale))}
          </p>
        </div>
      )}

      <footer class="card__actions">
        <button type="button" class="button button--primary" onClick={onMore}>
          {t('card_more')}
        </button>
        <button type="button" class="button" onClick={onTurnOffSite}>
          {t('card_turnOff')}
        </button>
      </footer>
    </div>
  );
}
