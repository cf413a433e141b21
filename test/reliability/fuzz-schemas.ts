// Where a fuzzed route's input is described: its own Fastify schema, else the vendor's published
// description in ../shared/api-docs (Slack Web API swagger, Okta and Jira OpenAPI, Google discovery).
// Without ../shared every route still gets the random inputs; only the near-valid bodies are lost.
import { hasVendorDocs, standaloneSchema, vendorDoc } from '../helpers/vendor-docs.js';
import type { FuzzRoute } from './fuzz-routes.js';

export interface RouteInput {
  /** JSON schema of the body (inlined, cycles cut), when known. */
  body?: any;
  /** Names of query (or, for Slack, form) parameters the vendor documents. */
  query: string[];
}

const pathKey = (url: string) => url.replace(/::/g, ':').replace(/:(\w+)(\([^)]*\))?/g, '{}').replace(/\{[^}]*\}/g, '{}');

/** Paths of an OpenAPI document by their shape with parameter names erased: /api/v1/users/{} → item. */
function indexPaths(doc: any): Map<string, any> {
  const index = new Map<string, any>();
  for (const [path, item] of Object.entries(doc.paths ?? {})) index.set(pathKey(path), { path, item });
  return index;
}

const memo = new Map<string, any>();
const once = <T>(key: string, make: () => T): T => {
  if (!memo.has(key)) memo.set(key, make());
  return memo.get(key);
};

function openApiInput(docPath: string, route: FuzzRoute, url = route.url): RouteInput | undefined {
  const doc = vendorDoc(docPath);
  const found = once(docPath, () => indexPaths(doc)).get(pathKey(url));
  const operation = found?.item?.[route.method.toLowerCase()];
  if (!operation) return undefined;
  const pointer = `#/paths/${found.path.replace(/~/g, '~0').replace(/\//g, '~1')}/${route.method.toLowerCase()}`;
  const inlined = once(`${docPath} ${pointer}`, () => standaloneSchema(doc, pointer));
  const content = inlined.requestBody?.content ?? {};
  const body = (content['application/json'] ?? content['application/x-www-form-urlencoded'] ?? Object.values(content)[0] as any)?.schema;
  const query = [...(inlined.parameters ?? []), ...(found.item.parameters ?? [])].filter((p: any) => p?.in === 'query').map((p: any) => p.name);
  return { body, query };
}

function slackInput(route: FuzzRoute): RouteInput | undefined {
  const doc = vendorDoc('slack/slack_web_openapi_v2_without_examples.json');
  const method = /^\/api\/(.+)$/.exec(route.url)?.[1];
  const item = method && doc.paths[`/${method}`];
  const operation = item && (item.post ?? item.get);
  if (!operation) return undefined;
  // Slack's arguments are form (or query) parameters, every one a string on the wire; JSON bodies carry the same names.
  const params = (operation.parameters ?? []).filter((p: any) => p.in === 'formData' || p.in === 'query');
  const properties = Object.fromEntries(params.map((p: any) => [p.name, { type: p.type === 'integer' ? 'integer' : p.type === 'boolean' ? 'boolean' : 'string' }]));
  return { body: { type: 'object', properties, required: params.filter((p: any) => p.required).map((p: any) => p.name) }, query: params.map((p: any) => p.name) };
}

const GOOGLE_DOCS = ['google/drive.v3.json', 'google/admin.directory_v1.json', 'google/sheets.v4.json', 'google/docs.v1.json'];

/** Google discovery methods by id (drive.files.create), which is what the twin names its operations. */
function googleMethods(): Map<string, { doc: any; method: any }> {
  return once('google', () => {
    const methods = new Map<string, { doc: any; method: any }>();
    const walk = (doc: any, node: any) => {
      for (const method of Object.values(node.methods ?? {}) as any[]) methods.set(method.id, { doc, method });
      for (const child of Object.values(node.resources ?? {})) walk(doc, child);
    };
    for (const path of GOOGLE_DOCS) walk(vendorDoc(path), vendorDoc(path));
    return methods;
  });
}

