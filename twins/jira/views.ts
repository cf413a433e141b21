// How Jira renders its entities. `base` is the twin's public URL; `v` the API version of the request
// ('2' → plain-text rich text, '3' → ADF).
import { avatarUrl, avatarUrlOfSize } from '../../shared/seeding/avatar.js';
import { jiraTime, type JiraComment, type JiraData, type JiraIssue, type JiraProject, type JiraUser, projectsByIdOrKey, usersById } from './store.js';
import { RESOLUTIONS } from './resolutions.js';
import { siteFields, visibleComments } from './views-site.js';
import { modelFields } from './views-model.js';
import { adfToText, type Adf, ISSUE_TYPES, PRIORITIES, RESOLUTION_DONE, STATUS_CATEGORIES, STATUSES } from './workflow.js';

export type ApiVersion = '2' | '3';

const avatars = (base: string, kind: string, id: string) => Object.fromEntries(['48x48', '24x24', '16x16', '32x32'].map((size) => [size, `${base}/secure/${kind}avatar?size=${size.split('x')[0]}&id=${encodeURIComponent(id)}`]));

const AVATAR_SIZES = [48, 24, 16, 32];
const personAvatars = new Map<string, Record<string, string>>();
/**
 * A person's avatarUrls: their picture (the org's Person.avatarUrl, the same in every twin) at Jira's
 * four sizes. Remembered per email, since building one hashes the email. App accounts keep Jira's own.
 */
function userAvatars(base: string, u: JiraUser): Record<string, string> {
  if (u.accountType !== 'atlassian') return avatars(base, 'user', u.accountId);
  let urls = personAvatars.get(u.emailAddress);
  if (!urls) {
    const picture = avatarUrl(u.emailAddress);
    urls = Object.fromEntries(AVATAR_SIZES.map((px) => [`${px}x${px}`, avatarUrlOfSize(picture, px)]));
    if (personAvatars.size >= 100_000) personAvatars.clear();
    personAvatars.set(u.emailAddress, urls);
  }
  return urls;
}

export function userView(base: string, v: ApiVersion, u: JiraUser) {
  return { self: `${base}/rest/api/${v}/user?accountId=${u.accountId}`, accountId: u.accountId, accountType: u.accountType, emailAddress: u.emailAddress, avatarUrls: userAvatars(base, u), displayName: u.displayName, active: u.active, timeZone: u.timeZone, locale: 'en_US' };
}

/** A user inside another entity (assignee, author…): Jira's UserDetails, which has no locale. */
export function userRef(data: JiraData, base: string, v: ApiVersion, accountId: string | null) {
  const u = accountId ? usersById(data.users).get(accountId) : undefined;
  if (!u) return null;
  const { locale: _locale, ...details } = userView(base, v, u);
  return details;
}

export function projectView(base: string, v: ApiVersion, p: JiraProject) {
  return { expand: 'description,lead,issueTypes,url,projectKeys,permissions,insight', self: `${base}/rest/api/${v}/project/${p.id}`, id: p.id, key: p.key, name: p.name, avatarUrls: avatars(base, 'project', p.id), projectTypeKey: p.projectTypeKey, simplified: false, style: 'classic', isPrivate: false, properties: {} };
}

export const issueTypeView = (base: string, v: ApiVersion, t: (typeof ISSUE_TYPES)[number]) => ({ self: `${base}/rest/api/${v}/issuetype/${t.id}`, id: t.id, description: t.description, iconUrl: `${base}/images/icons/issuetypes/${t.name.toLowerCase()}.svg`, name: t.name, subtask: t.subtask, avatarId: 10300 + Number(t.id) - 10000, hierarchyLevel: t.hierarchyLevel });

export function statusView(base: string, v: ApiVersion, statusId: string) {
  const s = STATUSES.find((x) => x.id === statusId)!;
  const c = STATUS_CATEGORIES[s.category];
  return { self: `${base}/rest/api/${v}/status/${s.id}`, description: s.description, iconUrl: `${base}/images/icons/status_generic.gif`, name: s.name, id: s.id, statusCategory: { self: `${base}/rest/api/${v}/statuscategory/${c.id}`, ...c } };
}

const richText = (v: ApiVersion, adf: Adf | null) => (adf === null ? null : v === '3' ? adf : adfToText(adf));

