// The body's item sequence read back as Docs' StructuralElements (paragraphs with textRun / pageBreak
// elements, tables of rows of cells, the leading sectionBreak), with startIndex/endIndex in UTF-16 code
// units. The same reading checks well-formedness: a sequence it cannot read is not a document.
import { itemLength, sameStyle, type Item, type Style } from './model.js';

export class MalformedError extends Error {}

const PT = (magnitude: number) => ({ magnitude, unit: 'PT' });
const CELL_STYLE = {
  rowSpan: 1, columnSpan: 1, backgroundColor: {},
  borderLeft: { color: { color: { rgbColor: {} } }, width: PT(1), dashStyle: 'SOLID' },
  borderRight: { color: { color: { rgbColor: {} } }, width: PT(1), dashStyle: 'SOLID' },
  borderTop: { color: { color: { rgbColor: {} } }, width: PT(1), dashStyle: 'SOLID' },
  borderBottom: { color: { color: { rgbColor: {} } }, width: PT(1), dashStyle: 'SOLID' },
  paddingLeft: PT(5), paddingRight: PT(5), paddingTop: PT(5), paddingBottom: PT(5), contentAlignment: 'TOP',
};

type El = Record<string, unknown>;
/** startIndex is omitted when 0, as proto3 JSON omits defaults. */
const span = (start: number, end: number) => ({ ...(start > 0 && { startIndex: start }), endIndex: end });

class Reader {
  i = 0;
  pos = 0;
  constructor(private readonly items: Item[]) {}
  peek(): Item | undefined { return this.items[this.i]; }
  take(): Item { const it = this.items[this.i++]!; this.pos += itemLength(it); return it; }

  /** Paragraphs and tables until a cell/row/table end or the end of input; at least one, ending with a paragraph. */
  content(): El[] {
    const out: El[] = [];
    let lastWasParagraph = false;
    for (let it = this.peek(); it && it.k !== 'cell' && it.k !== 'row' && it.k !== 'end'; it = this.peek()) {
      if (it.k === 'sb') throw new MalformedError('section break inside content');
      if (it.k === 'tbl') { out.push(this.table()); lastWasParagraph = false; } else { out.push(this.paragraph()); lastWasParagraph = true; }
    }
    if (!lastWasParagraph) throw new MalformedError('content must end with a paragraph');
    return out;
  }

  paragraph(): El {
    const start = this.pos;
    const elements: El[] = [];
    const textRun = (content: string, ts: Style | undefined) => {
      const last = elements[elements.length - 1] as { textRun?: { content: string; textStyle: Style }; endIndex: number } | undefined;
      if (last?.textRun && sameStyle(last.textRun.textStyle, ts)) { last.textRun.content += content; last.endIndex += content.length; return; }
      elements.push({ ...span(this.pos - content.length, this.pos), textRun: { content, textStyle: ts ?? {} } });
    };
    for (;;) {
      const it = this.peek();
      if (!it) throw new MalformedError('paragraph without its newline');
      if (it.k === 't') { this.take(); textRun(it.s, it.ts); continue; }
      if (it.k === 'pb') { this.take(); elements.push({ ...span(this.pos - 1, this.pos), pageBreak: { textStyle: it.ts ?? {} } }); continue; }
      if (it.k !== 'nl') throw new MalformedError('paragraph interrupted');
      this.take();
      textRun('\n', it.ts);
      return {
        ...span(start, this.pos),
        paragraph: { elements, paragraphStyle: it.ps, ...(it.bullet && { bullet: { listId: it.bullet.listId, ...(it.bullet.nestingLevel && { nestingLevel: it.bullet.nestingLevel }), textStyle: {} } }) },
      };
    }
  }

  table(): El {
    const start = this.pos;
    this.take();
    const rows: El[] = [];
    let columns = -1;
    while (this.peek()?.k === 'row') {
      const rowStart = this.pos;
      this.take();
      const cells: El[] = [];
      while (this.peek()?.k === 'cell') {
        const cellStart = this.pos;
        this.take();
        const content = this.content();
        cells.push({ ...span(cellStart, this.pos), content, tableCellStyle: CELL_STYLE });
      }
      if (cells.length === 0 || (columns >= 0 && cells.length !== columns)) throw new MalformedError('ragged table');
      columns = cells.length;
      rows.push({ ...span(rowStart, this.pos), tableCells: cells, tableRowStyle: { minRowHeight: { unit: 'PT' } } });
    }
    if (rows.length === 0 || this.peek()?.k !== 'end') throw new MalformedError('table without rows or end');
    this.take();
    return {
      ...span(start, this.pos),
      table: { rows: rows.length, columns, tableRows: rows, tableStyle: { tableColumnProperties: Array.from({ length: columns }, () => ({ widthType: 'EVENLY_DISTRIBUTED' })) } },
    };
  }
}

/** body.content of the document; throws MalformedError when the sequence is not a document. */
export function renderBody(items: Item[]): El[] {
  const r = new Reader(items);
  if (r.peek()?.k !== 'sb') throw new MalformedError('no section break');
  r.take();
  const sectionBreak = { endIndex: 1, sectionBreak: { sectionStyle: { columnSeparatorStyle: 'NONE', contentDirection: 'LEFT_TO_RIGHT', sectionType: 'CONTINUOUS' } } };
  // A table always follows a paragraph in the body.
  if (r.peek()?.k === 'tbl') throw new MalformedError('table at the start of the body');
  const content = r.content();
  if (r.peek()) throw new MalformedError('stray structure');
  for (let i = 1; i < content.length; i++) if (content[i]!.table && content[i - 1]!.table) throw new MalformedError('tables need a paragraph between them');
  return [sectionBreak, ...content];
}

export function wellFormed(items: Item[]): boolean {
  try { renderBody(items); return true; } catch (error) { if (error instanceof MalformedError) return false; throw error; }
}
