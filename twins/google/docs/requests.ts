// documents.batchUpdate requests over the item sequence (edit.ts). Each handler validates, changes the
// working copy and returns its reply (undefined → `{}`); RequestError carries Docs' message, which the
// route prefixes with "Invalid requests[i].<kind>: ". Only the body segment (tab t.0) exists here.
import { randomBytes } from 'node:crypto';
import { applyFields, checkInsertionIndex, EditError, inheritedStyle, insertItems, paragraphEndAt, removeRange, restyle, textItems } from './edit.js';
import { bodyLength, paragraphs, type DocContent, type Item, type Style } from './model.js';
import { BULLET_PRESETS, listLevels, NAMED_STYLE_TYPES } from './styles.js';

type Req = Record<string, unknown>;
type Handler = (doc: DocContent, req: Req) => Record<string, unknown> | undefined;

const fail = (message: string): never => { throw new EditError(message); };
const TEXT_FIELDS = ['bold', 'italic', 'underline', 'strikethrough', 'smallCaps', 'backgroundColor', 'foregroundColor', 'fontSize', 'weightedFontFamily', 'baselineOffset', 'link'];
const PARAGRAPH_FIELDS = ['headingId', 'namedStyleType', 'alignment', 'lineSpacing', 'direction', 'spacingMode', 'spaceAbove', 'spaceBelow', 'borderBetween', 'borderTop', 'borderBottom', 'borderLeft', 'borderRight', 'indentFirstLine', 'indentStart', 'indentEnd', 'tabStops', 'keepLinesTogether', 'keepWithNext', 'avoidWidowAndOrphan', 'shading', 'pageBreakBefore'];

export const kixId = (prefix = 'kix') => `${prefix}.${randomBytes(6).toString('hex').slice(0, 12)}`;

function checkSegment(where: Req | undefined): void {
  if (!where) return;
  if (typeof where.segmentId === 'string' && where.segmentId !== '') fail(`Segment ${where.segmentId} not found.`);
  if (typeof where.tabId === 'string' && where.tabId !== '' && where.tabId !== 't.0') fail(`Tab ${where.tabId} not found.`);
}

/** The index a request names: location.index, or the end of the body for endOfSegmentLocation. */
function targetIndex(doc: DocContent, req: Req): number {
  if (req.location && req.endOfSegmentLocation) fail('Exactly one of location or endOfSegmentLocation must be set.');
  if (req.endOfSegmentLocation) { checkSegment(req.endOfSegmentLocation as Req); return bodyLength(doc.items) - 1; }
  const loc = req.location as Req | undefined;
  if (!loc) return fail('Exactly one of location or endOfSegmentLocation must be set.');
  checkSegment(loc);
  return (loc.index ?? 0) as number;
}

/** A range within the body: start < end <= body end. */
function range(doc: DocContent, r: unknown, allowEmpty = false): { start: number; end: number } {
  const o = (r ?? {}) as Req;
  checkSegment(o);
  const start = (o.startIndex ?? 0) as number;
  const end = (o.endIndex ?? 0) as number;
  const last = bodyLength(doc.items);
  if (!Number.isInteger(start) || !Number.isInteger(end)) fail('The range indexes must be integers.');
  if (start < 0 || (allowEmpty ? end < start : end <= start)) fail(`The start index of the range (${start}) must be less than the end index (${end}).`);
  if (end > last) fail(`Index ${end - 1} must be less than the end index of the referenced segment, ${last}.`);
  return { start, end };
}

/** Paragraphs overlapping [start, end) (the one holding start when the range is empty). */
function paragraphsIn(doc: DocContent, start: number, end: number) {
  return paragraphs(doc.items).filter((p) => (start === end ? p.start <= start && start < p.end : p.start < end && start < p.end));
}

function insertText(doc: DocContent, index: number, text: string): void {
  checkInsertionIndex(doc, index);
  insertItems(doc, index, textItems(text, inheritedStyle(doc, index), paragraphEndAt(doc, index)));
}

function textStyleOf(req: Req, key: string): Style {
  const s = req[key];
  return s && typeof s === 'object' ? s as Style : {};
}

function fieldsOf(req: Req): string {
  return typeof req.fields === 'string' ? req.fields : fail("At least one field must be listed in 'fields'. (Use '*' to indicate all fields.)");
}

