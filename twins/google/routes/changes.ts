// drive.changes.getStartPageToken / list / watch, drive.files.watch and drive.channels.stop. The page
// token is a position in the change log; changes.list shows the changes of files the caller can see
// now (removals to the file's owner). Watch channels get a `sync` message, then one per change (changes.ts).
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { TwinContext } from '../../../shared/kernel/twin-definition.js';
import { DRIVE_READ } from '../auth.js';
import { notify } from '../changes.js';
import { fileResource, roleOf } from '../drive.js';
import { driveFail, googleError, googleInvalidParameter } from '../errors.js';
import type { WatchChannel } from '../model.js';
import type { GoogleData } from '../store.js';
import { allDrives, callerOf, visibleFile } from './file-access.js';
import { intParam, select } from './params.js';

const CHANGES_DEFAULT_FIELDS = 'kind,nextPageToken,newStartPageToken,changes(kind,changeType,time,removed,fileId,driveId,file(kind,id,name,mimeType))';
const HOUR = 3_600_000;

interface ChannelBody { id?: unknown; type?: unknown; address?: unknown; token?: unknown; expiration?: unknown; resourceId?: unknown }
type ChangesQuery = {
  pageToken?: string; pageSize?: string; fields?: string; includeRemoved?: string; restrictToMyDrive?: string; driveId?: string;
  includeItemsFromAllDrives?: string; includeTeamDriveItems?: string; supportsAllDrives?: string; supportsTeamDrives?: string; spaces?: string;
};

