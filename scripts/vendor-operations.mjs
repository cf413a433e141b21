// The vendors' own operations (from ../shared/api-docs) and how a twin's OpenAPI document covers them.
// Used by scripts/coverage-vendor.mjs (npm run coverage:vendor) and test/openapi/api-docs.test.ts.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import SwaggerParser from '@apidevtools/swagger-parser';

export const PACKAGE_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const VENDOR_DOCS_DIR = join(PACKAGE_ROOT, '..', 'shared', 'api-docs');
export const API_DOCS_DIR = join(PACKAGE_ROOT, 'api-docs');
export const TWINS = ['slack', 'okta', 'jira', 'google'];

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

/**
 * Which vendor descriptions each twin is compared with. `prefixes`: the twin paths that description
 * covers (to tell Jira's platform getIssue from its Agile getIssue). Slack's 2020 operationIds are
 * chat_postMessage-style, so a Slack operation is named by its path, the method name.
 */
export const VENDOR_SOURCES = {
  slack: [{ file: 'slack/slack_web_openapi_v2.json', prefixes: ['/api/'], nameFromPath: true }],
  okta: [
    { file: 'okta/management-minimal.yaml', prefixes: ['/api/v1/'] },
    { file: 'okta/oauth-minimal.yaml', prefixes: ['/oauth2/', '/.well-known/'] },
    { file: 'okta/idp-minimal.yaml', prefixes: ['/idp/myaccount'] },
  ],
  jira: [
    { file: 'jira/jira-platform-swagger-v3.v3.json', prefixes: ['/rest/api/'] },
    { file: 'jira/jira-software-swagger.v3.json', prefixes: ['/rest/agile/'] },
  ],
  google: [
    { file: 'google/drive.v3.json', prefixes: ['/drive/v3/', '/upload/drive/v3/'] },
    { file: 'google/docs.v1.json', prefixes: ['/v1/documents'] },
    { file: 'google/sheets.v4.json', prefixes: ['/v4/spreadsheets'] },
    { file: 'google/admin.directory_v1.json', prefixes: ['/admin/directory/v1/'] },
  ],
};

export const hasVendorDocs = () => existsSync(VENDOR_DOCS_DIR);

/** Google discovery documents as JSON; OpenAPI/Swagger through swagger-parser (parse only: its YAML reader is 6× faster than `yaml` on Okta's 3.5 MB file). */
async function readDoc(file) {
  const path = join(VENDOR_DOCS_DIR, file);
  if (file.startsWith('google/')) return JSON.parse(readFileSync(path, 'utf8'));
  return SwaggerParser.parse(path);
}

/** Every operation of one vendor description: {name, family, method, path, deprecated}. */
export async function vendorOperations(source) {
  const doc = await readDoc(source.file);
  const operations = [];
  if (doc.kind === 'discovery#restDescription') {
    // Google discovery: methods in a tree of resources; family = the resource (drive.files).
    const walk = (resources) => {
      for (const resource of Object.values(resources ?? {})) {
        for (const method of Object.values(resource.methods ?? {})) {
          operations.push({
            name: method.id, family: method.id.split('.').slice(0, -1).join('.'), method: method.httpMethod,
            path: `/${doc.servicePath}${method.flatPath ?? method.path}`, deprecated: method.deprecated === true,
          });
        }
        walk(resource.resources);
      }
    };
    walk(doc.resources);
    return operations;
  }
  const basePath = doc.basePath && doc.basePath !== '/' ? doc.basePath : '';
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const name = source.nameFromPath ? path.slice(1) : operation.operationId;
      if (!name) continue;
      const family = source.nameFromPath ? name.split('.')[0] : operation.tags?.[0] ?? '(untagged)';
      operations.push({ name, family, method: method.toUpperCase(), path: `${basePath}${path}`, deprecated: operation.deprecated === true });
    }
  }
  return operations;
}

/** A twin document's vendor operations: the canonical method and path of each (operationId = the plain name). */
export function twinOperations(document) {
  const operations = new Map();
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      const name = operation['x-vendor-operation'];
      if (!name) continue;
      const entry = operations.get(name) ?? { name, family: operation.tags?.[0], paths: [] };
      entry.paths.push(`${method.toUpperCase()} ${path}`);
      if (operation.operationId === name) Object.assign(entry, { method: method.toUpperCase(), path });
      operations.set(name, entry);
    }
  }
  return [...operations.values()];
}

/** A vendor path matches a twin path where the vendor has {param} and the twin a literal (Okta's /oauth2/default/…). */
function samePath(vendorPath, twinPath) {
  const vendor = vendorPath.split('/');
  const twin = twinPath.split('/');
  return vendor.length === twin.length && vendor.every((segment, i) => segment === twin[i]
    || (segment.startsWith('{') && segment.endsWith('}'))
    || segment.replace(/\{[^}]+\}/g, '{}') === twin[i].replace(/\{[^}]+\}/g, '{}'));
}

/**
 * How a twin document covers its vendor descriptions: per description and family, implemented /
 * total by operation name; the twin operations no description has (`extras`); and operations named
 * like a vendor operation but served at another method or path (`misplaced`, each a naming bug).
 */
export async function compareWithVendor(twin, document) {
  const sources = await Promise.all(VENDOR_SOURCES[twin].map(async (source) => ({ ...source, operations: await vendorOperations(source) })));
  const ours = twinOperations(document);
  const implemented = new Map(sources.map((source) => [source.file, new Set()]));
  const extras = [];
  const misplaced = [];
  for (const operation of ours) {
    const candidates = sources.filter((source) => source.operations.some((o) => o.name === operation.name));
    const source = candidates.find((s) => s.prefixes.some((prefix) => operation.path.startsWith(prefix))) ?? candidates[0];
    if (!source) {
      extras.push(operation);
      continue;
    }
    implemented.get(source.file).add(operation.name);
    const vendor = source.operations.filter((o) => o.name === operation.name);
    // Slack's methods answer GET and POST alike (its 2020 description names one of them): compare paths only.
    const matches = vendor.some((o) => samePath(o.path, operation.path) && (source.nameFromPath || o.method === operation.method));
    if (!matches) misplaced.push({ ...operation, vendor: vendor.map((o) => `${o.method} ${o.path}`) });
  }
  const families = [];
  for (const source of sources) {
    const done = implemented.get(source.file);
    const byFamily = new Map();
    for (const operation of source.operations) {
      const family = byFamily.get(operation.family) ?? { source: source.file, family: operation.family, total: 0, implemented: [], missing: [] };
      family.total += 1;
      (done.has(operation.name) ? family.implemented : family.missing).push(operation.name);
      byFamily.set(operation.family, family);
    }
    families.push(...byFamily.values());
  }
  const totals = sources.map((source) => ({
    source: source.file,
    total: source.operations.length,
    implemented: families.filter((f) => f.source === source.file).reduce((n, f) => n + f.implemented.length, 0),
  }));
  return { twin, families, totals, extras, misplaced, operations: ours.length };
}

/** api-docs/vendor-extras.json: each twin operation no vendor description has, with the reason. */
export function readExtrasAllowList() {
  return JSON.parse(readFileSync(join(API_DOCS_DIR, 'vendor-extras.json'), 'utf8'));
}
