// Attachments: upload (multipart/form-data, field "file", any number of files; Jira demands the
// `X-Atlassian-Token: no-check` header and answers its plain-text 403 "XSRF check failed" without it),
// metadata, content download (with a single `Range`), settings, delete (author or site admin).
// @fastify/multipart is registered here, inside the Jira twin's plugin only.
import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TwinContext } from '../../../shared/kernel/twin-definition.js';
import { callerId } from '../auth.js';
import { type JiraAttachment, nextId } from '../entities.js';
import { jiraError } from '../errors.js';
import { isSiteAdmin, type JiraData, type JiraIssue, jiraTime } from '../store.js';
import { attachmentView } from '../views-site.js';
import { emitEvent } from '../webhooks/dispatch.js';
import { findIssue } from './issues.js';
import { VERSIONS } from './params.js';

const UPLOAD_LIMIT = 10 * 1024 * 1024;

export function attachmentsRoutes(app: FastifyInstance, ctx: TwinContext<JiraData>): void {
  void app.register(fastifyMultipart, { limits: { fileSize: UPLOAD_LIMIT, files: 60 } });

  /** The attachment and its issue, hidden (404) when the caller cannot browse the issue. */
  const attachmentOf = (request: FastifyRequest): { issue: JiraIssue; attachment: JiraAttachment } => {
    const { id } = request.params as { id: string };
    const data = ctx.store.data;
    const me = callerId(request);
    const missing = jiraError(404, `The attachment with id '${id}' does not exist`);
    const issueId = data.attachmentIssue[id];
    const attachment = issueId === undefined ? undefined : data.issues[issueId]?.attachments?.find((a) => a.id === id);
    if (!attachment) throw missing;
    try { return { issue: findIssue(data, issueId, me), attachment }; } catch { throw missing; }
  };

  for (const v of VERSIONS) {
    const api = `/rest/api/${v}`;

    app.post(`${api}/issue/:issueIdOrKey/attachments`, { config: { operation: 'addAttachment' } }, async (request, reply) => {
      if (String(request.headers['x-atlassian-token'] ?? '').toLowerCase() !== 'no-check') {
        return reply.code(403).type('text/plain;charset=UTF-8').send('XSRF check failed');
      }
      const data = ctx.store.data;
      const me = callerId(request);
      const issue = findIssue(data, (request.params as { issueIdOrKey: string }).issueIdOrKey, me);
      if (!request.isMultipart()) throw jiraError(415, 'The request must be multipart/form-data with the files in "file" parts.');
      const uploads: { filename: string; mimeType: string; content: Buffer }[] = [];
      try {
        for await (const part of request.files()) {
          const content = await part.toBuffer();
          if (part.fieldname === 'file') uploads.push({ filename: part.filename || 'attachment', mimeType: part.mimetype || 'application/octet-stream', content });
        }
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (code === 'FST_REQ_FILE_TOO_LARGE') throw jiraError(413, `The file is larger than the attachment size limit of ${UPLOAD_LIMIT} bytes.`);
        throw jiraError(400, 'The multipart request could not be read.');
      }
      if (!uploads.length) throw jiraError(400, '', { file: 'No attachments were provided: send them as "file" parts.' });
      const now = jiraTime(ctx.clock.now());
      const added = uploads.map((u): JiraAttachment => ({
        id: String(nextId(data, 'attachment')), filename: u.filename, authorAccountId: me, created: now, size: u.content.length, mimeType: u.mimeType, content: u.content.toString('base64'),
      }));
      issue.attachments = [...(issue.attachments ?? []), ...added];
      for (const a of added) data.attachmentIssue[a.id] = issue.id;
      issue.updated = now;
      ctx.store.changed();
      for (const a of added) emitEvent(ctx, { webhookEvent: 'attachment_created', actorId: me, extra: { attachment: attachmentView(data, ctx.publicUrl(), '2', a) } });
      return added.map((a) => attachmentView(data, ctx.publicUrl(), v, a));
    });

    app.get(`${api}/attachment/meta`, { config: { operation: 'getAttachmentMeta' } }, () => ({ enabled: true, uploadLimit: UPLOAD_LIMIT }));

    app.get(`${api}/attachment/:id`, { config: { operation: 'getAttachment' } }, (request) => {
      const { attachment } = attachmentOf(request);
      const view = attachmentView(ctx.store.data, ctx.publicUrl(), v, attachment);
      return { ...view, id: Number(attachment.id), properties: {} };
    });

    app.get(`${api}/attachment/content/:id`, { config: { operation: 'getAttachmentContent' } }, (request, reply) => {
      const { attachment } = attachmentOf(request);
      const bytes = Buffer.from(attachment.content, 'base64');
      reply.header('content-type', attachment.mimeType).header('content-disposition', `attachment; filename="${attachment.filename.replace(/"/g, '')}"`).header('accept-ranges', 'bytes');
      const range = /^bytes=(\d*)-(\d*)$/.exec(String(request.headers.range ?? ''));
      if (range && (range[1] || range[2])) {
        const start = range[1] ? Number(range[1]) : Math.max(0, bytes.length - Number(range[2]));
        const end = range[1] && range[2] ? Math.min(Number(range[2]), bytes.length - 1) : bytes.length - 1;
        if (start > end || start >= bytes.length) return reply.code(416).header('content-range', `bytes */${bytes.length}`).send();
        return reply.code(206).header('content-range', `bytes ${start}-${end}/${bytes.length}`).send(bytes.subarray(start, end + 1));
      }
      return reply.send(bytes);
    });

    app.delete(`${api}/attachment/:id`, { config: { operation: 'removeAttachment' } }, (request, reply) => {
      const { issue, attachment } = attachmentOf(request);
      const me = callerId(request);
      if (attachment.authorAccountId !== me && !isSiteAdmin(ctx.store.data, me)) throw jiraError(403, 'You do not have permission to delete this attachment.');
      issue.attachments = (issue.attachments ?? []).filter((a) => a !== attachment);
      delete ctx.store.data.attachmentIssue[attachment.id];
      ctx.store.changed();
      emitEvent(ctx, { webhookEvent: 'attachment_deleted', actorId: me, extra: { attachment: attachmentView(ctx.store.data, ctx.publicUrl(), '2', attachment) } });
      return reply.code(204).send();
    });
  }
}
