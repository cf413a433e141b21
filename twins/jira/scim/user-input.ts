// A SCIM user body (POST, PUT, or the result of applying PATCH operations to the current user) read into
// the directory's attributes, with SCIM's 400s. PATCH works on the user's body form: the operations
// change that JSON and the result is read exactly like a PUT, so a bad operation changes nothing.
import { optText, scimError } from './common.js';
import type { ScimMultiValue, ScimName, ScimUser } from './directory.js';

export const ENTERPRISE_SCHEMA = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const ATLASSIAN_SCHEMA = 'urn:scim:schemas:extension:atlassian-external:1.1';

export type UserAttributes = Omit<ScimUser, 'id' | 'accountId' | 'created' | 'lastModified'> & { active?: boolean };

const NAME_PARTS = ['formatted', 'familyName', 'givenName', 'middleName', 'honorificPrefix', 'honorificSuffix'] as const;
const SINGLE = ['userName', 'externalId', 'displayName', 'nickName', 'title', 'department', 'organization', 'timezone', 'preferredLanguage'] as const;
/** Attribute names as SCIM spells them (paths are matched case-insensitively). */
const ATTRIBUTES = [...SINGLE, 'active', 'name', 'emails', 'phoneNumbers'];
const canonical = (name: string) => ATTRIBUTES.find((a) => a.toLowerCase() === name.toLowerCase());

function multiValues(value: unknown, attribute: string): ScimMultiValue[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw scimError(400, `Attribute '${attribute}' must be a list.`, 'invalidValue');
  return value.map((v, i) => {
    if (!v || typeof v !== 'object' || typeof (v as ScimMultiValue).value !== 'string' || !(v as ScimMultiValue).value) {
      throw scimError(400, `${attribute}[${i}].value must be a non-empty string.`, 'invalidValue');
    }
    const { value: text, type, primary } = v as Record<string, unknown>;
    return { value: text as string, ...(typeof type === 'string' && { type }), ...(primary === true && { primary: true }) };
  });
}

/** Reads a whole user body (create or replace). */
export function readUserBody(body: Record<string, unknown>): UserAttributes {
  const userName = optText(body.userName, 'userName');
  if (!userName) throw scimError(400, "Attribute 'userName' is required.", 'invalidValue');
  const rawName = body.name ?? {};
  if (typeof rawName !== 'object' || Array.isArray(rawName)) throw scimError(400, "Attribute 'name' must be an object.", 'invalidValue');
  const name: ScimName = {};
  for (const part of NAME_PARTS) {
    const text = optText((rawName as Record<string, unknown>)[part], `name.${part}`);
    if (text) name[part] = text;
  }
  const emails = multiValues(body.emails, 'emails') ?? [];
  const phoneNumbers = multiValues(body.phoneNumbers, 'phoneNumbers');
  if (!emails.length) {
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(userName)) throw scimError(400, "Attribute 'emails' is required when userName is not an email address.", 'invalidValue');
    emails.push({ value: userName, type: 'work', primary: true });
  }
  if (emails.some((e) => !/^[^@\s]+@[^@\s]+$/.test(e.value))) throw scimError(400, 'Every email must be an email address.', 'invalidValue');
  if (emails.filter((e) => e.primary).length > 1) throw scimError(400, 'Only one email can be primary.', 'invalidValue');
  const active = body.active;
  if (active !== undefined && active !== null && typeof active !== 'boolean') throw scimError(400, "Attribute 'active' must be a boolean.", 'invalidValue');
  const enterprise = body[ENTERPRISE_SCHEMA];
  const ext = enterprise && typeof enterprise === 'object' ? (enterprise as Record<string, unknown>) : {};
  const text = Object.fromEntries(SINGLE.map((a) => [a, optText(body[a], a)]));
  const department = optText(ext.department, `${ENTERPRISE_SCHEMA}:department`) ?? text.department;
  const organization = optText(ext.organization, `${ENTERPRISE_SCHEMA}:organization`) ?? text.organization;
  const displayName = text.displayName ?? name.formatted ?? ([name.givenName, name.familyName].filter(Boolean).join(' ') || userName);
  const out: UserAttributes = { userName, name, displayName, emails, ...(typeof active === 'boolean' && { active }) };
  for (const [k, v] of Object.entries({ ...text, department, organization })) if (v && k !== 'userName' && k !== 'displayName') (out as unknown as Record<string, unknown>)[k] = v;
  if (phoneNumbers?.length) out.phoneNumbers = phoneNumbers;
  return out;
}

/** The primary email (else the first), which is the Jira account's email. */
export const primaryEmail = (a: Pick<UserAttributes, 'emails'>) => (a.emails.find((e) => e.primary) ?? a.emails[0]).value;

/** The user as a client would PUT it, which PATCH operations then change. */
export function userBody(u: ScimUser, active: boolean): Record<string, unknown> {
  const { id: _id, accountId: _account, created: _created, lastModified: _modified, ...attributes } = u;
  return JSON.parse(JSON.stringify({ ...attributes, active }));
}

