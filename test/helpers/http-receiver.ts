// A local HTTP receiver for tests of what twins send out (webhooks, event hooks, push notifications):
// it records every request and answers as the test says, on 127.0.0.1 and a free port.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  /** Path and query as received. */
  path: string;
  headers: IncomingHttpHeaders;
  /** The body as sent ('' when none), for signatures computed over the raw bytes. */
  raw: string;
  /** The body parsed as JSON; undefined when empty or not JSON. */
  body: any;
}

export interface ReceiverAnswer {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
}

export interface HttpReceiver {
  /** Base URL, e.g. http://127.0.0.1:PORT; add a path of your choosing. */
  url: string;
  received: ReceivedRequest[];
  /** Forgets what was received (between tests). */
  clear(): void;
  close(): Promise<void>;
}

function parsedJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

/** `answer` decides each reply from the request (default: 200 with no body). */
export async function startReceiver(answer: (request: ReceivedRequest) => ReceiverAnswer | void = () => {}): Promise<HttpReceiver> {
  const received: ReceivedRequest[] = [];
  const server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => { raw += chunk; });
    req.on('end', () => {
      const request: ReceivedRequest = { method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, raw, body: parsedJson(raw) };
      received.push(request);
      const { status = 200, headers, body } = answer(request) ?? {};
      res.writeHead(status, headers).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    clear: () => { received.length = 0; },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
