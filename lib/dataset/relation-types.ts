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

/**
 * How a relation reads from one of its ends: the role if given ("foreign minister", "special envoy
 * to the Middle East": shown beside the other entity's name, so no preposition is added), else the
 * type's label or inverse.
 */
export function relationLabel(type: RelationType, direction: 'outgoing' | 'incoming', role?: string): string {
  if (role) return role;
  const labels = RELATION_TYPES[type];
  return direction === 'outgoing' ? labels.label : labels.inverse;
}
