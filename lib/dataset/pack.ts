/**
 * Dataset packs: readers' own entities, relations and events, in the runtime dataset form plus an
 * optional `extends` list that adds aliases to entities that already exist. Everything is checked
 * here, before anything is stored: size, JSON syntax, schema (naming record and field), ids and
 * references against what is installed.
 */
import * as v from 'valibot';
import { foldForSearch } from '../match/normalize.ts';
import { checkIntegrity, type DatasetIssue, issuesFrom, unsafeToMatch } from './compile.ts';
import { issueText } from './issue-text.ts';
import {
  aliasSchema,
  type Dataset,
  datasetMetaSchema,
  datasetSchema,
  entitySchema,
  eventSchema,
  idSchema,
  relationSchema,
} from './schema.ts';

/**
 * The id the cache files the built-in data under (whatever the bundle's own meta.id): a pack of
 * that id would be counted, dated and credited as the built-in data.
 */
export const BUILT_IN_DATASET_ID = 'bundle';

/** Packs are hand-made knowledge, not archives: 5 MB is ~10× the bundled dataset. */
export const MAX_PACK_BYTES = 5 * 1024 * 1024;

export const packExtensionSchema = v.strictObject({
  /** The id of an entity in the bundle or another pack. */
  id: idSchema,
  aliases: v.pipe(v.array(aliasSchema, issueText('list')), v.minLength(1, issueText('atLeastOneAlias'))),
});

export const packSchema = v.strictObject({
  ...datasetSchema.entries,
  extends: v.optional(v.array(packExtensionSchema, issueText('list'))),
});

/** A validated pack. */
export type Pack = v.InferOutput<typeof packSchema>;

/**
 * At most this many problems are listed. A broken 5 MB file can have millions (a list of 2.6
 * million zeros has one per zero): listing them all would outgrow the message that carries them to
 * the options page, and no reader goes through them.
 */
export const MAX_LISTED_ISSUES = 100;

/** `issues`, cut to MAX_LISTED_ISSUES with a last line saying there are more. */
function listable(issues: DatasetIssue[], fileName: string): DatasetIssue[] {
  if (issues.length <= MAX_LISTED_ISSUES) return issues;
  return [
    ...issues.slice(0, MAX_LISTED_ISSUES),
    { file: fileName, message: issueText('tooManyIssues', MAX_LISTED_ISSUES) },
  ];
}

/**
 * Validates a pack file's text against the schema and against the installed datasets (the bundle
 * and other packs). The file holds one pack, or a list of packs (what "export all" writes), each
 * checked against the installed datasets and the packs before it in the file. Returns the packs
 * only when there is nothing wrong in any of them.
 */
export function validatePackText(
  text: string,
  fileName: string,
  installed: readonly Dataset[],
): { packs?: Pack[]; issues: DatasetIssue[] } {
  const bytes = new TextEncoder().encode(text).length;
  if (bytes > MAX_PACK_BYTES) {
    const limit = `${MAX_PACK_BYTES / 1024 / 1024} MB (${MAX_PACK_BYTES} bytes)`;
    return {
      issues: [{ file: fileName, message: issueText('tooLarge', bytes, limit) }],
    };
  }
  const { json, issue } = parseJson(text, fileName);
  if (issue) return { issues: [issue] };
  if (!Array.isArray(json)) {
    const { pack, issues } = validatePack(json, fileName, installed);
    return pack ? { packs: [pack], issues } : { issues: listable(issues, fileName) };
  }
  if (json.length === 0) return { issues: [{ file: fileName, message: issueText('emptyPackList') }] };
  const packs: Pack[] = [];
  const issues: DatasetIssue[] = [];
  for (const [index, item] of json.entries()) {
    const { pack, issues: found } = validatePack(item, `${fileName}, pack #${index + 1}`, [
      ...installed,
      ...packs,
    ]);
    issues.push(...found);
    if (pack) packs.push(pack);
    if (issues.length > MAX_LISTED_ISSUES) break; // the rest would not be listed anyway
  }
  return issues.length > 0 ? { issues: listable(issues, fileName) } : { packs, issues };
}

/** Validates an already-parsed pack; see `validatePackText`. */
export function validatePack(
  json: unknown,
  fileName: string,
  installed: readonly Dataset[],
): { pack?: Pack; issues: DatasetIssue[] } {
  const parsed = v.safeParse(packSchema, json);
  if (!parsed.success) {
    // Every problem at once: the records that are well formed are still checked against the rest.
    const issues = parsed.issues.map((issue) => locateIssue(issue, json, fileName));
    const salvaged = salvageRecords(json);
    if (salvaged) issues.push(...checkReferences(salvaged.pack, installed, fileName, salvaged.malformedIds));
    return { issues };
  }
  const issues = checkReferences(parsed.output, installed, fileName);
  return issues.length > 0 ? { issues } : { pack: parsed.output, issues };
}

