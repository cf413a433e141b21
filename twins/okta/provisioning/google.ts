// Okta's Google Workspace connector: Admin SDK Directory v1 acting as the super admin. Okta's real
// integration holds an OAuth grant with the admin.directory scopes; the twin's credentials give the
// admin's access token read scopes only, so the connector signs a self-signed JWT of the service
// account (domain-wide delegation, sub = the admin), as Google accepts for its APIs. Users
// by id once known, else by primary email; a leaver is suspended (Okta's Google integration suspends
// rather than deletes, so Drive files stay owned). Groups by id, else by `<slug>@<domain>`; members by email.
import { createSign, randomBytes } from 'node:crypto';
import { call, type CallContext, type Connector, type DesiredUser, type TargetUser } from './targets.js';

interface DirectoryUser {
  id: string;
  primaryEmail: string;
  suspended?: boolean;
  name?: { givenName?: string; familyName?: string };
  organizations?: { title?: string; department?: string; primary?: boolean }[];
}

const asTarget = (u: DirectoryUser): TargetUser => {
  const org = u.organizations?.find((o) => o.primary) ?? u.organizations?.[0];
  return {
    id: u.id, active: u.suspended !== true, email: u.primaryEmail, givenName: u.name?.givenName ?? '', familyName: u.name?.familyName ?? '',
    title: org?.title ?? '', department: org?.department ?? '',
  };
};

const slugOf = (name: string) => name.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'group';

const DIRECTORY_SCOPES = ['https://www.googleapis.com/auth/admin.directory.user', 'https://www.googleapis.com/auth/admin.directory.group'];

/** A service account's self-signed JWT (RS256) acting as `subject` with the directory scopes, valid an hour from `nowMs`. */
function delegatedToken(key: { client_email: string; private_key: string; private_key_id?: string }, subject: string, nowMs: number): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const iat = Math.floor(nowMs / 1000);
  const unsigned = `${part({ alg: 'RS256', typ: 'JWT', ...(key.private_key_id && { kid: key.private_key_id }) })}.${part({ iss: key.client_email, sub: subject, scope: DIRECTORY_SCOPES.join(' '), iat, exp: iat + 3600 })}`;
  return `${unsigned}.${createSign('RSA-SHA256').update(unsigned).sign(key.private_key).toString('base64url')}`;
}

export function googleConnector(c: CallContext, base: string, credentials: Record<string, any>, domain: string): Connector | null {
  const key = credentials.serviceAccount;
  if (typeof key?.client_email !== 'string' || typeof key.private_key !== 'string' || typeof credentials.as !== 'string') return null;
  const auth = { authorization: `Bearer ${delegatedToken(key, credentials.as, c.ctx.clock.now())}` };
  const directory = `${base}/admin/directory/v1`;
  const fields = (user: DesiredUser) => ({
    primaryEmail: user.email, name: { givenName: user.givenName, familyName: user.familyName },
    organizations: [{ title: user.title, department: user.department, primary: true }],
    ...(user.managerEmail && { relations: [{ value: user.managerEmail, type: 'manager' }] }),
  });

  return {
    memberKey: 'email',
    async findUser({ externalId, email }) {
      for (const key of [externalId, email]) {
        if (!key) continue;
        const found = await call(c, 'directory.users.get', 'GET', `${directory}/users/${encodeURIComponent(key)}`, auth, undefined, true);
        if (found) return asTarget(found);
      }
      return null;
    },
    async createUser(user) {
      // Okta sets a random password Google requires; people sign in through Okta (SAML).
      const created = await call(c, 'directory.users.insert', 'POST', `${directory}/users`, auth, { ...fields(user), password: randomBytes(18).toString('base64url'), suspended: false });
      return asTarget(created);
    },
    async updateUser(existing, user, active) {
      const body = active ? { ...fields(user), suspended: false } : { suspended: true };
      await call(c, 'directory.users.patch', 'PATCH', `${directory}/users/${encodeURIComponent(existing.id)}`, auth, body);
    },
    differences(existing, user) {
      const out: string[] = [];
      if (existing.givenName !== user.givenName || existing.familyName !== user.familyName) out.push('name');
      if (existing.email.toLowerCase() !== user.email.toLowerCase()) out.push('primaryEmail');
      if (existing.title !== user.title || (existing.department ?? '') !== user.department) out.push('organizations');
      return out;
    },
    async findGroup({ id, name }) {
      for (const key of [id, `${slugOf(name)}@${domain}`]) {
        if (!key) continue;
        const found = await call(c, 'directory.groups.get', 'GET', `${directory}/groups/${encodeURIComponent(key)}`, auth, undefined, true);
        if (found) return { id: found.id, name: found.name };
      }
      return null;
    },
    async createGroup(name) {
      const created = await call(c, 'directory.groups.insert', 'POST', `${directory}/groups`, auth, { email: `${slugOf(name)}@${domain}`, name });
      return { id: created.id, name: created.name };
    },
    async renameGroup(group, name) {
      await call(c, 'directory.groups.patch', 'PATCH', `${directory}/groups/${encodeURIComponent(group.id)}`, auth, { name });
    },
    async groupMembers(group) {
      const emails: string[] = [];
      let pageToken: string | undefined;
      do {
        const page = await call(c, 'directory.members.list', 'GET', `${directory}/groups/${encodeURIComponent(group.id)}/members?maxResults=200${pageToken ? `&pageToken=${encodeURIComponent(pageToken)}` : ''}`, auth);
        for (const m of page?.members ?? []) if (m.type !== 'GROUP') emails.push(String(m.email).toLowerCase());
        pageToken = page?.nextPageToken;
      } while (pageToken);
      return emails;
    },
    async updateMembers(group, add, remove) {
      const members = `${directory}/groups/${encodeURIComponent(group.id)}/members`;
      for (const email of add) await call(c, 'directory.members.insert', 'POST', members, auth, { email, role: 'MEMBER' });
      for (const email of remove) await call(c, 'directory.members.delete', 'DELETE', `${members}/${encodeURIComponent(email)}`, auth, undefined, true);
    },
  };
}
