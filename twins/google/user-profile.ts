// A Directory user's profile lists (organizations, relations, externalIds, locations) as the Admin SDK
// holds them, seeded from the org so the same person has the same title, department, manager, location
// and employee number here as in /_dtu/org, and the person's picture (Person.avatarUrl) that Directory
// shows as thumbnailPhotoUrl and Drive as photoLink. The org's timezone has no Directory field.
import { avatarUrl } from '../../shared/seeding/avatar.js';
import type { Person } from '../../shared/seeding/org.js';
import { googleError } from './errors.js';
import type { GoogleUser } from './store.js';

/** One entry of a profile list: the User schema's UserOrganization, UserRelation, … (strings, booleans, an int). */
export type ProfileEntry = Record<string, string | boolean | number>;

export const PROFILE_LISTS = ['organizations', 'relations', 'externalIds', 'locations'] as const;
export type ProfileList = (typeof PROFILE_LISTS)[number];

interface ListSpec {
  /** Every key an entry may carry and its JSON type. */
  keys: Record<string, 'string' | 'boolean' | 'number'>;
  /** The `type` values Google accepts ("custom" needs customType). */
  types: string[];
  /** Keys an entry must have. */
  required: string[];
}

// Field names and type values from the discovery document's User* schemas and the Directory guide.
const SPECS: Record<ProfileList, ListSpec> = {
  organizations: {
    keys: { name: 'string', title: 'string', department: 'string', description: 'string', domain: 'string', location: 'string', symbol: 'string', costCenter: 'string', type: 'string', customType: 'string', primary: 'boolean', fullTimeEquivalent: 'number' },
    types: ['unknown', 'school', 'work', 'domain_only', 'custom'], required: [],
  },
  relations: {
    keys: { value: 'string', type: 'string', customType: 'string' },
    types: ['admin_assistant', 'assistant', 'brother', 'child', 'custom', 'domestic_partner', 'dotted_line_manager', 'exec_assistant', 'father', 'friend', 'manager', 'mother', 'parent', 'partner', 'referred_by', 'relative', 'sister', 'spouse'],
    required: ['value', 'type'],
  },
  externalIds: {
    keys: { value: 'string', type: 'string', customType: 'string' },
    types: ['account', 'custom', 'customer', 'login_id', 'network', 'organization'], required: ['value', 'type'],
  },
  locations: {
    keys: { area: 'string', buildingId: 'string', deskCode: 'string', floorName: 'string', floorSection: 'string', type: 'string', customType: 'string' },
    types: ['custom', 'default', 'desk'], required: ['area', 'type'],
  },
};

/** The profile of a seeded person, as Workspace would hold it after an HR sync. */
export function seedProfile(p: Person): Pick<GoogleUser, ProfileList | 'avatarUrl'> {
  return {
    organizations: [{ title: p.title, department: p.department, location: p.location, primary: true, customType: '' }],
    ...(p.manager && { relations: [{ value: p.manager, type: 'manager' }] }),
    externalIds: [{ value: p.employeeNumber, type: 'organization' }],
    locations: [{ area: p.location, type: 'desk' }],
    avatarUrl: p.avatarUrl,
  };
}

const invalidInput = (what: string) => googleError(400, 'invalid', `Invalid Input: ${what}`);

/** A list from a request body, checked entry by entry; 400 "Invalid Input: <list>" names the list at fault. */
export function checkProfileList(list: ProfileList, value: unknown): ProfileEntry[] {
  const spec = SPECS[list];
  if (!Array.isArray(value) || value.length > 100) throw invalidInput(list);
  return value.map((entry: unknown) => {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) throw invalidInput(list);
    const out: ProfileEntry = {};
    for (const [key, v] of Object.entries(entry)) {
      if (v === null || v === undefined) continue;
      const type = spec.keys[key];
      if (!type || typeof v !== type || (type === 'number' && !Number.isInteger(v))) throw invalidInput(`${list}.${key}`);
      out[key] = v as string | boolean | number;
    }
    for (const key of spec.required) if (out[key] === undefined || out[key] === '') throw invalidInput(`${list}.${key}`);
    if (out.type !== undefined && !spec.types.includes(out.type as string)) throw invalidInput(`${list}.type`);
    if (out.type === 'custom' && !out.customType) throw invalidInput(`${list}.customType`);
    return out;
  });
}

/** The profile lists of the User resource, each only when the user has entries. */
export function profileResource(user: GoogleUser): Partial<Record<ProfileList, ProfileEntry[]>> {
  const out: Partial<Record<ProfileList, ProfileEntry[]>> = {};
  // Users saved before the lists existed carry title / department only.
  const organizations = user.organizations ?? ((user.title || user.department) ? [{ title: user.title ?? '', department: user.department ?? '', primary: true, customType: '' }] : undefined);
  if (organizations?.length) out.organizations = organizations;
  for (const list of ['relations', 'externalIds', 'locations'] as const) if (user[list]?.length) out[list] = user[list];
  return out;
}

/** The user's picture: the org person's avatarUrl (kept across renames), else the same derivation for a new address. */
export const avatarOf = (user: GoogleUser): string => user.avatarUrl ?? avatarUrl(user.primaryEmail);
