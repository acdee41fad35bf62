import { CATEGORIES } from '@/lib/dataset/schema';
import type { EntitySummary } from '@/lib/knowledge/types';
import { CategoryIcon } from './CategoryIcon';
import { useLocale } from './i18n';

/** One entity found on the page. */
export interface FoundEntity {
  entity: EntitySummary;
  count: number;
  first: number;
}

export interface OnThisPageProps {
  found: FoundEntity[];
  onOpen: (id: string) => void;
  onShowOnPage: (id: string) => void;
  onOpenTimeline: () => void;
  /** The keys that go from name to name on the page (a tip for keyboard readers), if any. */
  nextShortcut?: string;
}

/** The entities the page mentions, grouped by category, most mentioned first. */
export function OnThisPage({ found, onOpen, onShowOnPage, onOpenTimeline, nextShortcut }: OnThisPageProps) {
  const { t, locale } = useLocale();
  const number = new Intl.NumberFormat(locale);
  return (
    <section class="on-page" aria-labelledby="on-page-title">
      <div class="section-header">
        <h2 id="on-page-title" tabIndex={-1}>
          {t('onPage_title')}
        </h2>
        <button type="button" class="button" onClick={onOpenTimeline}>
          {t('onPage_timeline')}
        </button>
      </div>
      {CATEGORIES.map((category) => {
        const group = found
          .filter((item) => item.entity.category === category)
          .sort((a, b) => b.count - a.count || a.first - b.first);
        if (group.length === 0) return null;
        return (
          <section
            class="group"
            key={category}
            aria-labelledby={`group-${category}`}
            data-category={category}
          >
            <h3 id={`group-${category}`} class="group__title">
              <CategoryIcon category={category} />
              {t(`categoryPlural_${category}`)}
            </h3>
            <ul class="group__list">
              {group.map(({ entity, count }) => (
                <li class="found" key={entity.id}>
                  <button type="button" class="found__open" onClick={() => onOpen(entity.id)}>
                    <span class="found__name" lang={entity.lang}>
                      {entity.name}
                    </span>
                    <span class="found__description" lang={entity.lang}>
                      {entity.description}
                    </span>
                  </button>
                  {/* Screen readers ignore aria-label on a plain span, so the words are hidden text. */}
                  <span class="found__count" aria-hidden="true">
                    {number.format(count)}
                  </span>
                  <span class="visually-hidden">{t('onPage_count', number.format(count))}</span>
                  <button
                    type="button"
                    class="icon-button"
                    aria-label={t('onPage_show', entity.name)}
                    title={t('onPage_show', entity.name)}
                    onClick={() => onShowOnPage(entity.id)}
                  >
                    <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
                      <circle cx="7" cy="7" r="4.5" fill="none" stroke="currentColor" stroke-width="1.6" />
                      <path
                        d="M10.5 10.5 14 14"
                        stroke="currentColor"
                        stroke-width="1.6"
                        stroke-linecap="round"
                      />
                    </svg>
                  </button>
                </li>
              ))}
            </ul>
          </section>
        );
      })}
      {/* Highlighted names are not in the page's Tab order: the shortcut is the keyboard's way to them. */}
      {nextShortcut && (
        <p class="help on-page__keys">
          {t('onPage_keysBefore')}
          <kbd>{nextShortcut}</kbd>
          {t('onPage_keysAfter')}
        </p>
      )}
    </section>
  );
}
