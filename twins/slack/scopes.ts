// The seeded tokens' scope sets and the scopes each method needs (any one of them suffices).
export const BOT_KEY = 'dtu-bot';
export const LIMITED_BOT_KEY = 'limited-bot';
/** The SCIM token is a user token of the primary owner, derived under this key, with `admin` added. */
export const scimTokenKey = (ownerEmail: string) => `scim:${ownerEmail}`;

/** What the seeded app's bot token was granted (granular bot scopes). */
export const BOT_SCOPES = [
  'channels:read', 'channels:history', 'channels:join', 'channels:manage', 'groups:read', 'groups:history', 'groups:write',
  'im:read', 'im:history', 'mpim:read', 'chat:write', 'reactions:read', 'reactions:write', 'users:read', 'users:read.email',
  'team:read', 'usergroups:read', 'users:write', 'users.profile:read', 'im:write', 'mpim:write', 'pins:read', 'pins:write', 'emoji:read',
  'usergroups:write', 'bookmarks:read', 'bookmarks:write', 'files:read', 'files:write',
];

/** What every person's user token was granted. */
export const USER_SCOPES = [
  'channels:read', 'channels:history', 'channels:write', 'groups:read', 'groups:history', 'groups:write', 'im:read', 'im:history',
  'mpim:read', 'chat:write', 'reactions:read', 'reactions:write', 'users:read', 'users:read.email', 'team:read', 'usergroups:read', 'search:read',
  'users:write', 'users.profile:read', 'users.profile:write', 'im:write', 'mpim:write', 'pins:read', 'pins:write', 'emoji:read',
  'usergroups:write', 'bookmarks:read', 'bookmarks:write', 'files:read', 'files:write',
];
