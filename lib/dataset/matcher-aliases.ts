import type { MatcherAlias } from '../match/matcher.ts';
import { defaultCaseSensitivity, type Entity } from './schema.ts';

/**
 * The aliases the highlighter matches for these entities: each entity's name (with its category's
 * case rule) and every alias not marked ambiguous (ambiguous ones are for search only).
 */
export function matcherAliases(
  entities: Iterable<Pick<Entity, 'id' | 'name' | 'category' | 'aliases'>>,
): MatcherAlias[] {
  const aliases: MatcherAlias[] = [];
  for (const entity of entities) {
    aliases.push({
      text: entity.name,
      entityId: entity.id,
      caseSensitive: defaultCaseSensitivity(entity.category),
    });
    for (const alias of entity.aliases) {
      if (!alias.ambiguous)
        aliases.push({ text: alias.text, entityId: entity.id, caseSensitive: alias.caseSensitive });
    }
  }
  return aliases;
}
