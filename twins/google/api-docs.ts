// How the Google twin's operations are grouped and named in its OpenAPI document (/_dtu/openapi.json).
import { dottedFamily, type ApiDocRules } from '../../shared/kernel/openapi.js';

const METHOD_ORDER = ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'];

export const googleApiDocs: ApiDocRules = {
  title: 'Google Drive, Docs, Sheets and Admin Directory APIs (DTU twin)',
  // Per API: drive, docs, sheets, directory (and the oauth2 token endpoints).
  family: (operation) => dottedFamily(operation) ?? operation,
  // Media uploads go to /upload/…, the same discovery method as the metadata-only call; /tokeninfo
  // is the legacy path of oauth2/v3/tokeninfo.
  rank: (route) => (/^\/(upload|tokeninfo)\b/.test(route.url) ? 10 : 0) + METHOD_ORDER.indexOf(route.method),
  pathLabel: (url) => (url.startsWith('/upload/') ? 'upload' : url.startsWith('/tokeninfo') ? 'legacy' : undefined),
};
