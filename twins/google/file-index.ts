// Secondary indexes over the Drive files, so that files.list with `'<folder>' in parents` or
// `'<email>' in owners` walks only that folder's children or that person's files (O(page), not O(files)).
// The indexes live beside the state (never saved) and are rebuilt when the files object is replaced
// (reset, snapshot import). Every change of a file's existence, parents or owner goes through the helpers here.
import type { DriveFile, GoogleData } from './store.js';

/**
 * Ids in insertion order, like a Set, that can also resume a walk right after a given id: a files.list
 * page token naming the previous page's last file seeks there instead of skipping `offset` files.
 * Deleting leaves a hole; holes are squeezed out once they are the majority (amortised O(1)). Nothing
 * deletes from a list while walking it (a walk is one synchronous request).
 */
export class OrderedIds implements Iterable<string> {
  private ids: (string | undefined)[] = [];
  private at = new Map<string, number>();

  get size(): number {
    return this.at.size;
  }

  has(id: string): boolean {
    return this.at.has(id);
  }

  add(id: string): void {
    if (this.at.has(id)) return;
    this.at.set(id, this.ids.length);
    this.ids.push(id);
  }

  delete(id: string): void {
    const i = this.at.get(id);
    if (i === undefined) return;
    this.ids[i] = undefined;
    this.at.delete(id);
    if (this.ids.length > 64 && this.at.size * 2 < this.ids.length) {
      // The map keeps insertion order, so its keys are the list without holes.
      this.ids = [...this.at.keys()];
      this.ids.forEach((kept, n) => this.at.set(kept!, n));
    }
  }

  [Symbol.iterator](): Iterator<string> {
    return this.from(0);
  }

  /** The ids after `id`, or null when `id` is not (or no longer) in the list. */
  after(id: string): Iterable<string> | null {
    const i = this.at.get(id);
    return i === undefined ? null : { [Symbol.iterator]: () => this.from(i + 1) };
  }

  private *from(start: number): Generator<string> {
    for (let i = start; i < this.ids.length; i++) {
      const id = this.ids[i];
      if (id !== undefined) yield id;
    }
  }
}

export interface FileIndex {
  /** Child ids by parent id, in insertion order. */
  byParent: Map<string, OrderedIds>;
  /** File ids by owner email (My Drive files only). */
  byOwner: Map<string, OrderedIds>;
  /** File ids by shared drive id. */
  byDrive: Map<string, OrderedIds>;
}

const indexes = new WeakMap<Record<string, DriveFile>, FileIndex>();

const addTo = (map: Map<string, OrderedIds>, key: string, id: string) => {
  let list = map.get(key);
  if (!list) map.set(key, (list = new OrderedIds()));
  list.add(id);
};

export function fileIndex(data: GoogleData): FileIndex {
  let index = indexes.get(data.files);
  if (!index) {
    index = { byParent: new Map(), byOwner: new Map(), byDrive: new Map() };
    for (const id in data.files) indexFile(index, data.files[id]!);
    indexes.set(data.files, index);
  }
  return index;
}

function indexFile(index: FileIndex, file: DriveFile): void {
  for (const p of file.parents) addTo(index.byParent, p, file.id);
  if (file.driveId) addTo(index.byDrive, file.driveId, file.id);
  else addTo(index.byOwner, file.owner, file.id);
}

function unindexFile(index: FileIndex, file: DriveFile): void {
  for (const p of file.parents) index.byParent.get(p)?.delete(file.id);
  index.byOwner.get(file.owner)?.delete(file.id);
  if (file.driveId) index.byDrive.get(file.driveId)?.delete(file.id);
}

/** Adds a file to the state and the indexes. Docs and Sheets creating their files use this too. */
export function insertFile(data: GoogleData, file: DriveFile): void {
  const index = fileIndex(data);
  data.files[file.id] = file;
  indexFile(index, file);
}

export function removeFile(data: GoogleData, id: string): void {
  const file = data.files[id];
  if (!file) return;
  unindexFile(fileIndex(data), file);
  delete data.files[id];
  // What hangs off the file goes with it.
  delete data.documents[id];
  delete data.spreadsheets[id];
  delete data.revisions[id];
  delete data.comments[id];
}

export function setParents(data: GoogleData, file: DriveFile, parents: string[]): void {
  const index = fileIndex(data);
  unindexFile(index, file);
  file.parents = parents;
  indexFile(index, file);
}

export function setOwner(data: GoogleData, file: DriveFile, owner: string): void {
  const index = fileIndex(data);
  unindexFile(index, file);
  file.owner = owner;
  indexFile(index, file);
}

/** A folder and everything under it (for delete), children found through the parent index. */
export function subtree(data: GoogleData, rootId: string): string[] {
  const { byParent } = fileIndex(data);
  const seen = new Set([rootId]);
  for (const id of seen) for (const child of byParent.get(id) ?? []) seen.add(child);
  return [...seen];
}
