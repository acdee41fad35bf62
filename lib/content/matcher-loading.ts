/**
 * How a page gets its matcher from the stored matcher data: the compiled form loads at once, an
 * alias list (packs too big to store compiled) is compiled in slices that leave the page its turn.
 * Here rather than beside MatcherData: it runs on pages only, with the page's slice scheduler.
 */
import { runSliced } from '../highlight/scheduler.ts';
import { type MatcherData, storedAliases } from '../knowledge/matcher-data.ts';
import {
  compileMatcherInSteps,
  loadPortableMatcher,
  type Matcher,
  type MatcherAlias,
} from '../match/matcher.ts';

/**
 * matcherFromData for a page: an alias list is compiled in slices that give the page its turn
 * between them (compiling 80,000 aliases at once blocked a page for over a second). Resolves to
 * undefined, having stopped between slices, when `signal` aborts first. The compiled form loads
 * at once, as before: slicing it would only delay the first highlight.
 */
export async function loadMatcherFromData(
  data: MatcherData,
  signal: AbortSignal,
): Promise<Matcher | undefined> {
  if ('matcher' in data) return loadPortableMatcher(data.matcher);
  return compileInSlices(storedAliases(data.aliases), signal);
}

/** compileMatcher in time slices (see runSliced); undefined if `signal` aborts before it is done. */
export async function compileInSlices(
  aliases: Iterable<MatcherAlias>,
  signal: AbortSignal,
): Promise<Matcher | undefined> {
  const steps = compileMatcherInSteps(aliases);
  let matcher: Matcher | undefined;
  await runSliced(
    () => {
      const next = steps.next();
      if (next.done) matcher = next.value;
      return !next.done;
    },
    { signal },
  );
  return matcher;
}
