// What Okta's SCIM connectors (Slack's SCIM v2, Atlassian's user provisioning API) share: schema
// URNs, listing every page, quoting filter values, finding a user by id or else by a filter, and the
// group operations, which both APIs serve alike.
import { call, type CallContext, type Connector, type DesiredUser, type TargetUser } from './targets.js';

export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/** Every resource of a SCIM list, page by page (startIndex / count / totalResults). */
export async function scimListAll(c: CallContext, url: string, headers: Record<string, string>, count: number): Promise<any[]> {
  const all: any[] = [];
  for (let start = 1; ; start += count) {
    const page = await call(c, 'scim.Users.list', 'GET', `${url}?startIndex=${start}&count=${count}`, headers);
    const resources = (page?.Resources ?? []) as any[];
    all.push(...resources);
    if (!resources.length || start - 1 + resources.length >= Number(page?.totalResults ?? 0)) return all;
  }
}

/** A quoted SCIM filter value. */
export const scimQuote = (value: string) => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** The user the connector knows by id (when it still exists), else the first match of `filter`. */
export async function scimFindUser<U>(c: CallContext, base: string, auth: Record<string, string>, externalId: string | undefined, filter: string, asTarget: (u: U) => TargetUser): Promise<TargetUser | null> {
  if (externalId) {
    const found = await call(c, 'scim.Users.get', 'GET', `${base}/Users/${encodeURIComponent(externalId)}`, auth, undefined, true);
    if (found) return asTarget(found);
  }
  const list = await call(c, 'scim.Users.list', 'GET', `${base}/Users?filter=${encodeURIComponent(filter)}`, auth);
  const hit = (list?.Resources ?? [])[0] as U | undefined;
  return hit ? asTarget(hit) : null;
}

/** Group lookup (by id, else `displayName eq`), creation, rename and member listing over SCIM /Groups. */
export function scimGroupOperations(c: CallContext, base: string, auth: Record<string, string>, createExtra: Record<string, unknown> = {}): Pick<Connector, 'findGroup' | 'createGroup' | 'renameGroup' | 'groupMembers'> {
  const groupUrl = (id: string) => `${base}/Groups/${encodeURIComponent(id)}`;
  return {
    async findGroup({ id, name }) {
      if (id) {
        const found = await call(c, 'scim.Groups.get', 'GET', groupUrl(id), auth, undefined, true);
        if (found) return { id: found.id, name: found.displayName };
      }
      const list = await call(c, 'scim.Groups.list', 'GET', `${base}/Groups?filter=${encodeURIComponent(`displayName eq ${scimQuote(name)}`)}`, auth);
      const hit = (list?.Resources ?? [])[0];
      return hit ? { id: hit.id, name: hit.displayName } : null;
    },
    async createGroup(name) {
      const created = await call(c, 'scim.Groups.create', 'POST', `${base}/Groups`, auth, { schemas: [GROUP_SCHEMA], displayName: name, ...createExtra });
      return { id: created.id, name: created.displayName };
    },
    async renameGroup(group, name) {
      await call(c, 'scim.Groups.patch', 'PATCH', groupUrl(group.id), auth, { schemas: [PATCH_SCHEMA], Operations: [{ op: 'replace', path: 'displayName', value: name }] });
    },
    async groupMembers(group) {
      const found = await call(c, 'scim.Groups.get', 'GET', groupUrl(group.id), auth);
      return ((found?.members ?? []) as { value: string }[]).map((m) => m.value);
    },
  };
}

/** The SCIM attributes both SCIM targets compare (name, emails, title); each adds its own after these. */
export function scimProfileDifferences(existing: TargetUser, user: DesiredUser): string[] {
  const out: string[] = [];
  if (existing.givenName !== user.givenName || existing.familyName !== user.familyName) out.push('name');
  if (existing.email.toLowerCase() !== user.email.toLowerCase()) out.push('emails');
  if (existing.title !== user.title) out.push('title');
  return out;
}
