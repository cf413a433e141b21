// Every Web API method the twin serves, family by family (one file each).
import type { FastifyInstance } from 'fastify';
import { scimRoutes } from '../scim/index.js';
import { eventControlRoutes } from '../events/control-routes.js';
import { attachEventHub } from '../events/hub.js';
import { socketModeRoutes } from '../socket-mode/routes.js';
import { webApiPlumbing, type SlackContext } from '../web-api.js';
import { authRoutes } from './auth.js';
import { bookmarksRoutes } from './bookmarks.js';
import { chatExtrasRoutes } from './chat-extras.js';
import { chatScheduledRoutes } from './chat-scheduled.js';
import { chatRoutes } from './chat.js';
import { conversationsDmRoutes } from './conversations-dm.js';
import { conversationsManageRoutes } from './conversations-manage.js';
import { conversationsRoutes } from './conversations.js';
import { filesUploadRoutes } from './files-upload.js';
import { filesRoutes } from './files.js';
import { pinsRoutes } from './pins.js';
import { reactionsRoutes } from './reactions.js';
import { searchRoutes } from './search.js';
import { usergroupsWriteRoutes } from './usergroups-write.js';
import { usergroupsRoutes } from './usergroups.js';
import { usersRoutes } from './users.js';

// api.test, auth.test, team.info                                      → auth.ts
// users.list, .info, .lookupByEmail, .conversations, .getPresence,
//   .setPresence                                                      → users.ts
// users.profile.get, users.profile.set                                → users-profile.ts
// conversations.list, .info, .members, .history, .replies             → conversations.ts
// conversations.create, .join, .leave, .invite, .kick, .archive,
//   .unarchive, .rename, .setTopic, .setPurpose, .mark                → conversations-manage.ts
// conversations.open, .close                                          → conversations-dm.ts
// chat.postMessage, chat.update, chat.delete                          → chat.ts
// chat.postEphemeral, chat.meMessage, chat.getPermalink               → chat-extras.ts
// chat.scheduleMessage, .scheduledMessages.list, .deleteScheduledMessage → chat-scheduled.ts
// reactions.add, reactions.remove, reactions.get, reactions.list      → reactions.ts
// pins.add, pins.remove, pins.list                                    → pins.ts
// usergroups.list, usergroups.users.list, emoji.list                  → usergroups.ts
// usergroups.create, .update, .users.update, .disable, .enable        → usergroups-write.ts
// bookmarks.add, .edit, .list, .remove                                → bookmarks.ts
// search.messages                                                     → search.ts
// files.getUploadURLExternal, .completeUploadExternal (+ the upload URL) → files-upload.ts
// files.info, .list, .delete (+ url_private, url_private_download)    → files.ts
// SCIM v2: /scim/v2/Users, /scim/v2/Groups                            → ../scim/
// apps.connections.open (+ the Socket Mode link /link/)               → ../socket-mode/routes.ts
// /_dtu/slack/event-subscription, /_dtu/slack/socket-mode[/disconnect] → ../events/control-routes.ts
export function slackRoutes(app: FastifyInstance, ctx: SlackContext) {
  webApiPlumbing(app);
  const events = attachEventHub(ctx);
  eventControlRoutes(app, events);
  socketModeRoutes(app, events);
  authRoutes(app, ctx);
  usersRoutes(app, ctx);
  conversationsRoutes(app, ctx);
  conversationsManageRoutes(app, ctx);
  conversationsDmRoutes(app, ctx);
  chatRoutes(app, ctx);
  chatExtrasRoutes(app, ctx);
  chatScheduledRoutes(app, ctx);
  reactionsRoutes(app, ctx);
  pinsRoutes(app, ctx);
  usergroupsRoutes(app, ctx);
  usergroupsWriteRoutes(app, ctx);
  bookmarksRoutes(app, ctx);
  searchRoutes(app, ctx);
  filesUploadRoutes(app, ctx);
  filesRoutes(app, ctx);
  scimRoutes(app, ctx);
}
