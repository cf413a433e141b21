// Project components and versions: list per project, create, get, update, delete. Reading needs
// browse permission on the project; writing needs project admin (site admin or the project lead).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TwinContext } from '../../../shared/kernel/twin-definition.js';
import { callerId } from '../auth.js';
import type { JiraComponent, JiraVersion } from '../entities.js';
import { nextId } from '../entities.js';
import { jiraError } from '../errors.js';
import { canBrowse, isSiteAdmin, type JiraData, type JiraProject, projectsByIdOrKey, usersById } from '../store.js';
import { componentView, versionView } from '../views-site.js';
import { dayOf } from '../clock-of.js';
import { failFields, objectBody, VERSIONS } from './params.js';
import { pageBean } from './groups.js';

const ASSIGNEE_TYPES = ['PROJECT_DEFAULT', 'COMPONENT_LEAD', 'PROJECT_LEAD', 'UNASSIGNED'] as const;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The project by id or key, if the caller may browse it; Jira's 404 otherwise. */
export function browsableProject(data: JiraData, idOrKey: unknown, me: string): JiraProject {
  const key = String(idOrKey ?? '');
  const project = projectsByIdOrKey(data.projects).get(key.toUpperCase()) ?? projectsByIdOrKey(data.projects).get(key);
  if (!project || !canBrowse(data, me, project)) throw jiraError(404, `No project could be found with key '${key}'.`);
  return project;
}

/** Project admins: site admins and the project's lead. */
export function requireProjectAdmin(data: JiraData, project: JiraProject, me: string, what: string): void {
  if (!isSiteAdmin(data, me) && project.leadAccountId !== me) throw jiraError(403, `You must have global or project administrator rights in order to modify ${what}.`);
}

const str = (value: unknown) => (typeof value === 'string' ? value : undefined);

