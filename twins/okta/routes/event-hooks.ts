// Event hooks: list, create (ACTIVE, UNVERIFIED), get, replace, activate / deactivate, verify (the
// one-time challenge request), delete (only once INACTIVE). Delivery itself is in event-hooks.ts.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { TwinContext } from '../../../shared/kernel/twin-definition.js';
import { deriveString } from '../../../shared/seeding/deterministic.js';
import { oktaError, oktaFail } from '../errors.js';
import { eventHookView, verifyHook, type EventHook } from '../event-hooks.js';
import { audit } from '../logs.js';
import { userByLogin, type LogTarget, type OktaData } from '../store.js';
import { bodyObject } from './params.js';

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const EVENT_TYPE = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/;
/** Okta allows at most 25 event hooks per org (developer.okta.com "Event hooks" → limits). */
const MAX_HOOKS = 25;
const hookTarget = (hook: EventHook): LogTarget => ({ id: hook.id, type: 'EventHook', alternateId: hook.channel.config.uri, displayName: hook.name });

function findHook(data: OktaData, id: string): EventHook {
  const hook = data.eventHooks.find((h) => h.id === id);
  if (!hook) throw oktaError(404, 'E0000007', `Not found: Resource not found: ${id} (EventHook)`);
  return hook;
}

/** Validates an EventHook body: name, events {type: EVENT_TYPE, items}, channel {type: HTTP, version, config {uri, headers, authScheme}}. */
function readHook(body: Record<string, unknown>): Pick<EventHook, 'name' | 'description' | 'events' | 'channel'> {
  const unknown = Object.keys(body).filter((k) => !['id', 'name', 'description', 'events', 'channel', 'status', 'verificationStatus', 'created', 'createdBy', 'lastUpdated', '_links'].includes(k));
  if (unknown.length) throw oktaError(400, 'E0000003', 'The request body was not well-formed.', unknown.map((k) => `Unrecognized field "${k}"`));
  const causes: string[] = [];
  if (typeof body.name !== 'string' || !body.name.trim()) causes.push('name: The field cannot be left blank');
  if (body.description !== undefined && body.description !== null && typeof body.description !== 'string') causes.push('description: must be a string');
  const events = isObject(body.events) ? body.events : undefined;
  const items = events?.items;
  if (!events || (events.type !== undefined && events.type !== 'EVENT_TYPE')) causes.push('events: must be {"type": "EVENT_TYPE", "items": [event types]}');
  if (!Array.isArray(items) || !items.length || items.some((i) => typeof i !== 'string' || !EVENT_TYPE.test(i))) causes.push('events.items: must be a non-empty list of event types such as user.lifecycle.create');
  const channel = isObject(body.channel) ? body.channel : undefined;
  const config = isObject(channel?.config) ? channel.config : undefined;
  if (!channel || (channel.type !== undefined && channel.type !== 'HTTP')) causes.push('channel.type: must be HTTP');
  if (channel && channel.version !== undefined && typeof channel.version !== 'string') causes.push('channel.version: must be a string');
  const uri = config?.uri;
  if (typeof uri !== 'string' || !URL.canParse(uri) || !/^https?:$/.test(new URL(uri).protocol)) causes.push('channel.config.uri: must be an absolute http(s) URL');
  const headers = config?.headers ?? [];
  if (!Array.isArray(headers) || headers.some((h) => !isObject(h) || typeof h.key !== 'string' || !h.key || typeof h.value !== 'string')) causes.push('channel.config.headers: must be a list of {key, value}');
  const auth = config?.authScheme;
  if (auth !== undefined && auth !== null && (!isObject(auth) || (auth.type ?? 'HEADER') !== 'HEADER' || typeof auth.key !== 'string' || !auth.key || (auth.value !== undefined && typeof auth.value !== 'string'))) causes.push('channel.config.authScheme: must be {"type": "HEADER", "key", "value"}');
  if (causes.length) throw oktaFail.validation('eventHook', ...causes);
  // The secret may be left out on replace (Okta never serves it); the stored one is kept then.
  const authScheme = isObject(auth) ? { type: 'HEADER' as const, key: auth.key as string, value: auth.value as string } : null;
  return {
    name: (body.name as string).trim(),
    description: (body.description as string | null | undefined) ?? null,
    events: { type: 'EVENT_TYPE', items: [...new Set(items as string[])], filter: null },
    channel: { type: 'HTTP', version: (channel!.version as string | undefined) ?? '1.0.0', config: { uri: uri as string, headers: (headers as { key: string; value: string }[]).map(({ key, value }) => ({ key, value })), method: 'POST', authScheme } },
  };
}

