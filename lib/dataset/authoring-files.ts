/**
 * Node-only: reads the dataset's authoring files (assets/dataset/**\/*.yaml) with line numbers, so
 * validation messages can point at the exact record. Used by the build plugin, the CLI and tests.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { isMap, isSeq, LineCounter, parseDocument } from 'yaml';
import type { AuthoringFile, AuthoringKind, DatasetIssue } from './compile.ts';

/** The folder each kind of record lives in, under the dataset root. */
const KIND_BY_FOLDER: Record<string, AuthoringKind> = {
  entities: 'entities',
  relations: 'relations',
  events: 'events',
};

/** Reads every authoring file under `root`; YAML syntax errors come back as issues. */
export function readAuthoringFiles(
  root: string,
  displayRoot = process.cwd(),
): {
  files: AuthoringFile[];
  issues: DatasetIssue[];
} {
  const files: AuthoringFile[] = [];
  const issues: DatasetIssue[] = [];
  for (const path of listYamlFiles(root)) {
    const display = relative(displayRoot, path).split(sep).join('/');
    const inRoot = relative(root, path).split(sep);
    const kind: AuthoringKind | undefined =
      inRoot.length === 1 && inRoot[0] === 'meta.yaml' ? 'meta' : KIND_BY_FOLDER[inRoot[0] ?? ''];
    if (!kind) {
      issues.push({ file: display, message: 'is not in entities/, relations/ or events/ (or meta.yaml)' });
      continue;
    }
    const parsed = parseYamlFile(readFileSync(path, 'utf8'), display);
    if ('issue' in parsed) issues.push(parsed.issue);
    else files.push({ path: display, kind, content: parsed.content, lineOf: parsed.lineOf });
  }
  return { files, issues };
}

/** Parses one YAML text; on a syntax error, an issue with the line. */
export function parseYamlFile(
  text: string,
  display: string,
): { content: unknown; lineOf: (index: number) => number | undefined } | { issue: DatasetIssue } {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const [error] = document.errors;
  if (error) {
    const line = lineCounter.linePos(error.pos[0]).line;
    return { issue: { file: display, line, message: `is not valid YAML: ${error.message.split('\n')[0]}` } };
  }
  const contents = document.contents;
  const lineOf = (index: number) => {
    if (!isSeq(contents)) return undefined;
    const item = contents.items[index];
    const offset = isMap(item) || isSeq(item) ? item.range?.[0] : undefined;
    return offset === undefined ? undefined : lineCounter.linePos(offset).line;
  };
  return { content: document.toJS({ maxAliasCount: 0 }), lineOf };
}

function listYamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listYamlFiles(path));
    else if (entry.name.endsWith('.yaml') || entry.name.endsWith('.yml')) out.push(path);
  }
  return out;
}