type Operation = { op: 'add' | 'replace' | 'remove'; path?: string; value?: unknown };

/** Applies one PATCH operation to the body form; paths: attr, attr.sub, attr[filter].sub, the enterprise URN prefix. */
export function applyOperation(body: Record<string, unknown>, { op, path, value }: Operation): void {
  if (path === undefined) {
    if (op === 'remove') throw scimError(400, 'A remove operation needs a path.', 'noTarget');
    if (!value || typeof value !== 'object' || Array.isArray(value)) throw scimError(400, 'An operation without a path needs an object value.', 'invalidValue');
    for (const [key, v] of Object.entries(value)) {
      if (key === ENTERPRISE_SCHEMA && v && typeof v === 'object') for (const [sub, x] of Object.entries(v)) applyOperation(body, { op, path: `${ENTERPRISE_SCHEMA}:${sub}`, value: x });
      else applyOperation(body, { op, path: key, value: v });
    }
    return;
  }
  if (path.startsWith(`${ENTERPRISE_SCHEMA}:`)) {
    const sub = path.slice(ENTERPRISE_SCHEMA.length + 1);
    if (sub !== 'department' && sub !== 'organization') throw scimError(400, `Unsupported path '${path}'.`, 'invalidPath');
    const current = body[ENTERPRISE_SCHEMA];
    const ext = current && typeof current === 'object' && !Array.isArray(current) ? (current as Record<string, unknown>) : (body[ENTERPRISE_SCHEMA] = {});
    if (op === 'remove') delete ext[sub];
    else ext[sub] = value;
    delete body[sub];
    return;
  }
  const m = /^([A-Za-z]+)(?:\[\s*(\w+)\s+eq\s+("(?:[^"\\]|\\.)*"|true|false)\s*\])?(?:\.([A-Za-z]+))?$/.exec(path);
  const attr = m && canonical(m[1]);
  if (!m || !attr) throw scimError(400, `Unsupported path '${path}'.`, 'invalidPath');
  const [, , filterAttr, filterValue, sub] = m;
  if (filterAttr) {
    let filterText: string | boolean;
    try {
      filterText = JSON.parse(filterValue) as string | boolean;
    } catch {
      throw scimError(400, `Unsupported path '${path}'.`, 'invalidPath');
    }
    return applyFiltered(body, attr, filterAttr, filterText, sub, op, value);
  }
  if (sub) {
    if (attr !== 'name' || !NAME_PARTS.some((p) => p.toLowerCase() === sub.toLowerCase())) throw scimError(400, `Unsupported path '${path}'.`, 'invalidPath');
    const part = NAME_PARTS.find((p) => p.toLowerCase() === sub.toLowerCase())!;
    const name = body.name && typeof body.name === 'object' && !Array.isArray(body.name) ? (body.name as Record<string, unknown>) : (body.name = {});
    if (op === 'remove') delete name[part];
    else name[part] = value;
    return;
  }
  if (op === 'remove') {
    if (attr === 'userName') throw scimError(400, "Attribute 'userName' is required and cannot be removed.", 'mutability');
    delete body[attr];
  } else if (op === 'add' && (attr === 'emails' || attr === 'phoneNumbers') && Array.isArray(body[attr]) && Array.isArray(value)) {
    body[attr] = [...(body[attr] as unknown[]), ...value];
  } else if (attr === 'name' && value && typeof value === 'object' && op === 'add') {
    body.name = { ...(body.name as object), ...value };
  } else body[attr] = value;
}

/** `emails[type eq "work"].value` and the like: changes the matching entry, adding one when none matches. */
function applyFiltered(body: Record<string, unknown>, attr: string, filterAttr: string, filterValue: string | boolean, sub: string | undefined, op: Operation['op'], value: unknown): void {
  if (attr !== 'emails' && attr !== 'phoneNumbers') throw scimError(400, `Filters are supported on emails and phoneNumbers only.`, 'invalidPath');
  const key = filterAttr === 'primary' ? 'primary' : filterAttr === 'type' ? 'type' : filterAttr === 'value' ? 'value' : null;
  if (!key || (sub && sub !== 'value' && sub !== 'type' && sub !== 'primary')) throw scimError(400, `Unsupported path on ${attr}.`, 'invalidPath');
  const list = Array.isArray(body[attr]) ? [...(body[attr] as Record<string, unknown>[])] : [];
  const at = list.findIndex((e) => e && e[key] === filterValue);
  if (op === 'remove') {
    if (at >= 0) list.splice(at, 1);
  } else if (sub) {
    if (at >= 0) list[at] = { ...list[at], [sub]: value };
    else list.push({ [key]: filterValue, [sub]: value });
  } else if (value && typeof value === 'object') {
    if (at >= 0) list[at] = value as Record<string, unknown>;
    else list.push(value as Record<string, unknown>);
  } else throw scimError(400, `A value for ${attr} must be an object.`, 'invalidValue');
  body[attr] = list;
}
