// How the Jira twin's operations are grouped and named in its OpenAPI document (/_dtu/openapi.json).
import { dottedFamily, segmentAfter, type ApiDocRules } from '../../shared/kernel/openapi.js';

export const jiraApiDocs: ApiDocRules = {
  title: 'Jira Cloud platform and Jira Software APIs (DTU twin)',
  family: (operation, url) => {
    if (/^\/rest\/api\/\d+\//.test(url)) return segmentAfter(url, /^\/rest\/api\/\d+/);
    if (url.startsWith('/rest/agile/')) return `agile ${segmentAfter(url, /^\/rest\/agile\/[\d.]+/)}`;
    if (url.startsWith('/rest/webhooks/')) return 'webhook (admin)';
    return dottedFamily(operation) ?? segmentAfter(url, /^/);
  },
  // Atlassian documents v3; v2 serves the same operations with wiki-markup text.
  rank: (route) => (route.url.startsWith('/rest/api/2/') ? 1 : 0),
  pathLabel: (url) => (url.startsWith('/rest/api/2/') ? 'v2' : undefined),
};
