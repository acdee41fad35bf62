/**
 * The dataset's schemas (valibot). The runtime form (`datasetSchema`) is what the extension ships,
 * caches, exports and imports as packs; the authoring forms are what people edit in assets/dataset
 * (YAML), and compile into the runtime form.
 */
import * as v from 'valibot';
import { isPartialDate } from '../time/partial-date.ts';
import { issueText } from './issue-text.ts';
import { RELATION_TYPE_IDS } from './relation-types.ts';

/** The four kinds of thing Backstory knows about. */
export const CATEGORIES = ['person', 'organization', 'place', 'topic'] as const;
/** One of the four entity categories. */
export type Category = (typeof CATEGORIES)[number];

/** Languages an alias can be written in (ISO 639-1). */
export const ALIAS_LANGUAGES = ['en', 'uk', 'ru', 'de', 'fr', 'pl', 'es', 'it'] as const;

export const MAX_DESCRIPTION_LENGTH = 120; // one line on the card and in search results
const MAX_TEXT = 2_000; // backgrounds and summaries are a few sentences; anything longer is a mistake
const MAX_SHORT_TEXT = 200;

const KEBAB_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const text = (max: number) =>
  v.pipe(
    v.string(),
    v.trim(),
    v.nonEmpty(issueText('notEmpty')),
    v.maxLength(max, issueText('maxChars', max)),
  );

/** A stable, human-readable id such as `vladimir-putin` or `2025-03-18-trump-putin-call`. */
export const idSchema = v.pipe(
  v.string(issueText('textId')),
  v.maxLength(80, issueText('maxChars', 80)),
  v.regex(KEBAB_ID, issueText('kebabCase')),
);

/**
 * A partial date. YAML reads a bare 2022 as a number, so numbers are accepted and turned into text.
 */
export const partialDateSchema = v.pipe(
  v.union([v.string(), v.pipe(v.number(), v.integer())], issueText('dateFormat')),
  v.transform(String),
  v.check(isPartialDate, issueText('realDate')),
);

