// Okta sessions: a successful sign-in (the login form, a classic authn sessionToken) opens one, kept
// in the `sid` cookie, so the next /authorize signs the person in silently (SSO). Passwords are the
// twin's per-person passwords (credentials.okta.oidc.people).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { userById, userByLogin, type OktaData, type OktaUser } from '../store.js';
import { opaqueToken, oauthState, type OktaSession } from './state.js';

/** Okta's default maximum session lifetime (global session policy): 2 hours. */
const SESSION_LIFETIME_MS = 2 * 60 * 60 * 1000;
export const SESSION_COOKIE = 'sid';

/** The user a login and password sign in, or undefined (wrong password, unknown login, or a user who can't sign in). */
export function passwordSignIn(data: OktaData, login: string, password: string): OktaUser | undefined {
  const user = login ? userByLogin(data, login) : undefined;
  if (!user || data.passwords[user.id] === undefined || data.passwords[user.id] !== password) return undefined;
  return user.status === 'ACTIVE' ? user : undefined;
}

export function openSession(reply: FastifyReply, data: OktaData, user: OktaUser, nowMs: number, secure: boolean): OktaSession {
  const state = oauthState(data);
  const session: OktaSession = { id: opaqueToken(24), userId: user.id, authTime: Math.floor(nowMs / 1000), expiresAtMs: nowMs + SESSION_LIFETIME_MS };
  if (state.sessions.size > 1024) for (const [id, s] of state.sessions) if (s.expiresAtMs < nowMs) state.sessions.delete(id);
  state.sessions.set(session.id, session);
  user.lastLogin = new Date(nowMs).toISOString();
  reply.header('set-cookie', `${SESSION_COOKIE}=${session.id}; Path=/; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`);
  return session;
}

function cookieValue(request: FastifyRequest, name: string): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** The live session the request's cookie names, whose user can still sign in. */
export function currentSession(request: FastifyRequest, data: OktaData, nowMs: number): { session: OktaSession; user: OktaUser } | undefined {
  const id = cookieValue(request, SESSION_COOKIE);
  const session = id ? oauthState(data).sessions.get(id) : undefined;
  if (!session || session.expiresAtMs < nowMs) return undefined;
  const user = userById(data, session.userId);
  return user && user.status === 'ACTIVE' ? { session, user } : undefined;
}

export function closeSession(request: FastifyRequest, reply: FastifyReply, data: OktaData): OktaSession | undefined {
  const id = cookieValue(request, SESSION_COOKIE);
  const session = id ? oauthState(data).sessions.get(id) : undefined;
  if (id) oauthState(data).sessions.delete(id);
  reply.header('set-cookie', `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`);
  return session;
}
