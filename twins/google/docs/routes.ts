// Docs v1 documents.create / get / batchUpdate (operation = discovery method id). A document is a Drive file
// (application/vnd.google-apps.document): created in the caller's My Drive, read with reader access,
// changed with writer access (workspace-file.ts). A batch applies to a copy and replaces the document only
// when every request succeeded; writeControl.requiredRevisionId must name the current revision.
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TwinContext } from '../../../shared/kernel/twin-definition.js';
import { canWrite } from '../drive.js';
import { DOC, type GoogleData } from '../store.js';
import { partial } from '../sheets/routes.js';
import { documentOf } from './content.js';
import { cachedJson } from './read-cache.js';
import { EditError } from './edit.js';
import { emptyDocument, type DocContent } from './model.js';
import { renderBody, wellFormed } from './render.js';
import { DOC_REQUESTS } from './requests.js';
import { DOCUMENT_STYLE, NAMED_STYLES } from './styles.js';
import { apiError, contentChanged, createFile, DOCS_SCOPES, invalidArgument, openFile, type Opened } from './workspace-file.js';

const SERVICE = 'docs.googleapis.com';
const VIEW_MODES = ['DEFAULT_FOR_CURRENT_ACCESS', 'SUGGESTIONS_INLINE', 'PREVIEW_SUGGESTIONS_ACCEPTED', 'PREVIEW_WITHOUT_SUGGESTIONS'];

/** An opaque revision id, stable for (document, revision). */
export const revisionId = (id: string, doc: DocContent) => `ALBJ4L${createHash('sha256').update(`${id}:${doc.revision}`).digest('base64url')}`;

function documentResource(file: Opened['file'], doc: DocContent, viewMode: string, tabs: boolean): Record<string, unknown> {
  const namedRanges: Record<string, { name: string; namedRanges: unknown[] }> = {};
  for (const nr of doc.namedRanges) {
    (namedRanges[nr.name] ??= { name: nr.name, namedRanges: [] }).namedRanges.push({ namedRangeId: nr.namedRangeId, name: nr.name, ranges: nr.ranges.map((r) => ({ ...r, tabId: 't.0' })) });
  }
  const content = {
    body: { content: renderBody(doc.items) }, documentStyle: DOCUMENT_STYLE, namedStyles: NAMED_STYLES,
    ...(Object.keys(doc.lists).length > 0 && { lists: Object.fromEntries(Object.entries(doc.lists).map(([id, l]) => [id, { listProperties: { nestingLevels: l.nestingLevels } }])) }),
    ...(doc.namedRanges.length > 0 && { namedRanges }),
  };
  return {
    title: file.name,
    ...(tabs ? { tabs: [{ tabProperties: { tabId: 't.0', title: 'Tab 1', index: 0 }, documentTab: content }] } : content),
    revisionId: revisionId(file.id, doc), suggestionsViewMode: viewMode, documentId: file.id,
  };
}

function applyBatch(doc: DocContent, requests: unknown): { doc: DocContent; replies: Record<string, unknown>[] } {
  if (!Array.isArray(requests) || requests.length === 0) throw invalidArgument('Invalid requests: must specify at least one request.');
  const copy = structuredClone(doc);
  const replies = requests.map((req: unknown, i) => {
    const entries = req && typeof req === 'object' && !Array.isArray(req) ? Object.entries(req as Record<string, unknown>) : [];
    if (entries.length !== 1) throw invalidArgument(`Invalid requests[${i}]: exactly one request kind must be set.`);
    const [kind, body] = entries[0]!;
    const handler = DOC_REQUESTS[kind];
    if (!handler) throw invalidArgument(`Invalid JSON payload received. Unknown name "${kind}" at 'requests[${i}]': Cannot find field.`);
    try {
      const reply = structuredClone(handler(copy, (body && typeof body === 'object' ? body : {}) as Record<string, unknown>) ?? {});
      // Every request keeps the document readable; this guards the rare edit the request checks let through.
      if (!wellFormed(copy.items)) throw new EditError('The request would leave the document in an invalid state.');
      return reply;
    } catch (error) {
      if (error instanceof EditError) throw invalidArgument(`Invalid requests[${i}].${kind}: ${error.message}`);
      throw error;
    }
  });
  copy.revision++;
  return { doc: copy, replies };
}

