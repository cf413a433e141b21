// Project create (site admins only; the new project gets a Scrum board, browse for jira-software-users as
// the default permission scheme gives) and a project's statuses per issue type.
import type { FastifyInstance } from 'fastify';
import type { TwinContext } from '../../../shared/kernel/twin-definition.js';
import { callerId, requireAdmin } from '../auth.js';
import { nextId } from '../entities.js';
import { ALL_USERS_GROUP, type JiraData, type JiraProject, usersById } from '../store.js';
import { statusView } from '../views.js';
import { ISSUE_TYPES, STATUSES } from '../workflow.js';
import { browsableProject } from './components-versions.js';
import { failFields, objectBody, VERSIONS } from './params.js';

const PROJECT_TYPES = ['software', 'business', 'service_desk'];

export function projectAdminRoutes(app: FastifyInstance, ctx: TwinContext<JiraData>): void {
  for (const v of VERSIONS) {
    const api = `/rest/api/${v}`;

    app.post(`${api}/project`, { config: { operation: 'createProject' } }, (request, reply) => {
      const data = ctx.store.data;
      const me = requireAdmin(data, request);
      const body = objectBody(request);
      const errors: Record<string, string> = {};
      const key = body.key;
      if (typeof key !== 'string' || !key) errors.projectKey = 'You must specify a unique project key, at least 2 characters long, containing only uppercase letters.';
      else if (!/^[A-Z][A-Z0-9]{1,9}$/.test(key)) errors.projectKey = 'Project keys must start with an uppercase letter, followed by one or more uppercase alphanumeric characters.';
      else if (data.projects.some((p) => p.key === key)) errors.projectKey = `Project '${data.projects.find((p) => p.key === key)!.name}' uses this project key.`;
      const name = typeof body.name === 'string' ? body.name.trim() : '';
      if (!name) errors.projectName = 'You must specify a valid project name.';
      else if (name.length > 80) errors.projectName = 'The project name must not exceed 80 characters in length.';
      else if (data.projects.some((p) => p.name.toLowerCase() === name.toLowerCase())) errors.projectName = 'A project with that name already exists.';
      const leadId = body.leadAccountId ?? me;
      const lead = typeof leadId === 'string' ? usersById(data.users).get(leadId) : undefined;
      if (!lead || !lead.active) errors.projectLead = 'You must specify a valid project lead.';
      const type = body.projectTypeKey ?? 'software';
      if (typeof type !== 'string' || !PROJECT_TYPES.includes(type)) errors.projectTypeKey = 'The project type is invalid.';
      if (body.description !== undefined && typeof body.description !== 'string') errors.description = 'The description must be a string.';
      failFields(errors);
      const project: JiraProject = {
        id: String(Math.max(...data.projects.map((p) => Number(p.id))) + 1), key: key as string, name, description: (body.description as string | undefined) ?? '',
        leadAccountId: lead!.accountId, projectTypeKey: 'software', browseGroups: [ALL_USERS_GROUP], issueCounter: 0,
      };
      data.projects = [...data.projects, project];
      data.boards.push({ id: nextId(data, 'board'), name: `${project.key} board`, type: 'scrum', projectId: project.id, filterJql: `project = ${project.key} ORDER BY Rank ASC` });
      ctx.store.changed();
      reply.code(201);
      return { self: `${ctx.publicUrl()}${api}/project/${project.id}`, id: Number(project.id), key: project.key };
    });

    app.get(`${api}/project/:projectIdOrKey/statuses`, { config: { operation: 'getAllStatuses' } }, (request) => {
      // Every project has the site's scheme; the lookup is the permission check (404 when not browsable).
      browsableProject(ctx.store.data, (request.params as { projectIdOrKey: string }).projectIdOrKey, callerId(request));
      return ISSUE_TYPES.map((t) => ({
        self: `${ctx.publicUrl()}${api}/issuetype/${t.id}`, id: t.id, name: t.name, subtask: t.subtask,
        statuses: STATUSES.map((s) => statusView(ctx.publicUrl(), v, s.id)),
      }));
    });
  }
}