export function changesRoutes(app: FastifyInstance, ctx: TwinContext<GoogleData>): void {
  /** The position a page token stands for (1 = the first change ever recorded). */
  const position = (token: string | undefined) => {
    if (token === undefined || token === '') throw googleInvalidParameter('pageToken', 'Required parameter: pageToken', 'required');
    const n = Number(token);
    if (!/^\d+$/.test(token) || n < 1 || n > ctx.store.data.changes.length + 1) throw googleInvalidParameter('pageToken');
    return n;
  };

  const openChannel = (body: ChannelBody | undefined, email: string, fileId: string | null, resourceUri: string, maxMs: number) => {
    const b = body ?? {};
    if (typeof b !== 'object' || Array.isArray(b)) throw driveFail.invalid('Invalid request body.');
    if (typeof b.id !== 'string' || !/^[A-Za-z0-9\-_+/=]{1,64}$/.test(b.id)) throw driveFail.required('id');
    if (b.type !== 'web_hook' && b.type !== 'webhook') throw googleError(400, 'push.webhookUrlUnauthorized', `Invalid value for "type": ${String(b.type)}. Channel type must be web_hook.`);
    // Google requires https; the twin also takes http so local receivers work.
    if (typeof b.address !== 'string' || !/^https?:\/\/[^\s]+$/.test(b.address)) throw googleError(400, 'push.webhookUrlNotHttps', 'WebHook callback must be HTTPS: ' + String(b.address));
    if (b.token !== undefined && typeof b.token !== 'string') throw driveFail.invalid('Invalid value for token.');
    const now = ctx.clock.now();
    const asked = b.expiration === undefined ? now + HOUR : Number(b.expiration);
    if (!Number.isFinite(asked)) throw driveFail.invalid('Invalid value for expiration.');
    const data = ctx.store.data;
    if (data.channels[b.id]) throw googleError(400, 'channelIdNotUnique', `Channel id ${b.id} not unique`);
    const channel: WatchChannel = {
      id: b.id, resourceId: randomBytes(20).toString('base64url').slice(0, 27), resourceUri, address: b.address,
      ...(b.token !== undefined && { token: b.token as string }), expiration: Math.min(Math.max(asked, now + 1000), now + maxMs),
      email, fileId, messageNumber: 0,
    };
    data.channels[channel.id] = channel;
    notify(ctx, channel, 'sync');
    return {
      kind: 'api#channel', id: channel.id, resourceId: channel.resourceId, resourceUri: channel.resourceUri,
      ...(channel.token !== undefined && { token: channel.token }), expiration: String(channel.expiration),
    };
  };

  app.get<{ Querystring: { driveId?: string; fields?: string } }>('/drive/v3/changes/startPageToken', { config: { operation: 'drive.changes.getStartPageToken' } }, (request) => {
    callerOf(ctx.store.data, request, DRIVE_READ);
    return select({ kind: 'drive#startPageToken', startPageToken: String(ctx.store.data.changes.length + 1) }, request.query.fields, '*');
  });

  app.get<{ Querystring: ChangesQuery }>('/drive/v3/changes', { config: { operation: 'drive.changes.list' } }, (request) => {
    const data = ctx.store.data;
    const who = callerOf(data, request, DRIVE_READ);
    const q = request.query;
    const start = position(q.pageToken);
    const pageSize = intParam(q.pageSize, 'pageSize', 100, 1, 1000);
    const includeRemoved = q.includeRemoved !== 'false';
    const withDrives = q.includeItemsFromAllDrives === 'true' || q.includeTeamDriveItems === 'true';
    // As Drive, a file shows up once, with its latest change: earlier entries for it are skipped.
    const latest = new Map<string, number>();
    for (let j = start - 1; j < data.changes.length; j++) latest.set(data.changes[j]!.fileId, j);
    const changes = [];
    let i = start - 1;
    for (; i < data.changes.length && changes.length < pageSize; i++) {
      const change = data.changes[i]!;
      if (latest.get(change.fileId) !== i) continue;
      if (q.driveId !== undefined ? change.driveId !== q.driveId : change.driveId && !withDrives) continue;
      const file = data.files[change.fileId];
      const role = file ? roleOf(data, file, who) : null;
      if (change.removed || !file) {
        // A removal is reported to the file's owner (access can no longer be checked; see README).
        if (!includeRemoved || !change.removed || change.owner !== who.email) continue;
      } else if (!role || (q.restrictToMyDrive === 'true' && file.driveId)) continue;
      changes.push({
        kind: 'drive#change', changeType: 'file', time: change.time, removed: change.removed, fileId: change.fileId,
        ...(change.driveId && { driveId: change.driveId }),
        ...(file && role && !change.removed && { file: fileResource(data, file, who, role, ctx.publicUrl()) }),
      });
    }
    const more = i < data.changes.length;
    return select({
      kind: 'drive#changeList', ...(more ? { nextPageToken: String(i + 1) } : { newStartPageToken: String(data.changes.length + 1) }), changes,
    }, q.fields, CHANGES_DEFAULT_FIELDS);
  });

  app.post<{ Querystring: ChangesQuery; Body: ChannelBody | undefined }>('/drive/v3/changes/watch', { config: { operation: 'drive.changes.watch' } }, (request) => {
    const who = callerOf(ctx.store.data, request, DRIVE_READ);
    const token = position(request.query.pageToken);
    const uri = `${ctx.publicUrl()}/drive/v3/changes?alt=json&pageToken=${token}`;
    return openChannel(request.body, who.email, null, uri, 7 * 24 * HOUR);
  });

  app.post<{ Params: { fileId: string }; Querystring: ChangesQuery; Body: ChannelBody | undefined }>('/drive/v3/files/:fileId/watch', { config: { operation: 'drive.files.watch' } }, (request) => {
    const data = ctx.store.data;
    const who = callerOf(data, request, DRIVE_READ);
    const { file } = visibleFile(data, request.params.fileId, who, allDrives(request.query));
    return openChannel(request.body, who.email, file.id, `${ctx.publicUrl()}/drive/v3/files/${file.id}?alt=json`, 24 * HOUR);
  });

  app.post<{ Body: ChannelBody | undefined }>('/drive/v3/channels/stop', { config: { operation: 'drive.channels.stop' } }, (request, reply) => {
    const data = ctx.store.data;
    const who = callerOf(data, request, DRIVE_READ);
    const b = request.body ?? {};
    if (typeof b !== 'object' || typeof b.id !== 'string') throw driveFail.required('id');
    const channel = data.channels[b.id];
    if (!channel || channel.email !== who.email || (b.resourceId !== undefined && b.resourceId !== channel.resourceId)) {
      throw googleError(404, 'notFound', `Channel '${b.id}' not found for project`);
    }
    delete data.channels[b.id];
    return reply.code(204).send();
  });
}
