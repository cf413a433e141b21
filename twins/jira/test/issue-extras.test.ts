// Issue operations beyond CRUD, through jira.js Version3Client: bulk create, edit `update` operations,
// transitions with a resolution, watchers, votes, comments (CRUD, visibility), worklogs, links and
// attachments; raw HTTP for v2 plain text, XSRF and status codes.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Universe } from '../../../shared/universe/start-universe.js';
import { adf, client, jiraUniverse, member, raw } from './helpers.js';

let universe: Universe;
beforeAll(async () => { universe = await jiraUniverse({ seed: 13, users: 30 }); });
afterAll(() => universe.close());
beforeEach(() => universe.reset());

const accountOf = async (email: string) => (await client(universe).userSearch.findUsers({ query: email }))[0].accountId;

describe('createIssues (bulk)', () => {
  it('creates the good issues and reports the bad ones by position', async () => {
    const jira = client(universe);
    const result = await jira.issues.createIssues({ issueUpdates: [
      { fields: { project: { key: 'CORP' }, issuetype: { name: 'Task' }, summary: 'one', components: [{ name: 'Tooling' }] } },
      { fields: { project: { key: 'CORP' }, issuetype: { name: 'Task' } } },
      { fields: { project: { key: 'CORP' }, issuetype: { name: 'Story' }, summary: 'three', parent: { key: 'CORP-5' } } },
    ] });
    expect(result.issues?.map((i) => i.key)).toEqual(['CORP-6', 'CORP-7']);
    expect(result.errors).toEqual([{ status: 400, failedElementNumber: 1, elementErrors: { errorMessages: [], errors: { summary: 'You must specify a summary of the issue.' } } }]);
    const three = await jira.issues.getIssue({ issueIdOrKey: 'CORP-7', fields: ['parent', 'components'] });
    expect(three.fields.parent?.key).toBe('CORP-5');
    expect((await jira.issues.getIssue({ issueIdOrKey: 'CORP-6', fields: ['components'] })).fields.components?.map((c) => c.name)).toEqual(['Tooling']);
    const none = await raw(universe, '/rest/api/3/issue/bulk', { method: 'POST', body: { issueUpdates: [{ fields: {} }] } });
    expect(none.status).toBe(400);
    expect(none.body.issues).toEqual([]);
    expect((await raw(universe, '/rest/api/3/issue/bulk', { method: 'POST', body: { issueUpdates: 'x' } })).status).toBe(400);
  });
});

describe('editIssue update operations and transitions with resolution', () => {
  it('applies labels, components and comment operations together, atomically', async () => {
    const jira = client(universe);
    await jira.issues.editIssue({ issueIdOrKey: 'CORP-2', update: {
      labels: [{ add: 'triaged' }], components: [{ add: { name: 'Documentation' } }], comment: [{ add: { body: adf('Triaged in standup') } }],
    } });
    const issue = await jira.issues.getIssue({ issueIdOrKey: 'CORP-2', fields: ['labels', 'components', 'comment'] });
    expect(issue.fields.labels).toContain('triaged');
    expect(issue.fields.components?.map((c) => c.name)).toEqual(['Documentation']);
    expect(issue.fields.comment.comments.at(-1)?.body).toEqual(adf('Triaged in standup'));
    const bad = await raw(universe, '/rest/api/3/issue/CORP-2', { method: 'PUT', body: { update: { labels: [{ add: 'more' }], components: [{ add: { name: 'Nope' } }] } } });
    expect(bad).toMatchObject({ status: 400, body: { errors: { components: "Component name 'Nope' is not valid" } } });
    expect((await jira.issues.getIssue({ issueIdOrKey: 'CORP-2', fields: ['labels'] })).fields.labels).not.toContain('more');
    await jira.issues.editIssue({ issueIdOrKey: 'CORP-2', update: { components: [{ set: [] }] } });
    expect((await jira.issues.getIssue({ issueIdOrKey: 'CORP-2', fields: ['components'] })).fields.components).toEqual([]);
  });

  it("resolves with the resolution given on the Done transition (default Done), with a comment", async () => {
    const jira = client(universe);
    const bad = await raw(universe, '/rest/api/3/issue/CORP-2/transitions', { method: 'POST', body: { transition: { id: '41' }, fields: { resolution: { name: 'Nope' } } } });
    expect(bad).toMatchObject({ status: 400, body: { errors: { resolution: expect.any(String) } } });
    expect((await jira.issues.getIssue({ issueIdOrKey: 'CORP-2', fields: ['status'] })).fields.status.name).toBe('In Review');
    await jira.issues.doTransition({ issueIdOrKey: 'CORP-2', transition: { id: '41' }, fields: { resolution: { name: "Won't Do" } }, update: { comment: [{ add: { body: adf('Not doing this') } }] } });
    const done = await jira.issues.getIssue({ issueIdOrKey: 'CORP-2', fields: ['resolution', 'comment'] });
    expect(done.fields.resolution?.name).toBe("Won't Do");
    expect(done.fields.comment.comments.at(-1)?.body).toEqual(adf('Not doing this'));
    const early = await raw(universe, '/rest/api/3/issue/CORP-4/transitions', { method: 'POST', body: { transition: { id: '21' }, fields: { resolution: { name: 'Done' } } } });
    expect(early.body.errors.resolution).toBe("Field 'resolution' cannot be set. It is not on the appropriate screen, or unknown.");
  });
});

