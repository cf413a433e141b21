// Responses against Google's discovery documents (skipped without ../shared/api-docs): Drive v3 File,
// FileList, About, Permission(List), Drive(List), ChangeList, StartPageToken, Channel, Revision(List),
// Comment(List), Reply, GeneratedIds and Directory v1 Users, User, Groups, Group, Members, Member carry
// only properties their schema names, with its types; every route's operation is the discovery method
// id of the same HTTP method and path.
import { JWT } from 'google-auth-library';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Universe } from '../../../shared/universe/start-universe.js';
import { hasVendorDocs, vendorDoc } from '../../../test/helpers/vendor-docs.js';
import { googleUniverse, pointTokenRequestsAtTwin, raw, serviceAccount } from './helpers.js';

let universe: Universe;
beforeAll(async () => { universe = await googleUniverse({ seed: 5, users: 8 }); });
afterAll(() => universe.close());

interface DiscoverySchema { type?: string; format?: string; $ref?: string; properties?: Record<string, DiscoverySchema>; items?: DiscoverySchema; additionalProperties?: DiscoverySchema }
interface DiscoveryDoc { schemas: Record<string, DiscoverySchema>; resources: Record<string, { methods: Record<string, { id: string; httpMethod: string; path: string }> }> }
const driveDoc = () => vendorDoc('google/drive.v3.json') as DiscoveryDoc;
const adminDoc = () => vendorDoc('google/admin.directory_v1.json') as DiscoveryDoc;

/** Problems of `value` against a discovery schema: unknown properties and wrong types, by path. */
function problems(doc: DiscoveryDoc, value: unknown, schema: DiscoverySchema, path = '$'): string[] {
  if (schema.$ref) return problems(doc, value, doc.schemas[schema.$ref]!, path);
  const type = schema.type;
  if (type === 'string') return typeof value === 'string' ? [] : [`${path}: expected string${schema.format ? ` (${schema.format})` : ''}`];
  if (type === 'boolean') return typeof value === 'boolean' ? [] : [`${path}: expected boolean`];
  if (type === 'integer' || type === 'number') return typeof value === 'number' ? [] : [`${path}: expected number`];
  if (type === 'array') return Array.isArray(value) ? value.flatMap((v, i) => problems(doc, v, schema.items!, `${path}[${i}]`)) : [`${path}: expected array`];
  if (type === 'object') {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return [`${path}: expected object`];
    return Object.entries(value).flatMap(([k, v]) => {
      const child = schema.properties?.[k] ?? schema.additionalProperties;
      return child ? problems(doc, v, child, `${path}.${k}`) : [`${path}.${k}: not in the schema`];
    });
  }
  return [];
}
const fits = (doc: DiscoveryDoc, value: unknown, schema: string) => expect(problems(doc, value, doc.schemas[schema]!), schema).toEqual([]);


