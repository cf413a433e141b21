// How the Okta twin's operations are grouped and named in its OpenAPI document (/_dtu/openapi.json).
import { dottedFamily, segmentAfter, type ApiDocRules } from '../../shared/kernel/openapi.js';

export const oktaApiDocs: ApiDocRules = {
  title: 'Okta Management, OAuth 2.0 and OIDC APIs (DTU twin)',
  // The API area from the path (users, groups, apps…); the two authorization servers apart.
  family: (operation, url) => {
    if (url.startsWith('/oauth2/default/')) return 'oauth2 (custom authorization server)';
    if (url.startsWith('/oauth2/') || url.startsWith('/.well-known/')) return 'oauth2 (org authorization server)';
    if (url.startsWith('/api/v1/')) {
      const area = segmentAfter(url, /^\/api\/v1/);
      return area === 'groups' && url.startsWith('/api/v1/groups/rules') ? 'groupRules' : area;
    }
    return dottedFamily(operation) ?? segmentAfter(url, /^/);
  },
  rank: (route) => (route.method === 'GET' ? 0 : 1),
};
