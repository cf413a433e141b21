// How users and groups look on the wire: the stored record plus what Okta derives (credentials
// summary without the secret, _links). Passwords are never served.
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
