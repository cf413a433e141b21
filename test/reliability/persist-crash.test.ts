// --persist under kill -9: 50 cycles (DTU_PERSIST_CYCLES), one twin process per cycle, in two lanes
// side by side (Slack/Jira and Okta/Google, alternating), each twin on its own state directory that
// lives across all its cycles. A cycle starts the twin on the directory (the saved state must load),
// checks that every write the previous cycles had answered 2xx is there (unchanged), then sends writes
// from 32 concurrent clients and, when the client holds the N-th answer (N random in 1–16, seeded
// PRNG), freezes the process (SIGSTOP: wherever it is, mid-write or between a write and its answer),
// lets the clients read what it had answered, and kills it with SIGKILL. Writes: Slack chat.postMessage,
// Okta createUser, Jira createIssue, Drive files.create. Runs the built CLI (dist/dtu.js, as test/cli
// does). About 0.7 s per cycle per lane on 2 cores. Checked while writing it: with save() resolving
// before the write reached the file (acknowledging too early), the second or third cycle already
// found acknowledged writes missing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnDtu, type DtuProcess } from '../helpers/spawn-dtu.js';

const CYCLES = Number(process.env.DTU_PERSIST_CYCLES ?? 50);
const CLIENTS = 32;
const SEED = 29;
const stateRoot = mkdtempSync(join(tmpdir(), 'dtu-persist-crash-'));
afterAll(() => rmSync(stateRoot, { recursive: true, force: true }));

/** A small seeded PRNG (xorshift32), so the kill moments are the same on every run. */
function prng(seed: number) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    return x / 0x1_0000_0000;
  };
}

type Json = Record<string, any>;
interface Ack { id: string; label: string }
interface Session { url: string; creds: Json; context: Json }

async function call(url: string, init: { method?: string; headers?: Record<string, string>; json?: unknown } = {}) {
  const response = await fetch(url, {
    method: init.method ?? 'GET',
    headers: { ...(init.json === undefined ? {} : { 'content-type': 'application/json' }), ...init.headers },
    body: init.json === undefined ? undefined : JSON.stringify(init.json),
  });
  return { status: response.status, body: (await response.json().catch(() => null)) as Json };
}

/**
 * Per twin: how to prepare (ids the writes need), one write with a unique label (returns the id the
 * twin acknowledged, or null when not acknowledged), and how to read back what is stored for an id.
 */
interface TwinDriver {
  prepare(s: Session): Promise<Json>;
  write(s: Session, label: string): Promise<string | null>;
  /** Labels stored for the acknowledged ids (a missing id maps to undefined). */
  readBack(s: Session, ids: string[]): Promise<Map<string, string | undefined>>;
}

const slackAuth = (s: Session) => ({ authorization: `Bearer ${s.creds.botToken}` });
const oktaAuth = (s: Session) => ({ authorization: `SSWS ${s.creds.apiToken}`, accept: 'application/json' });
const jiraAuth = (s: Session) => ({ authorization: `Basic ${Buffer.from(`${s.creds.email}:${s.creds.apiToken}`).toString('base64')}`, accept: 'application/json' });
const googleAuth = (s: Session) => ({ authorization: `Bearer ${s.creds.accessToken}` });

async function eachById(ids: string[], read: (id: string) => Promise<string | undefined>) {
  const found = new Map<string, string | undefined>();
  for (let i = 0; i < ids.length; i += 20) {
    const batch = ids.slice(i, i + 20);
    const labels = await Promise.all(batch.map(read));
    batch.forEach((id, j) => found.set(id, labels[j]));
  }
  return found;
}

const drivers: Record<'slack' | 'okta' | 'jira' | 'google', TwinDriver> = {
  slack: {
    async prepare(s) {
      const list = await call(`${s.creds.apiUrl}conversations.list?limit=200`, { headers: slackAuth(s) });
      return { channel: list.body.channels.find((c: Json) => c.name === 'general').id };
    },
    async write(s, label) {
      const r = await call(`${s.creds.apiUrl}chat.postMessage`, { method: 'POST', headers: slackAuth(s), json: { channel: s.context.channel, text: label } });
      return r.status === 200 && r.body?.ok ? r.body.ts : null;
    },
    async readBack(s, ids) {
      const byTs = new Map<string, string>();
      for (let cursor = ''; ;) {
        const page = (await call(`${s.creds.apiUrl}conversations.history?channel=${s.context.channel}&limit=1000${cursor && `&cursor=${cursor}`}`, { headers: slackAuth(s) })).body;
        for (const m of page.messages) byTs.set(m.ts, m.text);
        cursor = page.response_metadata?.next_cursor ?? '';
        if (!cursor) break;
      }
      return new Map(ids.map((ts) => [ts, byTs.get(ts)]));
    },
  },
  okta: {
    prepare: async () => ({}),
    async write(s, label) {
      const login = `${label}@crash.example.com`;
      const r = await call(`${s.url}/api/v1/users?activate=false`, { method: 'POST', headers: oktaAuth(s), json: { profile: { firstName: 'Crash', lastName: label, email: login, login } } });
      return r.status === 200 ? r.body.id : null;
    },
    readBack: (s, ids) => eachById(ids, async (id) => {
      const r = await call(`${s.url}/api/v1/users/${id}`, { headers: oktaAuth(s) });
      return r.status === 200 ? r.body.profile.lastName : undefined;
    }),
  },
  jira: {
    async prepare(s) {
      const projects = await call(`${s.url}/rest/api/3/project/search?maxResults=1`, { headers: jiraAuth(s) });
      return { project: projects.body.values[0].key };
    },
    async write(s, label) {
      const r = await call(`${s.url}/rest/api/3/issue`, { method: 'POST', headers: jiraAuth(s), json: { fields: { project: { key: s.context.project }, summary: label, issuetype: { name: 'Task' } } } });
      return r.status === 201 ? r.body.key : null;
    },
    readBack: (s, keys) => eachById(keys, async (key) => {
      const r = await call(`${s.url}/rest/api/3/issue/${key}?fields=summary`, { headers: jiraAuth(s) });
      return r.status === 200 ? r.body.fields.summary : undefined;
    }),
  },
  google: {
    prepare: async () => ({}),
    async write(s, label) {
      const r = await call(`${s.creds.rootUrl}drive/v3/files`, { method: 'POST', headers: googleAuth(s), json: { name: label, mimeType: 'text/plain' } });
      return r.status === 200 ? r.body.id : null;
    },
    readBack: (s, ids) => eachById(ids, async (id) => {
      const r = await call(`${s.creds.rootUrl}drive/v3/files/${id}?fields=id,name`, { headers: googleAuth(s) });
      return r.status === 200 ? r.body.name : undefined;
    }),
  },
};

