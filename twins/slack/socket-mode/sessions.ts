// Socket Mode connections (docs.slack.dev/apis/events-api/using-socket-mode): single-use tickets from
// apps.connections.open, the hello on connect, events_api envelopes that must be acked by envelope_id,
// redelivery of unacked ones with retry_attempt + 1, and disconnect messages.
import { randomUUID } from 'node:crypto';
import type { WebSocket } from '@fastify/websocket';
import type { EventCallback } from '../events/envelope.js';
import type { EventHub } from '../events/hub.js';
import type { SlackData, SlackEventSubscription } from '../store.js';

/** How long an unused ticket stays valid (twin clock); Slack's links are short-lived too. */
const TICKET_TTL_MS = 60_000;
/** After a refresh_requested or link_disabled disconnect, the twin closes sockets the client left open. */
const DISCONNECT_GRACE_MS = 1_000;
/** On shutdown, sockets get a close frame and this long to answer it before they are cut. */
const SHUTDOWN_GRACE_MS = 100;

/** ws readyState of an open socket. */
const OPEN = 1;

export const DISCONNECT_REASONS = ['refresh_requested', 'link_disabled', 'warning'] as const;
export type DisconnectReason = (typeof DISCONNECT_REASONS)[number];

interface Session {
  id: number;
  socket: WebSocket;
  connectedAt: number;
}

interface Envelope {
  id: string;
  callback: EventCallback;
  subscription: SlackEventSubscription;
  data: SlackData;
  /** 0 for the first delivery, as Slack counts retry_attempt. */
  attempt: number;
  reason: string;
  sentAt: number;
  cancelTimeout: () => void;
}

export class SocketModeSessions {
  private sessions: Session[] = [];
  private tickets = new Map<string, number>();
  private pending = new Map<string, Envelope>();
  private nextSession = 1;
  private turn = 0;
  private closers = new Set<NodeJS.Timeout>();

  constructor(private readonly hub: EventHub) {}

  get connected(): number {
    return this.sessions.length;
  }

  /** What GET /_dtu/slack/socket-mode shows. */
  status() {
    return {
      connections: this.sessions.map((s) => ({ id: s.id, connectedAt: new Date(s.connectedAt).toISOString() })),
      unacked: this.pending.size,
    };
  }

  /** A fresh single-use ticket for the link URL. */
  issueTicket(): string {
    const now = this.hub.ctx.clock.now();
    for (const [ticket, expires] of this.tickets) if (expires < now) this.tickets.delete(ticket);
    const ticket = randomUUID();
    this.tickets.set(ticket, now + TICKET_TTL_MS);
    return ticket;
  }

  /** Uses up a ticket; false when it is unknown, used or expired. */
  redeem(ticket: string): boolean {
    const expires = this.tickets.get(ticket);
    this.tickets.delete(ticket);
    return expires !== undefined && expires >= this.hub.ctx.clock.now();
  }

  /** A connected socket: say hello, then listen for acks. */
  open(socket: WebSocket): void {
    const session: Session = { id: this.nextSession++, socket, connectedAt: this.hub.ctx.clock.now() };
    this.sessions.push(session);
    socket.on('message', (raw: Buffer, isBinary: boolean) => {
      if (!isBinary) this.acked(raw.toString());
    });
    socket.on('close', () => {
      this.sessions = this.sessions.filter((s) => s !== session);
    });
    socket.send(JSON.stringify({
      type: 'hello', num_connections: this.sessions.length,
      debug_info: { host: `applink-dtu-${session.id}`, build_number: 1, approximate_connection_time: 18060 },
      connection_info: { app_id: this.hub.ctx.store.data.app.id },
    }));
  }

  /** Sends an event as an events_api envelope; unacked envelopes come back per the subscription's schedule. */
  deliver(callback: EventCallback, subscription: SlackEventSubscription, data: SlackData): void {
    this.send({ id: randomUUID(), callback, subscription, data, attempt: 0, reason: '', sentAt: 0, cancelTimeout: () => {} });
  }

