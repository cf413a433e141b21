// A scenario fixture's `files` in Drive: folders, Docs, Sheets and plain files in their owners' My
// Drive, with the listed content and shares, added after the seeded files. Ids derive from the seed
// and the file name (names are unique in the fixture's list); times follow the seeded files'.
import { googleId } from '../../shared/seeding/people-ids.js';
import type { GoogleScenario, ScenarioFile, ScenarioShare } from '../../shared/seeding/scenario.js';
import { documentOfLines } from './docs/content.js';
import { parseUserEntered } from './sheets/format.js';
import { newSpreadsheet, setCell } from './sheets/model.js';
import { DOC, driveId, FOLDER, SHEET, type DriveFile, type DrivePermission, type GoogleData } from './store.js';

/** Seeded files are created within 300 days of 2025-01-06; scenario files come a day after, an hour apart. */
const SCENARIO_TIME = Date.parse('2025-11-03T09:00:00.000Z');
const HOUR = 3_600_000;

const MIME_BY_EXTENSION: Record<string, string> = {
  txt: 'text/plain', csv: 'text/csv', md: 'text/markdown', json: 'application/json', pdf: 'application/pdf', html: 'text/html',
  png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

function mimeTypeOf(spec: ScenarioFile): string {
  // Looked up at call time: store.ts imports this module, so its constants are not set yet at load.
  if (spec.type !== 'file') return { document: DOC, spreadsheet: SHEET, folder: FOLDER }[spec.type];
  const extension = /\.([a-z0-9]+)$/i.exec(spec.name)?.[1]?.toLowerCase();
  return (extension && MIME_BY_EXTENSION[extension]) || (spec.content !== undefined ? 'text/plain' : 'application/octet-stream');
}

function permission(seed: number, share: ScenarioShare): DrivePermission {
  switch (share.type) {
    case 'user': return { id: googleId(seed, share.emailAddress!), type: 'user', role: share.role, emailAddress: share.emailAddress };
    case 'group': return { id: googleId(seed, `group:${share.group}`), type: 'group', role: share.role, emailAddress: share.emailAddress };
    case 'domain': return { id: googleId(seed, `domain:${share.domain}`), type: 'domain', role: share.role, domain: share.domain, allowFileDiscovery: true };
    case 'anyone': return { id: 'anyoneWithLink', type: 'anyone', role: share.role, allowFileDiscovery: false };
  }
}

export function applyGoogleScenario(data: GoogleData, seed: number, scenario: GoogleScenario | undefined): GoogleData {
  if (!scenario) return data;
  const idOf = new Map(scenario.files.map((f) => [f.name, driveId(seed, `scenario:${f.name}`)]));
  scenario.files.forEach((spec, index) => {
    const root = data.roots[spec.owner];
    if (!root) return; // the loader only lets people the Drive holds own files
    const id = idOf.get(spec.name)!;
    const time = new Date(SCENARIO_TIME + index * HOUR).toISOString();
    const file: DriveFile = {
      id, name: spec.name, mimeType: mimeTypeOf(spec), ...(spec.description !== undefined && { description: spec.description }),
      parents: [spec.parent === null ? root : idOf.get(spec.parent)!], owner: spec.owner, trashed: false, starred: false, createdTime: time, modifiedTime: time,
      permissions: [{ id: googleId(seed, spec.owner), type: 'user', role: 'owner', emailAddress: spec.owner }, ...spec.shares.map((s) => permission(seed, s))],
    };
    if (spec.type === 'file' && typeof spec.content === 'string') file.content = Buffer.from(spec.content, 'utf8').toString('base64');
    data.files[id] = file;
    if (spec.type === 'document' && typeof spec.content === 'string') {
      data.documents[id] = documentOfLines(file, [{ text: spec.name, style: 'TITLE' }, ...spec.content.split('\n').map((text) => ({ text }))]);
    }
    if (spec.type === 'spreadsheet' && Array.isArray(spec.content)) {
      const ss = newSpreadsheet(spec.name, 'America/New_York');
      spec.content.forEach((row, r) => row.forEach((cell, c) => setCell(ss.sheets[0]!, r, c, parseUserEntered(String(cell)))));
      data.spreadsheets[id] = ss;
    }
  });
  return data;
}
