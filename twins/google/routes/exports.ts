// files.export and files.copy for Docs Editors files: the content lives with the Docs and Sheets APIs
// (docs/, sheets/), which render it in the export formats Drive offers; Drive only picks the exporter.
// Errors as Drive sends them: 403 fileNotExportable for a binary file, 400 badRequest for a format the
// file type does not export to.
import { documentOf } from '../docs/content.js';
import { exportDocument } from '../docs/export.js';
import { googleError } from '../errors.js';
import { spreadsheetOf } from '../sheets/content.js';
import { exportSpreadsheet } from '../sheets/export.js';
import { DOC, SHEET, type DriveFile, type GoogleData } from '../store.js';

export function exportFile(data: GoogleData, file: DriveFile, mimeType: string): { mimeType: string; body: string } {
  if (!file.mimeType.startsWith('application/vnd.google-apps.') || file.mimeType === 'application/vnd.google-apps.folder') {
    throw googleError(403, 'fileNotExportable', 'Export only supports Docs Editors files.');
  }
  let body: string | null = null;
  if (file.mimeType === SHEET) body = exportSpreadsheet(spreadsheetOf(data, file), mimeType);
  if (file.mimeType === DOC) body = exportDocument(documentOf(data, file), mimeType, file.name);
  if (body === null) throw googleError(400, 'badRequest', 'The requested conversion is not supported.');
  return { mimeType: mimeType.startsWith('text/') ? `${mimeType}; charset=utf-8` : mimeType, body };
}

/** The copy of a Doc or Sheet gets the original's content (stored under the copy's id). */
export function copyContent(data: GoogleData, source: DriveFile, copy: DriveFile): void {
  if (source.mimeType === SHEET) {
    const content = structuredClone(spreadsheetOf(data, source));
    content.properties.title = copy.name;
    data.spreadsheets[copy.id] = content;
  }
  if (source.mimeType === DOC) data.documents[copy.id] = structuredClone(documentOf(data, source));
}
