// What `dtu up` prints once ready, and what `dtu env` prints: URLs and credentials, readable.
import type { Org } from '../seeding/org.js';

type Credentials = Record<string, any>;

export function startBanner(seed: number, org: Org, urls: Record<string, string | undefined>, credentials: Credentials, withConsole = false): string {
  const rows: [string, string, string][] = [['control', urls.control!, 'GET /_dtu/credentials · /_dtu/org · /_dtu/chaos · /_dtu/events']];
  const { okta, slack, jira, google } = credentials;
  if (okta) rows.push(['okta', okta.orgUrl, `SSWS ${okta.apiToken}  (super admin ${okta.as})`]);
  if (slack) rows.push(['slack', slack.apiUrl, `bot ${slack.botToken}  user ${slack.userToken}  (${slack.as})`]);
  if (jira) rows.push(['jira', jira.host, `basic ${jira.email} : ${jira.apiToken}`]);
  if (google) rows.push(['google', google.rootUrl, `Bearer ${google.accessToken}  (${google.as})`]);
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const w1 = Math.max(...rows.map((r) => r[1].length));
  const table = rows.map(([a, b, c]) => `  ${a.padEnd(w0)}  ${b.padEnd(w1)}  ${c}`).join('\n');
  return [
    `Digital Twin Universe · seed ${seed} · ${org.name} (${org.domain}) · ${org.people.length} people, ${org.groups.length} groups`,
    '',
    table,
    '',
    `Ready: ${urls.control}/_dtu/health answers 200. Every person's tokens: ${urls.control}/_dtu/credentials; as shell variables: dtu env.`,
    ...(withConsole ? [`Console: open ${urls.control}/ in a browser.`] : []),
  ].join('\n');
}

const quote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;

export function envLines(seed: number, urls: Record<string, string | undefined>, credentials: Credentials): string {
  const vars: [string, string | undefined][] = [
    ['DTU_SEED', String(seed)],
    ['DTU_CONTROL_URL', urls.control],
    ['DTU_OKTA_URL', credentials.okta?.orgUrl], ['DTU_OKTA_API_TOKEN', credentials.okta?.apiToken],
    ['DTU_OKTA_READONLY_API_TOKEN', credentials.okta?.readOnlyApiToken], ['DTU_OKTA_ISSUER', credentials.okta?.oidc?.issuer],
    ['DTU_OKTA_CLIENT_ID', credentials.okta?.oidc?.clientId], ['DTU_OKTA_CLIENT_SECRET', credentials.okta?.oidc?.clientSecret],
    ['DTU_SLACK_API_URL', credentials.slack?.apiUrl], ['DTU_SLACK_BOT_TOKEN', credentials.slack?.botToken],
    ['DTU_SLACK_USER_TOKEN', credentials.slack?.userToken], ['DTU_SLACK_APP_TOKEN', credentials.slack?.appToken],
    ['DTU_SLACK_SIGNING_SECRET', credentials.slack?.signingSecret],
    ['DTU_JIRA_HOST', credentials.jira?.host], ['DTU_JIRA_EMAIL', credentials.jira?.email], ['DTU_JIRA_API_TOKEN', credentials.jira?.apiToken],
    ['DTU_GOOGLE_ROOT_URL', credentials.google?.rootUrl], ['DTU_GOOGLE_ACCESS_TOKEN', credentials.google?.accessToken],
  ];
  return vars.filter(([, v]) => v !== undefined).map(([k, v]) => `export ${k}=${quote(v!)}`).join('\n');
}
