import type { Category } from '@/lib/dataset/schema';

/** A small line icon per category; decorative (the category's word is always shown beside it). */
export function CategoryIcon({ category }: { category: Category }) {
  return (
    <svg
      class="category-icon"
      viewBox="0 0 16 16"
      width="14"
      height="14"
      aria-hidden="true"
      focusable="false"
    >
      {category === 'person' && (
        <>
          <circle cx="8" cy="5" r="3" fill="none" stroke="currentColor" stroke-width="1.5" />
          <path
            d="M2.5 14c.6-3 2.8-4.5 5.5-4.5s4.9 1.5 5.5 4.5"
            fill="none"
            stroke="currentColor"
            stroke-width="1.5"
          />
        </>
      )}
      {category === 'organization' && (
        <path
          d="M3 14V3h6v11M9 7h4v7M2 14h12M5 5.5h2M5 8h2M5 10.5h2"
          fill="none"
          stroke="currentColor"
          stroke-width="1.5"
        />
      )}
      {category === 'place' && (
        <>
          <path
            d="M8 14.5s-4.5-4.2-4.5-8A4.5 4.5 0 0 1 12.5 6.5c0 3.8-4.5 8-4.5 8z"
            fill="none"
            stroke="currentColor"
            stroke-width="1.5"
          />
          <circle cx="8" cy="6.5" r="1.6" fill="currentColor" />
        </>
      )}
      {category === 'topic' && (
        <path
          d="M2.5 2.5h6l5 5-6 6-5-5zM5.5 5.5h.01"
          fill="none"
          stroke="currentColor"
          stroke-width="1.5"
          stroke-linejoin="round"
        />
      )}
    </svg>
  );
}
