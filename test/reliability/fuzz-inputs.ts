// fast-check arbitraries for hostile requests: junk values (wrong types, huge strings, lone
// surrogates, NUL, deep nesting, prototype keys), near-valid bodies built from a JSON schema, raw
// bodies in wrong or broken encodings, random query strings and path parameters, and the three
// credential cases (valid, invalid, none).
import fc from 'fast-check';
import { fillPath, pathParams, type FuzzRoute } from './fuzz-routes.js';
import type { RouteInput } from './fuzz-schemas.js';

export interface FuzzRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
  /** Which credentials were sent, for the report. */
  auth: 'valid' | 'invalid' | 'none';
}

const HUGE = 300_000;
const nested = (depth: number, leaf: unknown = 1): unknown => {
  let value: unknown = leaf;
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
};

/** Strings that break naive code: unicode, lone surrogates, NUL, control characters, huge, numeric-looking. */
export const nastyString = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.constantFrom('', ' ', '\u0000', 'a\u0000b', '\ud800', '\udfff', 'x\ud83d', '\u202e\u0301', '💩', '../..', '%00', '%', '\\', '"', "'; --",
    '__proto__', 'constructor', 'toString', 'null', 'undefined', 'NaN', '-1', '0', '1e308', '99999999999999999999999', '2026-13-45T25:61:00Z',
    '<script>', '*', '?', '#', '&', '=', '+', ',', '\n', '\r\n', '\t'),
  fc.integer({ min: 1, max: 4 }).map((n) => 'é'.repeat(10 ** n)),
  fc.constant('x'.repeat(HUGE)),
);

/** Any JSON-able value of a random type, including deep nesting and prototype keys. */
export const junk: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: nastyString },
  { weight: 2, arbitrary: fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null), fc.constantFrom(-1, 0, 2 ** 53, -(2 ** 63), 1.5)) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom(nested(50), nested(500), JSON.parse('{"__proto__":{"polluted":true}}'), { constructor: { prototype: { polluted: true } } }, [], {}, [[]], { '': '' }) },
);

/** Near-valid values for a JSON schema: the right shape most of the time, a wrong type or missing field some of the time. */
export function fromSchema(schema: any, depth = 0): fc.Arbitrary<unknown> {
  const typed = typedFromSchema(schema ?? {}, depth);
  return fc.oneof({ weight: 5, arbitrary: typed }, { weight: 1, arbitrary: junk });
}

function typedFromSchema(schema: any, depth: number): fc.Arbitrary<unknown> {
  if (depth > 4) return junk;
  const variants = schema.oneOf ?? schema.anyOf;
  if (Array.isArray(variants) && variants.length) return fc.oneof(...variants.slice(0, 4).map((v: any) => typedFromSchema(v, depth + 1)));
  if (Array.isArray(schema.allOf) && schema.allOf.length) {
    return typedFromSchema({ type: 'object', properties: Object.assign({}, ...schema.allOf.map((s: any) => s.properties ?? {})), required: schema.allOf.flatMap((s: any) => s.required ?? []) }, depth);
  }
  if (Array.isArray(schema.enum) && schema.enum.length) return fc.constantFrom(...schema.enum);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type ?? (schema.properties ? 'object' : undefined);
  switch (type) {
    case 'object': {
      const properties = Object.entries<any>(schema.properties ?? {}).slice(0, 25);
      if (!properties.length) return fc.dictionary(fc.string({ maxLength: 8 }), junk, { maxKeys: 3 });
      const required = new Set<string>(schema.required ?? []);
      const record = fc.record(Object.fromEntries(properties.map(([name, s]) => [name, fromSchema(s, depth + 1)])),
        { requiredKeys: properties.map(([name]) => name).filter((name) => required.has(name)) });
      // Extra fields the vendor does not know, sometimes; a required field missing, sometimes.
      const dropped = required.size ? fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom(...required) }) : fc.constant(undefined);
      return fc.tuple(record, fc.dictionary(fc.string({ maxLength: 8 }), junk, { maxKeys: 2 }), dropped).map(([known, extra, drop]) => {
        const value: Record<string, unknown> = { ...extra, ...known };
        if (drop !== undefined) delete value[drop];
        return value;
      });
    }
    case 'array': return fc.array(fromSchema(schema.items ?? {}, depth + 1), { maxLength: 3 });
    case 'integer': return fc.oneof(fc.integer({ min: -5, max: 1_000 }), fc.constantFrom(2 ** 31, -(2 ** 31) - 1, Number.MAX_SAFE_INTEGER));
    case 'number': return fc.double({ noNaN: true, noDefaultInfinity: true });
    case 'boolean': return fc.boolean();
    case 'string':
      if (schema.format === 'date-time') return fc.date({ noInvalidDate: true }).map((d) => d.toISOString());
      if (schema.format === 'email') return fc.emailAddress();
      return fc.oneof(fc.string({ minLength: 1, maxLength: 20 }), nastyString);
    default: return junk;
  }
}

const CONTENT_TYPES = ['application/json', 'application/json; charset=utf-8', 'application/x-www-form-urlencoded', 'text/plain', 'application/xml',
  'multipart/form-data; boundary=fuzz', 'multipart/form-data', 'application/scim+json', 'application/octet-stream', 'application/json; charset=utf-16', 'bogus'];

const formEncode = (value: unknown) => (value && typeof value === 'object' && !Array.isArray(value)
  ? Object.entries(value).map(([k, v]) => `${encodeText(k)}=${encodeText(typeof v === 'string' ? v : JSON.stringify(v) ?? '')}`).join('&')
  : encodeText(String(value)));

