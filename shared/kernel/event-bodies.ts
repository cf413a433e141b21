// Request and response bodies of a twin's newest inbound calls, for the journal's detail view
// (GET /_dtu/events/:seq, the console's Journal). Only references are kept when a request is
// answered (the parsed request body, the handler's answer); text is made when someone asks, with
// credentials masked. Bounded: the newest BODIES_KEPT calls, each body cut at BODY_LIMIT characters.

export const BODIES_KEPT = 500;
const BODY_LIMIT = 16_384;
const SECRET_HEADERS = new Set(['authorization', 'cookie', 'proxy-authorization', 'x-slack-signature']);

export interface KeptBodies {
  requestHeaders: Record<string, unknown>;
  requestBody: unknown;
  responseStatus: number;
  responseHeaders: Record<string, unknown>;
  /** The handler's answer before serialisation (an object, a string, a Buffer); a stream is described, not kept. */
  responseBody: unknown;
}

export interface EventBodiesView {
  request: { headers: Record<string, unknown>; body: string | null; truncated: boolean };
  response: { status: number; headers: Record<string, unknown>; body: string | null; truncated: boolean };
}

export class EventBodies {
  private readonly kept = new Map<number, KeptBodies>();

  keep(seq: number, bodies: KeptBodies): void {
    this.kept.set(seq, bodies);
    if (this.kept.size > BODIES_KEPT) this.kept.delete(this.kept.keys().next().value as number);
  }

  clear(): void {
    this.kept.clear();
  }

  view(seq: number): EventBodiesView | null {
    const bodies = this.kept.get(seq);
    if (!bodies) return null;
    return {
      request: { headers: masked(bodies.requestHeaders), ...text(bodies.requestBody) },
      response: { status: bodies.responseStatus, headers: masked(withContentType(bodies.responseHeaders, bodies.responseBody)), ...text(bodies.responseBody) },
    };
  }
}

/** Headers are taken before Fastify serialises an object answer, so its content type is added here. */
function withContentType(headers: Record<string, unknown>, body: unknown): Record<string, unknown> {
  if (headers['content-type'] || body === null || typeof body !== 'object' || Buffer.isBuffer(body)) return headers;
  return { ...headers, 'content-type': 'application/json; charset=utf-8' };
}

function masked(headers: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(headers)) {
    out[name] = SECRET_HEADERS.has(name.toLowerCase()) && typeof value === 'string' ? `${value.split(' ')[0]} …` : value;
  }
  return out;
}

function text(body: unknown): { body: string | null; truncated: boolean } {
  if (body === undefined || body === null) return { body: null, truncated: false };
  let whole: string;
  if (typeof body === 'string') whole = body;
  else if (Buffer.isBuffer(body)) whole = body.toString('utf8');
  else if (typeof (body as { pipe?: unknown }).pipe === 'function') whole = '[streamed body, not kept]';
  else whole = JSON.stringify(body) ?? String(body);
  return whole.length > BODY_LIMIT ? { body: whole.slice(0, BODY_LIMIT), truncated: true } : { body: whole, truncated: false };
}