  /** Sends `{type:"disconnect", reason}` to every socket; answers how many got it. */
  disconnect(reason: DisconnectReason): number {
    const sessions = [...this.sessions];
    for (const { id, socket } of sessions) {
      socket.send(JSON.stringify({ type: 'disconnect', reason, debug_info: { host: `applink-dtu-${id}` } }));
      // A warning only announces a refresh; the others end the connection even if the client does not.
      if (reason === 'warning') continue;
      const closer = setTimeout(() => {
        this.closers.delete(closer);
        socket.close(1000, reason);
      }, DISCONNECT_GRACE_MS);
      closer.unref();
      this.closers.add(closer);
    }
    return sessions.length;
  }

  /** Shutdown: a close frame to every socket, cut shortly after, so the server's close never waits on a client. */
  close(): void {
    for (const closer of this.closers) clearTimeout(closer);
    this.closers.clear();
    for (const envelope of this.pending.values()) envelope.cancelTimeout();
    this.pending.clear();
    const sockets = this.sessions.map((s) => s.socket);
    for (const socket of sockets) socket.close(1001, 'server shutting down');
    if (sockets.length) setTimeout(() => sockets.forEach((s) => s.terminate()), SHUTDOWN_GRACE_MS).unref();
  }

  private send(envelope: Envelope): void {
    if (!this.hub.current(envelope.data)) return;
    // Slack spreads envelopes over an app's connections; round robin over the open ones does the same.
    const open = this.sessions.filter((s) => s.socket.readyState === OPEN);
    if (open.length === 0) return this.retry(envelope, 'no_connection');
    const session = open[this.turn++ % open.length];
    const { id, callback, attempt, reason } = envelope;
    session.socket.send(JSON.stringify({ envelope_id: id, payload: callback, type: 'events_api', accepts_response_payload: false, retry_attempt: attempt, retry_reason: reason }));
    envelope.sentAt = performance.now();
    this.pending.set(id, envelope);
    envelope.cancelTimeout = this.hub.later(envelope.subscription.timeoutMs, () => {
      if (!this.pending.delete(id)) return;
      this.record(envelope, 0, 'no ack');
      this.retry(envelope, 'timeout');
    });
  }

  private retry(envelope: Envelope, reason: string): void {
    const delays = envelope.subscription.retryDelaysMs;
    if (envelope.attempt >= delays.length || !this.hub.current(envelope.data)) return;
    this.hub.later(delays[envelope.attempt], () => this.send({ ...envelope, attempt: envelope.attempt + 1, reason }));
  }

  /** A client message: an ack is `{envelope_id, payload?}`; anything else is ignored, as Slack does. */
  private acked(text: string): void {
    let message: { envelope_id?: unknown };
    try {
      message = JSON.parse(text) as { envelope_id?: unknown };
    } catch {
      return;
    }
    const envelope = typeof message?.envelope_id === 'string' ? this.pending.get(message.envelope_id) : undefined;
    if (!envelope) return;
    this.pending.delete(envelope.id);
    envelope.cancelTimeout();
    this.record(envelope, 200);
  }

  /** Journals one envelope's fate as an outbound delivery: status 200 when acked, 0 when not. */
  private record(envelope: Envelope, status: number, error?: string): void {
    const { ctx } = this.hub;
    ctx.journal.record({
      twin: ctx.name, direction: 'out', method: 'WS', url: `${linkBase(ctx.publicUrl())}/link/`, operation: envelope.callback.event.type, status,
      durationMs: Math.round((performance.now() - envelope.sentAt) * 100) / 100, actor: { type: 'app', id: envelope.data.app.id }, attempt: envelope.attempt + 1,
      target: { type: 'event', event_id: envelope.callback.event_id, envelope_id: envelope.id }, ...(error && { error }),
    });
  }
}

/** The twin's public URL as a WebSocket base: http → ws, https → wss. */
export const linkBase = (publicUrl: string) => publicUrl.replace(/^http/, 'ws');
