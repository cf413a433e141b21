// Responses against Google's Drive v3 discovery document (skipped without ../shared/api-docs): File,
// FileList, About, Permission and PermissionList carry only properties the schema names, with its types;
// every route's operation is the discovery method id of the same HTTP method and path.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Universe } from '../../../shared/universe/start-universe.js';
import { hasVendorDocs, vendorDoc } from '../../../test/helpers/vendor-docs.js';
import { googleUniverse, raw } from './helpers.js';

let universe: Universe;
beforeAll(async () => { universe = await googleUniverse({ seed: 5, users: 8 }); });
afterAll(() => universe.close());

interface DiscoverySchema { type?: string; format?: string; $ref?: string; properties?: Record<string, DiscoverySchema>; items?: DiscoverySchema; additionalProperties?: DiscoverySchema }
const doc = () => vendorDoc('google/drive.v3.json') as { schemas: Record<string, DiscoverySchema>; resources: Record<string, { methods: Record<string, { id: string; httpMethod: string; path: string }> }> };

/** Problems of `value` against a discovery schema: unknown properties and wrong types, by path. */
function problems(value: unknown, schema: DiscoverySchema, path = '$'): string[] {
  if (schema.$ref) return problems(value, doc().schemas[schema.$ref]!, path);
  const type = schema.type;
  if (type === 'string') return typeof value === 'string' ? [] : [`${path}: expected string${schema.format ? ` (${schema.format})` : ''}`];
  if (type === 'boolean') return typeof value === 'boolean' ? [] : [`${path}: expected boolean`];
  if (type === 'integer' || type === 'number') return typeof value === 'number' ? [] : [`${path}: expected number`];
  if (type === 'array') return Array.isArray(value) ? value.flatMap((v, i) => problems(v, schema.items!, `${path}[${i}]`)) : [`${path}: expected array`];
  if (type === 'object') {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return [`${path}: expected object`];
    return Object.entries(value).flatMap(([k, v]) => {
      const child = schema.properties?.[k] ?? schema.additionalProperties;
      return child ? problems(v, child, `${path}.${k}`) : [`${path}.${k}: not in the schema`];
    });
  }
  return [];
}

describe.skipIf(!hasVendorDocs)('Drive v3 discovery document', () => {
  it('File, FileList, About, Permission and PermissionList fit their schemas', async () => {
    const s = doc().schemas;
    const list = await raw(universe, '/drive/v3/files?fields=*&pageSize=50');
    expect(list.body.files.length).toBeGreaterThan(10);
    expect(problems(list.body, s.FileList!)).toEqual([]);
    const file = list.body.files[0];
    expect(problems((await raw(universe, `/drive/v3/files/${file.id}?fields=*`)).body, s.File!)).toEqual([]);
    expect(problems((await raw(universe, '/drive/v3/about?fields=*')).body, s.About!)).toEqual([]);
    expect(problems((await raw(universe, `/drive/v3/files/${file.id}/permissions`)).body, s.PermissionList!)).toEqual([]);
    const created = await raw(universe, '/drive/v3/files?fields=*', { method: 'POST', body: { name: 'new', mimeType: 'application/vnd.google-apps.folder' } });
    expect(problems(created.body, s.File!)).toEqual([]);
    const perm = await raw(universe, `/drive/v3/files/${created.body.id}/permissions?fields=*`, { method: 'POST', body: { type: 'domain', role: 'reader', domain: universe.org.domain } });
    expect(problems(perm.body, s.Permission!)).toEqual([]);
  });

  it('every route names the discovery method id of its HTTP method and path', async () => {
    const methods = Object.values(doc().resources).flatMap((r) => Object.values(r.methods));
    const table: [string, string][] = [
      ['GET', 'about'], ['GET', 'files'], ['POST', 'files'], ['GET', 'files/{fileId}'], ['PATCH', 'files/{fileId}'], ['DELETE', 'files/{fileId}'],
      ['GET', 'files/{fileId}/permissions'], ['POST', 'files/{fileId}/permissions'],
      ['GET', 'files/{fileId}/permissions/{permissionId}'], ['DELETE', 'files/{fileId}/permissions/{permissionId}'],
    ];
    for (const [method, path] of table) {
      const spec = methods.find((m) => m.httpMethod === method && m.path === path);
      expect(spec, `${method} ${path}`).toBeDefined();
      // The readonly token changes nothing, and every route still journals its operation.
      await raw(universe, `/drive/v3/${path.replace('{fileId}', 'x').replace('{permissionId}', 'y')}`, { method, token: universe.credentials.google.readonlyAccessToken, ...(method !== 'GET' && method !== 'DELETE' && { body: {} }) });
      const { events } = await universe.events({ twin: 'google' });
      expect(events.at(-1)?.operation, `${method} ${path}`).toBe(spec!.id);
    }
  });
});