export function eventHooksRoutes(app: FastifyInstance, ctx: TwinContext<OktaData>): void {
  const now = () => new Date(ctx.clock.now()).toISOString();
  const view = (hook: EventHook) => eventHookView(hook, ctx.publicUrl());
  const hookId = (request: { params: unknown }) => (request.params as { eventHookId: string }).eventHookId;

  app.get('/api/v1/eventHooks', { config: { operation: 'listEventHooks' } }, () => ctx.store.data.eventHooks.map(view));

  app.post('/api/v1/eventHooks', { config: { operation: 'createEventHook' } }, (request) => {
    const data = ctx.store.data;
    const fields = readHook(bodyObject(request.body));
    if (fields.channel.config.authScheme && fields.channel.config.authScheme.value === undefined) throw oktaFail.validation('eventHook', 'channel.config.authScheme.value: The field cannot be left blank');
    if (data.eventHooks.length >= MAX_HOOKS) throw oktaFail.validation('eventHook', `An org can have at most ${MAX_HOOKS} event hooks`);
    const stamp = now();
    const hook: EventHook = {
      id: `who${deriveString(ctx.seed(), `okta:event-hook:${fields.name}:${randomBytes(8).toString('hex')}`, 17)}`,
      status: 'ACTIVE', verificationStatus: 'UNVERIFIED', ...fields, created: stamp, lastUpdated: stamp,
      createdBy: userByLogin(data, request.dtuActor?.email ?? '')?.id ?? 'unknown',
    };
    data.eventHooks.push(hook);
    request.dtuTarget = { eventHook: hook.id };
    audit(ctx, request, 'event_hook.created', 'Event hook created', [hookTarget(hook)]);
    return view(hook);
  });

  app.get('/api/v1/eventHooks/:eventHookId', { config: { operation: 'getEventHook' } }, (request) => view(findHook(ctx.store.data, hookId(request))));

  app.put('/api/v1/eventHooks/:eventHookId', { config: { operation: 'replaceEventHook' } }, (request) => {
    const hook = findHook(ctx.store.data, hookId(request));
    const fields = readHook(bodyObject(request.body));
    // A new endpoint must be verified again; an omitted secret keeps the stored one (Okta never serves it).
    const given = fields.channel.config.authScheme;
    const authScheme = given && { ...given, value: given.value ?? (hook.channel.config.authScheme?.key === given.key ? hook.channel.config.authScheme.value : undefined) };
    if (authScheme && authScheme.value === undefined) throw oktaFail.validation('eventHook', 'channel.config.authScheme.value: The field cannot be left blank');
    const uriChanged = fields.channel.config.uri !== hook.channel.config.uri;
    Object.assign(hook, fields, { lastUpdated: now(), ...(uriChanged && { verificationStatus: 'UNVERIFIED' }) });
    hook.channel.config.authScheme = authScheme as EventHook['channel']['config']['authScheme'];
    request.dtuTarget = { eventHook: hook.id };
    audit(ctx, request, 'event_hook.updated', 'Event hook updated', [hookTarget(hook)]);
    return view(hook);
  });

  for (const [action, status, eventType] of [['activate', 'ACTIVE', 'event_hook.activated'], ['deactivate', 'INACTIVE', 'event_hook.deactivated']] as const) {
    app.post(`/api/v1/eventHooks/:eventHookId/lifecycle/${action}`, { config: { operation: `${action}EventHook` } }, (request) => {
      const hook = findHook(ctx.store.data, hookId(request));
      request.dtuTarget = { eventHook: hook.id };
      if (hook.status !== status) {
        hook.status = status;
        hook.lastUpdated = now();
        audit(ctx, request, eventType, `Event hook ${action}d`, [hookTarget(hook)]);
      }
      return view(hook);
    });
  }

  app.post('/api/v1/eventHooks/:eventHookId/lifecycle/verify', { config: { operation: 'verifyEventHook' } }, async (request) => {
    const hook = findHook(ctx.store.data, hookId(request));
    request.dtuTarget = { eventHook: hook.id };
    const failure = await verifyHook(ctx, hook);
    // The state may have been reset while the endpoint was being asked; only a hook still stored is marked.
    const current = ctx.store.data.eventHooks.find((h) => h.id === hook.id);
    if (failure) throw oktaFail.validation('verifyEventHook', `Verification failed: ${failure}`);
    if (!current) throw oktaError(404, 'E0000007', `Not found: Resource not found: ${hook.id} (EventHook)`);
    current.verificationStatus = 'VERIFIED';
    current.lastUpdated = now();
    audit(ctx, request, 'event_hook.verified', 'Event hook verified', [hookTarget(current)]);
    return view(current);
  });

  app.delete('/api/v1/eventHooks/:eventHookId', { config: { operation: 'deleteEventHook' } }, (request, reply) => {
    const data = ctx.store.data;
    const hook = findHook(data, hookId(request));
    if (hook.status === 'ACTIVE') throw oktaFail.validation('eventHook', 'Deactivate the event hook before deleting it');
    data.eventHooks.splice(data.eventHooks.indexOf(hook), 1);
    request.dtuTarget = { eventHook: hook.id };
    audit(ctx, request, 'event_hook.deleted', 'Event hook deleted', [hookTarget(hook)]);
    return reply.code(204).send();
  });
}
