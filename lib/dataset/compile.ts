/**
 * Turns authoring files (already parsed from YAML) into the runtime dataset, and checks a dataset's
 * integrity. Pure: no file system, so the build, the tests, the CLI and pack import share it.
 * Every problem is reported with the file, the record and the field it is about.
 */
import * as v from 'valibot';
import { comparePartialDates, isOnOrBefore, partialDateRange } from '../time/partial-date.ts';
import { foldForMatching } from '../match/normalize.ts';
import { issueText } from './issue-text.ts';
import {
  authoringEntitySchema,
  authoringEventSchema,
  authoringMetaSchema,
  authoringRelationSchema,
  type Dataset,
  type DatasetMeta,
  defaultCaseSensitivity,
  type Entity,
  type Relation,
  type TimelineEvent,
} from './schema.ts';

/** One problem in the data, located as precisely as we can. */
export interface DatasetIssue {
  file: string;
  /** e.g. `entity "vladimir-putin"` or `relation #12` */
  record?: string;
  /** Dot path inside the record, e.g. `aliases.ru.2` or `sources` */
  field?: string;
  /** 1-based line in the file, when known */
  line?: number;
  message: string;
}

/** "file:line: record: field: message" — the form every tool prints. */
export function formatIssue(issue: DatasetIssue): string {
  const where = issue.line ? `${issue.file}:${issue.line}` : issue.file;
  const parts = [where, issue.record, issue.field].filter(Boolean);
  return `${parts.join(': ')}: ${issue.message}`;
}

/** What an authoring file holds, decided by where it lives in assets/dataset. */
export type AuthoringKind = 'meta' | 'entities' | 'relations' | 'events';

/** A parsed authoring file. `lineOf(i)` gives the line of record i (for lists) when known. */
export interface AuthoringFile {
  path: string;
  kind: AuthoringKind;
  content: unknown;
  lineOf?: (index: number) => number | undefined;
}

/** Where each record came from, so integrity problems found later can still name file and line. */
export interface RecordOrigins {
  entities: Map<string, { file: string; line?: number }>;
  events: Map<string, { file: string; line?: number }>;
  relations: { file: string; line?: number; index: number }[];
}

/** Compiles authoring files into a runtime dataset; `dataset` is undefined when anything is wrong. */
export function compileDataset(files: AuthoringFile[]): { dataset?: Dataset; issues: DatasetIssue[] } {
  const issues: DatasetIssue[] = [];
  const origins: RecordOrigins = { entities: new Map(), events: new Map(), relations: [] };
  let meta: DatasetMeta | undefined;
  const entities: Entity[] = [];
  const relations: Relation[] = [];
  const events: TimelineEvent[] = [];

  const metaFiles = files.filter((file) => file.kind === 'meta');
  if (metaFiles.length !== 1) {
    issues.push({
      file: 'assets/dataset',
      message: `needs exactly one meta.yaml, found ${metaFiles.length}`,
    });
  }
  for (const file of files) {
    if (file.kind === 'meta') {
      const parsed = v.safeParse(authoringMetaSchema, file.content);
      if (parsed.success) meta = parsed.output;
      else issues.push(...issuesFrom(parsed.issues, { file: file.path, record: 'meta' }));
      continue;
    }
    if (!Array.isArray(file.content)) {
      issues.push({ file: file.path, message: 'must be a list of records (each starting with "- ")' });
      continue;
    }
    file.content.forEach((record: unknown, index) => {
      const line = file.lineOf?.(index);
      const label = recordLabel(file.kind, record, index);
      const at = { file: file.path, record: label, line };
      if (file.kind === 'entities') {
        const parsed = v.safeParse(authoringEntitySchema, record);
        if (!parsed.success) return void issues.push(...issuesFrom(parsed.issues, at));
        entities.push(parsed.output);
        if (!origins.entities.has(parsed.output.id))
          origins.entities.set(parsed.output.id, { file: file.path, line });
      } else if (file.kind === 'events') {
        const parsed = v.safeParse(authoringEventSchema, record);
        if (!parsed.success) return void issues.push(...issuesFrom(parsed.issues, at));
        events.push(parsed.output);
        if (!origins.events.has(parsed.output.id))
          origins.events.set(parsed.output.id, { file: file.path, line });
      } else {
        const parsed = v.safeParse(authoringRelationSchema, record);
        if (!parsed.success) return void issues.push(...issuesFrom(parsed.issues, at));
        relations.push(parsed.output);
        origins.relations.push({ file: file.path, line, index });
      }
    });
  }
  if (!meta) return { issues };

  // Integrity is checked even when some records failed their schema, so one run reports every
  // problem in every file (people fixing one file see its cross-reference problems too).
  // Stable order: people read diffs of `npm run dataset export`, and the cache compares counts.
  entities.sort((a, b) => a.id.localeCompare(b.id));
  events.sort((a, b) => comparePartialDates(a.date, b.date) || a.id.localeCompare(b.id));
  const dataset: Dataset = { meta, entities, relations, events };
  const schemaFailed = issues.length > 0;
  const integrity = checkIntegrity(dataset, { origins, requireConnected: true });
  // Records that failed their schema are missing, so "unknown id" and "not connected" reports may
  // be echoes of those failures; they are still listed, after the root causes.
  issues.push(...integrity);
  return issues.length > 0 || schemaFailed ? { issues } : { dataset, issues };
}

