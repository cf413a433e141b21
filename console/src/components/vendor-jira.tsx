// Jira Cloud REST v3 shapes the Jira view reads through the console proxy, and ADF → plain paragraphs.
import { twin } from '../api';

export interface JiraUser {
  accountId: string;
  displayName: string;
  emailAddress?: string;
  avatarUrls?: Record<string, string>;
}

export interface JiraStatus {
  id: string;
  name: string;
  statusCategory?: { key: string; name: string };
}

export interface JiraProject {
  id: string;
  key: string;
  name: string;
  lead?: JiraUser;
  projectTypeKey?: string;
}

export interface JiraIssue {
  id: string;
  key: string;
  fields: {
    summary: string;
    status: JiraStatus;
    assignee?: JiraUser | null;
    reporter?: JiraUser | null;
    priority?: { name: string } | null;
    issuetype?: { name: string } | null;
    description?: AdfNode | null;
    created?: string;
    updated?: string;
    labels?: string[];
    comment?: { comments: JiraComment[] };
  };
  changelog?: { histories: JiraHistory[] };
}

export interface JiraComment {
  id: string;
  author?: JiraUser;
  body?: AdfNode | string;
  created: string;
}

export interface JiraHistory {
  id: string;
  author?: JiraUser;
  created: string;
  items: { field: string; fromString?: string | null; toString?: string | null }[];
}

export interface AdfNode {
  type: string;
  text?: string;
  content?: AdfNode[];
}

export const jira = <T,>(path: string, body?: unknown) => twin<T>('jira', path, body === undefined ? {} : { method: 'POST', body });

/** The statuses a project's issue types use, each once, in workflow order (To Do → Done). */
export async function projectStatuses(key: string): Promise<JiraStatus[]> {
  const types = await jira<{ statuses: JiraStatus[] }[]>(`/rest/api/3/project/${encodeURIComponent(key)}/statuses`);
  const seen = new Map<string, JiraStatus>();
  for (const type of types) for (const status of type.statuses) if (!seen.has(status.id)) seen.set(status.id, status);
  const order = { new: 0, indeterminate: 1, done: 2 } as Record<string, number>;
  return [...seen.values()].sort((a, b) => (order[a.statusCategory?.key ?? ''] ?? 1) - (order[b.statusCategory?.key ?? ''] ?? 1));
}

/** A project's issues by rank, following nextPageToken (capped at 1,000 issues). */
export async function boardIssues(key: string): Promise<JiraIssue[]> {
  const issues: JiraIssue[] = [];
  let nextPageToken: string | undefined;
  do {
    const page = await jira<{ issues: JiraIssue[]; nextPageToken?: string }>('/rest/api/3/search/jql', {
      jql: `project = "${key}" ORDER BY rank`, fields: ['summary', 'status', 'assignee', 'priority', 'issuetype'],
      maxResults: 100, ...(nextPageToken && { nextPageToken }),
    });
    issues.push(...page.issues);
    nextPageToken = page.nextPageToken;
  } while (nextPageToken && issues.length < 1000);
  return issues;
}

/** An ADF document as plain paragraphs: one string per block (paragraph, heading, list item…). */
export function adfParagraphs(doc: AdfNode | string | null | undefined): string[] {
  if (!doc) return [];
  if (typeof doc === 'string') return doc.split('\n');
  const out: string[] = [];
  const textOf = (node: AdfNode): string =>
    node.type === 'text' ? node.text ?? '' : node.type === 'hardBreak' ? '\n' : (node.content ?? []).map(textOf).join('');
  const walk = (node: AdfNode) => {
    const children = node.content ?? [];
    if (children.some((c) => c.type === 'text' || c.type === 'hardBreak' || c.type === 'mention')) out.push(textOf(node));
    else if (node.type === 'text') out.push(node.text ?? '');
    else children.forEach(walk);
  };
  walk(doc);
  return out.filter((p) => p.trim() !== '');
}
