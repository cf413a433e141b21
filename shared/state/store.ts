// One twin's state: plain JSON-serialisable data that handlers read and mutate in place.
// Reset re-seeds it, export/import copy it whole; listeners (persistence) hear about every change.

export class Store<D extends object> {
  private current: D;
  private changeListeners = new Set<() => void>();

  constructor(initial: D) {
    this.current = initial;
  }

  get data(): D {
    return this.current;
  }

  /** Replaces the whole state (reset, import) and notifies listeners. */
  replace(data: D): void {
    this.current = data;
    this.changed();
  }

  /** Deep copy of the state as plain JSON. */
  export(): D {
    return JSON.parse(JSON.stringify(this.current)) as D;
  }

  /** Called after a handler changed the data in place. */
  changed(): void {
    for (const listener of this.changeListeners) listener();
  }

  onChange(listener: () => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }
}

/**
 * The default import check: same top-level keys as a freshly seeded state, each of the same kind
 * (list or map), so a snapshot from another twin or a hand-edited typo is refused before anything changes.
 */
export function checkSameShape(reference: object, candidate: unknown): string | null {
  if (!candidate || typeof candidate !== 'object' || Array.isArray(candidate)) return 'must be an object';
  for (const [key, value] of Object.entries(reference)) {
    if (!(key in candidate)) return `is missing "${key}"`;
    const other = (candidate as Record<string, unknown>)[key];
    const kind = (v: unknown) => (Array.isArray(v) ? 'list' : v === null ? 'null' : typeof v);
    if (kind(value) !== kind(other)) return `"${key}" must be a ${kind(value)}, got ${kind(other)}`;
  }
  for (const key of Object.keys(candidate)) if (!(key in reference)) return `has unknown key "${key}"`;
  return null;
}