describe('watchers and votes', () => {
  it('adds and removes watchers; votes once per person, never on own or resolved issues', async () => {
    const jira = client(universe);
    const person = member(universe);
    const id = await accountOf(person.email);
    await jira.issueWatchers.addWatcher({ issueIdOrKey: 'CORP-3', accountId: id });
    let watchers = await jira.issueWatchers.getIssueWatchers({ issueIdOrKey: 'CORP-3' });
    expect(watchers.watchers?.map((w) => w.accountId)).toContain(id);
    expect(watchers.watchCount).toBe(watchers.watchers?.length);
    await jira.issueWatchers.removeWatcher({ issueIdOrKey: 'CORP-3', accountId: id });
    watchers = await jira.issueWatchers.getIssueWatchers({ issueIdOrKey: 'CORP-3' });
    expect(watchers.watchers?.map((w) => w.accountId)).not.toContain(id);
    // A member may watch for themselves but not manage others.
    const self = await raw(universe, '/rest/api/3/issue/CORP-3/watchers', { method: 'POST', as: person.email });
    expect(self.status).toBe(204);
    expect((await client(universe, person.email).issueWatchers.getIssueWatchers({ issueIdOrKey: 'CORP-3' })).isWatching).toBe(true);
    expect((await client(universe, person.email).issues.getIssue({ issueIdOrKey: 'CORP-3', fields: ['watches'] })).fields.watches).toMatchObject({ isWatching: true });
    const admin = await accountOf(universe.credentials.jira.email as string);
    expect((await raw(universe, '/rest/api/3/issue/CORP-3/watchers', { method: 'POST', as: person.email, body: admin })).status).toBe(403);

    const voter = client(universe, person.email);
    const created = await jira.issues.createIssue({ fields: { project: { key: 'CORP' }, issuetype: { name: 'Bug' }, summary: 'vote me' } });
    await voter.issueVotes.addVote({ issueIdOrKey: created.key });
    await voter.issueVotes.addVote({ issueIdOrKey: created.key });
    const votes = await voter.issueVotes.getVotes({ issueIdOrKey: created.key });
    expect(votes).toMatchObject({ votes: 1, hasVoted: true });
    expect((await jira.issues.getIssue({ issueIdOrKey: created.key, fields: ['votes'] })).fields.votes).toMatchObject({ votes: 1 });
    expect((await raw(universe, `/rest/api/3/issue/${created.key}/votes`, { method: 'POST' })).status).toBe(404);
    await voter.issueVotes.removeVote({ issueIdOrKey: created.key });
    expect((await raw(universe, `/rest/api/3/issue/${created.key}/votes`, { method: 'DELETE', as: person.email })).status).toBe(404);
    for (const id of ['21', '31', '41']) await jira.issues.doTransition({ issueIdOrKey: created.key, transition: { id } });
    expect((await raw(universe, `/rest/api/3/issue/${created.key}/votes`, { method: 'POST', as: person.email })).body.errorMessages).toEqual(['You cannot vote for a resolved issue.']);
  });
});

