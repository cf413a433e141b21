// Where a document's content lives: `data.documents[fileId]` once written through the Docs API; seeded
// Docs never written read a deterministic document (title, headings, paragraphs, a bulleted list) built
// from the file, with ids derived from the file id so every read sees the same document.
import { createHash } from 'node:crypto';
import type { DriveFile, GoogleData } from '../store.js';
import { emptyDocument, type DocContent, type Item } from './model.js';
import { listLevels } from './styles.js';

interface Line { text: string; style?: string; bullet?: boolean }

const stableId = (file: DriveFile, what: string, prefix: string) => `${prefix}.${createHash('sha256').update(`${file.id}:${what}`).digest('hex').slice(0, 12)}`;

/** A document of these lines (paragraph styles, bullets on one list). */
export function documentOfLines(file: DriveFile, lines: Line[]): DocContent {
  const doc = emptyDocument();
  const listId = stableId(file, 'list', 'kix');
  const levels = listLevels('BULLET_DISC_CIRCLE_SQUARE');
  const items: Item[] = [{ k: 'sb' }];
  lines.forEach((line, i) => {
    const style = line.style ?? 'NORMAL_TEXT';
    const heading = style !== 'NORMAL_TEXT';
    if (line.text !== '') items.push({ k: 't', s: line.text });
    items.push({
      k: 'nl',
      ps: {
        ...(heading && { headingId: stableId(file, `h${i}`, 'h') }), namedStyleType: style, direction: 'LEFT_TO_RIGHT',
        ...(line.bullet && { indentFirstLine: levels[0]!.indentFirstLine, indentStart: levels[0]!.indentStart }),
      },
      ...(line.bullet && { bullet: { listId } }),
    });
  });
  doc.items = items;
  if (lines.some((l) => l.bullet)) doc.lists[listId] = { nestingLevels: levels };
  return doc;
}

/** The seeded content of a Doc that has none stored yet: an intro page, private notes or a team plan, by its name. */
export function seededDocument(file: DriveFile, ownerName: string): DocContent {
  if (file.name.startsWith('About ')) {
    return documentOfLines(file, [
      { text: file.name, style: 'TITLE' },
      { text: `${ownerName} works here and keeps this page up to date for colleagues.` },
      { text: 'Working with me', style: 'HEADING_1' },
      { text: 'Best reached by chat during office hours', bullet: true },
      { text: 'Prefers written proposals before meetings', bullet: true },
      { text: 'Current focus', style: 'HEADING_1' },
      { text: 'This quarter is about the team plan and its budget.' },
    ]);
  }
  if (file.name.endsWith('private notes')) {
    return documentOfLines(file, [
      { text: file.name, style: 'TITLE' },
      { text: 'To do', style: 'HEADING_2' },
      { text: 'Prepare the weekly update', bullet: true },
      { text: 'Review the budget sheet', bullet: true },
      { text: 'Book time for the quarterly review', bullet: true },
      { text: 'Scratch', style: 'HEADING_2' },
      { text: 'Ideas that are not ready to share yet.' },
    ]);
  }
  const topic = file.name.replace(/\s*\(.*\)$/, '');
  return documentOfLines(file, [
    { text: file.name, style: 'TITLE' },
    { text: `Owner: ${ownerName}. This document collects what the team agreed on and what comes next.` },
    { text: 'Goals', style: 'HEADING_1' },
    { text: `Ship the ${topic} milestones on time`, bullet: true },
    { text: 'Keep the budget within the approved plan', bullet: true },
    { text: 'Review progress every two weeks', bullet: true },
    { text: 'Notes', style: 'HEADING_1' },
    { text: 'Decisions are recorded here with their date and the people involved.' },
    { text: 'Open questions go to the next review.' },
  ]);
}

/** The document to read (stored, or the seeded one). */
export function documentOf(data: GoogleData, file: DriveFile): DocContent {
  const stored = data.documents[file.id];
  if (stored) return stored;
  const owner = data.users.find((u) => u.primaryEmail === file.owner);
  return seededDocument(file, owner?.name.fullName ?? file.owner);
}
