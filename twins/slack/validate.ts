// The import check beyond "same top-level keys": the lists and maps handlers rely on have the
// right kinds, so an imported snapshot cannot make a handler trip over its own state.
const isObject = (v: unknown): v is Record<string, unknown> => Boolean(v) && typeof v === 'object' && !Array.isArray(v);
const TS = /^\d{1,12}\.\d{6}$/;

function checkMessages(where: string, lists: unknown): string | null {
  if (!isObject(lists)) return `"${where}" must be a map`;
  for (const [key, list] of Object.entries(lists)) {
    if (!Array.isArray(list)) return `"${where}.${key}" must be a list`;
    let last = '';
    for (const [i, m] of list.entries()) {
      if (!isObject(m) || typeof m.ts !== 'string' || !TS.test(m.ts) || typeof m.user !== 'string') return `"${where}.${key}[${i}]" must be a message with a ts and a user`;
      if (m.ts <= last) return `"${where}.${key}" must be in strictly increasing ts order`;
      last = m.ts;
    }
  }
  return null;
}

export function validateSlackState(data: unknown): string | null {
  if (!isObject(data)) return 'must be an object';
  for (const [i, u] of (data.users as unknown[]).entries()) if (!isObject(u) || typeof u.id !== 'string' || !isObject(u.profile)) return `"users[${i}]" must be a user with an id and a profile`;
  for (const [i, c] of (data.channels as unknown[]).entries()) {
    if (!isObject(c) || typeof c.id !== 'string' || typeof c.name !== 'string' || !Array.isArray(c.members)) return `"channels[${i}]" must be a channel with an id, a name and members`;
  }
  for (const [token, t] of Object.entries(data.tokens as object)) {
    if (!isObject(t) || typeof t.user !== 'string' || !Array.isArray(t.scopes) || (t.type !== 'bot' && t.type !== 'user')) return `"tokens.${token.slice(0, 9)}…" must be {type, user, scopes}`;
  }
  if (typeof data.lastTs !== 'number') return '"lastTs" must be a number';
  for (const [i, q] of (data.scheduled as unknown[]).entries()) {
    if (!isObject(q) || typeof q.post_at !== 'number' || typeof q.channel_id !== 'string' || !isObject(q.message)) return `"scheduled[${i}]" must have a post_at, a channel_id and a message`;
  }
  for (const [i, f] of (data.files as unknown[]).entries()) {
    if (!isObject(f) || typeof f.id !== 'string' || typeof f.name !== 'string' || typeof f.user !== 'string' || !isObject(f.shares)) return `"files[${i}]" must be a file with an id, a name, a user and shares`;
  }
  for (const [id, u] of Object.entries(data.uploads as object)) if (!isObject(u) || typeof u.key !== 'string' || typeof u.filename !== 'string') return `"uploads.${id}" must be an upload with a key and a filename`;
  for (const [id, bytes] of Object.entries(data.fileData as object)) if (typeof bytes !== 'string') return `"fileData.${id}" must be base64 text`;
  return checkMessages('messages', data.messages) ?? checkMessages('replies', data.replies);
}