export function commentView(data: JiraData, base: string, v: ApiVersion, issue: JiraIssue, c: JiraComment) {
  const author = userRef(data, base, v, c.authorAccountId);
  const updateAuthor = c.updateAuthorAccountId ? userRef(data, base, v, c.updateAuthorAccountId) : author;
  return { self: `${base}/rest/api/${v}/issue/${issue.id}/comment/${c.id}`, id: c.id, author, body: richText(v, c.body), updateAuthor, created: c.created, updated: c.updated, ...(c.visibility && { visibility: c.visibility }), jsdPublic: true };
}

/** Every field of an issue, by field id (what `fields=*all` returns). */
function allFields(data: JiraData, base: string, v: ApiVersion, issue: JiraIssue, viewer?: string): Record<string, unknown> {
  const project = projectsByIdOrKey(data.projects).get(issue.projectId)!;
  const type = ISSUE_TYPES.find((t) => t.id === issue.issueTypeId)!;
  const priority = PRIORITIES.find((p) => p.id === issue.priorityId)!;
  const done = STATUSES.find((s) => s.id === issue.statusId)!.category === 'done';
  return {
    summary: issue.summary,
    description: richText(v, issue.description),
    issuetype: issueTypeView(base, v, type),
    project: { self: `${base}/rest/api/${v}/project/${project.id}`, id: project.id, key: project.key, name: project.name, projectTypeKey: project.projectTypeKey, simplified: false, avatarUrls: avatars(base, 'project', project.id) },
    priority: { self: `${base}/rest/api/${v}/priority/${priority.id}`, iconUrl: `${base}/images/icons/priorities/${priority.name.toLowerCase()}.svg`, name: priority.name, id: priority.id },
    status: statusView(base, v, issue.statusId),
    statuscategorychangedate: issue.updated,
    resolution: done ? resolutionView(base, v, issue.resolutionId ?? RESOLUTION_DONE.id) : null,
    resolutiondate: issue.resolutionDate,
    assignee: userRef(data, base, v, issue.assigneeAccountId),
    reporter: userRef(data, base, v, issue.reporterAccountId),
    creator: userRef(data, base, v, issue.creatorAccountId),
    labels: issue.labels,
    created: issue.created,
    updated: issue.updated,
    comment: commentField(data, base, v, issue, viewer),
    ...siteFields(data, base, v, issue, viewer),
    ...modelFields(data, base, v, issue),
  };
}

function resolutionView(base: string, v: ApiVersion, id: string) {
  const { isDefault: _default, ...r } = RESOLUTIONS.find((x) => x.id === id) ?? { ...RESOLUTION_DONE, isDefault: true };
  return { self: `${base}/rest/api/${v}/resolution/${r.id}`, ...r };
}

/** Comments restricted by `visibility` show only to those allowed (none when the viewer is not given). */
function commentField(data: JiraData, base: string, v: ApiVersion, issue: JiraIssue, viewer?: string) {
  const comments = visibleComments(data, issue, viewer);
  return { comments: comments.map((c) => commentView(data, base, v, issue, c)), self: `${base}/rest/api/${v}/issue/${issue.id}/comment`, maxResults: comments.length, total: comments.length, startAt: 0 };
}

/**
 * The issue as GET /issue returns it. `fields` is Jira's list: ids, `*all`, `*navigable` (both: all we
 * have), `-id` to leave one out; absent means all. Unknown ids are ignored, as Jira does.
 */
export function issueView(data: JiraData, base: string, v: ApiVersion, issue: JiraIssue, fields?: string[], viewer?: string) {
  const all = allFields(data, base, v, issue, viewer);
  let chosen: Record<string, unknown> = all;
  if (fields && fields.length) {
    const wantsAll = fields.some((f) => f === '*all' || f === '*navigable');
    const keep = new Set(wantsAll ? Object.keys(all) : fields.filter((f) => !f.startsWith('-')));
    for (const f of fields) if (f.startsWith('-')) keep.delete(f.slice(1));
    chosen = Object.fromEntries(Object.entries(all).filter(([k]) => keep.has(k)));
  }
  return { expand: 'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations', id: issue.id, self: `${base}/rest/api/${v}/issue/${issue.id}`, key: issue.key, fields: chosen };
}

export const now = (ms: number) => jiraTime(ms);
