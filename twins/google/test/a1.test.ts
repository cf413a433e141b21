// A1 notation (sheets/a1.ts, model.resolveRange): a table of ranges as the Sheets API reads them — each
// resolved against a spreadsheet with plain, spaced and quoted sheet titles and a named range, and echoed
// back as Sheets echoes a range; anything else is "Unable to parse range".
import { describe, expect, it } from 'vitest';
import { A1Error, columnIndex, columnLetters, parseA1, quoteTitle } from '../sheets/a1.js';
import { newSheet, newSpreadsheet, resolveRange } from '../sheets/model.js';
import { blockA1 } from '../sheets/values.js';

const ss = newSpreadsheet('Ranges', 'Etc/GMT');
ss.sheets.push(newSheet(7, 'My Sheet', 1, 50, 10), newSheet(8, "Bob's data", 2, 20, 5), newSheet(9, 'Q1-2025', 3));
ss.namedRanges.push({ namedRangeId: 'n1', name: 'Totals', range: { sheetId: 7, startRowIndex: 1, endRowIndex: 4, startColumnIndex: 2, endColumnIndex: 3 } });

const table: [string, string][] = [
  ['A1', 'Sheet1!A1'],
  ['a1', 'Sheet1!A1'],
  ['$A$1', 'Sheet1!A1'],
  ['A1:B2', 'Sheet1!A1:B2'],
  ['B2:A1', 'Sheet1!A1:B2'],
  ['$A$1:$C$3', 'Sheet1!A1:C3'],
  ['Sheet1!A1:B2', 'Sheet1!A1:B2'],
  ['sheet1!A1:B2', 'Sheet1!A1:B2'],
  ["'Sheet1'!A1:B2", 'Sheet1!A1:B2'],
  ['Sheet1!C5', 'Sheet1!C5'],
  ['A:A', 'Sheet1!A1:A1000'],
  ['A:C', 'Sheet1!A1:C1000'],
  ['C:A', 'Sheet1!A1:C1000'],
  ['1:1', 'Sheet1!A1:Z1'],
  ['2:5', 'Sheet1!A2:Z5'],
  ['A2:B', 'Sheet1!A2:B1000'],
  ['A2:2', 'Sheet1!A2:Z2'],
  ['Sheet1', 'Sheet1!A1:Z1000'],
  ['Sheet1!A:A', 'Sheet1!A1:A1000'],
  ['Sheet1!3:4', 'Sheet1!A3:Z4'],
  ["'My Sheet'!A1:B2", "'My Sheet'!A1:B2"],
  ["'My Sheet'", "'My Sheet'!A1:J50"],
  ['My Sheet', "'My Sheet'!A1:J50"],
  ['My Sheet!B:B', "'My Sheet'!B1:B50"],
  ["'Bob''s data'!A1", "'Bob''s data'!A1"],
  ["'Bob''s data'!A1:E20", "'Bob''s data'!A1:E20"],
  ["'Bob''s data'", "'Bob''s data'!A1:E20"],
  ["'Q1-2025'!A1:A2", "'Q1-2025'!A1:A2"],
  ['Q1-2025!A1', "'Q1-2025'!A1"],
  ['Totals', "'My Sheet'!C2:C4"],
  ['totals', "'My Sheet'!C2:C4"],
  ['AA10', 'Sheet1!AA10'],
  ['Z1:AB3', 'Sheet1!Z1:AB3'],
  ['R1C1', 'Sheet1!A1'],
  ['R1C1:R2C3', 'Sheet1!A1:C2'],
  ['Sheet1!R2C2:R3C3', 'Sheet1!B2:C3'],
  ["'My Sheet'!R1C2", "'My Sheet'!B1"],
  ['r3c4', 'Sheet1!D3'],
  [' A1:B2 ', 'Sheet1!A1:B2'],
  ['ZZZ1', 'Sheet1!ZZZ1'],
];

const bad = ['', 'Nope!A1', 'Nope', 'A1:B2:C3', 'Sheet1!', '!A1', 'A1:', ':A1', "'Unclosed!A1", "'My Sheet'A1", 'Sheet1!A0', 'A:1', 'AAAA1', "'It''s'", 'A1 B2', 'Sheet1!A1!B2'];

describe('A1 notation', () => {
  it.each(table)('%s resolves to %s', (range, expected) => {
    expect(blockA1(resolveRange(ss, range))).toBe(expected);
  });

  it.each(bad.map((r) => [r]))('%j is "Unable to parse range"', (range) => {
    expect(() => resolveRange(ss, range)).toThrow(A1Error);
    try { resolveRange(ss, range); } catch (error) { expect((error as Error).message).toBe(`Unable to parse range: ${range}`); }
  });

  it('parses open bounds as undefined and closed ones as 0-based, end-exclusive indexes', () => {
    expect(parseA1('Sheet1!B2:D')).toEqual({ sheet: 'Sheet1', startRow: 1, startCol: 1, endCol: 4 });
    expect(parseA1('3:7')).toEqual({ startRow: 2, endRow: 7 });
    expect(parseA1('C:E')).toEqual({ startCol: 2, endCol: 5 });
    expect(parseA1("'a''b'!A1")).toEqual({ sheet: "a'b", startRow: 0, endRow: 1, startCol: 0, endCol: 1 });
    expect(parseA1('Totals')).toEqual({ name: 'Totals' });
  });

  it('converts column letters both ways and quotes titles only when needed', () => {
    for (const [i, letters] of [[0, 'A'], [25, 'Z'], [26, 'AA'], [51, 'AZ'], [52, 'BA'], [701, 'ZZ'], [702, 'AAA']] as const) {
      expect(columnLetters(i)).toBe(letters);
      expect(columnIndex(letters)).toBe(i);
    }
    expect(quoteTitle('Sheet1')).toBe('Sheet1');
    expect(quoteTitle('My Sheet')).toBe("'My Sheet'");
    expect(quoteTitle('A1')).toBe("'A1'");
    expect(quoteTitle("it's")).toBe("'it''s'");
  });
});
