// Okta's Atlassian Cloud connector: Atlassian's user provisioning (SCIM 2.0) API at
// https://api.atlassian.com/scim/directory/{directoryId}, here `jira.scim.baseUrl` of the Jira twin's
// credentials, with the directory's API key as Bearer token. Users by id once known, else by
// `userName eq` (the email); a leaver is PATCHed active:false (the Atlassian account stays, as do its
// issues). Groups by id, else by `displayName eq`; members by SCIM user id.
import { call, scimListAll, scimQuote, type CallContext, type Connector, type DesiredUser, type TargetUser } from './targets.js';

const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

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
    async findUser({ externalId, email }) {
      if (externalId) {
        const found = await call(c, 'scim.Users.get', 'GET', `${base}/Users/${encodeURIComponent(externalId)}`, auth, undefined, true);
        if (found) return asTarget(found);
      }
      const list = await call(c, 'scim.Users.list', 'GET', `${base}/Users?filter=${encodeURIComponent(`userName eq ${scimQuote(email)}`)}`, auth);
      const hit = (list?.Resources ?? [])[0] as ScimUser | undefined;
      return hit ? asTarget(hit) : null;
    },
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
      const out: string[] = [];
      if (existing.givenName !== user.givenName || existing.familyName !== user.familyName) out.push('name');
      if (existing.email.toLowerCase() !== user.email.toLowerCase()) out.push('emails');
      if (existing.title !== user.title) out.push('title');
      if ((existing.department ?? '') !== user.department) out.push('department');
      return out;
    },
    async findGroup({ id, name }) {
      if (id) {
        const found = await call(c, 'scim.Groups.get', 'GET', `${base}/Groups/${encodeURIComponent(id)}`, auth, undefined, true);
        if (found) return { id: found.id, name: found.displayName };
      }
      const list = await call(c, 'scim.Groups.list', 'GET', `${base}/Groups?filter=${encodeURIComponent(`displayName eq ${scimQuote(name)}`)}`, auth);
      const hit = (list?.Resources ?? [])[0];
      return hit ? { id: hit.id, name: hit.displayName } : null;
    },
    async createGroup(name) {
      const created = await call(c, 'scim.Groups.create', 'POST', `${base}/Groups`, auth, { schemas: [GROUP_SCHEMA], displayName: name });
      return { id: created.id, name: created.displayName };
    },
    async renameGroup(group, name) {
      await call(c, 'scim.Groups.patch', 'PATCH', `${base}/Groups/${encodeURIComponent(group.id)}`, auth, { schemas: [PATCH_SCHEMA], Operations: [{ op: 'replace', path: 'displayName', value: name }] });
    },
    async groupMembers(group) {
      const found = await call(c, 'scim.Groups.get', 'GET', `${base}/Groups/${encodeURIComponent(group.id)}`, auth);
      return ((found?.members ?? []) as { value: string }[]).map((m) => m.value);
    },
    async updateMembers(group, add, remove) {
      const Operations = [
        ...(add.length ? [{ op: 'add', path: 'members', value: add.map((value) => ({ value })) }] : []),
        ...(remove.length ? [{ op: 'remove', path: 'members', value: remove.map((value) => ({ value })) }] : []),
      ];
      if (Operations.length) await call(c, 'scim.Groups.patch', 'PATCH', `${base}/Groups/${encodeURIComponent(group.id)}`, auth, { schemas: [PATCH_SCHEMA], Operations });
    },
  };
}