function recordLabel(kind: AuthoringKind, record: unknown, index: number): string {
  const id = typeof record === 'object' && record !== null ? (record as { id?: unknown }).id : undefined;
  const noun = kind === 'entities' ? 'entity' : kind === 'events' ? 'event' : 'relation';
  return typeof id === 'string' ? `${noun} "${id}"` : `${noun} #${index + 1}`;
}

/** Turns valibot issues into DatasetIssues at a record. */
export function issuesFrom(
  issues: readonly v.BaseIssue<unknown>[],
  at: { file: string; record?: string; line?: number },
): DatasetIssue[] {
  return issues.map((issue) => {
    const field = v.getDotPath(issue) ?? undefined;
    const message =
      issue.kind === 'schema' && issue.received === 'undefined' ? issueText('missing') : issue.message;
    return { ...at, ...(field ? { field } : {}), message };
  });
}

/** Options for integrity checks: where records came from, and what else counts as known. */
export interface IntegrityOptions {
  origins?: RecordOrigins;
  /** Entity ids that exist outside this dataset (the bundle, other packs), for packs that link to them. */
  knownEntityIds?: ReadonlySet<string>;
  /** Aliases already claimed outside this dataset: folded alias text → entity id. */
  knownAliases?: ReadonlyMap<string, string>;
  /** Event ids already installed (the bundle and other packs), which a pack may not reuse. */
  knownEventIds?: ReadonlySet<string>;
  /** The bundled dataset requires every entity to have at least one event or relation. */
  requireConnected?: boolean;
  /** File name to report when origins are unknown (e.g. an imported pack's file name). */
  fileName?: string;
}

/**
 * Words so common in news text that an alias made of one would be highlighted all over every
 * page: English, Ukrainian and Russian function words, and the commonest short verbs and nouns.
 */
const COMMON_WORDS = new Set(
  (
    'the and for with from that this was were are not but you his her its our their they them who ' +
    'what when where which will would has have had been said says into over after about more than ' +
    'also new one two all can may war day year time news ' +
    'і й та але що як це не на за до від для про при під над він вона воно вони ми ви був була було ' +
    'були є так ні вже ще рік день війна ' +
    'и в во не на за до от для про при под над он она оно они мы вы был была было были есть так нет ' +
    'уже еще год день война'
  )
    .split(' ')
    // Folded as the matcher folds what it compares ("війна" loses its breve, as the page's text does).
    .map((word) => foldForMatching(word).toLowerCase()),
);

/**
 * Why the highlighter must not match `text` on every page it is on, as an issue message; undefined
 * if it may. One or two letters match inside countless words and initials ("a", "e", "и", "1"):
 * an alias needs two with its case ("EU", "UN") and three without. An entity's name takes its
 * category's case rule, which its author cannot change, so two are enough there. A common word
 * matches every sentence, unless kept in capitals ("TIME", the magazine).
 */
export function unsafeToMatch(text: string, caseSensitive: boolean, isName = false): string | undefined {
  const written = foldForMatching(text).trim().replace(/\s+/g, ' ');
  const units = written.replace(/[^\p{L}\p{N}]/gu, '').length;
  if (units < (isName || caseSensitive ? 2 : 3))
    return issueText(isName ? 'tooShortName' : 'tooShortToMatch');
  const key = written.toLowerCase();
  const asInSentences = !caseSensitive || written === key || written === key[0]!.toUpperCase() + key.slice(1);
  if (COMMON_WORDS.has(key) && asInSentences)
    return issueText(isName ? 'commonWordName' : 'commonWord', text.trim());
  return undefined;
}

/**
 * Cross-record checks: unique ids, no dangling references, no alias claimed by two entities
 * unless marked ambiguous, dates valid and not after the dataset's asOf, since ≤ until, and
 * (for the bundle) every entity connected to at least one event or relation.
 */
