// The index primitives every Docs request is built from: insert items at an index, remove a range,
// restyle a range. Named ranges move with the text as Docs moves them: an insertion at or before a range's
// start shifts it, one inside it grows it; a deletion shrinks it, and a range left empty disappears.
import { bodyLength, itemAt, normalize, splitAt, type DocContent, type Item, type Style } from './model.js';
import { wellFormed } from './render.js';

export class EditError extends Error {}

const PARAGRAPH_UNITS = new Set(['t', 'nl', 'pb']);

/** Checks that text can go in at `index`: inside the body and inside a paragraph (not at a table marker). */
export function checkInsertionIndex(doc: DocContent, index: number): void {
  const end = bodyLength(doc.items);
  if (!Number.isInteger(index) || index < 0) throw new EditError(`Index ${index} must be a non-negative integer.`);
  if (index >= end) throw new EditError(`Index ${index} must be less than the end index of the referenced segment, ${end}.`);
  const at = itemAt(doc.items, index);
  if (!at || !PARAGRAPH_UNITS.has(at.item.k)) {
    throw new EditError('The insertion index must be inside the bounds of an existing paragraph. You can still create new paragraphs by inserting newlines.');
  }
}

/** The paragraph end (newline item) of the paragraph holding `index`. */
export function paragraphEndAt(doc: DocContent, index: number): Extract<Item, { k: 'nl' }> {
  const at = itemAt(doc.items, index);
  for (let i = at?.i ?? 0; i < doc.items.length; i++) { const it = doc.items[i]!; if (it.k === 'nl') return it; }
  throw new EditError('No paragraph at this index.');
}

/** The text style inserted text takes: the character before it in the same paragraph, else the one at it. */
export function inheritedStyle(doc: DocContent, index: number): Style | undefined {
  const before = itemAt(doc.items, index - 1);
  if (before && (before.item.k === 't' || before.item.k === 'pb')) return before.item.ts;
  const at = itemAt(doc.items, index);
  return at && 'ts' in at.item ? at.item.ts : undefined;
}

/** Items for `text`: runs, and a paragraph end per '\n' carrying the paragraph style of `paragraph`. */
export function textItems(text: string, ts: Style | undefined, paragraph: Extract<Item, { k: 'nl' }>): Item[] {
  const out: Item[] = [];
  text.split('\n').forEach((part, i) => {
    if (i > 0) {
      const { headingId: _drop, ...ps } = paragraph.ps;
      out.push({ k: 'nl', ps: structuredClone(ps), ...(ts && { ts: structuredClone(ts) }), ...(paragraph.bullet && { bullet: { ...paragraph.bullet } }) });
    }
    if (part !== '') out.push({ k: 't', s: part, ...(ts && { ts: structuredClone(ts) }) });
  });
  return out;
}

export function insertItems(doc: DocContent, index: number, items: Item[]): number {
  const length = items.reduce((n, it) => n + (it.k === 't' ? it.s.length : 1), 0);
  const at = splitAt(doc.items, index);
  doc.items.splice(at, 0, ...items);
  doc.items = normalize(doc.items);
  for (const nr of doc.namedRanges) for (const r of nr.ranges) {
    if (index <= r.startIndex) { r.startIndex += length; r.endIndex += length; } else if (index < r.endIndex) r.endIndex += length;
  }
  return length;
}

/** Removes [start, end); the caller checks bounds. Throws EditError when the result would not be a document. */
export function removeRange(doc: DocContent, start: number, end: number): void {
  const items = [...doc.items];
  const a = splitAt(items, start);
  const b = splitAt(items, end);
  const removed = items.splice(a, b - a);
  // Merging paragraphs: the surviving paragraph keeps the style of the one the deletion started in,
  // unless that paragraph was deleted from its very start.
  const startsParagraph = a === 0 || ['nl', 'sb', 'cell', 'end'].includes(items[a - 1]!.k);
  const firstEnd = removed.find((it) => it.k === 'nl');
  if (firstEnd && !startsParagraph) {
    const at = items.findIndex((it, i) => i >= a && it.k === 'nl');
    const survivor = items[at];
    if (survivor?.k === 'nl') {
      const { bullet: _old, ...rest } = survivor;
      items[at] = { ...rest, ps: firstEnd.ps, ...(firstEnd.bullet && { bullet: firstEnd.bullet }) };
    }
  }
  const next = normalize(items);
  if (!wellFormed(next)) throw new EditError('Invalid deletion range. The range must not partially cover a table, and must leave a paragraph before every table and at the end of every cell.');
  doc.items = next;
  const length = end - start;
  const move = (x: number) => (x <= start ? x : x >= end ? x - length : start);
  for (const nr of doc.namedRanges) nr.ranges = nr.ranges.map((r) => ({ ...r, startIndex: move(r.startIndex), endIndex: move(r.endIndex) })).filter((r) => r.endIndex > r.startIndex);
  doc.namedRanges = doc.namedRanges.filter((nr) => nr.ranges.length > 0);
}

/** Applies `change` to every styled unit (runs, page breaks, paragraph ends) inside [start, end). */
export function restyle(doc: DocContent, start: number, end: number, change: (ts: Style) => Style): void {
  const a = splitAt(doc.items, start);
  const b = splitAt(doc.items, end);
  for (let i = a; i < b; i++) {
    const it = doc.items[i]!;
    if (it.k === 't' || it.k === 'pb' || it.k === 'nl') {
      const ts = change(structuredClone(it.ts ?? {}));
      if (Object.keys(ts).length > 0) it.ts = ts; else delete it.ts;
    }
  }
  doc.items = normalize(doc.items);
}

/** Sets (or, when absent from `source`, clears) each masked field of `source` on `target`. */
export function applyFields(target: Style, source: Style, fields: string, allowed: string[], what: string): Style {
  if (fields.trim() === '') throw new EditError("At least one field must be listed in 'fields'. (Use '*' to indicate all fields.)");
  const names = fields.trim() === '*' ? allowed : fields.split(',').map((f) => f.trim());
  for (const name of names) {
    if (!allowed.includes(name)) throw new EditError(`Invalid field mask: ${what}.${name} is not a valid field.`);
    if (source[name] === undefined) delete target[name]; else target[name] = structuredClone(source[name]);
  }
  return target;
}