export function docsRoutes(app: FastifyInstance, ctx: TwinContext<GoogleData>): void {
  const open = (request: FastifyRequest, id: string, write: boolean) => openFile(ctx, request, id, DOC, write, DOCS_SCOPES, SERVICE);

  app.post<{ Body: { title?: unknown } | undefined; Querystring: { fields?: string } }>('/v1/documents', { config: { operation: 'docs.documents.create' } }, (request) => {
    const body = request.body ?? {};
    if (typeof body !== 'object' || Array.isArray(body) || (body.title !== undefined && typeof body.title !== 'string')) throw invalidArgument('Invalid JSON payload received. Invalid value at \'document.title\'.');
    // Only the title is used: Docs ignores any content sent with create.
    const opened = createFile(ctx, request, DOC, (body.title as string | undefined) || 'Untitled document', DOCS_SCOPES, SERVICE);
    const doc = emptyDocument();
    ctx.store.data.documents[opened.file.id] = doc;
    return partial(documentResource(opened.file, doc, 'SUGGESTIONS_INLINE', false), request.query.fields);
  });

  app.get<{ Params: { documentId: string }; Querystring: { suggestionsViewMode?: string; includeTabsContent?: string; fields?: string } }>(
    '/v1/documents/:documentId', { config: { operation: 'docs.documents.get', readOnly: true } }, (request, reply) => {
      const q = request.query;
      if (q.suggestionsViewMode !== undefined && !VIEW_MODES.includes(q.suggestionsViewMode)) {
        throw invalidArgument(`Invalid value at 'suggestions_view_mode' (type.googleapis.com/google.apps.docs.v1.SuggestionsViewMode), "${q.suggestionsViewMode}"`);
      }
      const opened = open(request, request.params.documentId, false);
      // The default view depends on access: editors see suggestions inline, others a preview without them.
      const mode = !q.suggestionsViewMode || q.suggestionsViewMode === 'DEFAULT_FOR_CURRENT_ACCESS'
        ? (canWrite(opened.role) ? 'SUGGESTIONS_INLINE' : 'PREVIEW_WITHOUT_SUGGESTIONS') : q.suggestionsViewMode;
      const tabs = q.includeTabsContent === 'true';
      const json = cachedJson(opened.file, `get|${mode}|${tabs}|${q.fields ?? ''}`, () => partial(documentResource(opened.file, documentOf(ctx.store.data, opened.file), mode, tabs), q.fields));
      return reply.type('application/json; charset=utf-8').send(json);
    });

  app.post<{ Params: { documentId: string }; Body: { requests?: unknown; writeControl?: { requiredRevisionId?: unknown; targetRevisionId?: unknown } } | undefined; Querystring: { fields?: string } }>(
    '/v1/documents/:documentId(^[^/:]+)::batchUpdate', { config: { operation: 'docs.documents.batchUpdate' } }, (request) => {
      const opened = open(request, request.params.documentId, true);
      const data = ctx.store.data;
      const doc = documentOf(data, opened.file);
      const body = request.body ?? {};
      const current = revisionId(opened.file.id, doc);
      const wc = body.writeControl ?? {};
      if (wc.requiredRevisionId !== undefined && wc.targetRevisionId !== undefined) throw invalidArgument('Only one of requiredRevisionId and targetRevisionId may be set.');
      if (wc.requiredRevisionId !== undefined && wc.requiredRevisionId !== current) {
        throw apiError(400, `The required revision ID ${String(wc.requiredRevisionId)} does not match the latest revision ID ${current}.`);
      }
      // targetRevisionId: Docs merges against collaborators' changes since that revision; here the requests apply to the latest.
      const { doc: next, replies } = applyBatch(doc, body.requests);
      data.documents[opened.file.id] = next;
      contentChanged(ctx, opened);
      return partial({ replies, writeControl: { requiredRevisionId: revisionId(opened.file.id, next) }, documentId: opened.file.id }, request.query.fields);
    });
}
