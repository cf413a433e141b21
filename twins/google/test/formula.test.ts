// The formula evaluator (sheets/formula.ts) and USER_ENTERED parsing (sheets/format.ts), without HTTP:
// values typed into a sheet, formulas read back computed as Sheets computes them, and recomputed after
// the cells they depend on change.
import { describe, expect, it } from 'vitest';
import { generalNumber, parseUserEntered } from '../sheets/format.js';
import { Calculator, errorValue, isError } from '../sheets/formula.js';
import { newSheet, newSpreadsheet, setCell, type SheetTab } from '../sheets/model.js';
import { columnIndex } from '../sheets/a1.js';
import { normalizeFormula, shiftFormula } from '../sheets/formula-text.js';

function sheetWith(cells: Record<string, string>) {
  const ss = newSpreadsheet('F', 'Etc/GMT');
  ss.sheets.push(newSheet(5, 'Other sheet', 1));
  const put = (sheet: SheetTab, ref: string, text: string) => {
    const m = /^([A-Z]+)(\d+)$/.exec(ref)!;
    setCell(sheet, Number(m[2]) - 1, columnIndex(m[1]!), parseUserEntered(text));
  };
  for (const [ref, text] of Object.entries(cells)) {
    const [sheetName, cell] = ref.includes('!') ? ref.split('!') as [string, string] : ['Sheet1', ref];
    put(ss.sheets.find((s) => s.properties.title === sheetName)!, cell, text);
  }
  const value = (formula: string) => {
    const sheet = ss.sheets[0]!;
    setCell(sheet, 99, 25, parseUserEntered(formula));
    const v = new Calculator(ss).value(sheet, 99, 25);
    return isError(v) ? v.error : v;
  };
  return { ss, value, put };
}

const data = {
  A1: '10', A2: '20', A3: '30', A4: 'text', A5: 'TRUE',
  B1: '1.5', B2: '-2', B3: '0', B4: "'42", B5: '=A1*2',
  C1: 'Hello', C2: 'World', C3: '',
  'Other sheet!A1': '5', 'Other sheet!A2': '7', 'Other sheet!A3': '=A1+A2',
};

const table: [string, unknown][] = [
  ['=1+2*3', 7], ['=(1+2)*3', 9], ['=2^3^2', 64], ['=-2^2', 4], ['=10/4', 2.5], ['=7-10', -3], ['=50%', 0.5], ['=A1%', 0.1],
  ['=SUM(A1:A3)', 60], ['=SUM(A1:A5)', 60], ['=SUM(A1,A2,5)', 35], ['=SUM(A:A)', 60], ['=sum(a1:a3)', 60],
  ['=AVERAGE(A1:A3)', 20], ['=AVERAGE(C1:C2)', '#DIV/0!'], ['=COUNT(A1:B5)', 7], ['=COUNTA(A1:C3)', 8], ['=COUNTA(A1:A5,C1)', 6],
  ['=MIN(A1:B3)', -2], ['=MAX(A1:B3)', 30], ['=MIN(C1:C2)', 0],
  ['=IF(A1>5,"big","small")', 'big'], ['=IF(A1>50,"big")', false], ['=IF(A4="TEXT",1,2)', 1],
  ['=AND(TRUE,A1>5)', true], ['=OR(FALSE,A1>50)', false], ['=NOT(A5)', false],
  ['=CONCATENATE(C1," ",C2)', 'Hello World'], ['=CONCAT(C1,A1)', 'Hello10'], ['=C1&"-"&A1&"-"&B1', 'Hello-10-1.5'],
  ['=LEN(C1)', 5], ['=UPPER(C1)', 'HELLO'], ['=LOWER(C2)', 'world'],
  ['=ROUND(2.345,2)', 2.35], ['=ROUND(-2.5)', -3], ['=ABS(B2)', 2],
  ['=A1=10', true], ['=A1<>10', false], ['=C1<C2', true], ['="a"="A"', true], ['=1<"a"', true],
  ['=B5+1', 21], ['=B4+1', 43], ["='Other sheet'!A1*2", 10], ["=SUM('Other sheet'!A1:A3)", 24],
  ['=A1/B3', '#DIV/0!'], ['=A4+1', '#VALUE!'], ['=NOPE(1)', '#NAME?'], ['=unknown_name', '#NAME?'],
  ["='Missing'!A1", '#REF!'], ['=SUM(A1:A3', '#ERROR!'], ['=IFERROR(1/0,"none")', 'none'], ['=#N/A', '#N/A'],
  ['=SUM(A1/B3,1)', '#DIV/0!'], ['=A1:A3+1', '#VALUE!'],
];

