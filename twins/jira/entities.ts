// The site's entities beyond users, projects and issues: components, versions, boards, sprints,
// issue links, worklogs, attachments, webhooks. Stored as plain JSON inside JiraData (the snapshot),
// keyed by id so lookups are O(1). Counters hand out ids the way Jira does (numeric, per kind).
import type { Adf } from './workflow.js';

export interface JiraComponent {
  id: string;
  projectId: string;
  name: string;
  description: string;
  leadAccountId: string | null;
  assigneeType: 'PROJECT_DEFAULT' | 'COMPONENT_LEAD' | 'PROJECT_LEAD' | 'UNASSIGNED';
}

export interface JiraVersion {
  id: string;
  projectId: string;
  name: string;
  description: string;
  archived: boolean;
  released: boolean;
  startDate: string | null;
  releaseDate: string | null;
}

export interface JiraBoard {
  id: number;
  name: string;
  type: 'scrum' | 'kanban';
  projectId: string;
  /** The board's saved filter (Jira: a filter id; here the JQL itself). */
  filterJql: string;
}

export type SprintState = 'future' | 'active' | 'closed';

export interface JiraSprint {
  id: number;
  name: string;
  state: SprintState;
  boardId: number;
  goal: string;
  startDate: string | null;
  endDate: string | null;
  completeDate: string | null;
  createdDate: string;
}

export interface JiraIssueLink {
  id: string;
  typeId: string;
  inwardIssueId: string;
  outwardIssueId: string;
}

export interface JiraWorklog {
  id: string;
  authorAccountId: string;
  updateAuthorAccountId: string;
  comment: Adf | null;
  started: string;
  timeSpentSeconds: number;
  created: string;
  updated: string;
}

export interface JiraAttachment {
  id: string;
  filename: string;
  authorAccountId: string;
  created: string;
  size: number;
  mimeType: string;
  /** The file itself, base64 (state is plain JSON). */
  content: string;
}

export interface JiraVisibility {
  type: 'group' | 'role';
  value: string;
  identifier?: string;
}

export interface JiraWebhook {
  id: number;
  /** 'app': registered through /rest/api/3/webhook; 'admin': /rest/webhooks/1.0/webhook. */
  kind: 'app' | 'admin';
  name: string;
  url: string;
  events: string[];
  /** JQL restricting issue-related events ('' = every issue). */
  jqlFilter: string;
  enabled: boolean;
  secret: string | null;
  excludeBody: boolean;
  /** Who registered it (app webhooks belong to the caller). */
  ownerAccountId: string;
  /** ISO date after which an app webhook stops firing (Jira: 30 days, renewed by refresh). */
  expirationDate: string | null;
  created: string;
}

/** What an issue carries beyond the core fields (optional so older snapshots still load). */
export interface IssueExtras {
  componentIds?: string[];
  fixVersionIds?: string[];
  /** Epic (or parent of a subtask) issue id. */
  parentId?: string | null;
  /** Jira Cloud's sprint field: the ids of the issue's sprints. */
  customfield_10020?: number[];
  /** Board order (Jira's LexoRank, here a number: lower first). */
  rank?: number;
  watchers?: string[];
  voters?: string[];
  worklogs?: JiraWorklog[];
  attachments?: JiraAttachment[];
  linkIds?: string[];
  /** Set while the issue is in a done status (Done unless the transition chose another). */
  resolutionId?: string | null;
}

export interface SiteData {
  components: Record<string, JiraComponent>;
  versions: Record<string, JiraVersion>;
  boards: JiraBoard[];
  sprints: Record<string, JiraSprint>;
  issueLinks: Record<string, JiraIssueLink>;
  webhooks: JiraWebhook[];
  /** attachment id → issue id (attachments live on their issue). */
  attachmentIssue: Record<string, string>;
  /** Next id per kind: component, version, board, sprint, link, worklog, attachment, webhook. */
  seq: Record<string, number>;
}

export function emptySite(): SiteData {
  return {
    components: {}, versions: {}, boards: [], sprints: {}, issueLinks: {}, webhooks: [], attachmentIssue: {},
    seq: { component: 10000, version: 10000, board: 1, sprint: 1, link: 10000, worklog: 10000, attachment: 10000, webhook: 1 },
  };
}

/** The next id of a kind (numbers for boards, sprints and webhooks, strings elsewhere). */
export function nextId(site: SiteData, kind: string): number {
  const id = site.seq[kind] ?? 1;
  site.seq[kind] = id + 1;
  return id;
}

export const LINK_TYPES = [
  { id: '10000', name: 'Blocks', inward: 'is blocked by', outward: 'blocks' },
  { id: '10001', name: 'Cloners', inward: 'is cloned by', outward: 'clones' },
  { id: '10002', name: 'Duplicate', inward: 'is duplicated by', outward: 'duplicates' },
  { id: '10003', name: 'Relates', inward: 'relates to', outward: 'relates to' },
] as const;
