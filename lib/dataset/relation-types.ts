/**
 * The controlled list of relation types. Each reads "<from> <label> <to>" ("Kyiv — capital of —
 * Ukraine") and, seen from the other end, "<to> <inverse> <from>" ("Ukraine — capital — Kyiv").
 * A relation may carry a `role` ("foreign minister") that says more than the type's label.
 */
export const RELATION_TYPES = {
  'president-of': { label: 'president of', inverse: 'president' },
  'prime-minister-of': { label: 'prime minister of', inverse: 'prime minister' },
  'minister-of': { label: 'minister of', inverse: 'minister' },
  'official-of': { label: 'official of', inverse: 'official' },
  'leader-of': { label: 'leader of', inverse: 'led by' },
  'commander-of': { label: 'commander of', inverse: 'commanded by' },
  'spokesperson-for': { label: 'spokesperson for', inverse: 'spokesperson' },
  'adviser-to': { label: 'adviser to', inverse: 'adviser' },
  'negotiator-for': { label: 'negotiator for', inverse: 'negotiator' },
  'envoy-of': { label: 'envoy of', inverse: 'envoy' },
  'member-of': { label: 'member of', inverse: 'member' },
  'part-of': { label: 'part of', inverse: 'includes' },
  'located-in': { label: 'located in', inverse: 'location of' },
  'capital-of': { label: 'capital of', inverse: 'capital' },
  'operated-by': { label: 'operated by', inverse: 'operates' },
  'controlled-by': { label: 'controlled by', inverse: 'controls' },
  'occupied-by': { label: 'occupied by', inverse: 'occupies' },
  'founded-by': { label: 'founded by', inverse: 'founder of' },
  'successor-of': { label: 'successor of', inverse: 'predecessor of' },
  'ally-of': { label: 'ally of', inverse: 'ally of' },
  'adversary-of': { label: 'adversary of', inverse: 'adversary of' },
  'party-to': { label: 'party to', inverse: 'party' },
  'venue-of': { label: 'venue of', inverse: 'held in' },
  'supplier-of': { label: 'supplier of', inverse: 'supplied by' },
  'sanctioned-by': { label: 'sanctioned by', inverse: 'sanctions on' },
  'related-to': { label: 'related to', inverse: 'related to' },
} as const satisfies Record<string, { label: string; inverse: string }>;

/** One of the controlled relation types. */
export type RelationType = keyof typeof RELATION_TYPES;

/** All relation type ids, for schemas and docs. */
export const RELATION_TYPE_IDS = Object.keys(RELATION_TYPES) as RelationType[];

type Snake<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Head}_${Snake<Tail>}` : S;

/**
 * The UI message that names a relation type read from one of its ends: `relation_<type>` from the
 * `from` end ("president of"), `relationInverse_<type>` from the `to` end ("president"). The
 * labels above are the English wording; the catalogues in public/_locales hold every language's,
 * and the type checker fails if the English catalogue lacks one of these keys.
 */
export type RelationMessageKey = `relation_${Snake<RelationType>}` | `relationInverse_${Snake<RelationType>}`;

export function relationMessageKey(
  type: RelationType,
  direction: 'outgoing' | 'incoming',
): RelationMessageKey {
  const snake = type.replaceAll('-', '_') as Snake<RelationType>;
  return direction === 'outgoing' ? `relation_${snake}` : `relationInverse_${snake}`;
}
