// Jira: the projects, a board per project (one column per status, cards by rank, live), and an issue's
// detail beside the board: description, assignee and reporter, comments and history.
import { useState } from 'preact/hooks';
import { ErrorBox, Loading, Table } from '../components/status';
import { Avatar, formatTime, isWrite, useDebounced, useLoad, useOnChange } from '../components/vendor-data';
import { adfParagraphs, boardIssues, jira, projectStatuses, type JiraIssue, type JiraProject, type JiraUser } from '../components/vendor-jira';
import { useEventStream } from '../live';
import { href, useRoute } from '../router';
import './jira.css';

export function JiraView() {
  const [projectKey, issueKey] = useRoute();
  if (!projectKey) return <ProjectList />;
  return <Board key={projectKey} projectKey={projectKey} issueKey={issueKey} />;
}

function ProjectList() {
  const projects = useLoad(async () => {
    const all: JiraProject[] = [];
    for (let startAt = 0; ; startAt += 50) {
      const page = await jira<{ values: JiraProject[]; isLast: boolean }>(`/rest/api/3/project/search?expand=lead&maxResults=50&startAt=${startAt}`);
      all.push(...page.values);
      if (page.isLast || page.values.length === 0) return all;
    }
  }, []);
  return (
    <section class="jira-projects">
      <h1>Jira projects</h1>
      <ErrorBox error={projects.error} />
      {projects.loading && !projects.data && <Loading what="projects" />}
      {projects.data && (
        <Table rows={projects.data} rowKey={(p) => p.id} columns={[
          { title: 'Key', cell: (p) => <a href={href('jira', p.key)}>{p.key}</a> },
          { title: 'Name', cell: (p) => <a href={href('jira', p.key)}>{p.name}</a> },
          // expand=lead asks for the lead; a site that leaves it out gets no empty column.
          ...(projects.data.some((p) => p.lead) ? [{ title: 'Lead', cell: (p: JiraProject) => p.lead?.displayName ?? '' }] : []),
          { title: 'Type', cell: (p) => p.projectTypeKey ?? '' },
        ]} />
      )}
    </section>
  );
}

function Board({ projectKey, issueKey }: { projectKey: string; issueKey?: string }) {
  const statuses = useLoad(() => projectStatuses(projectKey), [projectKey]);
  const issues = useLoad(() => boardIssues(projectKey), [projectKey]);
  // Any write on Jira (a transition, an edit, a new issue or comment) may change the board: refetch it once
  // the burst is over. The board's own reads (GET, POST search) are not writes.
  const [version, setVersion] = useState(0);
  const refresh = useDebounced(() => {
    issues.reload();
    setVersion((n) => n + 1);
  }, 200);
  useEventStream({ twin: 'jira' }, (event) => {
    if (isWrite(event)) refresh();
  });

  return (
    <div class={`jira-layout${issueKey ? ' jira-with-detail' : ''}`}>
      <section class="jira-board" aria-labelledby="jira-board-title">
        <p class="jira-crumbs"><a href={href('jira')}>Projects</a> / {projectKey}</p>
        <h1 id="jira-board-title">{projectKey} board</h1>
        <ErrorBox error={statuses.error ?? issues.error} />
        {(statuses.loading || issues.loading) && !(statuses.data && issues.data) && <Loading what="board" />}
        {statuses.data && issues.data && (
          <div class="jira-columns">
            {statuses.data.map((status) => {
              const cards = issues.data!.filter((i) => i.fields.status.id === status.id);
              return (
                <section key={status.id} class="jira-column" aria-label={status.name}>
                  <h2 class="jira-column-title">{status.name} <span class="jira-count">{cards.length}</span></h2>
                  <ul class="jira-cards">
                    {cards.map((issue) => <Card key={issue.id} issue={issue} projectKey={projectKey} current={issue.key === issueKey} />)}
                  </ul>
                </section>
              );
            })}
          </div>
        )}
      </section>
      {issueKey && <IssueDetail key={issueKey} issueKey={issueKey} projectKey={projectKey} version={version} />}
    </div>
  );
}