async function startOn(twin: keyof typeof drivers, dir: string): Promise<{ proc: DtuProcess; session: Session }> {
  const proc = spawnDtu(['twin', twin, '--port', '0', '--seed', String(SEED), '--persist', dir]);
  const [, url] = await proc.waitFor(/listening on (http:\/\/\S+)/, 15_000);
  const creds = (await call(`${url}/_dtu/credentials`)).body[twin];
  const session: Session = { url, creds, context: {} };
  session.context = await drivers[twin].prepare(session);
  return { proc, session };
}

/** One lane of cycles on its own twins (two lanes run side by side, one per core). */
async function lane(twins: (keyof typeof drivers)[], cycles: number, seed: number) {
  const random = prng(seed);
  const acknowledged = new Map(twins.map((t) => [t, [] as Ack[]]));
  let attempted = 0;
  const check = async (twin: keyof typeof drivers, session: Session) => {
    const acks = acknowledged.get(twin)!;
    const stored = await drivers[twin].readBack(session, acks.map((a) => a.id));
    const lost = acks.filter((a) => stored.get(a.id) !== a.label).map((a) => `${a.id} (${a.label}) → ${stored.get(a.id)}`);
    expect(lost, `${twin}: acknowledged writes missing or changed after restart`).toEqual([]);
  };
  for (let cycle = 0; cycle < cycles; cycle++) {
    const twin = twins[cycle % twins.length];
    const { proc, session } = await startOn(twin, join(stateRoot, twin));
    try {
      await check(twin, session);
      // At the client's killAt-th answer (a random count, seeded PRNG) the process is frozen with
      // SIGSTOP, which stops it at once wherever it is (mid-write, between a write and its answer);
      // the clients still read the answers it had sent (100 ms), so every write it acknowledged is
      // counted, and then it is killed with SIGKILL.
      const killAt = 1 + Math.floor(random() * 16);
      let running = true;
      let answered = 0;
      const freezeThenKill = () => {
        proc.child.kill('SIGSTOP');
        setTimeout(() => proc.child.kill('SIGKILL'), 100);
      };
      const client = async (n: number) => {
        for (let i = 0; running; i++) {
          const label = `c${cycle}n${n}w${i}`;
          attempted++;
          const id = await drivers[twin].write(session, label).catch(() => null);
          if (!id) continue;
          acknowledged.get(twin)!.push({ id, label });
          if (++answered === killAt) freezeThenKill();
        }
      };
      const clients = Array.from({ length: CLIENTS }, (_, n) => client(n));
      const giveUp = setTimeout(freezeThenKill, 5_000);
      await proc.exited;
      clearTimeout(giveUp);
      running = false;
      await Promise.all(clients);
    } finally {
      await proc.kill('SIGKILL');
    }
  }
  // The last cycle of each twin is checked by one more start.
  for (const twin of twins) {
    const { proc, session } = await startOn(twin, join(stateRoot, twin));
    try { await check(twin, session); } finally { await proc.kill('SIGKILL'); }
  }
  const total = [...acknowledged.values()].reduce((n, acks) => n + acks.length, 0);
  return { total, attempted };
}

describe('--persist survives kill -9 during writes', () => {
  it(`${CYCLES} cycles: the state file always loads and no acknowledged write is lost`, async () => {
    const half = Math.ceil(CYCLES / 2);
    const lanes = await Promise.all([lane(['slack', 'jira'], half, SEED), lane(['okta', 'google'], CYCLES - half, SEED + 1)]);
    const total = lanes.reduce((n, l) => n + l.total, 0);
    const attempted = lanes.reduce((n, l) => n + l.attempted, 0);
    // Not vacuous: most cycles got writes acknowledged before the kill, and some were cut off by it.
    expect(total).toBeGreaterThan(CYCLES * 5);
    expect(attempted).toBeGreaterThan(total);
  }, 150_000);
});