/** The operation of the newest inbound Google request in the journal (read to its end, page by page). */
async function lastInboundOperation(): Promise<string | null | undefined> {
  let since = 0;
  let last: string | null | undefined;
  for (;;) {
    const page = await universe.events({ twin: 'google', since, limit: 1000 });
    for (const event of page.events) if (event.direction === 'in') last = event.operation;
    if (page.events.length < 1000) return last;
    since = page.next;
  }
}
describe.skipIf(!hasVendorDocs)('Drive v3 discovery document', () => {
  it('File, FileList, About, Permission and PermissionList fit their schemas', async () => {
    const d = driveDoc();
    const list = await raw(universe, '/drive/v3/files?fields=*&pageSize=50');
    expect(list.body.files.length).toBeGreaterThan(10);
    fits(d, list.body, 'FileList');
    const file = list.body.files[0];
    fits(d, (await raw(universe, `/drive/v3/files/${file.id}?fields=*`)).body, 'File');
    fits(d, (await raw(universe, '/drive/v3/about?fields=*')).body, 'About');
    fits(d, (await raw(universe, `/drive/v3/files/${file.id}/permissions`)).body, 'PermissionList');
    const created = await raw(universe, '/drive/v3/files?fields=*', { method: 'POST', body: { name: 'new', mimeType: 'application/vnd.google-apps.folder' } });
    fits(d, created.body, 'File');
    const perm = await raw(universe, `/drive/v3/files/${created.body.id}/permissions?fields=*`, { method: 'POST', body: { type: 'domain', role: 'reader', domain: universe.org.domain } });
    fits(d, perm.body, 'Permission');
  });

  it('uploads, revisions, comments, changes, channels, drives and generated ids fit their schemas', async () => {
    const d = driveDoc();
    const start = (await raw(universe, '/drive/v3/changes/startPageToken')).body;
    fits(d, start, 'StartPageToken');
    const up = await raw(universe, '/upload/drive/v3/files?uploadType=media&fields=*', { method: 'POST', rawBody: 'content', headers: { 'content-type': 'text/plain' } });
    fits(d, up.body, 'File');
    fits(d, (await raw(universe, `/drive/v3/files/${up.body.id}/revisions?fields=*`)).body, 'RevisionList');
    const comment = await raw(universe, `/drive/v3/files/${up.body.id}/comments?fields=*`, { method: 'POST', body: { content: 'c' } });
    fits(d, comment.body, 'Comment');
    fits(d, (await raw(universe, `/drive/v3/files/${up.body.id}/comments/${comment.body.id}/replies?fields=*`, { method: 'POST', body: { content: 'r' } })).body, 'Reply');
    fits(d, (await raw(universe, `/drive/v3/files/${up.body.id}/comments?fields=*`)).body, 'CommentList');
    fits(d, (await raw(universe, `/drive/v3/changes?pageToken=${start.startPageToken}&fields=*&includeItemsFromAllDrives=true&supportsAllDrives=true`)).body, 'ChangeList');
    fits(d, (await raw(universe, '/drive/v3/changes/watch?pageToken=1', { method: 'POST', body: { id: 'c1', type: 'web_hook', address: 'http://127.0.0.1:9/none' } })).body, 'Channel');
    fits(d, (await raw(universe, '/drive/v3/drives?fields=*')).body, 'DriveList');
    fits(d, (await raw(universe, '/drive/v3/drives?requestId=r1&fields=*', { method: 'POST', body: { name: 'D' } })).body, 'Drive');
    fits(d, (await raw(universe, '/drive/v3/files/generateIds?count=2')).body, 'GeneratedIds');
  });

  it('every route names the discovery method id of its HTTP method and path', async () => {
    const methods = Object.values(driveDoc().resources).flatMap((r) => Object.values(r.methods));
    const table: [string, string][] = [
      ['GET', 'about'], ['GET', 'files'], ['POST', 'files'], ['GET', 'files/{fileId}'], ['PATCH', 'files/{fileId}'], ['DELETE', 'files/{fileId}'],
      ['POST', 'files/{fileId}/copy'], ['GET', 'files/{fileId}/export'], ['GET', 'files/generateIds'], ['DELETE', 'files/trash'], ['POST', 'files/{fileId}/watch'],
      ['GET', 'files/{fileId}/permissions'], ['POST', 'files/{fileId}/permissions'],
      ['GET', 'files/{fileId}/permissions/{permissionId}'], ['PATCH', 'files/{fileId}/permissions/{permissionId}'], ['DELETE', 'files/{fileId}/permissions/{permissionId}'],
      ['GET', 'files/{fileId}/revisions'], ['GET', 'files/{fileId}/revisions/{revisionId}'], ['PATCH', 'files/{fileId}/revisions/{revisionId}'], ['DELETE', 'files/{fileId}/revisions/{revisionId}'],
      ['GET', 'files/{fileId}/comments'], ['POST', 'files/{fileId}/comments'], ['GET', 'files/{fileId}/comments/{commentId}'], ['PATCH', 'files/{fileId}/comments/{commentId}'], ['DELETE', 'files/{fileId}/comments/{commentId}'],
      ['GET', 'files/{fileId}/comments/{commentId}/replies'], ['POST', 'files/{fileId}/comments/{commentId}/replies'], ['GET', 'files/{fileId}/comments/{commentId}/replies/{replyId}'],
      ['PATCH', 'files/{fileId}/comments/{commentId}/replies/{replyId}'], ['DELETE', 'files/{fileId}/comments/{commentId}/replies/{replyId}'],
      ['GET', 'changes/startPageToken'], ['GET', 'changes'], ['POST', 'changes/watch'], ['POST', 'channels/stop'],
      ['GET', 'drives'], ['POST', 'drives'], ['GET', 'drives/{driveId}'], ['PATCH', 'drives/{driveId}'], ['DELETE', 'drives/{driveId}'], ['POST', 'drives/{driveId}/hide'], ['POST', 'drives/{driveId}/unhide'],
    ];
    for (const [method, path] of table) {
      const spec = methods.find((m) => m.httpMethod === method && m.path === path);
      expect(spec, `${method} ${path}`).toBeDefined();
      // The readonly token changes nothing, and every route still journals its operation.
      const url = `/drive/v3/${path.replace(/\{(\w+)\}/g, (_m, name: string) => `x-${name}`)}`;
      await raw(universe, url, { method, token: universe.credentials.google.readonlyAccessToken, ...(method !== 'GET' && method !== 'DELETE' && { body: {} }) });
      expect(await lastInboundOperation(), `${method} ${path}`).toBe(spec!.id);
    }
  });
});