function Card({ issue, projectKey, current }: { issue: JiraIssue; projectKey: string; current: boolean }) {
  const f = issue.fields;
  return (
    <li class={`jira-card${current ? ' jira-current' : ''}`}>
      <a href={href('jira', projectKey, issue.key)} aria-current={current ? 'page' : undefined}>
        <span class="jira-summary">{f.summary}</span>
        <span class="jira-card-meta">
          <span class="jira-key">{issue.key}</span>
          {f.issuetype && <span class="jira-type">{f.issuetype.name}</span>}
          {f.priority && <span class="jira-priority">{f.priority.name}</span>}
          <span class="jira-assignee">{f.assignee?.displayName ?? 'Unassigned'}</span>
        </span>
      </a>
    </li>
  );
}

function Person({ user }: { user?: JiraUser | null }) {
  if (!user) return <span class="muted">Unassigned</span>;
  return <span class="jira-person"><Avatar src={user.avatarUrls?.['24x24']} name={user.displayName} size={20} /> {user.displayName}</span>;
}

/** `version` counts the board's live refetches: the detail refetches with it. */
function IssueDetail({ issueKey, projectKey, version }: { issueKey: string; projectKey: string; version: number }) {
  const issue = useLoad(() => jira<JiraIssue>(`/rest/api/3/issue/${encodeURIComponent(issueKey)}?expand=changelog`), [issueKey]);
  useOnChange(version, issue.reload);
  const i = issue.data;
  return (
    <aside class="jira-detail" aria-labelledby="jira-detail-title">
      <p class="jira-crumbs"><a href={href('jira', projectKey)}>Back to the board</a></p>
      <ErrorBox error={issue.error} />
      {issue.loading && !i && <Loading what={issueKey} />}
      {i && (
        <>
          <h2 id="jira-detail-title"><span class="jira-key">{i.key}</span> {i.fields.summary}</h2>
          <dl class="jira-fields">
            <dt>Status</dt><dd>{i.fields.status.name}</dd>
            <dt>Type</dt><dd>{i.fields.issuetype?.name ?? ''}</dd>
            <dt>Priority</dt><dd>{i.fields.priority?.name ?? ''}</dd>
            <dt>Assignee</dt><dd><Person user={i.fields.assignee} /></dd>
            <dt>Reporter</dt><dd><Person user={i.fields.reporter} /></dd>
            {i.fields.labels && i.fields.labels.length > 0 && <><dt>Labels</dt><dd>{i.fields.labels.join(', ')}</dd></>}
            <dt>Created</dt><dd>{formatTime(i.fields.created)}</dd>
            <dt>Updated</dt><dd>{formatTime(i.fields.updated)}</dd>
          </dl>
          <h3>Description</h3>
          {adfParagraphs(i.fields.description).map((p, n) => <p key={n}>{p}</p>)}
          {!i.fields.description && <p class="muted">No description.</p>}
          <h3>Comments</h3>
          {(i.fields.comment?.comments ?? []).length === 0 && <p class="muted">No comments.</p>}
          <ol class="jira-comments">
            {(i.fields.comment?.comments ?? []).map((c) => (
              <li key={c.id}>
                <p class="jira-comment-head"><Person user={c.author} /> <time>{formatTime(c.created)}</time></p>
                {adfParagraphs(c.body).map((p, n) => <p key={n}>{p}</p>)}
              </li>
            ))}
          </ol>
          <h3>History</h3>
          {(i.changelog?.histories ?? []).length === 0 && <p class="muted">No changes yet.</p>}
          <ol class="jira-history">
            {(i.changelog?.histories ?? []).slice().reverse().map((h) => (
              <li key={h.id}>
                <p class="jira-comment-head">{h.author?.displayName ?? 'Someone'} <time>{formatTime(h.created)}</time></p>
                <ul>
                  {h.items.map((item, n) => (
                    <li key={n}><strong>{item.field}</strong>: {item.fromString ?? '—'} → {item.toString ?? '—'}</li>
                  ))}
                </ul>
              </li>
            ))}
          </ol>
        </>
      )}
    </aside>
  );
}