function googleInput(route: FuzzRoute): RouteInput | undefined {
  const found = route.operation ? googleMethods().get(route.operation) : undefined;
  if (!found) return undefined;
  const { doc, method } = found;
  const ref = method.request?.$ref;
  // Discovery $refs name a schema in doc.schemas; standaloneSchema resolves JSON pointers, so point there.
  const body = ref ? once(`google ${doc.name} ${ref}`, () => standaloneSchema(rewriteDiscoveryRefs(doc), `#/schemas/${ref}`)) : undefined;
  const query = Object.entries(method.parameters ?? {}).filter(([, p]: any) => p.location === 'query').map(([name]) => name);
  return { body, query };
}

function rewriteDiscoveryRefs(doc: any): any {
  return once(`google-refs ${doc.name}`, () => JSON.parse(JSON.stringify({ schemas: doc.schemas }), (key, value) => (key === '$ref' && !value.startsWith('#') ? `#/schemas/${value}` : value)));
}

// SCIM (Slack's and Atlassian's user provisioning) has no vendor document here: the core User and Group
// attributes and the PatchOp message of RFC 7643/7644, which both vendors take.
const str = { type: 'string' };
const multiValued = { type: 'array', items: { type: 'object', properties: { value: str, primary: { type: 'boolean' }, type: str, display: str } } };
const SCIM_USER = { type: 'object', required: ['userName'], properties: {
  schemas: { type: 'array', items: { enum: ['urn:ietf:params:scim:schemas:core:2.0:User', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'] } },
  userName: str, displayName: str, nickName: str, title: str, active: { type: 'boolean' }, externalId: str,
  name: { type: 'object', properties: { givenName: str, familyName: str, formatted: str } }, emails: multiValued, photos: multiValued, groups: multiValued,
} };
const SCIM_GROUP = { type: 'object', required: ['displayName'], properties: {
  schemas: { type: 'array', items: { enum: ['urn:ietf:params:scim:schemas:core:2.0:Group'] } }, displayName: str, externalId: str, members: multiValued,
} };
const SCIM_PATCH = { type: 'object', required: ['Operations'], properties: {
  schemas: { type: 'array', items: { enum: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'] } },
  Operations: { type: 'array', items: { type: 'object', required: ['op'], properties: {
    op: { enum: ['add', 'replace', 'remove', 'Add', 'bogus'] }, path: { enum: ['active', 'userName', 'members', 'displayName', 'emails[type eq "work"].value', 'name.givenName', 'members[value eq "x"]'] },
    value: { oneOf: [str, { type: 'boolean' }, multiValued, { type: 'object', properties: { active: { type: 'boolean' }, displayName: str } }] },
  } } },
} };

function scimInput(route: FuzzRoute): RouteInput | undefined {
  const kind = /\/(Users|Groups)(\/|$)/.exec(route.url)?.[1];
  if (!kind || route.method === 'GET' || route.method === 'DELETE') return kind ? { query: ['filter', 'startIndex', 'count', 'attributes'] } : undefined;
  return { body: route.method === 'PATCH' ? SCIM_PATCH : kind === 'Users' ? SCIM_USER : SCIM_GROUP, query: [] };
}

/** The described input of a route, or only its own Fastify schema when ../shared is absent. */
export function routeInput(route: FuzzRoute): RouteInput {
  if (route.url.startsWith('/scim/')) return scimInput(route) ?? { query: [] };
  const own: RouteInput = { body: route.schema?.body, query: Object.keys((route.schema?.querystring as any)?.properties ?? {}) };
  if (own.body || !hasVendorDocs) return own;
  const vendor = vendorInput(route);
  return vendor ? { body: vendor.body, query: [...new Set([...own.query, ...vendor.query])] } : own;
}

function vendorInput(route: FuzzRoute): RouteInput | undefined {
  const { twin, url } = route;
  if (twin === 'slack') return url.startsWith('/api/') ? slackInput(route) : undefined;
  if (twin === 'google') return googleInput(route);
  if (twin === 'okta') {
    if (url.startsWith('/api/')) return openApiInput('okta/management-minimal.yaml', route);
    if (url.startsWith('/oauth2/')) return openApiInput('okta/oauth-minimal.yaml', route, url.replace(/^\/oauth2\/(?!v1\/)[^/]+\//, '/oauth2/:authServerId/'));
    return undefined;
  }
  if (url.startsWith('/rest/agile/')) return openApiInput('jira/jira-software-swagger.v3.json', route);
  if (url.startsWith('/rest/api/')) return openApiInput('jira/jira-platform-swagger-v3.v3.json', route, url.replace('/rest/api/2/', '/rest/api/3/'));
  return undefined;
}
