/**
 * Node-only: one house style for the dataset's YAML, so diffs show content, not layout. Records
 * are block maps; small collections (facts, sources, short alias lists) stay on one line when they
 * fit; longer ones become one item per line. Comments are kept.
 */
import { isMap, isPair, isScalar, isSeq, parseDocument, visit, type YAMLMap, type YAMLSeq } from 'yaml';

export const YAML_LINE_WIDTH = 110;

function fitsOnOneLine(node: YAMLMap | YAMLSeq, depth: number): boolean {
  node.flow = true;
  const text = String(node);
  const multiline = (node.items as unknown[]).some((item) => {
    const scalar = isPair(item) ? item.value : item;
    return isScalar(scalar) && typeof scalar.value === 'string' && scalar.value.includes('\n');
  });
  return !multiline && !text.includes('\n') && text.length + depth * 2 + 6 <= YAML_LINE_WIDTH;
}

/** Reformats one YAML text in the house style. */
export function formatDatasetYaml(text: string): string {
  const document = parseDocument(text);
  visit(document, {
    Collection(_key, node, path) {
      const depth = path.filter((step) => isMap(step) || isSeq(step)).length;
      // Records (maps directly in the top-level list) always stay block maps; the rest fit if they can.
      node.flow = depth >= 2 || !isMap(node) ? fitsOnOneLine(node, depth) : false;
    },
  });
  return document.toString({ lineWidth: YAML_LINE_WIDTH, flowCollectionPadding: true });
}
