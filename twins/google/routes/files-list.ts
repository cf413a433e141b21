// drive.files.list: `q` parsed and evaluated per file the caller can see, `corpora` / `driveId` /
// `includeItemsFromAllDrives` / `spaces`, `orderBy`, pageSize/pageToken and `fields`. A query that says
// `'<folder>' in parents` or `'<email>' in owners` at its top level walks only that folder's children or
// that person's files (file-index.ts), and its page tokens resume after the previous page's last file,
// so a page costs O(page), not O(offset) or O(files in the domain).
import type { FastifyInstance } from 'fastify';
import type { TwinContext } from '../../../shared/kernel/twin-definition.js';
import { DRIVE_READ } from '../auth.js';
import { driveRole, fileResource, plainFileResource, roleOf, viewOf, type Caller } from '../drive.js';
import { driveFail, googleInvalidParameter } from '../errors.js';
import { fileIndex } from '../file-index.js';
import { evaluate, parseQuery, QueryError, type QueryNode } from '../query.js';
import { FOLDER, type DriveFile, type GoogleData } from '../store.js';
import { callerOf } from './file-access.js';
import { decodePageToken, encodePageToken, intParam, select, wantedFields } from './params.js';

const LIST_DEFAULT_FIELDS = 'kind,incompleteSearch,nextPageToken,files(kind,id,name,mimeType)';
const ORDER_KEYS = ['createdTime', 'folder', 'modifiedByMeTime', 'modifiedTime', 'name', 'name_natural', 'quotaBytesUsed', 'recency', 'sharedWithMeTime', 'starred', 'viewedByMeTime'];

export interface ListQuery {
  q?: string; pageSize?: string; pageToken?: string; fields?: string; orderBy?: string; corpora?: string; spaces?: string; driveId?: string;
  includeItemsFromAllDrives?: string; includeTeamDriveItems?: string; supportsAllDrives?: string; supportsTeamDrives?: string; teamDriveId?: string;
}

function resolveAliases(data: GoogleData, who: Caller, node: QueryNode): QueryNode {
  switch (node.kind) {
    case 'and': case 'or': return { ...node, left: resolveAliases(data, who, node.left), right: resolveAliases(data, who, node.right) };
    case 'not': return { ...node, operand: resolveAliases(data, who, node.operand) };
    case 'in': return node.field === 'parents' && node.value === 'root' ? { ...node, value: data.roots[who.email] ?? 'root' }
      : node.field !== 'parents' && node.value === 'me' ? { ...node, value: who.email } : node;
    default: return node;
  }
}

/** A top-level `'x' in parents` / `'x' in owners` conjunct narrows the files to look at. */
function narrowing(node: QueryNode): { field: 'parents' | 'owners'; value: string } | null {
  if (node.kind === 'in' && (node.field === 'parents' || node.field === 'owners')) return { field: node.field, value: node.value };
  if (node.kind === 'and') return narrowing(node.left) ?? narrowing(node.right);
  return null;
}

type Comparator = (a: DriveFile, b: DriveFile) => number;

function orderComparator(orderBy: string, who: Caller): Comparator {
  const parts = orderBy.split(',').map((p) => p.trim()).filter(Boolean).map((p) => {
    const [key, dir, extra] = p.split(/\s+/);
    if (!key || !ORDER_KEYS.includes(key) || extra !== undefined || (dir !== undefined && dir.toLowerCase() !== 'desc')) throw googleInvalidParameter('orderBy');
    return { key, desc: dir !== undefined };
  });
  const value = (f: DriveFile, key: string): string | number => {
    switch (key) {
      case 'folder': return f.mimeType === FOLDER ? 0 : 1;
      case 'name': case 'name_natural': return f.name.toLowerCase();
      case 'createdTime': return f.createdTime;
      case 'starred': return f.starred ? 0 : 1;
      case 'quotaBytesUsed': return f.content ? Buffer.byteLength(f.content, 'base64') : 0;
      case 'modifiedByMeTime': return (f.lastModifier ?? f.owner) === who.email ? f.modifiedTime : '';
      default: return f.modifiedTime; // modifiedTime, recency, viewedByMeTime, sharedWithMeTime
    }
  };
  return (a, b) => {
    for (const { key, desc } of parts) {
      const x = value(a, key);
      const y = value(b, key);
      if (x !== y) return (x < y ? -1 : 1) * (desc ? -1 : 1);
    }
    return 0;
  };
}

/** Every file id, lazily (no 100,000-element array per request when the page fills early). */
function* allIds(data: GoogleData): Generator<string> {
  for (const id in data.files) yield id;
}

