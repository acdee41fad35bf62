/**
 * The mentions currently highlighted on the page, indexed by the text nodes they cover (to clean
 * up when the page changes those nodes) and by entity (for counts, "first mention only", the
 * popup's "show on page" and keyboard navigation).
 */
import type { Category } from '../dataset/schema.ts';
import { compareInPage } from './composed-tree.ts';

/** One highlighted mention. Offsets are into the text nodes' data. */
export interface PageMention {
  /** Unique for the life of the page, increasing in the order mentions were found. */
  serial: number;
  entityId: string;
  category: Category;
  startNode: Text;
  startOffset: number;
  endNode: Text;
  endOffset: number;
  /** Every text node the mention touches (usually one; more when split by inline elements). */
  nodes: Text[];
}

/** A count per entity, and when it was first found. */
export interface EntityTally {
  entityId: string;
  count: number;
  /** The serial of the entity's earliest surviving mention. */
  first: number;
}

export class MentionIndex {
  private readonly byNode = new Map<Text, Set<PageMention>>();
  private readonly byEntity = new Map<string, Set<PageMention>>();
  /** The lowest serial per entity, kept up to date: tally() runs after every change a live page makes. */
  private readonly firstSerial = new Map<string, number>();
  private nextSerial = 0;

  /** The serial the next mention will get. */
  allocateSerial(): number {
    return this.nextSerial++;
  }

  add(mention: PageMention): void {
    for (const node of mention.nodes) {
      let set = this.byNode.get(node);
      if (!set) this.byNode.set(node, (set = new Set()));
      set.add(mention);
    }
    let set = this.byEntity.get(mention.entityId);
    if (!set) this.byEntity.set(mention.entityId, (set = new Set()));
    set.add(mention);
    const first = this.firstSerial.get(mention.entityId);
    if (first === undefined || mention.serial < first) this.firstSerial.set(mention.entityId, mention.serial);
  }

  remove(mention: PageMention): void {
    for (const node of mention.nodes) {
      const set = this.byNode.get(node);
      set?.delete(mention);
      if (set?.size === 0) this.byNode.delete(node);
    }
    const set = this.byEntity.get(mention.entityId);
    if (!set?.delete(mention)) return;
    if (set.size === 0) {
      this.byEntity.delete(mention.entityId);
      this.firstSerial.delete(mention.entityId);
    } else if (this.firstSerial.get(mention.entityId) === mention.serial) {
      let first = Number.POSITIVE_INFINITY;
      for (const other of set) first = Math.min(first, other.serial);
      this.firstSerial.set(mention.entityId, first);
    }
  }

  /** True when no mention is indexed. */
  isEmpty(): boolean {
    return this.byEntity.size === 0;
  }

  /** Mentions touching `node`. */
  onNode(node: Text): PageMention[] {
    return [...(this.byNode.get(node) ?? [])];
  }

  has(mention: PageMention): boolean {
    return this.byEntity.get(mention.entityId)?.has(mention) ?? false;
  }

  hasEntity(entityId: string): boolean {
    return this.byEntity.has(entityId);
  }

  /** All mentions of `entityId`, in document order. */
  ofEntity(entityId: string): PageMention[] {
    return sortInDocumentOrder([...(this.byEntity.get(entityId) ?? [])]);
  }

  /** Every mention, in document order. */
  all(): PageMention[] {
    const all: PageMention[] = [];
    for (const set of this.byEntity.values()) all.push(...set);
    return sortInDocumentOrder(all);
  }

  /** Text nodes that carry mentions. */
  nodes(): Text[] {
    return [...this.byNode.keys()];
  }

  get size(): number {
    let size = 0;
    for (const set of this.byEntity.values()) size += set.size;
    return size;
  }

  /** Count and earliest serial per entity. */
  tally(): EntityTally[] {
    return [...this.byEntity].map(([entityId, set]) => ({
      entityId,
      count: set.size,
      first: this.firstSerial.get(entityId)!,
    }));
  }

  clear(): void {
    this.byNode.clear();
    this.byEntity.clear();
    this.firstSerial.clear();
  }
}

/** Sorts mentions by where they start in the page (text in a web component's shadow tree included). */
export function sortInDocumentOrder(mentions: PageMention[]): PageMention[] {
  return mentions.sort((a, b) =>
    a.startNode === b.startNode ? a.startOffset - b.startOffset : compareInPage(a.startNode, b.startNode),
  );
}