describe('formula evaluator', () => {
  const { value } = sheetWith(data);
  it.each(table)('%s = %j', (formula, expected) => {
    expect(value(formula)).toEqual(expected);
  });

  it('recomputes dependants after a cell they read changes, across sheets', () => {
    const { ss, put } = sheetWith(data);
    const other = ss.sheets[1]!;
    expect(new Calculator(ss).value(other, 2, 0)).toBe(12);
    put(other, 'A1', '100');
    expect(new Calculator(ss).value(other, 2, 0)).toBe(107);
  });

  it('reports a circular reference as #REF! instead of looping', () => {
    const { ss, put } = sheetWith({ A1: '=A2', A2: '=A1+1' });
    put(ss.sheets[0]!, 'A3', '=A1');
    const v = new Calculator(ss).value(ss.sheets[0]!, 2, 0);
    expect(isError(v) && v.error).toBe('#REF!');
  });

  it('names errors as the API does in effectiveValue.errorValue', () => {
    expect(errorValue({ error: '#DIV/0!' })).toEqual({ type: 'DIVIDE_BY_ZERO', message: 'Function DIVIDE parameter 2 cannot be zero.' });
    expect(errorValue({ error: '#NAME?' }).type).toBe('NAME');
  });
});

describe('USER_ENTERED parsing', () => {
  const cases: [string, unknown][] = [
    ['42', { v: 42 }], ['-3.5', { v: -3.5 }], ['1,234.5', { v: 1234.5 }], ['1e3', { v: 1000 }],
    ['12%', { v: 0.12, fmt: { numberFormat: { type: 'PERCENT', pattern: '0%' } } }],
    ['$1,200.50', { v: 1200.5, fmt: { numberFormat: { type: 'CURRENCY', pattern: '"$"#,##0.00' } } }],
    ['true', { v: true }], ['FALSE', { v: false }],
    ['2025-01-15', { v: 45672, fmt: { numberFormat: { type: 'DATE', pattern: 'yyyy-mm-dd' } } }],
    ['1/15/2025', { v: 45672, fmt: { numberFormat: { type: 'DATE', pattern: 'M/d/yyyy' } } }],
    ['2/30/2025', { v: '2/30/2025' }],
    ["'007", { v: '007' }], ["'=1+1", { v: '=1+1' }], ['=A1+1', { f: '=A1+1' }], ['hello', { v: 'hello' }], ['12abc', { v: '12abc' }],
  ];
  it.each(cases)('%j becomes %j', (text, cell) => {
    expect(parseUserEntered(text)).toEqual(cell);
  });

  it('shows numbers as the Automatic format does', () => {
    expect(generalNumber(1 / 3)).toBe('0.3333333333');
    expect(generalNumber(2 / 3)).toBe('0.6666666667');
    expect(generalNumber(1234.5678)).toBe('1234.5678');
    expect(generalNumber(60)).toBe('60');
  });
});

describe('formula text', () => {
  it('upper-cases functions and references as entered, leaving strings, sheet names and named ranges alone', () => {
    expect(normalizeFormula('=sum(a1:b2)+if(true,"a1 sum(x)",c3)')).toBe('=SUM(A1:B2)+IF(TRUE,"a1 sum(x)",C3)');
    expect(normalizeFormula("='my sheet'!a1*myTotal+$b$2")).toBe("='my sheet'!A1*myTotal+$B$2");
  });

  const shifts: [string, 'ROWS' | 'COLUMNS', number, number, string][] = [
    ['=SUM(D2:D9)', 'ROWS', 0, 1, '=SUM(D3:D10)'],
    ['=SUM(D2:D9)', 'ROWS', 5, 2, '=SUM(D2:D11)'],
    ['=SUM(D2:D9)', 'ROWS', 9, 1, '=SUM(D2:D9)'],
    ['=SUM(D2:D9)', 'ROWS', 2, -3, '=SUM(D2:D6)'],
    ['=SUM(D2:D9)', 'ROWS', 0, -2, '=SUM(D1:D7)'],
    ['=A5*2', 'ROWS', 4, -1, '=#REF!*2'],
    ['=$A$5+A:A', 'ROWS', 0, 2, '=$A$7+A:A'],
    ['=B1+C1', 'COLUMNS', 1, 1, '=C1+D1'],
    ['=SUM(B1:D1)', 'COLUMNS', 2, -1, '=SUM(B1:C1)'],
    ["='Other sheet'!A2+A2", 'ROWS', 0, 1, "='Other sheet'!A2+A3"],
    ['="A2"&A2', 'ROWS', 0, 1, '="A2"&A3'],
  ];
  it.each(shifts)('%s with %s moved at %i by %i reads %s', (formula, dim, at, count, expected) => {
    expect(shiftFormula(formula, 'Sheet1', 'Sheet1', dim, at, count)).toBe(expected);
  });
});
