// Serialized read responses of Docs and Sheets, per Drive file: a document or spreadsheet changes only
// through writes that bump the file's version and modifiedTime (contentChanged), so a repeated read of
// an unchanged file answers the same JSON without rendering it again (documents.get of a long document,
// values.get of a big block). Keyed by the file object, so reset and snapshot import start afresh.
import type { DriveFile } from '../store.js';

const MAX_ENTRIES = 32;
const caches = new WeakMap<DriveFile, { stamp: string; entries: Map<string, Buffer> }>();

/** The JSON of `build()` for this file state and `key` (the request's parameters), built and encoded once. */
export function cachedJson(file: DriveFile, key: string, build: () => unknown): Buffer {
  const stamp = `${file.version ?? 0}|${file.modifiedTime}|${file.name}`;
  let cache = caches.get(file);
  if (!cache || cache.stamp !== stamp) caches.set(file, cache = { stamp, entries: new Map() });
  let json = cache.entries.get(key);
  if (json === undefined) {
    json = Buffer.from(JSON.stringify(build()));
    if (cache.entries.size >= MAX_ENTRIES) cache.entries.clear();
    cache.entries.set(key, json);
  }
  return json;
}