export function componentsVersionsRoutes(app: FastifyInstance, ctx: TwinContext<JiraData>): void {
  const projectOf = (request: FastifyRequest) => browsableProject(ctx.store.data, (request.params as { projectIdOrKey: string }).projectIdOrKey, callerId(request));
  /** A component or version by id, hidden when its project is not browsable. */
  const owned = <T extends { projectId: string }>(request: FastifyRequest, table: Record<string, T>, missing: (id: string) => string): T => {
    const { id } = request.params as { id: string };
    const item = table[id];
    const project = item && projectsByIdOrKey(ctx.store.data.projects).get(item.projectId);
    if (!item || !project || !canBrowse(ctx.store.data, callerId(request), project)) throw jiraError(404, missing(id));
    return item;
  };
  const noComponent = (id: string) => `The component with id ${id} does not exist.`;
  const noVersion = (id: string) => `Could not find version for id '${id}'`;

  /** Checks a component body; `current` is the component being edited (its name may stay). */
  const readComponent = (data: JiraData, body: Record<string, unknown>, project: JiraProject, current?: JiraComponent): Partial<JiraComponent> => {
    const errors: Record<string, string> = {};
    const out: Partial<JiraComponent> = {};
    if (body.name !== undefined || !current) {
      const name = str(body.name)?.trim();
      if (!name) errors.name = 'The component name specified is invalid.';
      else if (name.length > 255) errors.name = 'The component name must not exceed 255 characters.';
      else if (Object.values(data.components).some((c) => c.projectId === project.id && c !== current && c.name.toLowerCase() === name.toLowerCase())) errors.name = `A component with the name ${name} already exists in this project.`;
      else out.name = name;
    }
    if (body.description !== undefined) { if (typeof body.description !== 'string') errors.description = 'The description must be a string.'; else out.description = body.description; }
    if (body.leadAccountId !== undefined) {
      const lead = body.leadAccountId === null ? null : usersById(data.users).get(String(body.leadAccountId));
      if (lead === undefined || (lead && !lead.active)) errors.leadAccountId = 'The user you have specified as component lead does not exist.';
      else out.leadAccountId = lead ? lead.accountId : null;
    }
    if (body.assigneeType !== undefined) {
      if (!ASSIGNEE_TYPES.includes(body.assigneeType as never)) errors.assigneeType = 'The assignee type specified is invalid.';
      else out.assigneeType = body.assigneeType as JiraComponent['assigneeType'];
    }
    failFields(errors);
    return out;
  };

  const readVersion = (data: JiraData, body: Record<string, unknown>, project: JiraProject, current?: JiraVersion): Partial<JiraVersion> => {
    const errors: Record<string, string> = {};
    const out: Partial<JiraVersion> = {};
    if (body.name !== undefined || !current) {
      const name = str(body.name)?.trim();
      if (!name) errors.name = 'You must specify a valid version name';
      else if (name.length > 255) errors.name = 'The version name must not exceed 255 characters.';
      else if (Object.values(data.versions).some((x) => x.projectId === project.id && x !== current && x.name.toLowerCase() === name.toLowerCase())) errors.name = 'A version with this name already exists in this project.';
      else out.name = name;
    }
    if (body.description !== undefined) { if (typeof body.description !== 'string') errors.description = 'The description must be a string.'; else out.description = body.description; }
    for (const flag of ['released', 'archived'] as const) {
      if (body[flag] === undefined) continue;
      if (typeof body[flag] !== 'boolean') errors[flag] = `The ${flag} flag must be true or false.`;
      else out[flag] = body[flag] as boolean;
    }
    for (const date of ['startDate', 'releaseDate'] as const) {
      const value = body[date];
      if (value === undefined) continue;
      if (value !== null && (typeof value !== 'string' || !DATE.test(value) || Number.isNaN(Date.parse(value)))) errors[date] = `Please enter the ${date === 'startDate' ? 'start' : 'release'} date in the following format: yyyy-MM-dd`;
      else out[date] = value as string | null;
    }
    const start = out.startDate ?? current?.startDate;
    const release = out.releaseDate ?? current?.releaseDate;
    if (!errors.startDate && !errors.releaseDate && start && release && start > release) errors.startDate = 'The start date must be before the release date.';
    failFields(errors);
    return out;
  };

  for (const v of VERSIONS) {
    const api = `/rest/api/${v}`;
    const base = () => ctx.publicUrl();

    app.get(`${api}/project/:projectIdOrKey/components`, { config: { operation: 'getProjectComponents' } }, (request) => {
      const project = projectOf(request);
      const data = ctx.store.data;
      return Object.values(data.components).filter((c) => c.projectId === project.id).map((c) => componentView(data, base(), v, c));
    });

    app.post(`${api}/component`, { config: { operation: 'createComponent' } }, (request, reply) => {
      const data = ctx.store.data;
      const body = objectBody(request);
      const me = callerId(request);
      if (body.project === undefined && body.projectId === undefined) throw jiraError(400, '', { project: 'The project specified is invalid.' });
      const project = browsableProject(data, body.project ?? body.projectId, me);
      requireProjectAdmin(data, project, me, 'components');
      const fields = readComponent(data, body, project);
      const id = String(nextId(data, 'component'));
      data.components[id] = { id, projectId: project.id, name: fields.name!, description: '', leadAccountId: null, assigneeType: 'PROJECT_DEFAULT', ...fields };
      ctx.store.changed();
      reply.code(201);
      return componentView(data, base(), v, data.components[id]);
    });

    app.get(`${api}/component/:id`, { config: { operation: 'getComponent' } }, (request) => componentView(ctx.store.data, base(), v, owned(request, ctx.store.data.components, noComponent)));

    app.put(`${api}/component/:id`, { config: { operation: 'updateComponent' } }, (request) => {
      const data = ctx.store.data;
      const component = owned(request, data.components, noComponent);
      const project = projectsByIdOrKey(data.projects).get(component.projectId)!;
      requireProjectAdmin(data, project, callerId(request), 'components');
      Object.assign(component, readComponent(data, objectBody(request), project, component));
      ctx.store.changed();
      return componentView(data, base(), v, component);
    });

    app.delete(`${api}/component/:id`, { config: { operation: 'deleteComponent' } }, (request, reply) => {
      const data = ctx.store.data;
      const component = owned(request, data.components, noComponent);
      requireProjectAdmin(data, projectsByIdOrKey(data.projects).get(component.projectId)!, callerId(request), 'components');
      const moveTo = (request.query as Record<string, string | undefined>).moveIssuesTo;
      if (moveTo && data.components[moveTo]?.projectId !== component.projectId) throw jiraError(404, noComponent(moveTo));
      for (const issue of Object.values(data.issues)) {
        if (issue.projectId !== component.projectId || !issue.componentIds?.includes(component.id)) continue;
        issue.componentIds = [...new Set(issue.componentIds.flatMap((c) => (c === component.id ? (moveTo ? [moveTo] : []) : [c])))];
      }
      delete data.components[component.id];
      ctx.store.changed();
      return reply.code(204).send();
    });

    app.get(`${api}/project/:projectIdOrKey/versions`, { config: { operation: 'getProjectVersions' } }, (request) => {
      const project = projectOf(request);
      return Object.values(ctx.store.data.versions).filter((x) => x.projectId === project.id).map((x) => versionView(base(), v, x, dayOf(ctx.clock.now())));
    });

    app.get(`${api}/project/:projectIdOrKey/version`, { config: { operation: 'getProjectVersionsPaginated' } }, (request) => {
      const project = projectOf(request);
      const q = request.query as Record<string, string | undefined>;
      const statuses = q.status ? q.status.split(',') : null;
      const needle = (q.query ?? '').toLowerCase();
      const state = (x: JiraVersion) => (x.archived ? 'archived' : x.released ? 'released' : 'unreleased');
      let list = Object.values(ctx.store.data.versions).filter((x) => x.projectId === project.id && (!statuses || statuses.includes(state(x))) && x.name.toLowerCase().includes(needle));
      const order = q.orderBy?.replace(/^[+-]/, '');
      if (order === 'name' || order === 'releaseDate' || order === 'startDate') list = [...list].sort((a, b) => String(a[order] ?? '').localeCompare(String(b[order] ?? '')));
      if (q.orderBy?.startsWith('-')) list.reverse();
      const page = pageBean(`${base()}${api}/project/${project.key}/version`, request, list, 50, 50);
      return { ...page, values: page.values.map((x) => versionView(base(), v, x, dayOf(ctx.clock.now()))) };
    });

    app.post(`${api}/version`, { config: { operation: 'createVersion' } }, (request, reply) => {
      const data = ctx.store.data;
      const body = objectBody(request);
      const me = callerId(request);
      if (body.project === undefined && body.projectId === undefined) throw jiraError(400, '', { project: 'You must specify a valid project.' });
      const project = browsableProject(data, body.projectId ?? body.project, me);
      requireProjectAdmin(data, project, me, 'versions');
      const fields = readVersion(data, body, project);
      const id = String(nextId(data, 'version'));
      data.versions[id] = { id, projectId: project.id, name: fields.name!, description: '', archived: false, released: false, startDate: null, releaseDate: null, ...fields };
      ctx.store.changed();
      reply.code(201);
      return versionView(base(), v, data.versions[id], dayOf(ctx.clock.now()));
    });

    app.get(`${api}/version/:id`, { config: { operation: 'getVersion' } }, (request) => versionView(base(), v, owned(request, ctx.store.data.versions, noVersion), dayOf(ctx.clock.now())));

    app.put(`${api}/version/:id`, { config: { operation: 'updateVersion' } }, (request) => {
      const data = ctx.store.data;
      const version = owned(request, data.versions, noVersion);
      const project = projectsByIdOrKey(data.projects).get(version.projectId)!;
      requireProjectAdmin(data, project, callerId(request), 'versions');
      Object.assign(version, readVersion(data, objectBody(request), project, version));
      ctx.store.changed();
      return versionView(base(), v, version, dayOf(ctx.clock.now()));
    });

    // DELETE (deprecated) drops the version from its issues; removeAndSwap can move them to another.
    const removeVersion = (request: FastifyRequest, swapTo: unknown) => {
      const data = ctx.store.data;
      const version = owned(request, data.versions, noVersion);
      requireProjectAdmin(data, projectsByIdOrKey(data.projects).get(version.projectId)!, callerId(request), 'versions');
      const target = swapTo === undefined || swapTo === null ? undefined : data.versions[String(swapTo)];
      if (swapTo !== undefined && swapTo !== null && (!target || target.projectId !== version.projectId || target === version)) throw jiraError(400, '', { moveFixIssuesTo: `The version with id ${String(swapTo)} is not a valid version to move issues to.` });
      for (const issue of Object.values(data.issues)) {
        if (issue.projectId !== version.projectId || !issue.fixVersionIds?.includes(version.id)) continue;
        issue.fixVersionIds = [...new Set(issue.fixVersionIds.flatMap((x) => (x === version.id ? (target ? [target.id] : []) : [x])))];
      }
      delete data.versions[version.id];
      ctx.store.changed();
    };

    app.delete(`${api}/version/:id`, { config: { operation: 'deleteVersion' } }, (request, reply) => {
      removeVersion(request, (request.query as Record<string, string | undefined>).moveFixIssuesTo);
      return reply.code(204).send();
    });

    app.post(`${api}/version/:id/removeAndSwap`, { config: { operation: 'deleteAndReplaceVersion' } }, (request, reply) => {
      removeVersion(request, objectBody(request).moveFixIssuesTo);
      return reply.code(204).send();
    });
  }
}
