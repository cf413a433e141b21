// Webhook JQL filters, through the twin's JQL module: checked when a webhook is registered, evaluated
// against the issue (as the webhook's owner sees it) when an issue-related event happens.
import { compileJql, JqlError } from '../jql/index.js';
import { canBrowse, type JiraData, type JiraIssue, projectsByIdOrKey } from '../store.js';

/** Jira's message for a filter it would refuse, or null when the JQL is fine. */
export function jqlProblem(data: JiraData, jql: string, owner: string, now: number): string | null {
  try {
    compileJql(jql, { data, accountId: owner, now });
    return null;
  } catch (error) {
    if (error instanceof JqlError) return error.list.join(' ');
    throw error;
  }
}

/** Whether the issue passes the filter; a filter that no longer compiles (a deleted project…) matches nothing. */
export function issueMatchesFilter(data: JiraData, jql: string, issue: JiraIssue, owner: string, now: number): boolean {
  const project = projectsByIdOrKey(data.projects).get(issue.projectId);
  if (!project || !canBrowse(data, owner, project)) return false;
  try {
    return compileJql(jql, { data, accountId: owner, now }).matches(issue);
  } catch (error) {
    if (error instanceof JqlError) return false;
    throw error;
  }
}
