// How the Slack twin's operations are grouped and named in its OpenAPI document (/_dtu/openapi.json).
import { dottedFamily, type ApiDocRules } from '../../shared/kernel/openapi.js';

export const slackApiDocs: ApiDocRules = {
  title: 'Slack Web API (DTU twin)',
  // Method family: chat, conversations, users… (SCIM and the file/socket URLs by their own prefix).
  family: (operation) => dottedFamily(operation) ?? operation,
  // Every Web API method answers GET and POST; the official SDKs POST.
  rank: (route) => (route.method === 'POST' ? 0 : 1),
};
