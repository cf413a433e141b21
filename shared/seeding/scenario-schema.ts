// Checks a fixture against fixtures/org.schema.json (ajv, compiled once, loaded only when a fixture
// file is read) and turns ajv's errors into positioned problems with plain messages.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { fixturesDir } from '../paths.js';
import type { FixturePath, Problem } from './scenario-source.js';

export const SCHEMA_FILE = 'org.schema.json';

const require = createRequire(import.meta.url);
let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (!compiled) {
    const Ajv = (require('ajv') as typeof import('ajv')).default;
    const schema = JSON.parse(readFileSync(join(fixturesDir, SCHEMA_FILE), 'utf8'));
    compiled = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true, verbose: true }).compile(schema);
  }
  return compiled;
}

const pathOf = (pointer: string): FixturePath =>
  pointer.split('/').slice(1).map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~')).map((part) => (/^\d+$/.test(part) ? Number(part) : part));

const shown = (value: unknown) => JSON.stringify(value);

function problemOf(error: ErrorObject, value: unknown): Problem {
  const path = pathOf(error.instancePath);
  const p = error.params as Record<string, any>;
  switch (error.keyword) {
    case 'required': return { path: [...path, p.missingProperty], message: 'is required' };
    case 'additionalProperties': {
      const known = Object.keys((error.parentSchema as { properties?: object })?.properties ?? {}).filter((k) => k !== '$schema');
      const message = path.length === 1 && path[0] === 'twins' ? `is not a twin (twins are ${known.join(', ')})` : `is not a known field here (known: ${known.join(', ')})`;
      return { path: [...path, p.additionalProperty], atKey: true, message };
    }
    case 'enum': return { path, message: `${shown(value)} is not one of ${(p.allowedValues as unknown[]).map((v) => shown(v)).join(', ')}` };
    case 'const': return { path, message: `must be ${shown(p.allowedValue)}` };
    case 'type': return { path, message: `must be ${[p.type].flat().join(' or ')}, not ${value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value}` };
    case 'pattern': return { path, message: `${shown(value)} is not ${describePattern(error)}` };
    case 'oneOf': return { path, message: `${shown(value)} does not fit: ${(error.parentSchema as { description?: string })?.description ?? 'none of the allowed forms matches'}` };
    default: return { path, message: error.message ?? 'is not valid' };
  }
}

/** What a pattern asks for, from the field's description (e.g. an email or a date). */
function describePattern(error: ErrorObject): string {
  const description = (error.parentSchema as { description?: string })?.description;
  if (String(error.schema).includes('@')) return 'an email address';
  if (String(error.schema).includes('\\d{4}')) return 'a date (YYYY-MM-DD)';
  return description ? `valid (${description})` : `of the form ${error.schema}`;
}

function valueAt(root: unknown, path: FixturePath): unknown {
  return path.reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), root);
}

/** Schema problems; an error under a failed oneOf is left out (the oneOf's own message says what fits). */
export function schemaProblems(value: unknown): Problem[] {
  const validate = validator();
  if (validate(value)) return [];
  const errors = validate.errors ?? [];
  const oneOfPaths = errors.filter((e) => e.keyword === 'oneOf').map((e) => e.instancePath);
  return errors
    .filter((e) => e.keyword === 'oneOf' || !oneOfPaths.some((p) => e.instancePath === p || e.instancePath.startsWith(`${p}/`)))
    .filter((e) => e.keyword !== 'if')
    .map((e) => problemOf(e, valueAt(value, pathOf(e.instancePath))));
}