export const DOC_REQUESTS: Record<string, Handler> = {
  insertText: (doc, req) => {
    if (typeof req.text !== 'string') fail('text is required.');
    insertText(doc, targetIndex(doc, req), req.text as string);
    return undefined;
  },
  deleteContentRange: (doc, req) => {
    const { start, end } = range(doc, req.range);
    if (end === bodyLength(doc.items)) fail('The range cannot include the newline character at the end of the segment.');
    if (start === 0) fail('The range cannot include the section break at the start of the segment.');
    removeRange(doc, start, end);
    return undefined;
  },
  replaceAllText: (doc, req) => {
    const contains = (req.containsText ?? {}) as Req;
    const find = typeof contains.text === 'string' && contains.text !== '' ? contains.text : fail('containsText.text must not be empty.');
    const replacement = typeof req.replaceText === 'string' ? req.replaceText : '';
    const needle = contains.matchCase === true ? find : find.toLowerCase();
    // Matches inside each paragraph, replaced from the end so earlier indexes stay put.
    const hits: number[] = [];
    for (const p of paragraphs(doc.items)) {
      const hay = contains.matchCase === true ? p.text : p.text.toLowerCase();
      for (let at = hay.indexOf(needle); at >= 0; at = hay.indexOf(needle, at + needle.length)) hits.push(p.start + at);
    }
    for (const at of hits.reverse()) {
      const ts = inheritedStyle(doc, at + 1);
      const nl = paragraphEndAt(doc, at);
      removeRange(doc, at, at + find.length);
      if (replacement !== '') insertItems(doc, at, textItems(replacement, ts, nl));
    }
    return { replaceAllText: { ...(hits.length > 0 && { occurrencesChanged: hits.length }) } };
  },
  updateTextStyle: (doc, req) => {
    const { start, end } = range(doc, req.range);
    const style = textStyleOf(req, 'textStyle');
    const fields = fieldsOf(req);
    applyFields({}, style, fields, TEXT_FIELDS, 'text_style');
    restyle(doc, start, end, (ts) => applyFields(ts, style, fields, TEXT_FIELDS, 'text_style'));
    return undefined;
  },
  updateParagraphStyle: (doc, req) => {
    const { start, end } = range(doc, req.range);
    const style = textStyleOf(req, 'paragraphStyle');
    const fields = fieldsOf(req);
    if (style.namedStyleType !== undefined && !NAMED_STYLE_TYPES.includes(style.namedStyleType as string)) fail(`Invalid value for namedStyleType: ${String(style.namedStyleType)}`);
    for (const p of paragraphsIn(doc, start, end)) {
      const ps = applyFields(p.nl.ps, style, fields, PARAGRAPH_FIELDS, 'paragraph_style');
      if (/^(HEADING_\d|TITLE|SUBTITLE)$/.test(String(ps.namedStyleType))) ps.headingId ??= kixId('h');
      else delete ps.headingId;
      if (ps.namedStyleType === undefined) ps.namedStyleType = 'NORMAL_TEXT';
    }
    return undefined;
  },
  createParagraphBullets: (doc, req) => {
    const { start, end } = range(doc, req.range);
    const preset = typeof req.bulletPreset === 'string' ? req.bulletPreset : fail('bulletPreset is required.');
    if (!BULLET_PRESETS.includes(preset)) fail(`Invalid value for bulletPreset: ${preset}`);
    const listId = kixId();
    doc.lists[listId] = { nestingLevels: listLevels(preset) };
    // Leading tabs set the nesting level and are removed, as Docs does; last paragraph first keeps indexes valid.
    for (const p of paragraphsIn(doc, start, end).reverse()) {
      const tabs = /^\t*/.exec(p.text)![0].length;
      const level = Math.min(tabs, 8);
      p.nl.bullet = { listId, ...(level > 0 && { nestingLevel: level }) };
      const lvl = doc.lists[listId]!.nestingLevels[level]!;
      p.nl.ps = { ...p.nl.ps, indentFirstLine: lvl.indentFirstLine, indentStart: lvl.indentStart };
      if (tabs > 0) removeRange(doc, p.start, p.start + tabs);
    }
    return undefined;
  },
  deleteParagraphBullets: (doc, req) => {
    const { start, end } = range(doc, req.range);
    for (const p of paragraphsIn(doc, start, end)) delete p.nl.bullet;
    return undefined;
  },
  insertTable: (doc, req) => {
    const rows = req.rows as number;
    const columns = req.columns as number;
    if (!Number.isInteger(rows) || rows < 1) fail('The number of rows must be at least 1.');
    if (!Number.isInteger(columns) || columns < 1 || columns > 20) fail('The number of columns must be between 1 and 20.');
    const index = targetIndex(doc, req);
    checkInsertionIndex(doc, index);
    const nl = paragraphEndAt(doc, index);
    const cellParagraph = (): Item => ({ k: 'nl', ps: { namedStyleType: 'NORMAL_TEXT', direction: 'LEFT_TO_RIGHT' } });
    const table: Item[] = [{ k: 'tbl' }];
    for (let r = 0; r < rows; r++) { table.push({ k: 'row' }); for (let c = 0; c < columns; c++) table.push({ k: 'cell' }, cellParagraph()); }
    table.push({ k: 'end' });
    // A newline goes in first (ending the paragraph before the table), then the table after it.
    insertItems(doc, index, textItems('\n', inheritedStyle(doc, index), nl));
    insertItems(doc, index + 1, table);
    return undefined;
  },
  insertPageBreak: (doc, req) => {
    const index = targetIndex(doc, req);
    checkInsertionIndex(doc, index);
    if (paragraphs(doc.items).some((p) => p.inTable && p.start <= index && index < p.end)) fail('Page breaks cannot be inserted inside a table.');
    const ts = inheritedStyle(doc, index);
    insertItems(doc, index, [{ k: 'pb', ...(ts && { ts }) }, ...textItems('\n', ts, paragraphEndAt(doc, index))]);
    return undefined;
  },
  createNamedRange: (doc, req) => {
    const name = typeof req.name === 'string' && req.name.length >= 1 && req.name.length <= 256 ? req.name : fail('The name must be between 1 and 256 characters.');
    const { start, end } = range(doc, req.range);
    const namedRangeId = kixId();
    doc.namedRanges.push({ namedRangeId, name, ranges: [{ startIndex: start, endIndex: end }] });
    return { createNamedRange: { namedRangeId } };
  },
  deleteNamedRange: (doc, req) => {
    const before = doc.namedRanges.length;
    if (typeof req.namedRangeId === 'string') doc.namedRanges = doc.namedRanges.filter((n) => n.namedRangeId !== req.namedRangeId);
    else if (typeof req.name === 'string') doc.namedRanges = doc.namedRanges.filter((n) => n.name !== req.name);
    else fail('Either namedRangeId or name must be set.');
    if (doc.namedRanges.length === before && typeof req.namedRangeId === 'string') fail(`The named range with ID ${req.namedRangeId} does not exist.`);
    return undefined;
  },
  replaceNamedRangeContent: (doc, req) => {
    const text = typeof req.text === 'string' ? req.text : fail('text is required.');
    const targets = typeof req.namedRangeId === 'string' ? doc.namedRanges.filter((n) => n.namedRangeId === req.namedRangeId)
      : typeof req.namedRangeName === 'string' ? doc.namedRanges.filter((n) => n.name === req.namedRangeName) : fail('Either namedRangeId or namedRangeName must be set.');
    if (targets.length === 0) fail(typeof req.namedRangeId === 'string' ? `The named range with ID ${req.namedRangeId} does not exist.` : `The named range with name ${String(req.namedRangeName)} does not exist.`);
    for (const target of targets) {
      // The content of every range goes (last first); the text takes the first range's place, which then covers it.
      const ranges = [...target.ranges].sort((x, y) => x.startIndex - y.startIndex);
      const at = ranges[0]!.startIndex;
      const ts = inheritedStyle(doc, at + 1);
      const nl = paragraphEndAt(doc, at);
      for (const r of [...ranges].reverse()) removeRange(doc, r.startIndex, r.endIndex);
      if (!doc.namedRanges.includes(target)) doc.namedRanges.push(target);
      target.ranges = [];
      if (text !== '') { checkInsertionIndex(doc, at); insertItems(doc, at, textItems(text, ts, nl)); }
      target.ranges = [{ startIndex: at, endIndex: at + text.length }];
      if (text === '') doc.namedRanges = doc.namedRanges.filter((n) => n !== target);
    }
    return undefined;
  },
};
