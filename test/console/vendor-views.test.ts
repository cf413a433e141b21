// The console's vendor views (Slack, Jira, Drive, Okta) in a real browser, on the offboarding scenario
// (Dana Reyes's Drive files shared with Sales and the Deal Desk, #deal-desk, the DEALS project), with the
// twins driven through the vendors' official SDKs while the page is open.
import okta from '@okta/okta-sdk-nodejs';
import { WebClient } from '@slack/web-api';
import { Version3Client } from 'jira.js';
import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConsoleSession, type ConsoleSession } from './browser.js';

let session: ConsoleSession;
const DANA = 'dana.reyes@acme.example.com';
const SAM = 'sam.okoro@acme.example.com';

const visible = (locator: Locator) => locator.first().waitFor({ state: 'visible', timeout: 5000 });

/**
 * Goes to a view that follows `twin`'s live events (`go`: open a URL or click a link), and returns once
 * the page's event stream delivers: `poke` (a harmless call) repeats until a frame arrives, since the
 * server may subscribe the socket a moment after the browser opened it. A change made after this
 * cannot be missed.
 */
async function goLive(go: () => Promise<void>, twin: string, poke: () => Promise<unknown>): Promise<void> {
  const socket = session.page.waitForEvent('websocket', { predicate: (ws) => ws.url().includes(`twin=${twin}`), timeout: 5000 });
  await go();
  const ws = await socket;
  let live = false;
  const frame = ws.waitForEvent('framereceived', { timeout: 5000 }).then(() => (live = true));
  while (!live) {
    await poke();
    await Promise.race([frame, new Promise((resolve) => setTimeout(resolve, 100))]);
  }
}

beforeAll(async () => {
  session = await startConsoleSession({ fixture: 'offboarding' });
});
afterAll(async () => {
  await session?.close();
});

const slackAs = (email: string) => {
  const { apiUrl, userTokens } = session.universe.credentials.slack;
  return new WebClient(userTokens[email], { slackApiUrl: apiUrl, retryConfig: { retries: 0 } });
};

