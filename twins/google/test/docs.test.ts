// Docs v1 through googleapis (rootUrl at the twin): documents.create / get / batchUpdate with Docs' index
// model (UTF-16 code units, a leading section break, tables, named ranges moving with the text), a reply per
// request, atomic batches and writeControl; a document is a Drive file shared like one.
import { google, type docs_v1 } from 'googleapis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Universe } from '../../../shared/universe/start-universe.js';
import { drive, googleUniverse, listAll, raw, tokenOf } from './helpers.js';

let universe: Universe;
let api: docs_v1.Docs;
beforeAll(async () => { universe = await googleUniverse({ seed: 12, users: 8 }); api = docs(universe.credentials.google.accessToken); });
afterAll(() => universe.close());

function docs(token: string): docs_v1.Docs {
  const auth = new google.auth.OAuth2();
  auth.setCredentials({ access_token: token });
  return google.docs({ version: 'v1', auth, rootUrl: universe.credentials.google.rootUrl, retry: false } as never);
}

const failure = async (p: Promise<unknown>) => {
  try { await p; } catch (error) { const e = error as { response?: { data: { error: { code: number; message: string; status: string } } } }; return e.response!.data.error; }
  throw new Error('expected a failure');
};

type El = docs_v1.Schema$StructuralElement;
/** [startIndex, endIndex, kind, text] of each body element, for compact assertions. */
const outline = (content: El[]) => content.map((el) => [el.startIndex ?? 0, el.endIndex, el.sectionBreak ? 'sb' : el.table ? 'table' : el.paragraph!.paragraphStyle!.namedStyleType,
  el.paragraph ? el.paragraph.elements!.map((e) => e.textRun?.content ?? (e.pageBreak ? '<pb>' : '')).join('') : undefined]);

async function create(title = 'Doc', text?: string): Promise<string> {
  const { data } = await api.documents.create({ requestBody: { title } });
  if (text) await api.documents.batchUpdate({ documentId: data.documentId!, requestBody: { requests: [{ insertText: { location: { index: 1 }, text } }] } });
  return data.documentId!;
}
const get = async (id: string) => (await api.documents.get({ documentId: id })).data;
const batch = async (id: string, requests: docs_v1.Schema$Request[], writeControl?: docs_v1.Schema$WriteControl) =>
  (await api.documents.batchUpdate({ documentId: id, requestBody: { requests, ...(writeControl && { writeControl }) } })).data;

