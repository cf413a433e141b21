// The exporters Drive's files.export uses for Docs Editors files (docs/export.ts, sheets/export.ts), pure:
// a document as text/plain and text/html, a spreadsheet's first sheet as CSV and TSV with computed values.
import { describe, expect, it } from 'vitest';
import { documentOfLines } from '../docs/content.js';
import { exportDocument } from '../docs/export.js';
import { DOC_REQUESTS } from '../docs/requests.js';
import { exportSpreadsheet } from '../sheets/export.js';
import { parseUserEntered } from '../sheets/format.js';
import { newSheet, newSpreadsheet, setCell } from '../sheets/model.js';
import type { DriveFile } from '../store.js';

const file = { id: 'doc1', name: 'Plan' } as DriveFile;

describe('exportDocument', () => {
  const doc = documentOfLines(file, [{ text: 'Plan', style: 'TITLE' }, { text: 'Intro <b> & more' }, { text: 'first', bullet: true }, { text: 'second', bullet: true }, { text: 'End' }]);
  DOC_REQUESTS.updateTextStyle!(doc, { range: { startIndex: 6, endIndex: 11 }, textStyle: { bold: true }, fields: 'bold' });

  it('renders text/plain with a BOM, bullets as "* " and CRLF line ends', () => {
    expect(exportDocument(doc, 'text/plain')).toBe('\ufeffPlan\r\nIntro <b> & more\r\n* first\r\n* second\r\nEnd');
  });

  it('renders text/html with headings, escaped text, bold runs and lists', () => {
    const html = exportDocument(doc, 'text/html', 'Plan')!;
    expect(html).toContain('<title>Plan</title>');
    expect(html).toContain('<h1>Plan</h1><p><b>Intro</b> &lt;b&gt; &amp; more</p><ul><li>first</li><li>second</li></ul><p>End</p>');
  });

  it('numbers numbered lists and answers null for formats it does not export', () => {
    const numbered = documentOfLines(file, [{ text: 'a' }, { text: 'b' }]);
    DOC_REQUESTS.createParagraphBullets!(numbered, { range: { startIndex: 1, endIndex: 4 }, bulletPreset: 'NUMBERED_DECIMAL_NESTED' });
    expect(exportDocument(numbered, 'text/plain')).toBe('\ufeff1. a\r\n2. b');
    expect(exportDocument(numbered, 'application/pdf')).toBeNull();
  });
});

describe('exportSpreadsheet', () => {
  const ss = newSpreadsheet('Budget', 'Etc/GMT');
  const sheet = ss.sheets[0]!;
  [['Item', 'Amount', 'Note'], ['Laptops, new', '1200', 'say "hi"'], ['Desk', '=B2/4', '']].forEach((row, r) => row.forEach((v, c) => setCell(sheet, r, c, parseUserEntered(v))));
  ss.sheets.push(newSheet(3, 'Second', 1));
  setCell(ss.sheets[1]!, 0, 0, parseUserEntered('not exported'));

  it('exports the first sheet as CSV with computed, formatted values and quoting', () => {
    expect(exportSpreadsheet(ss, 'text/csv')).toBe('Item,Amount,Note\r\n"Laptops, new",1200,"say ""hi"""\r\nDesk,300,');
  });

  it('exports TSV, and null for other formats', () => {
    expect(exportSpreadsheet(ss, 'text/tab-separated-values')).toBe('Item\tAmount\tNote\r\nLaptops, new\t1200\tsay "hi"\r\nDesk\t300\t');
    expect(exportSpreadsheet(ss, 'application/pdf')).toBeNull();
  });
});