/**
 * The pack's well-formed records, when its meta is well formed: what can still be checked for
 * clashes and dangling references while the schema problems are reported. `malformedIds` are the
 * ids of entities that exist in the file but failed the schema (references to them are not dangling).
 */
function salvageRecords(json: unknown): { pack: Pack; malformedIds: Set<string> } | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  const record = json as Record<string, unknown>;
  const meta = v.safeParse(datasetMetaSchema, record.meta);
  if (!meta.success) return undefined;
  const malformedIds = new Set<string>();
  const wellFormed = <T>(items: unknown, schema: v.GenericSchema<unknown, T>, noteId = false): T[] =>
    (Array.isArray(items) ? items : []).flatMap((item: unknown) => {
      const result = v.safeParse(schema, item);
      if (result.success) return [result.output];
      const id = (item as { id?: unknown } | null)?.id;
      if (noteId && typeof id === 'string') malformedIds.add(id);
      return [];
    });
  return {
    pack: {
      meta: meta.output,
      entities: wellFormed(record.entities, entitySchema, true),
      relations: wellFormed(record.relations, relationSchema),
      events: wellFormed(record.events, eventSchema),
      extends: wellFormed(record.extends, packExtensionSchema),
    },
    malformedIds,
  };
}

/** Ids, aliases and references of a well-formed pack against the installed datasets. */
function checkReferences(
  pack: Pack,
  installed: readonly Dataset[],
  fileName: string,
  malformedIds: ReadonlySet<string> = new Set(),
): DatasetIssue[] {
  const issues: DatasetIssue[] = [];
  if (pack.meta.id === BUILT_IN_DATASET_ID) {
    issues.push({
      file: fileName,
      record: 'meta',
      field: 'id',
      message: issueText('packIdReserved', pack.meta.id),
    });
  } else if (installed.some((dataset) => dataset.meta.id === pack.meta.id)) {
    issues.push({
      file: fileName,
      record: 'meta',
      field: 'id',
      message: issueText('packInstalled', pack.meta.id),
    });
  }
  // Entities that failed the schema still exist in the file: links to them are not dangling.
  const knownEntityIds = new Set([
    ...installed.flatMap((dataset) => dataset.entities.map((entity) => entity.id)),
    ...malformedIds,
  ]);
  const knownEventIds = new Set(installed.flatMap((dataset) => dataset.events.map((event) => event.id)));
  const knownAliases = new Map<string, string>();
  const claim = (text: string, ambiguous: boolean | undefined, owner: string) => {
    if (!ambiguous) knownAliases.set(foldForSearch(text), owner);
  };
  for (const dataset of installed) {
    for (const entity of dataset.entities) {
      claim(entity.name, false, entity.id);
      for (const alias of entity.aliases) claim(alias.text, alias.ambiguous, entity.id);
    }
    for (const extension of (dataset as Partial<Pack>).extends ?? [])
      for (const alias of extension.aliases) claim(alias.text, alias.ambiguous, extension.id);
  }
  issues.push(...checkIntegrity(pack, { knownEntityIds, knownEventIds, knownAliases, fileName }));
  issues.push(...checkExtensions(pack, knownEntityIds, knownAliases, fileName));
  return issues;
}

/**
 * The aliases a pack adds to entities it does not own get the same checks as its own aliases: they
 * must have letters, and must not take a name another entity already answers to (a pack giving
 * "Putin" to Kyiv would change what every page highlights).
 */
function checkExtensions(
  pack: Pack,
  knownEntityIds: ReadonlySet<string>,
  knownAliases: ReadonlyMap<string, string>,
  fileName: string,
): DatasetIssue[] {
  const issues: DatasetIssue[] = [];
  const owners = new Map(knownAliases);
  for (const entity of pack.entities) {
    for (const alias of [{ text: entity.name, ambiguous: false }, ...entity.aliases])
      if (!alias.ambiguous) owners.set(foldForSearch(alias.text), entity.id);
  }
  pack.extends?.forEach((extension, index) => {
    const record = `extends #${index + 1}`;
    if (!knownEntityIds.has(extension.id) && !pack.entities.some((entity) => entity.id === extension.id)) {
      issues.push({ file: fileName, record, field: 'id', message: issueText('unknownEntity', extension.id) });
    }
    extension.aliases.forEach((alias, i) => {
      const key = foldForSearch(alias.text);
      const field = `aliases.${i}`;
      if (!key.trim()) {
        issues.push({ file: fileName, record, field, message: issueText('noLetters') });
        return;
      }
      if (alias.ambiguous) return;
      const unsafe = unsafeToMatch(alias.text, alias.caseSensitive);
      if (unsafe) {
        issues.push({ file: fileName, record, field, message: unsafe });
        return;
      }
      const owner = owners.get(key);
      if (owner !== undefined && owner !== extension.id) {
        issues.push({
          file: fileName,
          record,
          field,
          message: issueText('aliasClaimedShare', alias.text, owner),
        });
      } else {
        owners.set(key, extension.id);
      }
    });
  });
  return issues;
}