/** A web address a reader can open: http(s) only, so no `javascript:` or `data:` link ever reaches a page. */
export const sourceUrlSchema = v.pipe(
  v.string(issueText('url')),
  v.url(issueText('fullUrl')),
  v.check((url) => /^https?:\/\//i.test(url), issueText('webUrl')),
  v.maxLength(2_000),
);

export const sourceSchema = v.strictObject({
  url: sourceUrlSchema,
  title: text(MAX_SHORT_TEXT),
});

export const aliasSchema = v.strictObject({
  text: text(MAX_SHORT_TEXT),
  lang: v.picklist(ALIAS_LANGUAGES, issueText('oneOf', ALIAS_LANGUAGES.join(', '))),
  caseSensitive: v.boolean(issueText('trueOrFalse')),
  /** The words also name other things: found by search, never highlighted, may be shared. */
  ambiguous: v.optional(v.boolean(issueText('trueOrFalse'))),
});

export const factSchema = v.strictObject({
  label: text(80),
  value: text(MAX_SHORT_TEXT),
  date: v.optional(partialDateSchema),
});

export const entitySchema = v.strictObject({
  id: idSchema,
  category: v.picklist(CATEGORIES, issueText('oneOf', CATEGORIES.join(', '))),
  name: text(MAX_SHORT_TEXT),
  aliases: v.pipe(v.array(aliasSchema, issueText('list')), v.maxLength(200, issueText('atMostAliases', 200))),
  description: text(MAX_DESCRIPTION_LENGTH),
  background: text(MAX_TEXT),
  facts: v.pipe(v.array(factSchema, issueText('list')), v.maxLength(8, issueText('atMostFacts', 8))),
  sources: v.pipe(v.array(sourceSchema, issueText('list')), v.minLength(1, issueText('atLeastOneSource'))),
  asOf: v.optional(partialDateSchema),
});

export const relationSchema = v.strictObject({
  from: idSchema,
  to: idSchema,
  type: v.picklist(RELATION_TYPE_IDS, issueText('oneOf', RELATION_TYPE_IDS.join(', '))),
  role: v.optional(text(80)),
  since: v.optional(partialDateSchema),
  until: v.optional(partialDateSchema),
  source: sourceUrlSchema,
});

export const eventSchema = v.strictObject({
  id: idSchema,
  date: partialDateSchema,
  title: text(MAX_SHORT_TEXT),
  summary: text(MAX_TEXT),
  entities: v.pipe(
    v.array(idSchema, issueText('entityIdList')),
    v.minLength(1, issueText('atLeastOneEntity')),
  ),
  sources: v.pipe(v.array(sourceSchema, issueText('list')), v.minLength(1, issueText('atLeastOneSource'))),
});

export const datasetMetaSchema = v.strictObject({
  id: idSchema,
  title: text(MAX_SHORT_TEXT),
  version: v.pipe(v.string(issueText('version')), v.regex(/^\d+\.\d+\.\d+$/, issueText('version'))),
  asOf: partialDateSchema,
  license: text(MAX_SHORT_TEXT),
  languages: v.array(v.picklist(ALIAS_LANGUAGES, issueText('oneOf', ALIAS_LANGUAGES.join(', ')))),
});

/** The runtime form of a dataset: what ships in the extension, what `npm run dataset export` prints. */
export const datasetSchema = v.strictObject({
  meta: datasetMetaSchema,
  entities: v.array(entitySchema, issueText('list')),
  relations: v.array(relationSchema, issueText('list')),
  events: v.array(eventSchema, issueText('list')),
});

export type Alias = v.InferOutput<typeof aliasSchema>;
export type Fact = v.InferOutput<typeof factSchema>;
export type Source = v.InferOutput<typeof sourceSchema>;
export type Entity = v.InferOutput<typeof entitySchema>;
export type Relation = v.InferOutput<typeof relationSchema>;
export type TimelineEvent = v.InferOutput<typeof eventSchema>;
export type DatasetMeta = v.InferOutput<typeof datasetMetaSchema>;
export type Dataset = v.InferOutput<typeof datasetSchema>;

// ---------------------------------------------------------------------------------------------
// Authoring forms (assets/dataset/**/*.yaml). Only entities differ from the runtime form: aliases
// are grouped by language, and each is a plain string unless it needs its own case rule.

const authoringAliasSchema = v.union(
  [
    text(MAX_SHORT_TEXT),
    v.strictObject({
      text: text(MAX_SHORT_TEXT),
      caseSensitive: v.optional(v.boolean(issueText('trueOrFalse'))),
      ambiguous: v.optional(v.boolean(issueText('trueOrFalse'))),
    }),
  ],
  'must be a name, or { text, caseSensitive?, ambiguous? }',
);

type AuthoringAlias = v.InferOutput<typeof authoringAliasSchema>;

/** Proper names match case-sensitively ("Kursk" but not "kursk"); topics do not ("Ceasefire", "ceasefire"). */
export function defaultCaseSensitivity(category: Category): boolean {
  return category !== 'topic';
}

export const authoringEntitySchema = v.pipe(
  v.strictObject({
    ...entitySchema.entries,
    aliases: v.optional(
      v.record(
        v.picklist(ALIAS_LANGUAGES, `language must be one of ${ALIAS_LANGUAGES.join(', ')}`),
        v.array(authoringAliasSchema, 'must be a list of names'),
        'must map languages to lists of names, e.g. en: [Putin]',
      ),
      {},
    ),
  }),
  v.transform(({ aliases, ...entity }): Entity => {
    const defaultCase = defaultCaseSensitivity(entity.category);
    const runtimeAliases: Alias[] = [];
    for (const [lang, names] of Object.entries(aliases) as [Alias['lang'], AuthoringAlias[] | undefined][]) {
      for (const name of names ?? []) {
        const alias = typeof name === 'string' ? { text: name } : name;
        runtimeAliases.push({
          text: alias.text,
          lang,
          caseSensitive: alias.caseSensitive ?? defaultCase,
          ...(alias.ambiguous ? { ambiguous: true } : {}),
        });
      }
    }
    return { ...entity, aliases: runtimeAliases };
  }),
);

export const authoringMetaSchema = datasetMetaSchema;
export const authoringRelationSchema = relationSchema;
export const authoringEventSchema = eventSchema;
