// Token → caller: from `Authorization: Bearer …` or the `token` argument, as Slack accepts both.
import type { FastifyRequest } from 'fastify';
import { slackError } from './errors.js';
import { userById, type SlackData, type SlackToken, type SlackUser } from './store.js';

export interface Caller extends SlackToken {
  token: string;
  /** The acting user (the bot user for bot tokens). */
  account: SlackUser;
  isBot: boolean;
}

export function tokenOf(request: FastifyRequest, args: Record<string, unknown>): string | undefined {
  const header = request.headers.authorization;
  if (header && /^bearer /i.test(header)) return header.slice(7).trim() || undefined;
  return typeof args.token === 'string' && args.token ? args.token : undefined;
}

/** The caller, or not_authed / invalid_auth / account_inactive. */
export function authenticate(data: SlackData, request: FastifyRequest, args: Record<string, unknown>): Caller {
  const token = tokenOf(request, args);
  if (!token) throw slackError('not_authed');
  const held = Object.hasOwn(data.tokens, token) ? data.tokens[token] : undefined;
  if (!held) throw slackError('invalid_auth');
  const account = userById(data, held.user);
  if (!account) throw slackError('invalid_auth');
  if (account.deleted) throw slackError('account_inactive');
  request.dtuActor = { type: held.type, id: held.user, ...(account.profile.email && { email: account.profile.email }) };
  return { ...held, token, account, isBot: held.type === 'bot' };
}

/** missing_scope unless the caller holds one of `needed` (Slack names the first in `needed`). */
export function requireScope(caller: Caller, needed: string[]): void {
  if (needed.length === 0 || needed.some((s) => caller.scopes.includes(s))) return;
  throw slackError('missing_scope', { needed: needed.join(','), provided: caller.scopes.join(',') });
}