describe.skipIf(!hasVendorDocs)('Admin Directory v1 discovery document', () => {
  it('Users, User, Groups, Group, Members and Member fit their schemas; routes carry the method ids', async () => {
    const d = adminDoc();
    const sa = serviceAccount(universe);
    const jwt = new JWT({ email: sa.client_email, key: sa.private_key, keyId: sa.private_key_id, subject: universe.credentials.google.as as string, scopes: ['https://www.googleapis.com/auth/admin.directory.user', 'https://www.googleapis.com/auth/admin.directory.group'] });
    pointTokenRequestsAtTwin(jwt, sa.token_uri);
    const token = (await jwt.getAccessToken()).token!;
    const users = (await raw(universe, '/admin/directory/v1/users?customer=my_customer', { token })).body;
    fits(d, users, 'Users');
    fits(d, (await raw(universe, `/admin/directory/v1/users/${users.users[0].id}`, { token })).body, 'User');
    const groups = (await raw(universe, '/admin/directory/v1/groups?customer=my_customer', { token })).body;
    fits(d, groups, 'Groups');
    fits(d, (await raw(universe, `/admin/directory/v1/groups/${groups.groups[0].email}`, { token })).body, 'Group');
    const members = (await raw(universe, `/admin/directory/v1/groups/${groups.groups[0].email}/members`, { token })).body;
    fits(d, members, 'Members');
    fits(d, members.members[0], 'Member');
    fits(d, (await raw(universe, `/admin/directory/v1/groups/${groups.groups[0].email}/hasMember/${members.members[0].email}`, { token })).body, 'MembersHasMember');
    const methods = Object.values(d.resources).flatMap((r) => Object.values(r.methods ?? {}));
    const table: [string, string][] = [
      ['GET', 'admin/directory/v1/users'], ['POST', 'admin/directory/v1/users'], ['GET', 'admin/directory/v1/users/{userKey}'], ['PUT', 'admin/directory/v1/users/{userKey}'],
      ['PATCH', 'admin/directory/v1/users/{userKey}'], ['DELETE', 'admin/directory/v1/users/{userKey}'], ['POST', 'admin/directory/v1/users/{userKey}/makeAdmin'],
      ['GET', 'admin/directory/v1/groups'], ['POST', 'admin/directory/v1/groups'], ['GET', 'admin/directory/v1/groups/{groupKey}'], ['PUT', 'admin/directory/v1/groups/{groupKey}'],
      ['PATCH', 'admin/directory/v1/groups/{groupKey}'], ['DELETE', 'admin/directory/v1/groups/{groupKey}'],
      ['GET', 'admin/directory/v1/groups/{groupKey}/members'], ['POST', 'admin/directory/v1/groups/{groupKey}/members'], ['GET', 'admin/directory/v1/groups/{groupKey}/members/{memberKey}'],
      ['PUT', 'admin/directory/v1/groups/{groupKey}/members/{memberKey}'], ['PATCH', 'admin/directory/v1/groups/{groupKey}/members/{memberKey}'],
      ['DELETE', 'admin/directory/v1/groups/{groupKey}/members/{memberKey}'], ['GET', 'admin/directory/v1/groups/{groupKey}/hasMember/{memberKey}'],
    ];
    for (const [method, path] of table) {
      const spec = methods.find((m) => m.httpMethod === method && m.path === path);
      expect(spec, `${method} ${path}`).toBeDefined();
      await raw(universe, `/${path.replace(/\{(\w+)\}/g, 'nobody')}`, { method, token: universe.credentials.google.readonlyAccessToken, ...(method !== 'GET' && method !== 'DELETE' && { body: {} }) });
      expect(await lastInboundOperation(), `${method} ${path}`).toBe(spec!.id);
    }
  });
});
