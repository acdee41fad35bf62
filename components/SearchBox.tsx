import { useEffect, useRef, useState } from 'preact/hooks';
import type { SearchHit } from '@/lib/knowledge/types';
import { CategoryIcon } from './CategoryIcon';
import { useLocale } from './i18n';

const MAX_RESULTS = 8;
// Preact's types only allow role="combobox" on inputs with a `list`; ARIA allows it on any text
// input that owns a popup listbox, as this one does.
const COMBOBOX_ROLE: object = { role: 'combobox' };

export interface SearchBoxProps {
  search: (query: string, limit: number) => Promise<SearchHit[]>;
  onSelect: (id: string) => void;
}

/**
 * Search as a combobox: results update on every key press; arrows move through them, Enter opens
 * one, Escape clears. Any alias, any case, with or without diacritics, typos forgiven.
 */
export function SearchBox({ search, onSelect }: SearchBoxProps) {
  const { t } = useLocale();
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<SearchHit[]>([]);
  // The query `hits` answer: "No match" is said only once the current query has been answered.
  const [answered, setAnswered] = useState('');
  const [active, setActive] = useState(-1);
  const latest = useRef(0);

  useEffect(() => {
    const ticket = ++latest.current;
    if (!query.trim()) {
      setHits([]);
      setAnswered('');
      setActive(-1);
      return;
    }
    // Answers can arrive out of order; only the latest query's answer is shown.
    void search(query, MAX_RESULTS).then((found) => {
      if (ticket !== latest.current) return;
      setHits(found);
      setAnswered(query);
      setActive(found.length > 0 ? 0 : -1);
    });
  }, [query, search]);

  const choose = (hit: SearchHit | undefined) => {
    if (!hit) return;
    setQuery('');
    onSelect(hit.entity.id);
  };

  // Until the first answer arrives there is nothing to show (earlier results stay while typing on).
  const expanded = query.trim().length > 0 && (hits.length > 0 || answered === query);
  return (
    <div class="search">
      <label class="visually-hidden" for="search-input">
        {t('search_label')}
      </label>
      <input
        id="search-input"
        class="search__input"
        type="search"
        {...COMBOBOX_ROLE}
        aria-expanded={expanded}
        aria-controls="search-results"
        aria-autocomplete="list"
        aria-activedescendant={active >= 0 ? `search-result-${active}` : undefined}
        placeholder={t('search_placeholder')}
        autocomplete="off"
        spellcheck={false}
        value={query}
        onInput={(event) => setQuery(event.currentTarget.value)}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown' && hits.length) {
            event.preventDefault();
            setActive((active + 1) % hits.length);
          } else if (event.key === 'ArrowUp' && hits.length) {
            event.preventDefault();
            setActive((active - 1 + hits.length) % hits.length);
          } else if (event.key === 'Enter') {
            event.preventDefault();
            choose(hits[active]);
          } else if (event.key === 'Escape' && query) {
            event.preventDefault();
            setQuery('');
          }
        }}
      />
      {expanded && (
        <ul id="search-results" class="search__results" role="listbox" aria-label={t('search_results')}>
          {hits.length === 0 && (
            <li class="search__empty" role="option" aria-disabled="true" aria-selected="false">
              {t('search_none')}
            </li>
          )}
          {hits.map((hit, index) => (
            <li
              id={`search-result-${index}`}
              key={hit.entity.id}
              class="search__result"
              role="option"
              aria-selected={index === active}
              data-category={hit.entity.category}
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => choose(hit)}
            >
              <span class="search__name">
                <CategoryIcon category={hit.entity.category} />{' '}
                <span lang={hit.entity.lang}>{hit.entity.name}</span>
                {hit.matched !== hit.entity.name && <span class="search__alias"> ({hit.matched})</span>}
              </span>
              <span class="search__meta">
                {t(`category_${hit.entity.category}`)} ·{' '}
                <span lang={hit.entity.lang}>{hit.entity.description}</span>
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
