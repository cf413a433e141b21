// Okta's Atlassian Cloud connector: Atlassian's user provisioning (SCIM 2.0) API at
// https://api.atlassian.com/scim/directory/{directoryId}, here `jira.scim.baseUrl` of the Jira twin's
// credentials, with the directory's API key as Bearer token. Users by id once known, else by
// `userName eq` (the email); a leaver is PATCHed active:false (the Atlassian account stays, as do its
// issues). Groups by id, else by `displayName eq`; members by SCIM user id.
import { PATCH_SCHEMA, scimFindUser, scimGroupOperations, scimListAll, scimProfileDifferences, scimQuote, USER_SCHEMA } from './scim.js';
import { call, type CallContext, type Connector, type DesiredUser, type TargetUser } from './targets.js';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

interface ScimUser {
  id: string;
  userName: string;
  active?: boolean;
  name?: { givenName?: string; familyName?: string };
  emails?: { value: string; primary?: boolean }[];
  title?: string;
  [ENTERPRISE]?: { department?: string };
}

const asTarget = (u: ScimUser): TargetUser => ({
  id: u.id, active: u.active !== false, email: (u.emails?.find((e) => e.primary) ?? u.emails?.[0])?.value ?? u.userName,
  givenName: u.name?.givenName ?? '', familyName: u.name?.familyName ?? '', title: u.title ?? '', department: u[ENTERPRISE]?.department ?? '',
});

export function jiraConnector(c: CallContext, credentials: Record<string, any>): Connector | null {
  const scim = credentials.scim as { baseUrl?: unknown; apiKey?: unknown } | undefined;
  if (typeof scim?.baseUrl !== 'string' || typeof scim.apiKey !== 'string') return null;
  const base = scim.baseUrl.replace(/\/+$/, '');
  const auth = { authorization: `Bearer ${scim.apiKey}` };
  const profile = (user: DesiredUser) => ({
    name: { givenName: user.givenName, familyName: user.familyName }, displayName: user.displayName,
    emails: [{ value: user.email, type: 'work', primary: true }], title: user.title, [ENTERPRISE]: { department: user.department },
  });

  return {
    memberKey: 'id',
    findUser: ({ externalId, email }) => scimFindUser(c, base, auth, externalId, `userName eq ${scimQuote(email)}`, asTarget),
    async createUser(user) {
      const created = await call(c, 'scim.Users.create', 'POST', `${base}/Users`, auth, { schemas: [USER_SCHEMA, ENTERPRISE], userName: user.email, ...profile(user), active: true });
      return asTarget(created);
    },
    async updateUser(existing, user, active) {
      const Operations = active
        ? [{ op: 'replace', value: { ...profile(user), userName: user.email, active: true } }]
        : [{ op: 'replace', path: 'active', value: false }];
      await call(c, 'scim.Users.patch', 'PATCH', `${base}/Users/${encodeURIComponent(existing.id)}`, auth, { schemas: [PATCH_SCHEMA], Operations });
    },
    async listUsers() {
      return (await scimListAll(c, `${base}/Users`, auth, 100)).map(asTarget);
    },
    differences(existing, user) {
      const out = scimProfileDifferences(existing, user);
      if ((existing.department ?? '') !== user.department) out.push('department');
      return out;
    },
    ...scimGroupOperations(c, base, auth),
    async updateMembers(group, add, remove) {
      const Operations = [
        ...(add.length ? [{ op: 'add', path: 'members', value: add.map((value) => ({ value })) }] : []),
        ...(remove.length ? [{ op: 'remove', path: 'members', value: remove.map((value) => ({ value })) }] : []),
      ];
      if (Operations.length) await call(c, 'scim.Groups.patch', 'PATCH', `${base}/Groups/${encodeURIComponent(group.id)}`, auth, { schemas: [PATCH_SCHEMA], Operations });
    },
  };
}
