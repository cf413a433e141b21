// The vendors' published API descriptions in ../shared/api-docs, when present (a user's fresh clone
// has no ../shared: tests that need them skip).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { packageRoot } from '../../shared/paths.js';

export const VENDOR_DOCS = join(packageRoot, '..', 'shared', 'api-docs');
export const hasVendorDocs = existsSync(VENDOR_DOCS);

const cache = new Map<string, any>();

/** Parsed JSON or YAML document, relative to ../shared/api-docs. */
export function vendorDoc(path: string): any {
  if (!cache.has(path)) {
    const text = readFileSync(join(VENDOR_DOCS, path), 'utf8');
    cache.set(path, path.endsWith('.json') ? JSON.parse(text) : parseYaml(text, { maxAliasCount: -1 }));
  }
  return cache.get(path);
}

/** A schema from a vendor document with its local $refs inlined (cycles cut to {}), ready for ajv. */
export function standaloneSchema(doc: any, pointer: string, seen: string[] = []): any {
  const resolve = (ref: string) => ref.replace(/^#\//, '').split('/').map((key) => key.replace(/~1/g, '/').replace(/~0/g, '~')).reduce((node: any, key: string) => node?.[key], doc);
  const inline = (node: any, stack: string[]): any => {
    if (Array.isArray(node)) return node.map((item) => inline(item, stack));
    if (!node || typeof node !== 'object') return node;
    if (typeof node.$ref === 'string') return stack.includes(node.$ref) ? {} : inline(resolve(node.$ref), [...stack, node.$ref]);
    return Object.fromEntries(Object.entries(node).filter(([key]) => key !== 'example' && key !== 'examples').map(([key, value]) => [key, inline(value, stack)]));
  };
  return inline(resolve(pointer), [pointer, ...seen]);
}
