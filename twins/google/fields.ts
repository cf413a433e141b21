// Google's partial-response `fields` selector (developers.google.com/drive/api/guides/fields-parameter):
// `files(id,name),nextPageToken`, `user/emailAddress`, `*`. Pure; a bad selector throws FieldsError.
export type Selection = '*' | Map<string, Selection>;

export class FieldsError extends Error {}

export function parseFields(fields: string): Selection {
  let pos = 0;
  const parseList = (): Map<string, Selection> => {
    const out = new Map<string, Selection>();
    for (;;) {
      const m = /^\s*([A-Za-z_*][A-Za-z0-9_]*)/.exec(fields.slice(pos));
      if (!m) throw new FieldsError(`Invalid field selection ${fields}`);
      pos += m[0].length;
      const path = [m[1]!];
      while (fields[pos] === '/') {
        const n = /^\/([A-Za-z_*][A-Za-z0-9_]*)/.exec(fields.slice(pos));
        if (!n) throw new FieldsError(`Invalid field selection ${fields}`);
        path.push(n[1]!);
        pos += n[0].length;
      }
      let leaf: Selection = '*';
      if (fields[pos] === '(') {
        pos++;
        leaf = parseList();
        if (fields[pos] !== ')') throw new FieldsError(`Invalid field selection ${fields}`);
        pos++;
      }
      merge(out, path, leaf);
      while (fields[pos] === ' ') pos++;
      if (fields[pos] !== ',') return out;
      pos++;
    }
  };
  if (fields.trim() === '*') return '*';
  const sel = parseList();
  if (pos !== fields.length) throw new FieldsError(`Invalid field selection ${fields}`);
  return sel;
}

function merge(into: Map<string, Selection>, path: string[], leaf: Selection): void {
  const [head, ...rest] = path as [string, ...string[]];
  const child: Selection = rest.length === 0 ? leaf : (() => {
    const existing = into.get(head);
    const m = existing instanceof Map ? existing : new Map<string, Selection>();
    merge(m, rest, leaf);
    return m;
  })();
  const existing = into.get(head);
  if (existing === '*' || child === '*') into.set(head, '*');
  else if (existing instanceof Map && rest.length === 0) { for (const [k, v] of child) existing.set(k, v); } else into.set(head, child);
}

/** The parts of `value` the selection names; arrays are selected element by element. */
export function applySelection(value: unknown, sel: Selection): unknown {
  if (sel === '*' || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => applySelection(v, sel));
  if (sel.has('*')) return value;
  const out: Record<string, unknown> = {};
  // In the resource's own order, as Google answers, whatever order the selector names them in.
  for (const [key, v] of Object.entries(value)) {
    const child = sel.get(key);
    if (child !== undefined && v !== undefined) out[key] = applySelection(v, child);
  }
  return out;
}