describe('vendor views', () => {
  it('Slack: a message posted with @slack/web-api appears live; the composer posts as the chosen person', async () => {
    const { page } = session;
    const sam = slackAs(SAM);
    const channels = await sam.conversations.list({ types: 'public_channel' });
    const dealDesk = channels.channels!.find((c) => c.name === 'deal-desk')!;
    await goLive(() => session.open(`/slack/${dealDesk.id}`), 'slack', () => sam.auth.test());
    await visible(page.getByRole('heading', { name: '#deal-desk' }));
    const messages = page.getByRole('list', { name: 'Messages' });
    await visible(messages.getByText('Need approval for 18% off the Northwind renewal, three-year term.'));
    // The sidebar lists the channel with its member count (Dana, Sam, Hugo and the app's bot).
    await visible(page.getByRole('navigation', { name: 'Channels' }).getByRole('link', { name: /deal-desk/ }));

    // Posted by the SDK while the page is open: it appears without a reload, with its author's name.
    const posted = await sam.chat.postMessage({ channel: dealDesk.id!, text: 'Approved up to 15%, anything above needs Dana.' });
    const row = messages.getByRole('listitem').filter({ hasText: 'Approved up to 15%, anything above needs Dana.' });
    await visible(row);
    await visible(row.getByText('Sam Okoro'));

    // A reply in a thread: "1 reply" appears live and opens the thread pane.
    await sam.chat.postMessage({ channel: dealDesk.id!, thread_ts: posted.ts!, text: 'Logged in DEALS as well.' });
    await row.getByRole('link', { name: '1 reply' }).click();
    await visible(page.getByRole('list', { name: 'Replies' }).getByText('Logged in DEALS as well.'));
    await session.screenshot('console-slack');

    // The composer, as Dana: read back with the SDK, the author is Dana's own Slack user.
    await page.getByLabel('Post as').selectOption(DANA);
    await page.getByRole('textbox', { name: 'Message' }).fill('Posted from the console as Dana.');
    await page.getByRole('button', { name: 'Send' }).click();
    await visible(messages.getByText('Posted from the console as Dana.'));
    const { user: dana } = await sam.users.lookupByEmail({ email: DANA });
    const history = await sam.conversations.history({ channel: dealDesk.id!, limit: 5 });
    const mine = history.messages!.find((m) => m.text === 'Posted from the console as Dana.');
    expect(mine?.user).toBe(dana!.id);
  });

  it('Jira: a transition made with jira.js moves the card to the other column on the open board', async () => {
    const { page, open } = session;
    const { host, email, apiToken } = session.universe.credentials.jira;
    const jira = new Version3Client({ host, authentication: { basic: { email, apiToken } } });
    const { issues } = await jira.issueSearch.searchForIssuesUsingJqlEnhancedSearchPost({
      jql: 'project = DEALS AND summary ~ "MSA template"', fields: ['summary', 'status'],
    });
    const issue = issues![0]!;
    expect(issue.fields.status.name).toBe('To Do');

    await open('/jira');
    await visible(page.getByRole('row').filter({ hasText: 'DEALS' }).getByRole('link', { name: 'Deal Desk' }));
    await session.screenshot('console-jira-projects');
    await goLive(() => page.getByRole('link', { name: 'Deal Desk' }).click(), 'jira', () => jira.myself.getCurrentUser());
    expect(new URL(page.url()).pathname).toBe('/jira/DEALS');
    const column = (name: string) => page.getByRole('region', { name, exact: true });
    await visible(column('To Do').getByText('Update the standard MSA template'));
    await visible(column('In Progress').getByText('Approve Northwind renewal discount'));

    const { transitions } = await jira.issues.getTransitions({ issueIdOrKey: issue.key! });
    const start = transitions!.find((t) => t.to?.name === 'In Progress')!;
    await jira.issues.doTransition({ issueIdOrKey: issue.key!, transition: { id: start.id! } });
    await visible(column('In Progress').getByText('Update the standard MSA template'));
    expect(await column('To Do').getByText('Update the standard MSA template').count()).toBe(0);

    // The card opens the issue beside the board: people, and the transition in the history.
    await column('In Progress').getByRole('link', { name: /Update the standard MSA template/ }).click();
    const detail = page.getByRole('complementary');
    await visible(detail.getByRole('heading', { name: /MSA template/ }));
    await visible(detail.getByText('Dana Reyes'));
    await visible(detail.getByText(/To Do → In Progress/));
    // A comment added with jira.js (an ADF document) appears in the open issue as plain paragraphs.
    await jira.issueComments.addComment({ issueIdOrKey: issue.key!, comment: { type: 'doc', version: 1, content: [
      { type: 'paragraph', content: [{ type: 'text', text: 'Legal has the redlines.' }] },
      { type: 'paragraph', content: [{ type: 'text', text: 'Back ' }, { type: 'text', text: 'by Friday.', marks: [{ type: 'strong' }] }] },
    ] } });
    await visible(detail.getByText('Legal has the redlines.'));
    await visible(detail.getByText('Back by Friday.'));
    await session.screenshot('console-jira');
  });

  it('Drive: a person\'s tree, a Doc\'s text, a Sheet\'s grid and who has access (groups too)', async () => {
    const { page, open } = session;
    await open('/drive');
    await page.getByLabel('Find a person').fill('dana');
    await session.screenshot('console-drive-people');
    await page.getByRole('link', { name: /Dana Reyes/ }).click();
    const tree = page.getByRole('navigation', { name: `Drive of ${DANA}` });
    await tree.getByRole('button', { name: /Sales Team/ }).click();
    await tree.getByRole('link', { name: /Q3 Sales Playbook/ }).click();
    await visible(page.getByText('Discounts above 15% go to the Deal Desk.'));

    await tree.getByRole('link', { name: /Q3 Pipeline/ }).click();
    const grid = page.getByRole('region', { name: 'Sheet values' }).getByRole('table');
    await visible(grid.getByRole('cell', { name: 'Northwind' }));
    await visible(grid.getByRole('cell', { name: '245000' }));
    const access = page.getByRole('region', { name: 'Who has access' });
    const dealDesk = access.getByRole('row').filter({ hasText: 'deal-desk@acme.example.com' });
    await visible(dealDesk);
    expect(await dealDesk.getByRole('cell').allTextContents()).toEqual(['Deal Desk', 'deal-desk@acme.example.com', 'group', 'commenter']);
    await session.screenshot('console-drive');

    // Shared with me, as Hugo (a Deal Desk member): the sheet Dana shared with his group.
    await open(`/drive/${encodeURIComponent('hugo.laurent@acme.example.com')}`);
    const hugo = page.getByRole('navigation', { name: 'Drive of hugo.laurent@acme.example.com' });
    await hugo.getByRole('button', { name: /Shared with me/ }).click();
    await visible(hugo.getByRole('link', { name: /Q3 Pipeline/ }));
  });

  it('Okta: find a user by email, see their groups and app assignments; groups and the System Log', async () => {
    const { page, open } = session;
    await open('/okta/users');
    await page.getByLabel('Search by email (starts with)').fill('dana');
    await page.getByRole('link', { name: /Dana Reyes/ }).click();
    await visible(page.getByRole('heading', { name: /Dana Reyes/ }));
    const groups = page.getByRole('list', { name: 'Groups' });
    await visible(groups.getByRole('link', { name: 'Deal Desk' }));
    await visible(groups.getByRole('link', { name: 'Sales' }));
    const apps = page.getByRole('table').filter({ hasText: 'Assigned applications' });
    for (const app of ['Slack', 'Jira Cloud', 'Google Workspace']) await visible(apps.getByRole('link', { name: app }));
    await session.screenshot('console-okta-user');

    await groups.getByRole('link', { name: 'Deal Desk' }).click();
    await visible(page.getByRole('list', { name: 'Members' }).getByText('Hugo Laurent'));
    // The System Log is live: Grace suspended through the Okta SDK shows up without a reload.
    const { orgUrl, apiToken } = session.universe.credentials.okta;
    const client = new okta.Client({ orgUrl, token: apiToken, requestExecutor: new okta.DefaultRequestExecutor({ maxRetries: 0, requestTimeout: 0 }) });
    const grace = await client.userApi.getUser({ userId: 'grace.kim@acme.example.com' });
    await goLive(() => session.open('/okta/logs'), 'okta', () => client.userApi.getUser({ userId: grace.id! }));
    await visible(page.getByRole('heading', { name: 'System Log' }));
    await client.userApi.suspendUser({ userId: grace.id! });
    const suspended = page.getByRole('row').filter({ hasText: 'user.lifecycle.suspend' });
    await visible(suspended);
    await visible(suspended.getByText('Grace Kim'));
    await session.screenshot('console-okta-logs');
    expect(session.errors).toEqual([]);
  });
});
