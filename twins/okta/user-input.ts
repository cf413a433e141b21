// Checks of a User body: the profile against Okta's base user schema (an attribute the schema does
// not define is refused, as Okta refuses it), the default password policy, and the top-level members.
import { oktaError, oktaFail } from './errors.js';
import { userByLogin, type OktaData, type OktaUser, type UserProfile } from './store.js';

const REQUIRED = ['login', 'email', 'firstName', 'lastName'] as const;
const EMAILISH = /^[^\s@]+@[^\s@]+$/;

/** Okta's base user profile attributes (developer.okta.com "Users" → Default profile properties). */
export const BASE_ATTRIBUTES = new Set(['login', 'email', 'secondEmail', 'firstName', 'lastName', 'middleName', 'honorificPrefix', 'honorificSuffix',
  'title', 'displayName', 'nickName', 'profileUrl', 'primaryPhone', 'mobilePhone', 'streetAddress', 'city', 'state', 'zipCode', 'postalAddress',
  'countryCode', 'preferredLanguage', 'locale', 'timezone', 'userType', 'employeeNumber', 'costCenter', 'organization', 'division', 'department',
  'managerId', 'manager']);

/** Members a User body may carry; read-only ones are accepted and ignored, as Okta does. */
const BODY_MEMBERS = new Set(['profile', 'credentials', 'groupIds', 'type', 'realmId', 'id', 'status', 'created', 'activated', 'statusChanged',
  'lastLogin', 'lastUpdated', 'passwordChanged', 'transitioningToStatus', '_links', '_embedded']);

export function checkBodyMembers(body: Record<string, unknown>): void {
  const unknown = Object.keys(body).filter((k) => !BODY_MEMBERS.has(k));
  if (unknown.length) throw oktaError(400, 'E0000003', 'The request body was not well-formed.', unknown.map((k) => `Unrecognized field "${k}"`));
}

/** Checks a complete profile; `except` is the user being updated (its own login is no duplicate). */
export function checkProfile(data: OktaData, profile: Record<string, unknown>, except?: OktaUser): UserProfile {
  const causes: string[] = [];
  for (const field of REQUIRED) {
    const value = profile[field];
    if (value === undefined || value === null || value === '') causes.push(`${field}: The field cannot be left blank`);
    else if (typeof value !== 'string') causes.push(`${field}: The field must be a string`);
  }
  if (typeof profile.login === 'string' && profile.login && !EMAILISH.test(profile.login)) causes.push('login: Username must be in the form of an email address');
  if (typeof profile.email === 'string' && profile.email && !EMAILISH.test(profile.email)) causes.push('email: Does not match required pattern');
  for (const [name, value] of Object.entries(profile)) {
    if (!BASE_ATTRIBUTES.has(name)) causes.push(`Property name '${name}' is not defined in profile`);
    else if (value !== null && typeof value !== 'string' && !REQUIRED.includes(name as (typeof REQUIRED)[number])) causes.push(`${name}: The field must be a string`);
  }
  if (causes.length) throw oktaFail.validation('user', ...causes);
  const other = userByLogin(data, profile.login as string);
  if (other && other !== except) throw oktaFail.validation('login', 'login: An object with this field already exists in the current organization');
  return profile as UserProfile;
}

const POLICY = 'Password requirements were not met. Password requirements: at least 8 characters, a lowercase letter, an uppercase letter, a number, no parts of your username.';

/**
 * The password in `credentials`, checked against Okta's default password policy (8+ characters, lower
 * and upper case, a digit, no part of the username); undefined when none is given.
 */
export function passwordOf(credentials: unknown, login: string): string | undefined {
  if (credentials === undefined || credentials === null) return undefined;
  if (typeof credentials !== 'object' || Array.isArray(credentials)) throw oktaFail.validation('credentials', 'credentials: must be an object');
  const password = (credentials as { password?: unknown }).password;
  if (password === undefined || password === null) return undefined;
  if (typeof password !== 'object' || Array.isArray(password)) throw oktaFail.validation('credentials', 'credentials.password: must be an object');
  const value = (password as { value?: unknown }).value;
  if (value === undefined) return undefined;
  const parts = login.toLowerCase().split('@')[0].split(/[.+_-]/).filter((p) => p.length >= 3);
  const ok = typeof value === 'string' && value.length >= 8 && /[a-z]/.test(value) && /[A-Z]/.test(value) && /\d/.test(value)
    && !parts.some((p) => value.toLowerCase().includes(p));
  if (!ok) throw oktaFail.validation('password', `password: ${POLICY}`);
  return value as string;
}
