// Secondary indexes over the Drive files, so that files.list with `'<folder>' in parents` or
// `'<email>' in owners` walks only that folder's children or that person's files (O(page), not O(files)).
// The indexes live beside the state (never saved) and are rebuilt when the files object is replaced
// (reset, snapshot import). Every change of a file's existence, parents or owner goes through the helpers here.
import type { DriveFile, GoogleData } from './store.js';

export interface FileIndex {
  /** Child ids by parent id, in insertion order. */
  byParent: Map<string, Set<string>>;
  /** File ids by owner email (My Drive files only). */
  byOwner: Map<string, Set<string>>;
  /** File ids by shared drive id. */
  byDrive: Map<string, Set<string>>;
}

const indexes = new WeakMap<Record<string, DriveFile>, FileIndex>();

const addTo = (map: Map<string, Set<string>>, key: string, id: string) => {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(id);
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
