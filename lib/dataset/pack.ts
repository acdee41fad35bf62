/**
 * Dataset packs: readers' own entities, relations and events, in the runtime dataset form plus an
 * optional `extends` list that adds aliases to entities that already exist. Everything is checked
 * here, before anything is stored: size, JSON syntax, schema (naming record and field), ids and
 * references against what is installed.
 */
import * as v from 'valibot';
import { foldForSearch } from '../match/normalize.ts';
import { checkIntegrity, type DatasetIssue, issuesFrom } from './compile.ts';
import { aliasSchema, type Dataset, datasetSchema, idSchema } from './schema.ts';

/** Packs are hand-made knowledge, not archives: 5 MB is ~10× the bundled dataset. */
export const MAX_PACK_BYTES = 5 * 1024 * 1024;

export const packExtensionSchema = v.strictObject({
  /** The id of an entity in the bundle or another pack. */
  id: idSchema,
  aliases: v.pipe(v.array(aliasSchema, 'must be a list'), v.minLength(1, 'must add at least one alias')),
});

export const packSchema = v.strictObject({
  ...datasetSchema.entries,
  extends: v.optional(v.array(packExtensionSchema, 'must be a list')),
});

/** A validated pack. */
export type Pack = v.InferOutput<typeof packSchema>;
/** Aliases a pack adds to an entity it does not own. */
export type PackExtension = v.InferOutput<typeof packExtensionSchema>;

/**
 * Validates a pack file's text against the schema and against the installed datasets (the bundle
 * and other packs). Returns the pack only when there is nothing wrong.
 */
export function validatePackText(
  text: string,
  fileName: string,
  installed: readonly Dataset[],
): { pack?: Pack; issues: DatasetIssue[] } {
  const bytes = new TextEncoder().encode(text).length;
  if (bytes > MAX_PACK_BYTES) {
    const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
    return {
      issues: [
        { file: fileName, message: `is too large (${mb(bytes)} MB; the limit is ${mb(MAX_PACK_BYTES)} MB)` },
      ],
    };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { issues: [{ file: fileName, message: `is not valid JSON (${detail})` }] };
  }
  return validatePack(json, fileName, installed);
}

/** Validates an already-parsed pack; see `validatePackText`. */
export function validatePack(
  json: unknown,
  fileName: string,
  installed: readonly Dataset[],
): { pack?: Pack; issues: DatasetIssue[] } {
  const parsed = v.safeParse(packSchema, json);
  if (!parsed.success) {
    return { issues: parsed.issues.map((issue) => locateIssue(issue, json, fileName)) };
  }
  const pack = parsed.output;
  const issues: DatasetIssue[] = [];
  if (installed.some((dataset) => dataset.meta.id === pack.meta.id)) {
    issues.push({
      file: fileName,
      record: 'meta',
      field: 'id',
      message: `"${pack.meta.id}" is already installed`,
    });
  }
  const knownEntityIds = new Set(installed.flatMap((dataset) => dataset.entities.map((entity) => entity.id)));
  const knownAliases = new Map<string, string>();
  for (const dataset of installed) {
    for (const entity of dataset.entities) {
      for (const alias of [{ text: entity.name, ambiguous: false }, ...entity.aliases]) {
        if (!alias.ambiguous) knownAliases.set(foldForSearch(alias.text), entity.id);
      }
    }
  }
  issues.push(...checkIntegrity(pack, { knownEntityIds, knownAliases, fileName }));
  pack.extends?.forEach((extension, index) => {
    if (!knownEntityIds.has(extension.id) && !pack.entities.some((entity) => entity.id === extension.id)) {
      issues.push({
        file: fileName,
        record: `extends #${index + 1}`,
        field: 'id',
        message: `unknown entity id "${extension.id}"`,
      });
    }
  });
  return issues.length > 0 ? { issues } : { pack, issues };
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