export function checkIntegrity(dataset: Dataset, options: IntegrityOptions = {}): DatasetIssue[] {
  const issues: DatasetIssue[] = [];
  const fallbackFile = options.fileName ?? 'dataset';
  const entityAt = (id: string) => ({
    file: options.origins?.entities.get(id)?.file ?? fallbackFile,
    line: options.origins?.entities.get(id)?.line,
    record: `entity "${id}"`,
  });
  const eventAt = (id: string) => ({
    file: options.origins?.events.get(id)?.file ?? fallbackFile,
    line: options.origins?.events.get(id)?.line,
    record: `event "${id}"`,
  });
  const relationAt = (index: number) => {
    const origin = options.origins?.relations[index];
    return {
      file: origin?.file ?? fallbackFile,
      line: origin?.line,
      record: `relation #${(origin?.index ?? index) + 1}`,
    };
  };
  const asOf = partialDateRange(dataset.meta.asOf)?.last ?? '9999-12-31';
  const notAfterAsOf = (date: string | undefined, at: Omit<DatasetIssue, 'message'>, field: string) => {
    if (date !== undefined && !isOnOrBefore(date, asOf)) {
      issues.push({ ...at, field, message: issueText('afterAsOf', date, dataset.meta.asOf) });
    }
  };

  const entityIds = new Set<string>();
  for (const entity of dataset.entities) {
    if (entityIds.has(entity.id))
      issues.push({ ...entityAt(entity.id), field: 'id', message: issueText('duplicateEntity') });
    if (options.knownEntityIds?.has(entity.id)) {
      issues.push({ ...entityAt(entity.id), field: 'id', message: issueText('installedEntity') });
    }
    entityIds.add(entity.id);
    entity.facts.forEach((fact, i) => notAfterAsOf(fact.date, entityAt(entity.id), `facts.${i}.date`));
    notAfterAsOf(entity.asOf, entityAt(entity.id), 'asOf');
  }
  const exists = (id: string) => entityIds.has(id) || options.knownEntityIds?.has(id) === true;

  // Aliases: one unambiguous owner per folded form (what the matcher actually compares).
  const owners = new Map<string, string>(options.knownAliases ?? []);
  for (const entity of dataset.entities) {
    const seenOnEntity = new Set<string>();
    for (const [i, alias] of [{ text: entity.name, ambiguous: false }, ...entity.aliases].entries()) {
      const key = foldForMatching(alias.text).toLowerCase();
      if (!key.trim()) {
        issues.push({
          ...entityAt(entity.id),
          field: i === 0 ? 'name' : `aliases.${i - 1}`,
          message: issueText('noLetters'),
        });
        continue;
      }
      if (alias.ambiguous || seenOnEntity.has(key)) continue;
      const caseSensitive =
        i === 0
          ? defaultCaseSensitivity(entity.category)
          : (alias as { caseSensitive: boolean }).caseSensitive;
      const unsafe = unsafeToMatch(alias.text, caseSensitive, i === 0);
      if (unsafe) {
        issues.push({
          ...entityAt(entity.id),
          field: i === 0 ? 'name' : `aliases.${i - 1}`,
          message: unsafe,
        });
        continue;
      }
      seenOnEntity.add(key);
      const owner = owners.get(key);
      if (owner !== undefined && owner !== entity.id) {
        issues.push({
          ...entityAt(entity.id),
          field: i === 0 ? 'name' : `aliases.${i - 1}`,
          message: issueText('aliasClaimed', alias.text, owner),
        });
      } else {
        owners.set(key, entity.id);
      }
    }
  }

  const eventIds = new Set<string>();
  const connected = new Set<string>();
  for (const event of dataset.events) {
    if (eventIds.has(event.id))
      issues.push({ ...eventAt(event.id), field: 'id', message: issueText('duplicateEvent') });
    if (options.knownEventIds?.has(event.id))
      issues.push({ ...eventAt(event.id), field: 'id', message: issueText('installedEvent') });
    eventIds.add(event.id);
    notAfterAsOf(event.date, eventAt(event.id), 'date');
    event.entities.forEach((id, i) => {
      if (!exists(id))
        issues.push({
          ...eventAt(event.id),
          field: `entities.${i}`,
          message: issueText('unknownEntity', id),
        });
      connected.add(id);
    });
  }
  dataset.relations.forEach((relation, index) => {
    for (const end of ['from', 'to'] as const) {
      if (!exists(relation[end])) {
        issues.push({ ...relationAt(index), field: end, message: issueText('unknownEntity', relation[end]) });
      }
      connected.add(relation[end]);
    }
    if (relation.from === relation.to)
      issues.push({ ...relationAt(index), field: 'to', message: issueText('selfLink') });
    notAfterAsOf(relation.since, relationAt(index), 'since');
    notAfterAsOf(relation.until, relationAt(index), 'until');
    if (relation.since && relation.until && comparePartialDates(relation.since, relation.until) > 0) {
      issues.push({
        ...relationAt(index),
        field: 'until',
        message: issueText('untilBeforeSince', relation.since),
      });
    }
  });
  if (options.requireConnected) {
    for (const entity of dataset.entities) {
      if (!connected.has(entity.id)) {
        issues.push({
          ...entityAt(entity.id),
          message: issueText('unconnected'),
        });
      }
    }
  }
  return issues;
}
