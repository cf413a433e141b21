// Google twin bench, Docs and Sheets: spreadsheets.values.get of a 100×10 block (numbers, text and a
// formula column computed on every read) and documents.get of a ~5-page document (about 2,700 words:
// headings, paragraphs, a bulleted list and a table), each against the bare Fastify route.
// The issue sets no number for these ratios, so they are reported as measured (the twin renders the
// whole structure on every read, as the real APIs return it whole). The content is put in the store directly, not over HTTP.
// Needs the compiled twin: npx tsc -p tsconfig.build.json.
import { startTwin } from '../../dist/shared/kernel/twin-server.js';
import { loadOrgDefinition, OrgSource } from '../../dist/shared/seeding/fixtures.js';
import { googleTwin } from '../../dist/twins/google/index.js';
import { documentOfLines } from '../../dist/twins/google/docs/content.js';
import { DOC_REQUESTS } from '../../dist/twins/google/docs/requests.js';
import { parseUserEntered } from '../../dist/twins/google/sheets/format.js';
import { newSpreadsheet, setCell } from '../../dist/twins/google/sheets/model.js';

const SEED = 42;
const WORDS = 'the team reviewed the plan and agreed on the next steps for the quarter with clear owners dates and budget'.split(' ');

function sentence(i, n) {
  return Array.from({ length: n }, (_, k) => WORDS[(i * 7 + k) % WORDS.length]).join(' ');
}

/** About five pages: 10 sections of a heading, four 60-word paragraphs and a three-item list, then a table. */
function benchDocument(file) {
  const lines = [{ text: 'Quarterly planning', style: 'TITLE' }];
  for (let s = 0; s < 10; s++) {
    lines.push({ text: `Section ${s + 1}`, style: 'HEADING_1' });
    for (let p = 0; p < 4; p++) lines.push({ text: `${sentence(s * 4 + p, 60)}.` });
    for (let b = 0; b < 3; b++) lines.push({ text: sentence(s + b, 8), bullet: true });
  }
  const doc = documentOfLines(file, lines);
  DOC_REQUESTS.insertTable(doc, { rows: 4, columns: 3, endOfSegmentLocation: {} });
  return doc;
}

function benchSpreadsheet(title) {
  const ss = newSpreadsheet(title, 'America/New_York');
  const sheet = ss.sheets[0];
  for (let r = 0; r < 100; r++) {
    for (let c = 0; c < 9; c++) setCell(sheet, r, c, parseUserEntered(c % 3 === 0 ? `item ${r}-${c}` : String((r + 1) * (c + 1))));
    setCell(sheet, r, 9, parseUserEntered(`=B${r + 1}+C${r + 1}`));
  }
  return ss;
}

export async function start({ host }) {
  const twin = await startTwin(googleTwin, { host, port: 0, seed: SEED, orgSource: new OrgSource(loadOrgDefinition('small', undefined)) });
  const { google } = await (await fetch(`${twin.url}/_dtu/credentials`)).json();
  const data = twin.runtime.store.data;
  const mine = Object.values(data.files).filter((f) => f.owner === google.as);
  const sheetFile = mine.find((f) => f.mimeType === 'application/vnd.google-apps.spreadsheet');
  const docFile = mine.find((f) => f.mimeType === 'application/vnd.google-apps.document');
  data.spreadsheets[sheetFile.id] = benchSpreadsheet(sheetFile.name);
  data.documents[docFile.id] = benchDocument(docFile);
  return { port: twin.port, close: () => twin.close(), context: { token: google.accessToken, spreadsheetId: sheetFile.id, documentId: docFile.id } };
}

export const scenarios = [
  {
    id: 'sheetsValuesGet100x10', label: 'GET /v4/spreadsheets/:id/values/Sheet1!A1:J100 (100×10, a formula column)',
    request: (context) => ({ method: 'GET', path: `/v4/spreadsheets/${context.spreadsheetId}/values/Sheet1!A1:J100`, headers: { authorization: `Bearer ${context.token}` } }),
  },
  {
    id: 'docsGet5Pages', label: 'GET /v1/documents/:id (~5 pages: headings, paragraphs, a list, a table)',
    request: (context) => ({ method: 'GET', path: `/v1/documents/${context.documentId}`, headers: { authorization: `Bearer ${context.token}` } }),
  },
];

export const figures = [
  { id: 'sheetsValuesGetVsBare', label: 'values.get 100×10 ÷ bare Fastify', over: 'sheetsValuesGet100x10', under: 'bare' },
  { id: 'docsGetVsBare', label: 'documents.get ~5 pages ÷ bare Fastify', over: 'docsGet5Pages', under: 'bare' },
];