describe('comments', () => {
  it('gets, updates and deletes comments; only the author or an admin changes them', async () => {
    const jira = client(universe);
    const person = member(universe);
    const mine = await client(universe, person.email).issueComments.addComment({ issueIdOrKey: 'CORP-4', comment: 'first' });
    expect((await jira.issueComments.getComment({ issueIdOrKey: 'CORP-4', id: mine.id! })).body).toEqual(adf('first'));
    const edited = await client(universe, person.email).issueComments.updateComment({ issueIdOrKey: 'CORP-4', id: mine.id!, body: adf('edited') });
    expect(edited.body).toEqual(adf('edited'));
    expect((await raw(universe, `/rest/api/2/issue/CORP-4/comment/${mine.id}`)).body.body).toBe('edited');
    const theirs = await jira.issueComments.addComment({ issueIdOrKey: 'CORP-4', comment: 'admin says' });
    const refused = await raw(universe, `/rest/api/3/issue/CORP-4/comment/${theirs.id}`, { method: 'DELETE', as: person.email });
    expect(refused.status).toBe(403);
    await jira.issueComments.deleteComment({ issueIdOrKey: 'CORP-4', id: mine.id! });
    expect((await raw(universe, `/rest/api/3/issue/CORP-4/comment/${mine.id}`)).status).toBe(404);
    expect((await jira.issueComments.getCommentsByIds({ ids: [Number(theirs.id)] })).values?.map((c) => c.id)).toEqual([theirs.id]);
  });

  it('hides group-restricted comments from people outside the group, everywhere', async () => {
    const jira = client(universe);
    const outsider = universe.org.people.find((p) => p.status === 'active' && !p.admin)!;
    const me = await jira.myself.getCurrentUser();
    const adminGroup = (await jira.groups.findGroups({ query: 'administrators' })).groups![0].name!;
    const secret = await jira.issueComments.addComment({ issueIdOrKey: 'CORP-4', comment: 'admins only', visibility: { type: 'group', value: adminGroup } });
    expect(secret.visibility).toMatchObject({ type: 'group', value: adminGroup });
    const theirs = client(universe, outsider.email);
    expect((await theirs.issueComments.getComments({ issueIdOrKey: 'CORP-4' })).comments?.map((c) => c.id)).not.toContain(secret.id);
    expect((await theirs.issues.getIssue({ issueIdOrKey: 'CORP-4', fields: ['comment'] })).fields.comment.comments.map((c) => c.id)).not.toContain(secret.id);
    expect((await raw(universe, `/rest/api/3/issue/CORP-4/comment/${secret.id}`, { as: outsider.email })).status).toBe(404);
    expect((await jira.issueComments.getComments({ issueIdOrKey: 'CORP-4' })).comments?.map((c) => c.id)).toContain(secret.id);
    const notMember = await raw(universe, '/rest/api/3/issue/CORP-4/comment', { method: 'POST', as: outsider.email, body: { body: adf('x'), visibility: { type: 'group', value: adminGroup } } });
    expect(notMember).toMatchObject({ status: 400, body: { errors: { commentLevel: `You are currently not a member of the group: ${adminGroup}.` } } });
    expect(me.accountId).toBeTruthy();
  });
});