export function filesListRoute(app: FastifyInstance, ctx: TwinContext<GoogleData>): void {
  app.get<{ Querystring: ListQuery }>('/drive/v3/files', { config: { operation: 'drive.files.list' } }, (request) => {
    const data = ctx.store.data;
    const who = callerOf(data, request, DRIVE_READ);
    const query = request.query;
    const q = query.q ?? '';
    let node: QueryNode | null = null;
    if (q.trim() !== '') {
      try {
        node = resolveAliases(data, who, parseQuery(q));
      } catch (error) {
        if (error instanceof QueryError) throw googleInvalidParameter('q');
        throw error;
      }
    }
    const pageSize = intParam(query.pageSize, 'pageSize', 100, 1, 1000);
    const spaces = (query.spaces ?? 'drive').split(',').map((s) => s.trim());
    if (spaces.some((s) => !['drive', 'appDataFolder', 'photos'].includes(s))) throw googleInvalidParameter('spaces');
    const corpora = query.corpora ?? 'user';
    if (!['user', 'domain', 'drive', 'allDrives'].includes(corpora)) throw googleInvalidParameter('corpora');
    const withDrives = query.includeItemsFromAllDrives === 'true' || query.includeTeamDriveItems === 'true';
    const driveId = query.driveId ?? query.teamDriveId;
    if ((corpora === 'drive') !== (driveId !== undefined)) throw driveFail.invalid('The driveId parameter must be specified if and only if corpora is set to drive.');
    if ((corpora === 'drive' || corpora === 'allDrives') && !withDrives) {
      throw googleInvalidParameter('includeItemsFromAllDrives', 'The includeItemsFromAllDrives parameter must be set to true when corpora is set to drive or allDrives.', 'invalid', 403);
    }
    if (driveId !== undefined) {
      const drive = data.drives[driveId];
      if (!drive || !driveRole(drive, who)) throw googleInvalidParameter('driveId', `Shared drive not found: ${driveId}`, 'notFound', 404);
    }
    const orderBy = query.orderBy ? orderComparator(query.orderBy, who) : null;
    const tokenKey = `${q}|${query.orderBy ?? ''}|${corpora}|${driveId ?? ''}`;
    const { offset, after } = decodePageToken(query.pageToken, tokenKey);

    // Only the drive space holds files here (nothing is stored in appDataFolder or photos).
    const index = fileIndex(data);
    const narrow = node && narrowing(node);
    const narrowed = driveId !== undefined ? index.byDrive.get(driveId) : narrow ? (narrow.field === 'parents' ? index.byParent : index.byOwner).get(narrow.value) : undefined;
    // A token naming the previous page's last file resumes right after it (O(page)); otherwise `offset` matches are skipped.
    const resumed = !orderBy && after !== undefined ? narrowed?.after(after) ?? null : null;
    const candidates: Iterable<string> = !spaces.includes('drive') ? []
      : resumed ?? narrowed ?? (driveId !== undefined || narrow ? [] : allIds(data));
    const matches = function* () {
      for (const id of candidates) {
        const file = data.files[id];
        if (!file || file.isRoot) continue;
        if (file.driveId && !withDrives) continue;
        if (!roleOf(data, file, who, true)) continue;
        if (node && !evaluate(node, viewOf(data, file, who))) continue;
        yield file;
      }
    };
    const wanted = wantedFields(query.fields, LIST_DEFAULT_FIELDS, 'files');
    const publicUrl = ctx.publicUrl();
    let page: DriveFile[];
    let more: boolean;
    if (orderBy) {
      // Sorting needs every match; the narrowed candidate sets keep this small where the query allows.
      const all = [...matches()].sort(orderBy);
      page = all.slice(offset, offset + pageSize);
      more = all.length > offset + pageSize;
    } else {
      page = [];
      more = false;
      let seen = resumed ? offset : 0;
      for (const file of matches()) {
        if (seen++ < offset) continue;
        if (page.length === pageSize) { more = true; break; }
        page.push(file);
      }
    }
    const list = {
      kind: 'drive#fileList', incompleteSearch: false,
      ...(more && { nextPageToken: encodePageToken(offset + pageSize, tokenKey, orderBy ? undefined : page[page.length - 1]!.id) }),
      files: page.map((f) => plainFileResource(f, wanted) ?? fileResource(data, f, who, roleOf(data, f, who), publicUrl, wanted)),
    };
    return select(list, query.fields, LIST_DEFAULT_FIELDS);
  });
}
