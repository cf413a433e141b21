// How users, groups and apps look on the wire: the stored record plus what Okta derives (credentials
// summary without the secret, _links). Passwords are never served.
import type { OktaApp } from './apps.js';
import type { OktaData, OktaGroup, OktaUser } from './store.js';

export function userView(data: OktaData, user: OktaUser, publicUrl: string) {
  const self = `${publicUrl}/api/v1/users/${user.id}`;
  return {
    ...user,
    credentials: {
      ...(user.id in data.passwords && { password: {} }),
      provider: { type: 'OKTA', name: 'OKTA' },
    },
    _links: { self: { href: self } },
  };
}

/**
 * A user's JSON text, memoized per user object: list pages are the hot path (a page of 200 is ~180 KB),
 * so each user is serialized once and pages are joined from the pieces. The memo holds the fields the view
 * shows and is used only while they are unchanged (routes replace `profile` rather than mutate it).
 */
interface UserJsonMemo { user: Pick<OktaUser, (typeof SHOWN)[number]>; hasPassword: boolean; publicUrl: string; json: string }
/** The user fields a write changes; `profile` and `type` are compared by identity. */
const SHOWN = ['status', 'lastUpdated', 'lastLogin', 'passwordChanged', 'statusChanged', 'activated', 'profile', 'type'] as const;
const userJsonMemo = new WeakMap<OktaUser, UserJsonMemo>();

export function userJson(data: OktaData, user: OktaUser, publicUrl: string): string {
  const hasPassword = user.id in data.passwords;
  const memo = userJsonMemo.get(user);
  if (memo && memo.hasPassword === hasPassword && memo.publicUrl === publicUrl && SHOWN.every((k) => memo.user[k] === user[k])) return memo.json;
  const json = JSON.stringify(userView(data, user, publicUrl));
  const shown = Object.fromEntries(SHOWN.map((k) => [k, user[k]])) as UserJsonMemo['user'];
  userJsonMemo.set(user, { user: shown, hasPassword, publicUrl, json });
  return json;
}

/** A JSON array of users, as the text Fastify sends unchanged. */
export const usersJson = (data: OktaData, users: OktaUser[], publicUrl: string) => `[${users.map((u) => userJson(data, u, publicUrl)).join(',')}]`;

export function groupView(group: OktaGroup, publicUrl: string) {
  const self = `${publicUrl}/api/v1/groups/${group.id}`;
  return {
    ...group,
    _links: {
      logo: [{ name: 'medium', href: 'https://op1static.oktacdn.com/assets/img/logos/groups/okta-medium.png', type: 'image/png' }],
      users: { href: `${self}/users` },
      apps: { href: `${self}/apps` },
    },
  };
}

export function appView(app: OktaApp, publicUrl: string) {
  const self = `${publicUrl}/api/v1/apps/${app.id}`;
  const post = { hints: { allow: ['POST'] } };
  return {
    ...app,
    _links: {
      self: { href: self },
      users: { href: `${self}/users` },
      groups: { href: `${self}/groups` },
      logo: [{ name: 'medium', href: `${publicUrl}/assets/img/logos/${app.name}.png`, type: 'image/png' }],
      appLinks: Object.keys(app.visibility.appLinks).map((name) => ({ name, href: `${publicUrl}/home/${app.name}/${app.id}/${name}`, type: 'text/html' })),
      ...(app.signOnMode === 'SAML_2_0' && { metadata: { href: `${self}/sso/saml/metadata`, type: 'application/xml' } }),
      ...(app.status === 'ACTIVE' ? { deactivate: { href: `${self}/lifecycle/deactivate`, ...post } } : { activate: { href: `${self}/lifecycle/activate`, ...post } }),
    },
  };
}
