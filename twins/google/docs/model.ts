// A document as the twin keeps it: the body as a flat sequence of items, each as long in UTF-16 code
// units as Docs counts it (text runs; one unit per paragraph end, page break, section break, and per
// table / row / cell start and table end). Every index operation is then a splice on this sequence, and
// structure (paragraphs, tables, indexes) is derived on read — which is how Docs' indexes behave.
export type Style = Record<string, unknown>;
export interface BulletRef { listId: string; nestingLevel?: number }
export type Item =
  | { k: 't'; s: string; ts?: Style }
  | { k: 'nl'; ps: Style; ts?: Style; bullet?: BulletRef }
  | { k: 'pb'; ts?: Style }
  | { k: 'sb' }
  | { k: 'tbl' } | { k: 'row' } | { k: 'cell' } | { k: 'end' };

export interface DocNamedRange { namedRangeId: string; name: string; ranges: { startIndex: number; endIndex: number }[] }
export interface DocList { nestingLevels: Style[] }

export interface DocContent {
  items: Item[];
  /** Bumped by every batchUpdate that changes something; revisionId is derived from it. */
  revision: number;
  lists: Record<string, DocList>;
  namedRanges: DocNamedRange[];
}

export const itemLength = (item: Item) => (item.k === 't' ? item.s.length : 1);
export const bodyLength = (items: Item[]) => items.reduce((n, it) => n + itemLength(it), 0);

export function emptyDocument(): DocContent {
  return { items: [{ k: 'sb' }, { k: 'nl', ps: { namedStyleType: 'NORMAL_TEXT', direction: 'LEFT_TO_RIGHT' } }], revision: 1, lists: {}, namedRanges: [] };
}

export const sameStyle = (a: Style | undefined, b: Style | undefined) => JSON.stringify(a ?? {}) === JSON.stringify(b ?? {});

/** Merges adjacent text items of equal style and drops empty ones, so runs are as Docs reports them. */
export function normalize(items: Item[]): Item[] {
  const out: Item[] = [];
  for (const it of items) {
    if (it.k === 't' && it.s === '') continue;
    const last = out[out.length - 1];
    if (it.k === 't' && last?.k === 't' && sameStyle(last.ts, it.ts)) { out[out.length - 1] = { ...last, s: last.s + it.s }; continue; }
    out.push(it);
  }
  return out;
}

/** Splits a text item so that an item boundary falls at `index`; returns the array position starting there. */
export function splitAt(items: Item[], index: number): number {
  let pos = 0;
  for (let i = 0; i < items.length; i++) {
    if (pos === index) return i;
    const it = items[i]!;
    const len = itemLength(it);
    if (index < pos + len && it.k === 't') {
      const cut = index - pos;
      items.splice(i, 1, { ...it, s: it.s.slice(0, cut) }, { ...it, s: it.s.slice(cut) });
      return i + 1;
    }
    pos += len;
  }
  return items.length;
}

/** The item covering the unit at `index` and where that item starts. */
export function itemAt(items: Item[], index: number): { item: Item; i: number; start: number } | null {
  let pos = 0;
  for (let i = 0; i < items.length; i++) {
    const len = itemLength(items[i]!);
    if (index < pos + len) return { item: items[i]!, i, start: pos };
    pos += len;
  }
  return null;
}

export interface ParagraphSpan { start: number; end: number; nl: Extract<Item, { k: 'nl' }>; text: string; inTable: boolean }

/** Every paragraph (in the body and in table cells) with its index span and text without the newline (a page break reads as \u000b). */
export function paragraphs(items: Item[]): ParagraphSpan[] {
  const out: ParagraphSpan[] = [];
  let pos = 0;
  let start = -1;
  let text = '';
  let depth = 0;
  for (const it of items) {
    const len = itemLength(it);
    if (it.k === 'tbl') depth++;
    if (it.k === 'end') depth--;
    if (it.k === 't' || it.k === 'pb') { if (start < 0) start = pos; text += it.k === 't' ? it.s : '\u000b'; }
    if (it.k === 'nl') { out.push({ start: start < 0 ? pos : start, end: pos + 1, nl: it, text, inTable: depth > 0 }); start = -1; text = ''; }
    pos += len;
  }
  return out;
}
