// Where a spreadsheet's content lives: `data.spreadsheets[fileId]` once written; seeded Sheets that were
// never written read a deterministic budget (header, data rows, a SUM total) derived from the file, so
// seeding a 10,000-person domain stays cheap. The first write stores it.
import { hash32, mulberry32 } from '../../../shared/seeding/prng.js';
import type { DriveFile, GoogleData } from '../store.js';
import { newSpreadsheet, setCell, type Spreadsheet } from './model.js';
import { parseUserEntered } from './format.js';

const ITEMS = ['Software licences', 'Contractors', 'Travel', 'Hardware', 'Training', 'Events', 'Cloud hosting', 'Office supplies'];
const CATEGORIES = ['Opex', 'Capex'];

/** The seeded budget of a Sheet that has no stored content yet. */
export function seededSpreadsheet(file: DriveFile): Spreadsheet {
  const ss = newSpreadsheet(file.name, 'America/New_York');
  const sheet = ss.sheets[0]!;
  const random = mulberry32(hash32(file.id));
  const put = (r: number, c: number, text: string) => setCell(sheet, r, c, parseUserEntered(text));
  ['Item', 'Category', 'Quarter', 'Amount', 'Approved'].forEach((h, c) => put(0, c, h));
  ITEMS.forEach((item, i) => {
    const r = i + 1;
    put(r, 0, item);
    put(r, 1, CATEGORIES[Math.floor(random() * 2)]!);
    put(r, 2, `Q${1 + Math.floor(random() * 4)}`);
    put(r, 3, String(100 * (5 + Math.floor(random() * 200))));
    put(r, 4, random() < 0.7 ? 'TRUE' : 'FALSE');
  });
  const total = ITEMS.length + 1;
  put(total, 0, 'Total');
  put(total, 3, `=SUM(D2:D${total})`);
  return ss;
}

/** The spreadsheet to read (stored, or the seeded one). */
export function spreadsheetOf(data: GoogleData, file: DriveFile): Spreadsheet {
  return data.spreadsheets[file.id] ?? seededSpreadsheet(file);
}