/**
 * Validates the text of a complete dataset file (an `npm run dataset -- export`, or another whole
 * dataset in the runtime form) on its own: the schema, then the same cross-record checks as the
 * bundle, with nothing installed beside it.
 */
export function validateDatasetText(
  text: string,
  fileName: string,
): { dataset?: Dataset; issues: DatasetIssue[] } {
  const { json, issue } = parseJson(text, fileName);
  if (issue) return { issues: [issue] };
  const parsed = v.safeParse(datasetSchema, json);
  if (!parsed.success) return { issues: parsed.issues.map((issue) => locateIssue(issue, json, fileName)) };
  const issues = checkIntegrity(parsed.output, { fileName, requireConnected: true });
  return issues.length > 0 ? { issues } : { dataset: parsed.output, issues };
}

/** The file's JSON, or the issue that says it is not JSON. */
function parseJson(text: string, fileName: string): { json?: unknown; issue?: DatasetIssue } {
  try {
    return { json: JSON.parse(text) as unknown };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { issue: { file: fileName, message: issueText('notJson', detail) } };
  }
}

/** Names the record (by id when it has one) and the field of a schema issue. */
function locateIssue(issue: v.BaseIssue<unknown>, json: unknown, fileName: string): DatasetIssue {
  const path = issue.path ?? [];
  const [top, index] = path.map((item) => item.key);
  if (
    (top === 'entities' || top === 'events' || top === 'relations' || top === 'extends') &&
    typeof index === 'number'
  ) {
    const record = (json as Record<string, unknown[]>)[top]?.[index];
    const id = typeof record === 'object' && record !== null ? (record as { id?: unknown }).id : undefined;
    const noun = { entities: 'entity', events: 'event', relations: 'relation', extends: 'extends' }[top];
    const label = typeof id === 'string' && noun !== 'relation' ? `${noun} "${id}"` : `${noun} #${index + 1}`;
    const field = path
      .slice(2)
      .map((item) => String(item.key))
      .join('.');
    return issuesFrom([{ ...issue, path: undefined }], { file: fileName, record: label }).map((found) => ({
      ...found,
      ...(field ? { field } : {}),
    }))[0]!;
  }
  return issuesFrom([issue], { file: fileName })[0]!;
}

/** An installed pack that refers to another pack's entities, and which of them it names. */
export interface PackDependent {
  pack: Pack;
  entityIds: string[];
}

/**
 * The installed packs that would be left pointing at nothing if `removed` went: their relations,
 * events or `extends` name one of its entities.
 */
export function packsDependingOn(removed: Pack, installed: readonly Pack[]): PackDependent[] {
  const removedIds = new Set(removed.entities.map((entity) => entity.id));
  const dependents: PackDependent[] = [];
  for (const pack of installed) {
    if (pack.meta.id === removed.meta.id) continue;
    // A pack's links to its own entities do not depend on another pack, whatever ids that one has.
    const own = new Set(pack.entities.map((entity) => entity.id));
    const named = new Set<string>();
    const note = (id: string) => {
      if (removedIds.has(id) && !own.has(id)) named.add(id);
    };
    for (const relation of pack.relations) [relation.from, relation.to].forEach(note);
    for (const event of pack.events) event.entities.forEach(note);
    for (const extension of pack.extends ?? []) note(extension.id);
    if (named.size) dependents.push({ pack, entityIds: [...named].sort() });
  }
  return dependents;
}

/** Installed packs sorted by whether they still fit: those to load, and those set aside with why. */
export interface PackFit<T> {
  fitting: T[];
  unfit: { installed: T; issues: DatasetIssue[] }[];
}

/**
 * Checks installed packs again, in install order, each against the bundle and the packs before it
 * that still fit. A pack was checked against the bundle of its day: after an update it may link to
 * an entity the bundle no longer has, or take an id or an alias the bundle now uses. Such a pack,
 * and any pack built on it, is unfit, with the problems an import of it would have today.
 */
export function sortPacksByFit<T extends { pack: Pack; fileName: string }>(
  bundle: Dataset,
  installed: readonly T[],
): PackFit<T> {
  const fit: PackFit<T> = { fitting: [], unfit: [] };
  for (const candidate of installed) {
    const { issues } = validatePack(candidate.pack, candidate.fileName, [
      bundle,
      ...fit.fitting.map((fitting) => fitting.pack),
    ]);
    if (issues.length === 0) fit.fitting.push(candidate);
    else fit.unfit.push({ installed: candidate, issues: listable(issues, candidate.fileName) });
  }
  return fit;
}
