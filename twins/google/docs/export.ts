// Docs content for Drive's files.export: text/plain (UTF-8 with a BOM, as Docs exports it; bullets as
// "* ", numbered items as "1. ", table cells one per line) and text/html. Signature kept stable for
// routes/files.ts.
import { paragraphs, type DocContent, type Style } from './model.js';
import { renderBody } from './render.js';
import { isNumbered } from './styles.js';

export const DOCUMENT_EXPORTS = ['text/plain', 'text/html'];

/** The parts of rendered StructuralElements the exporters read. */
interface El {
  paragraph?: { elements: { textRun?: { content: string; textStyle: Style }; pageBreak?: unknown }[]; paragraphStyle: Style; bullet?: { listId: string } };
  table?: { tableRows: { tableCells: { content: El[] }[] }[] };
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const TAGS: Record<string, string> = { TITLE: 'h1', SUBTITLE: 'h2', HEADING_1: 'h1', HEADING_2: 'h2', HEADING_3: 'h3', HEADING_4: 'h4', HEADING_5: 'h5', HEADING_6: 'h6' };

function runHtml(content: string, ts: Style): string {
  let html = escapeHtml(content.replace(/\n$/, ''));
  if (html === '') return '';
  if (ts.bold) html = `<b>${html}</b>`;
  if (ts.italic) html = `<i>${html}</i>`;
  if (ts.underline) html = `<u>${html}</u>`;
  const link = (ts.link as { url?: string } | undefined)?.url;
  return link ? `<a href="${escapeHtml(link)}">${html}</a>` : html;
}

function contentHtml(doc: DocContent, elements: El[]): string {
  let out = '';
  let openList: string | null = null;
  const close = () => { if (openList) { out += `</${openList}>`; openList = null; } };
  for (const el of elements) {
    if (el.table) {
      close();
      out += `<table>${el.table.tableRows.map((r) => `<tr>${r.tableCells.map((c) => `<td>${contentHtml(doc, c.content)}</td>`).join('')}</tr>`).join('')}</table>`;
      continue;
    }
    if (!el.paragraph) continue;
    const p = el.paragraph;
    const inner = p.elements.map((e) => (e.textRun ? runHtml(e.textRun.content, e.textRun.textStyle) : e.pageBreak ? '<hr style="page-break-before:always;display:none;">' : '')).join('');
    if (p.bullet) {
      const tag = isNumbered(doc.lists[p.bullet.listId]?.nestingLevels) ? 'ol' : 'ul';
      if (openList !== tag) { close(); out += `<${tag}>`; openList = tag; }
      out += `<li>${inner}</li>`;
      continue;
    }
    close();
    const tag = TAGS[p.paragraphStyle.namedStyleType as string] ?? 'p';
    out += `<${tag}>${inner}</${tag}>`;
  }
  close();
  return out;
}

/** The export of `doc` (titled `title`) as `mimeType`, or null for a type this twin does not export. */
export function exportDocument(doc: DocContent, mimeType: string, title = ''): string | null {
  if (!DOCUMENT_EXPORTS.includes(mimeType)) return null;
  if (mimeType === 'text/plain') {
    const numbers = new Map<string, number>();
    const lines = paragraphs(doc.items).map(({ nl, text: withBreaks }) => ({ nl, text: withBreaks.replace(/\u000b/g, '') })).map((p) => {
      if (!p.nl.bullet) return p.text;
      const listId = p.nl.bullet.listId;
      if (!isNumbered(doc.lists[listId]?.nestingLevels)) return `${'    '.repeat(p.nl.bullet.nestingLevel ?? 0)}* ${p.text}`;
      const n = (numbers.get(listId) ?? 0) + 1;
      numbers.set(listId, n);
      return `${n}. ${p.text}`;
    });
    return `\ufeff${lines.join('\r\n')}`;
  }
  const body = contentHtml(doc, renderBody(doc.items).slice(1) as El[]);
  return `<html><head><meta content="text/html; charset=UTF-8" http-equiv="content-type"><title>${escapeHtml(title)}</title></head><body>${body}</body></html>`;
}