describe('docs.documents.create / get', () => {
  it('creates an empty document as Docs does: a section break and one empty paragraph', async () => {
    const { data } = await api.documents.create({ requestBody: { title: 'Minutes' } });
    expect(data.title).toBe('Minutes');
    expect(data.body!.content).toEqual([
      { endIndex: 1, sectionBreak: { sectionStyle: { columnSeparatorStyle: 'NONE', contentDirection: 'LEFT_TO_RIGHT', sectionType: 'CONTINUOUS' } } },
      { startIndex: 1, endIndex: 2, paragraph: { elements: [{ startIndex: 1, endIndex: 2, textRun: { content: '\n', textStyle: {} } }], paragraphStyle: { namedStyleType: 'NORMAL_TEXT', direction: 'LEFT_TO_RIGHT' } } },
    ]);
    expect(data.revisionId).toMatch(/^ALBJ4L/);
    expect(data.suggestionsViewMode).toBe('SUGGESTIONS_INLINE');
    expect(data.documentStyle!.pageSize).toEqual({ height: { magnitude: 792, unit: 'PT' }, width: { magnitude: 612, unit: 'PT' } });
    expect(data.namedStyles!.styles!.map((s) => s.namedStyleType)).toContain('HEADING_1');
  });

  it('is a Drive file the caller owns, listed by files.list and shared like one', async () => {
    const id = await create('Listed doc');
    const files = await listAll(drive(universe), { q: "name = 'Listed doc'", fields: 'nextPageToken,files(id,mimeType,ownedByMe)' });
    expect(files).toEqual([{ id, mimeType: 'application/vnd.google-apps.document', ownedByMe: true }]);
    const other = universe.org.people.find((p) => p.email !== universe.credentials.google.as)!;
    const theirs = docs(tokenOf(universe, other.email));
    expect(await failure(theirs.documents.get({ documentId: id }))).toMatchObject({ code: 403, status: 'PERMISSION_DENIED', message: 'The caller does not have permission' });
    await drive(universe).permissions.create({ fileId: id, requestBody: { type: 'user', role: 'reader', emailAddress: other.email } });
    const read = await theirs.documents.get({ documentId: id });
    expect(read.data.suggestionsViewMode).toBe('PREVIEW_WITHOUT_SUGGESTIONS');
    expect(await failure(theirs.documents.batchUpdate({ documentId: id, requestBody: { requests: [{ insertText: { location: { index: 1 }, text: 'x' } }] } })))
      .toMatchObject({ code: 403, status: 'PERMISSION_DENIED' });
    expect(await failure(api.documents.get({ documentId: '1missing' }))).toMatchObject({ code: 404, status: 'NOT_FOUND', message: 'Requested entity was not found.' });
  });

  it('goes with its Drive file: deleted through Drive, the document and its content are gone', async () => {
    const id = await create('Short-lived', 'Some content\n');
    await drive(universe).files.delete({ fileId: id });
    expect(await failure(api.documents.get({ documentId: id }))).toMatchObject({ code: 404, status: 'NOT_FOUND' });
    const { twins } = await universe.snapshot();
    expect((twins.google as { documents: Record<string, unknown> }).documents).not.toHaveProperty(id);
  });

  it('serves seeded documents with real content: title, headings, paragraphs and a bulleted list', async () => {
    const person = universe.org.people[0]!;
    const mine = await listAll(drive(universe, tokenOf(universe, person.email)), { q: `mimeType = 'application/vnd.google-apps.document' and '${person.email}' in owners`, fields: 'nextPageToken,files(id,name)' });
    const plan = mine.find((f) => f.name!.includes('plan'))!;
    const doc = (await docs(tokenOf(universe, person.email)).documents.get({ documentId: plan.id! })).data;
    const kinds = outline(doc.body!.content!).map((o) => o[2]);
    expect(kinds.slice(0, 4)).toEqual(['sb', 'TITLE', 'NORMAL_TEXT', 'HEADING_1']);
    const bullets = doc.body!.content!.filter((el) => el.paragraph?.bullet);
    expect(bullets).toHaveLength(3);
    expect(Object.keys(doc.lists!)).toEqual([bullets[0]!.paragraph!.bullet!.listId]);
    // The same document on every read.
    const again = (await docs(tokenOf(universe, person.email)).documents.get({ documentId: plan.id! })).data;
    expect(again).toEqual(doc);
  });
});

