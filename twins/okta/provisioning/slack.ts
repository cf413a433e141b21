// Okta's Slack connector: Slack's SCIM v2 API (/scim/v2/Users, /scim/v2/Groups) with an admin user
// token. Users are looked up by id once known, else by `email eq`; deactivation is PATCH active:false
// (Slack deactivates, it never deletes a member's data).
import { PATCH_SCHEMA, scimFindUser, scimGroupOperations, scimListAll, scimProfileDifferences, scimQuote, USER_SCHEMA } from './scim.js';
import { call, type CallContext, type Connector, type DesiredUser, type TargetUser } from './targets.js';

interface ScimUser {
  id: string;
  active: boolean;
  name?: { givenName?: string; familyName?: string };
  emails?: { value: string; primary?: boolean }[];
  title?: string;
  timezone?: string;
}

const asTarget = (u: ScimUser): TargetUser => ({
  id: u.id, active: u.active !== false, email: (u.emails?.find((e) => e.primary) ?? u.emails?.[0])?.value ?? '',
  givenName: u.name?.givenName ?? '', familyName: u.name?.familyName ?? '', title: u.title ?? '', timezone: u.timezone ?? '',
});

export function slackConnector(c: CallContext, base: string, credentials: Record<string, any>): Connector | null {
  const token = credentials.scimToken;
  if (typeof token !== 'string') return null;
  const auth = { authorization: `Bearer ${token}` };
  const scim = `${base}/scim/v2`;
  const profile = (user: DesiredUser) => ({
    name: { givenName: user.givenName, familyName: user.familyName }, emails: [{ value: user.email, primary: true }],
    title: user.title, ...(user.timezone && { timezone: user.timezone }),
  });

  return {
    memberKey: 'id',
    findUser: ({ externalId, email }) => scimFindUser(c, scim, auth, externalId, `email eq ${scimQuote(email)}`, asTarget),
    async createUser(user) {
      const created = await call(c, 'scim.Users.create', 'POST', `${scim}/Users`, auth, {
        schemas: [USER_SCHEMA], userName: user.userName, displayName: user.displayName, ...profile(user), active: true,
      });
      return asTarget(created);
    },
    async updateUser(existing, user, active) {
      // A leaver is only deactivated; their profile stays as it was.
      const value = active ? { ...profile(user), active: true } : { active: false };
      await call(c, 'scim.Users.patch', 'PATCH', `${scim}/Users/${encodeURIComponent(existing.id)}`, auth, { schemas: [PATCH_SCHEMA], Operations: [{ op: 'replace', value }] });
    },
    async listUsers() {
      return (await scimListAll(c, `${scim}/Users`, auth, 1000)).map(asTarget);
    },
    differences(existing, user) {
      const out = scimProfileDifferences(existing, user);
      if (user.timezone && existing.timezone !== user.timezone) out.push('timezone');
      return out;
    },
    ...scimGroupOperations(c, scim, auth, { members: [] }),
    async updateMembers(group, add, remove) {
      const Operations = [
        ...(add.length ? [{ op: 'add', path: 'members', value: add.map((value) => ({ value })) }] : []),
        ...remove.map((id) => ({ op: 'remove', path: `members[value eq ${scimQuote(id)}]` })),
      ];
      if (Operations.length) await call(c, 'scim.Groups.patch', 'PATCH', `${scim}/Groups/${encodeURIComponent(group.id)}`, auth, { schemas: [PATCH_SCHEMA], Operations });
    },
  };
}
