import type { Fact } from '@/lib/dataset/schema';
import { EventDate } from './EventDate';

/**
 * An entity's key facts as a description list ("Speaker: Ruslan Stefanchuk (Oct 2019)"): the popup's
 * entity view and the hover card show the same list, each with its own classes.
 */
export function FactList({
  facts,
  listClass,
  itemClass,
  label,
  lang,
}: {
  facts: readonly Fact[];
  listClass: string;
  itemClass: string;
  /** The list's accessible name, when no heading names it. */
  label?: string;
  /** The language the facts are written in, when known. */
  lang?: string | undefined;
}) {
  return (
    <dl class={listClass} aria-label={label} lang={lang}>
      {facts.map((fact) => (
        <div class={itemClass} key={fact.label}>
          <dt>{fact.label}</dt>
          <dd>
            {fact.date && fact.value.includes(fact.date.slice(0, 4)) ? (
              // The value already says when ("since 7 May 2012"): mark it up, don't repeat it.
              <time dateTime={fact.date}>{fact.value}</time>
            ) : (
              <>
                {fact.value}
                {fact.date && (
                  <>
                    {' '}
                    (<EventDate date={fact.date} style="short" />)
                  </>
                )}
              </>
            )}
          </dd>
        </div>
      ))}
    </dl>
  );
}
