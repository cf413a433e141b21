// GET /_dtu/events/:seq: one journal event with the request and response of the call (headers and
// bodies, credentials masked), on the control plane's merged journal and on the twin's own port.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startUniverse, type Universe } from '../../shared/universe/start-universe.js';

let universe: Universe;
beforeAll(async () => { universe = await startUniverse({ port: 0, seed: 9, users: 6 }); });
afterAll(() => universe.close());
beforeEach(() => universe.reset());

const json = async (url: string) => {
  const response = await fetch(url);
  return { status: response.status, body: await response.json() };
};

async function postToGeneral(text: string) {
  return fetch(`${universe.urls.slack}/api/chat.postMessage`, {
    method: 'POST', headers: { authorization: `Bearer ${universe.credentials.slack.botToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ channel: 'general', text }),
  });
}

describe('GET /_dtu/events/:seq', () => {
  it('gives a call’s request and response with the credentials masked, through the control plane', async () => {
    await postToGeneral('hello detail');
    const { events } = await universe.events({ twin: 'slack' });
    const post = events.find((e) => e.operation === 'chat.postMessage')!;
    const { status, body } = await json(`${universe.urls.control}/_dtu/events/${post.seq}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ seq: post.seq, twin: 'slack', operation: 'chat.postMessage', outcome: 'success' });
    expect(JSON.parse(body.request.body)).toEqual({ channel: 'general', text: 'hello detail' });
    expect(body.request.headers.authorization).toBe('Bearer …');
    expect(body.response.status).toBe(200);
    expect(JSON.parse(body.response.body)).toMatchObject({ ok: true, message: { text: 'hello detail' } });
    expect(body.response.headers['content-type']).toMatch(/application\/json/);
  });

  it('keeps the vendor error a handler threw, and serves the twin’s own journal on its port', async () => {
    await fetch(`${universe.urls.slack}/api/conversations.info?channel=C0NOPE`, { headers: { authorization: `Bearer ${universe.credentials.slack.botToken}` } });
    const own = (await json(`${universe.urls.slack}/_dtu/events?limit=10`)).body.events;
    const info = own.find((e: { operation: string }) => e.operation === 'conversations.info');
    const { body } = await json(`${universe.urls.slack}/_dtu/events/${info.seq}`);
    expect(body).toMatchObject({ outcome: 'failure', error: 'channel_not_found' });
    expect(JSON.parse(body.response.body)).toEqual({ ok: false, error: 'channel_not_found' });
  });

  it('answers 404 for an event that is not kept and 400 for a malformed seq', async () => {
    expect((await json(`${universe.urls.control}/_dtu/events/999999`)).status).toBe(404);
    expect((await json(`${universe.urls.control}/_dtu/events/abc`)).body).toMatchObject({ ok: false, error: 'invalid_request' });
  });
});