describe('docs.documents.batchUpdate', () => {
  it('inserts and deletes text with indexes in UTF-16 code units, shifting what follows', async () => {
    const id = await create('Units', 'Hello 😀 world\nSecond line');
    expect(outline((await get(id)).body!.content!)).toEqual([[0, 1, 'sb', undefined], [1, 16, 'NORMAL_TEXT', 'Hello 😀 world\n'], [16, 28, 'NORMAL_TEXT', 'Second line\n']]);
    await batch(id, [{ deleteContentRange: { range: { startIndex: 7, endIndex: 10 } } }, { insertText: { endOfSegmentLocation: {}, text: '!' } }]);
    expect(outline((await get(id)).body!.content!).slice(1)).toEqual([[1, 13, 'NORMAL_TEXT', 'Hello world\n'], [13, 26, 'NORMAL_TEXT', 'Second line!\n']]);
    // Deleting a paragraph's newline merges it with the next one.
    await batch(id, [{ deleteContentRange: { range: { startIndex: 12, endIndex: 13 } } }]);
    expect(outline((await get(id)).body!.content!).slice(1)).toEqual([[1, 25, 'NORMAL_TEXT', 'Hello worldSecond line!\n']]);
  });

  it('rejects bad indexes with Docs messages and applies nothing of a failed batch', async () => {
    const id = await create('Bad', 'abc');
    const before = await get(id);
    const past = await failure(api.documents.batchUpdate({ documentId: id, requestBody: { requests: [
      { insertText: { location: { index: 1 }, text: 'will not stay' } }, { insertText: { location: { index: 50 }, text: 'x' } },
    ] } }));
    expect(past).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT', message: 'Invalid requests[1].insertText: Index 50 must be less than the end index of the referenced segment, 18.' });
    const zero = await failure(batch(id, [{ insertText: { location: { index: 0 }, text: 'x' } }]));
    expect(zero.message).toBe('Invalid requests[0].insertText: The insertion index must be inside the bounds of an existing paragraph. You can still create new paragraphs by inserting newlines.');
    const last = await failure(batch(id, [{ deleteContentRange: { range: { startIndex: 1, endIndex: 5 } } }]));
    expect(last.message).toContain('Invalid requests[0].deleteContentRange:');
    expect(await get(id)).toEqual(before);
  });

  it('replaces all text with occurrence counts, case-sensitive or not', async () => {
    const id = await create('Replace', 'Cat cat CAT\ncat');
    const { replies } = await batch(id, [
      { replaceAllText: { containsText: { text: 'cat', matchCase: true }, replaceText: 'dog' } },
      { replaceAllText: { containsText: { text: 'CAT' }, replaceText: 'bird' } },
      { replaceAllText: { containsText: { text: 'zebra' }, replaceText: 'x' } },
    ]);
    expect(replies).toEqual([{ replaceAllText: { occurrencesChanged: 2 } }, { replaceAllText: { occurrencesChanged: 2 } }, { replaceAllText: {} }]);
    expect(outline((await get(id)).body!.content!).slice(1).map((o) => o[3])).toEqual(['bird dog bird\n', 'dog\n']);
  });

  it('styles text and paragraphs through field masks, splitting text runs', async () => {
    const id = await create('Style', 'Title line\nBody text here');
    await batch(id, [
      { updateTextStyle: { range: { startIndex: 12, endIndex: 16 }, textStyle: { bold: true, italic: true }, fields: 'bold' } },
      { updateParagraphStyle: { range: { startIndex: 1, endIndex: 2 }, paragraphStyle: { namedStyleType: 'HEADING_1' }, fields: 'namedStyleType' } },
    ]);
    const content = (await get(id)).body!.content!;
    expect(content[1]!.paragraph!.paragraphStyle).toMatchObject({ namedStyleType: 'HEADING_1', headingId: expect.stringMatching(/^h\./) });
    expect(content[2]!.paragraph!.elements!.map((e) => [e.startIndex, e.endIndex, e.textRun!.content, e.textRun!.textStyle])).toEqual([
      [12, 16, 'Body', { bold: true }], [16, 27, ' text here\n', {}],
    ]);
    const bad = await failure(batch(id, [{ updateTextStyle: { range: { startIndex: 1, endIndex: 3 }, textStyle: { bold: true }, fields: '' } }]));
    expect(bad.message).toBe("Invalid requests[0].updateTextStyle: At least one field must be listed in 'fields'. (Use '*' to indicate all fields.)");
  });

  it('creates bullets (leading tabs become nesting levels) and removes them', async () => {
    const id = await create('List', 'one\n\ttwo\nthree');
    await batch(id, [{ createParagraphBullets: { range: { startIndex: 1, endIndex: 15 }, bulletPreset: 'NUMBERED_DECIMAL_ALPHA_ROMAN' } }]);
    const doc = await get(id);
    const paras = doc.body!.content!.slice(1);
    expect(paras.map((p) => [p.startIndex, p.paragraph!.bullet?.nestingLevel ?? 0, p.paragraph!.elements![0]!.textRun!.content])).toEqual([[1, 0, 'one\n'], [5, 1, 'two\n'], [9, 0, 'three\n']]);
    const listId = paras[0]!.paragraph!.bullet!.listId!;
    expect(doc.lists![listId]!.listProperties!.nestingLevels![0]).toMatchObject({ glyphType: 'DECIMAL', glyphFormat: '%0.' });
    await batch(id, [{ deleteParagraphBullets: { range: { startIndex: 5, endIndex: 6 } } }]);
    expect((await get(id)).body!.content!.slice(1).map((p) => Boolean(p.paragraph!.bullet))).toEqual([true, false, true]);
  });

  it('inserts a table after a new newline, with Docs table indexes, and a page break', async () => {
    const id = await create('Table', 'Intro');
    await batch(id, [{ insertTable: { rows: 2, columns: 2, endOfSegmentLocation: {} } }]);
    const content = (await get(id)).body!.content!;
    expect(outline(content)).toEqual([[0, 1, 'sb', undefined], [1, 7, 'NORMAL_TEXT', 'Intro\n'], [7, 19, 'table', undefined], [19, 20, 'NORMAL_TEXT', '\n']]);
    const table = content[2]!.table!;
    expect([table.rows, table.columns]).toEqual([2, 2]);
    expect(table.tableRows!.map((r) => [r.startIndex, r.endIndex, r.tableCells!.map((c) => [c.startIndex, c.endIndex, c.content![0]!.startIndex])])).toEqual([
      [8, 13, [[9, 11, 10], [11, 13, 12]]], [13, 18, [[14, 16, 15], [16, 18, 17]]],
    ]);
    // Text goes into the first cell at its paragraph's index; the table grows by it.
    await batch(id, [{ insertText: { location: { index: 10 }, text: 'A1' } }, { insertPageBreak: { location: { index: 6 } } }]);
    const after = (await get(id)).body!.content!;
    expect(outline(after).map((o) => o.slice(0, 3))).toEqual([[0, 1, 'sb'], [1, 8, 'NORMAL_TEXT'], [8, 9, 'NORMAL_TEXT'], [9, 23, 'table'], [23, 24, 'NORMAL_TEXT']]);
    expect(after[1]!.paragraph!.elements!.map((e) => (e.pageBreak ? 'pb' : e.textRun!.content))).toEqual(['Intro', 'pb', '\n']);
    expect(after[3]!.table!.tableRows![0]!.tableCells![0]!.content![0]!.paragraph!.elements![0]!.textRun!.content).toBe('A1\n');
    const inTable = await failure(batch(id, [{ insertPageBreak: { location: { index: 12 } } }]));
    expect(inTable.message).toContain('Invalid requests[0].insertPageBreak:');
    const cutTable = await failure(batch(id, [{ deleteContentRange: { range: { startIndex: 8, endIndex: 12 } } }]));
    expect(cutTable.message).toContain('Invalid requests[0].deleteContentRange:');
  });

  it('keeps named ranges on their text as indexes shift, and replaces their content', async () => {
    const id = await create('Named', 'Dear NAME, hello.');
    const { replies } = await batch(id, [{ createNamedRange: { name: 'who', range: { startIndex: 6, endIndex: 10 } } }]);
    const namedRangeId = replies![0]!.createNamedRange!.namedRangeId!;
    expect(namedRangeId).toMatch(/^kix\./);
    await batch(id, [{ insertText: { location: { index: 1 }, text: 'Hi. ' } }, { insertText: { location: { index: 12 }, text: 'X' } }, { deleteContentRange: { range: { startIndex: 15, endIndex: 17 } } }]);
    let doc = await get(id);
    expect(doc.namedRanges!.who!.namedRanges).toEqual([{ namedRangeId, name: 'who', ranges: [{ startIndex: 10, endIndex: 15, tabId: 't.0' }] }]);
    await batch(id, [{ replaceNamedRangeContent: { namedRangeName: 'who', text: 'Ada Lovelace' } }]);
    doc = await get(id);
    expect(doc.body!.content![1]!.paragraph!.elements![0]!.textRun!.content).toBe('Hi. Dear Ada Lovelacehello.\n');
    expect(doc.namedRanges!.who!.namedRanges![0]!.ranges).toEqual([{ startIndex: 10, endIndex: 22, tabId: 't.0' }]);
    await batch(id, [{ deleteNamedRange: { namedRangeId } }]);
    expect((await get(id)).namedRanges).toBeUndefined();
  });

  it('checks writeControl.requiredRevisionId and answers the new revision', async () => {
    const id = await create('Revisions');
    const rev0 = (await get(id)).revisionId!;
    const first = await batch(id, [{ insertText: { location: { index: 1 }, text: 'a' } }], { requiredRevisionId: rev0 });
    expect(first.writeControl!.requiredRevisionId).not.toBe(rev0);
    expect(first.writeControl!.requiredRevisionId).toBe((await get(id)).revisionId);
    const stale = await failure(batch(id, [{ insertText: { location: { index: 1 }, text: 'b' } }], { requiredRevisionId: rev0 }));
    expect(stale).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT' });
    expect(stale.message).toContain(rev0);
    await batch(id, [{ insertText: { location: { index: 1 }, text: 'c' } }], { targetRevisionId: rev0 });
    expect(outline((await get(id)).body!.content!)[1]![3]).toBe('ca\n');
    const bodyError = await raw(universe, `/v1/documents/${id}:batchUpdate`, { method: 'POST', body: { requests: [{ frobnicate: {} }] } });
    expect(bodyError.status).toBe(400);
  });
});
