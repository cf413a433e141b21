// Issue links (create, get, delete) and link types (Blocks, Cloners, Duplicate, Relates). A link
// created with inwardIssue A and outwardIssue B reads "A <outward> B" (A blocks B): A shows it with
// outwardIssue B, B with inwardIssue A. Both issues must be browsable; the same link twice is one link.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TwinContext } from '../../../shared/kernel/twin-definition.js';
import { callerId } from '../auth.js';
import { type JiraIssueLink, LINK_TYPES } from '../entities.js';
import { jiraError } from '../errors.js';
import { type JiraData, jiraTime } from '../store.js';
import { link } from '../seed-site.js';
import { linkTypeView, linkView } from '../views-site.js';
import { emitEvent } from '../webhooks/dispatch.js';
import { commentBody } from './comments.js';
import { findIssue } from './issues.js';
import { objectBody, VERSIONS } from './params.js';

const ref = (value: unknown) => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {});

export function linksRoutes(app: FastifyInstance, ctx: TwinContext<JiraData>): void {
  /** A link, hidden (404) when the caller cannot see both of its issues. */
  const linkOf = (request: FastifyRequest): JiraIssueLink => {
    const { linkId } = request.params as { linkId: string };
    const data = ctx.store.data;
    const found = data.issueLinks[linkId];
    const missing = () => jiraError(404, `No issue link with id '${linkId}' exists.`);
    if (!found) throw missing();
    try {
      findIssue(data, found.inwardIssueId, callerId(request));
      findIssue(data, found.outwardIssueId, callerId(request));
    } catch {
      throw missing();
    }
    return found;
  };
  const linkPayload = (l: JiraIssueLink) => {
    const t = LINK_TYPES.find((x) => x.id === l.typeId)!;
    return { issueLink: { id: Number(l.id), sourceIssueId: Number(l.inwardIssueId), destinationIssueId: Number(l.outwardIssueId), issueLinkType: { id: Number(t.id), name: t.name, outwardName: t.outward, inwardName: t.inward, isSubTaskLinkType: false, isSystemLinkType: false }, systemLink: false } };
  };

  for (const v of VERSIONS) {
    const api = `/rest/api/${v}`;
    const base = () => ctx.publicUrl();

    app.post(`${api}/issueLink`, { config: { operation: 'linkIssues' } }, (request, reply) => {
      const data = ctx.store.data;
      const me = callerId(request);
      const body = objectBody(request);
      const type = ref(body.type);
      const linkType = LINK_TYPES.find((t) => (type.id !== undefined ? t.id === String(type.id) : t.name === type.name));
      if (!linkType) throw jiraError(404, `No issue link type with name '${String(type.name ?? type.id ?? '')}' found.`);
      const issueOf = (value: unknown, side: string) => {
        const r = ref(value);
        const idOrKey = r.key ?? r.id;
        if (typeof idOrKey !== 'string' && typeof idOrKey !== 'number') throw jiraError(400, '', { [side]: `You must specify the ${side === 'inwardIssue' ? 'inward' : 'outward'} issue.` });
        return findIssue(data, String(idOrKey), me);
      };
      const from = issueOf(body.inwardIssue, 'inwardIssue');
      const to = issueOf(body.outwardIssue, 'outwardIssue');
      if (from.id === to.id) throw jiraError(400, 'You cannot link an issue to itself.');
      const comment = body.comment === undefined ? undefined : commentBody(v, ref(body.comment).body);
      const existing = (from.linkIds ?? []).map((id) => data.issueLinks[id]).find((l) => l && l.typeId === linkType.id && l.inwardIssueId === from.id && l.outwardIssueId === to.id);
      if (!existing) {
        const id = link(data, linkType.id, from, to);
        const now = jiraTime(ctx.clock.now());
        if (comment) to.comments.push({ id: String(data.nextCommentId++), authorAccountId: me, body: comment, created: now, updated: now });
        from.updated = now;
        to.updated = now;
        ctx.store.changed();
        emitEvent(ctx, { webhookEvent: 'issuelink_created', actorId: me, extra: linkPayload(data.issueLinks[id]) });
      }
      return reply.code(201).send();
    });

    app.get(`${api}/issueLink/:linkId`, { config: { operation: 'getIssueLink' } }, (request) => linkView(ctx.store.data, base(), v, linkOf(request), null));

    app.delete(`${api}/issueLink/:linkId`, { config: { operation: 'deleteIssueLink' } }, (request, reply) => {
      const data = ctx.store.data;
      const found = linkOf(request);
      for (const id of [found.inwardIssueId, found.outwardIssueId]) {
        const issue = data.issues[id];
        if (issue) issue.linkIds = (issue.linkIds ?? []).filter((l) => l !== found.id);
      }
      delete data.issueLinks[found.id];
      ctx.store.changed();
      emitEvent(ctx, { webhookEvent: 'issuelink_deleted', actorId: callerId(request), extra: linkPayload(found) });
      return reply.code(204).send();
    });

    app.get(`${api}/issueLinkType`, { config: { operation: 'getIssueLinkTypes' } }, () => ({ issueLinkTypes: LINK_TYPES.map((t) => linkTypeView(base(), v, t)) }));

    app.get(`${api}/issueLinkType/:issueLinkTypeId`, { config: { operation: 'getIssueLinkType' } }, (request) => {
      const { issueLinkTypeId } = request.params as { issueLinkTypeId: string };
      const t = LINK_TYPES.find((x) => x.id === issueLinkTypeId);
      if (!t) throw jiraError(404, `No issue link type with id '${issueLinkTypeId}' found.`);
      return linkTypeView(base(), v, t);
    });
  }
}