/** Percent-encoding that survives lone surrogates (as the invalid UTF-8 bytes a careless client sends). */
function encodeText(text: string): string {
  try { return encodeURIComponent(text); } catch { return text.split('').map((c) => (c.charCodeAt(0) >= 0xd800 && c.charCodeAt(0) < 0xe000 ? '%ED%A0%80' : encodeURIComponent(c))).join(''); }
}

/** A body: near-valid JSON, random JSON, malformed JSON, deep JSON, or a body in a content type the route does not expect. */
interface Body { contentType?: string; payload?: string | Buffer }

function bodyArbitrary(input: RouteInput): fc.Arbitrary<Body> {
  const value = input.body ? fromSchema(input.body) : junk;
  return fc.oneof(
    { weight: 3, arbitrary: value.map((v) => ({ contentType: 'application/json', payload: JSON.stringify(v) ?? 'null' })) },
    { weight: 1, arbitrary: fc.tuple(value, fc.constantFrom(...CONTENT_TYPES)).map(([v, contentType]) => ({ contentType, payload: contentType.includes('form-urlencoded') ? formEncode(v) : JSON.stringify(v) ?? '' })) },
    { weight: 1, arbitrary: fc.constantFrom('{', '{"a":', '[1,2', '{"a":1}}', 'nul', '\u0000', '{"a":"\\ud800"}', '{"__proto__":{"x":1}}', '"just a string"', '123', '[]', 'null', '{"a":1,"a":2}', '\ufeff{}')
      .map((payload) => ({ contentType: 'application/json', payload })) },
    { weight: 1, arbitrary: fc.constantFrom(`${'[{"a":'.repeat(5_000)}1${'}]'.repeat(5_000)}`, JSON.stringify({ a: 'x'.repeat(HUGE) }), `[${'0,'.repeat(50_000)}0]`).map((payload) => ({ contentType: 'application/json', payload })) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }).map((bytes) => ({ contentType: 'application/json', payload: Buffer.from(bytes) })) },
    { weight: 1, arbitrary: fc.constant<Body>({}) },
  );
}

function queryArbitrary(input: RouteInput): fc.Arbitrary<string> {
  const name = input.query.length ? fc.oneof(fc.constantFrom(...input.query), fc.string({ maxLength: 6 })) : fc.string({ maxLength: 6 });
  const pair = fc.tuple(name, fc.oneof(nastyString, junk.map((v) => JSON.stringify(v) ?? ''))).map(([k, v]) => `${encodeText(k)}=${encodeText(String(v).slice(0, 2_000))}`);
  return fc.oneof(
    { weight: 4, arbitrary: fc.array(pair, { maxLength: 5 }).map((pairs) => pairs.join('&')) },
    { weight: 1, arbitrary: fc.constantFrom('%', '%zz', '%E0%A4%A', 'a=%ED%A0%80', 'a&&&=', '=', 'limit=-1&limit=2', 'a[b][c]=1', 'maxResults=1e9&startAt=-5', 'cursor=%00') },
  );
}

function paramArbitrary(ids: string[]): fc.Arbitrary<string> {
  // "." and ".." are not parameters: every HTTP client resolves them away before sending the path.
  const junkParam = fc.oneof(nastyString.map((s) => encodeText(s.slice(0, 3_000))).filter((s) => s.length > 0 && !/^(\.|%2e){1,2}$/i.test(s)), fc.constantFrom('%2F', '%00', '%ZZ', '-1', '0', 'me', 'current'));
  // Ids that name Object.prototype's members find them in a plain-object map keyed by id.
  const prototypeKeys = fc.constantFrom('constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf');
  return fc.oneof({ weight: ids.length ? 3 : 0, arbitrary: fc.constantFrom(...(ids.length ? ids : ['x'])).map(encodeText) }, { weight: 2, arbitrary: junkParam }, { weight: 1, arbitrary: prototypeKeys });
}

/** One hostile request to `route`, with `auth` the valid Authorization value for it. */
export function requestArbitrary(route: FuzzRoute, input: RouteInput, ids: string[], auth: string): fc.Arbitrary<FuzzRequest> {
  const names = pathParams(route.url);
  const params = fc.tuple(...names.map(() => paramArbitrary(ids))).map((values) => Object.fromEntries(names.map((n, i) => [n, values[i]])));
  const credentials = fc.oneof(
    { weight: 4, arbitrary: fc.constant({ auth: 'valid' as const, header: auth }) },
    { weight: 1, arbitrary: fc.constantFrom('Bearer nope', 'SSWS nope', 'Basic Og==', 'Basic !!!', `${auth}x`, 'Bearer', auth.split(' ')[1] ?? 'x', `Bearer ${'x'.repeat(10_000)}`).map((header) => ({ auth: 'invalid' as const, header })) },
    { weight: 1, arbitrary: fc.constant({ auth: 'none' as const, header: '' }) },
  );
  const hasBody = route.method !== 'GET' && route.method !== 'DELETE';
  const body = hasBody ? bodyArbitrary(input) : fc.oneof({ weight: 4, arbitrary: fc.constant<Body>({}) }, { weight: 1, arbitrary: bodyArbitrary(input) });
  return fc.record({ params, query: queryArbitrary(input), credentials, body }).map(({ params: values, query, credentials: c, body: b }) => {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (c.header) headers.authorization = c.header;
    if (b.contentType) headers['content-type'] = b.contentType;
    const path = fillPath(route.url, values);
    return { method: route.method, url: query ? `${path}?${query}` : path, headers, payload: b.payload, auth: c.auth };
  });
}