describe('worklogs', () => {
  it('logs time from Jira duration text or seconds, lists, updates and deletes', async () => {
    const jira = client(universe);
    const w = await jira.issueWorklogs.addWorklog({ issueIdOrKey: 'CORP-3', timeSpent: '1h 30m', started: '2026-01-06T09:00:00.000+0000', comment: adf('pairing') });
    expect(w).toMatchObject({ timeSpentSeconds: 5400, timeSpent: '1h 30m', started: '2026-01-06T09:00:00.000+0000', comment: adf('pairing') });
    await jira.issueWorklogs.addWorklog({ issueIdOrKey: 'CORP-3', timeSpentSeconds: 8 * 3600 * 6 });
    const page = await jira.issueWorklogs.getIssueWorklog({ issueIdOrKey: 'CORP-3' });
    expect(page.total).toBe(2);
    expect(page.worklogs?.[1].timeSpent).toBe('1w 1d');
    const updated = await jira.issueWorklogs.updateWorklog({ issueIdOrKey: 'CORP-3', id: w.id!, timeSpent: '2d' });
    expect(updated.timeSpentSeconds).toBe(2 * 8 * 3600);
    for (const body of [{}, { timeSpent: 'soon' }, { timeSpentSeconds: -5 }, { timeSpent: '1h', started: 'yesterday' }]) {
      const res = await raw(universe, '/rest/api/3/issue/CORP-3/worklog', { method: 'POST', body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(Object.keys(res.body.errors).length).toBeGreaterThan(0);
    }
    await jira.issueWorklogs.deleteWorklog({ issueIdOrKey: 'CORP-3', id: w.id! });
    expect((await jira.issueWorklogs.getIssueWorklog({ issueIdOrKey: 'CORP-3' })).total).toBe(1);
    expect((await raw(universe, '/rest/api/2/issue/CORP-3/worklog')).body.worklogs[0].timeSpent).toBe('1w 1d');
  });
});

describe('issue links', () => {
  it('links issues (each side sees the other end), lists link types, deletes', async () => {
    const jira = client(universe);
    const types = await jira.issueLinkTypes.getIssueLinkTypes();
    expect(types.issueLinkTypes?.map((t) => t.name)).toEqual(['Blocks', 'Cloners', 'Duplicate', 'Relates']);
    await jira.issueLinks.linkIssues({ type: { name: 'Duplicate' }, inwardIssue: { key: 'CORP-4' }, outwardIssue: { key: 'CORP-2' } });
    const four = await jira.issues.getIssue({ issueIdOrKey: 'CORP-4', fields: ['issuelinks'] });
    const dup = four.fields.issuelinks.find((l) => l.type?.name === 'Duplicate')!;
    expect(dup.outwardIssue?.key).toBe('CORP-2');
    const two = await jira.issues.getIssue({ issueIdOrKey: 'CORP-2', fields: ['issuelinks'] });
    expect(two.fields.issuelinks.find((l) => l.id === dup.id)?.inwardIssue?.key).toBe('CORP-4');
    // Seeded: CORP-3 blocks CORP-2.
    expect(two.fields.issuelinks.find((l) => l.type?.name === 'Blocks')?.inwardIssue?.key).toBe('CORP-3');
    const link = await jira.issueLinks.getIssueLink({ linkId: dup.id! });
    expect(link).toMatchObject({ inwardIssue: { key: 'CORP-4' }, outwardIssue: { key: 'CORP-2' } });
    expect((await raw(universe, '/rest/api/3/issueLink', { method: 'POST', body: { type: { name: 'Nope' }, inwardIssue: { key: 'CORP-1' }, outwardIssue: { key: 'CORP-2' } } })).status).toBe(404);
    expect((await raw(universe, '/rest/api/3/issueLink', { method: 'POST', body: { type: { name: 'Blocks' }, inwardIssue: { key: 'CORP-1' }, outwardIssue: { key: 'CORP-99' } } })).status).toBe(404);
    await jira.issueLinks.deleteIssueLink({ linkId: dup.id! });
    expect((await raw(universe, `/rest/api/3/issueLink/${dup.id}`)).status).toBe(404);
    expect((await jira.issues.getIssue({ issueIdOrKey: 'CORP-4', fields: ['issuelinks'] })).fields.issuelinks.some((l) => l.id === dup.id)).toBe(false);
  });
});

describe('attachments', () => {
  it('uploads with X-Atlassian-Token, downloads the same bytes, deletes; refuses without the token', async () => {
    const jira = client(universe);
    const [a] = await jira.issueAttachments.addAttachment({ issueIdOrKey: 'CORP-1', attachment: { filename: 'notes.txt', file: Buffer.from('hello twin'), mimeType: 'text/plain' } });
    expect(a).toMatchObject({ filename: 'notes.txt', size: 10, mimeType: 'text/plain' });
    const content = await jira.issueAttachments.getAttachmentContent({ id: a.id! });
    expect(Buffer.from(content as unknown as ArrayBuffer).toString()).toBe('hello twin');
    expect((await jira.issueAttachments.getAttachment({ id: a.id! })).filename).toBe('notes.txt');
    expect((await jira.issues.getIssue({ issueIdOrKey: 'CORP-1', fields: ['attachment'] })).fields.attachment.map((x) => x.id)).toEqual([a.id]);
    const partial = await fetch(`${universe.urls.jira}/rest/api/3/attachment/content/${a.id}`, { headers: { authorization: basic(), range: 'bytes=0-4' } });
    expect(partial.status).toBe(206);
    expect(await partial.text()).toBe('hello');

    const form = new FormData();
    form.append('file', new Blob(['x']), 'x.txt');
    const xsrf = await fetch(`${universe.urls.jira}/rest/api/3/issue/CORP-1/attachments`, { method: 'POST', headers: { authorization: basic() }, body: form });
    expect(xsrf.status).toBe(403);
    expect(await xsrf.text()).toBe('XSRF check failed');
    const person = universe.org.people.find((p) => p.status === 'active' && !p.admin)!;
    expect((await raw(universe, `/rest/api/3/attachment/${a.id}`, { method: 'DELETE', as: person.email })).status).toBe(403);
    await jira.issueAttachments.removeAttachment({ id: a.id! });
    expect((await raw(universe, `/rest/api/3/attachment/content/${a.id}`)).status).toBe(404);
  });
});

function basic(email = universe.credentials.jira.email as string) {
  const tokens = universe.credentials.jira.userTokens as Record<string, string>;
  return `Basic ${Buffer.from(`${email}:${tokens[email]}`).toString('base64')}`;
}
