// Malformed input of every kind gets an Okta-shaped 4xx, never a 5xx, and changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Universe } from '../../../shared/universe/start-universe.js';
import { oktaUniverse, raw } from './helpers.js';

let universe: Universe;
beforeAll(async () => { universe = await oktaUniverse({ seed: 12, users: 6 }); });
afterAll(() => universe.close());

const FILTERS = ['', ' ', '(', ')', 'status', 'status eq', 'status eq ACTIVE', 'status eq "ACTIVE" and', 'and or', '"a" eq "b"', 'status eq "A" status eq "B"',
  'status ~ "A"', 'status eq "unterminated', 'lastUpdated gt "not a date" or', 'a.b.c eq (', '\\', 'status eq "A")', 'x'.repeat(5000)];

const BODIES: unknown[] = [null, 1, 'text', [], [{}], {}, { profile: null }, { profile: [] }, { profile: 'x' }, { profile: { login: 5, email: true, firstName: {}, lastName: [] } },
  { profile: { login: 'not-an-email', email: 'x', firstName: 'a', lastName: 'b' } }, { profile: { login: 'ok@example.com', email: 'ok@example.com', firstName: 'a', lastName: 'b' }, credentials: 'pw' },
  { profile: { login: 'ok@example.com', email: 'ok@example.com', firstName: 'a', lastName: 'b' }, credentials: { password: { value: 7 } } },
  { profile: { login: 'ok@example.com', email: 'ok@example.com', firstName: 'a', lastName: 'b' }, groupIds: 'nope' },
  { profile: { login: 'ok@example.com', email: 'ok@example.com', firstName: 'a', lastName: 'b' }, groupIds: [1] }];

const expectOktaClientError = (res: { status: number; body: any }, what: string) => {
  expect(res.status, what).toBeGreaterThanOrEqual(400);
  expect(res.status, what).toBeLessThan(500);
  expect(res.body, what).toMatchObject({ errorCode: expect.stringMatching(/^E0000\d{3}$/), errorSummary: expect.any(String), errorCauses: expect.any(Array) });
};

describe('malformed input', () => {
  it('bad filters, searches and parameters are 400s; bad bodies are 400s; nothing is written', async () => {
    const before = await universe.snapshot();
    const someone = before.twins.okta as { users: { id: string }[] };
    for (const f of FILTERS) {
      for (const param of ['filter', 'search']) {
        if (f.trim() === '') continue;
        expectOktaClientError(await raw(universe, `/api/v1/users?${param}=${encodeURIComponent(f)}`), `users ${param} ${f}`);
        expectOktaClientError(await raw(universe, `/api/v1/groups?${param}=${encodeURIComponent(f)}`), `groups ${param} ${f}`);
      }
    }
    // Valid search, but beyond what Okta's filter accepts.
    for (const f of ['profile.login co "a"', 'status sw "A"', 'status ne "A"']) expectOktaClientError(await raw(universe, `/api/v1/users?filter=${encodeURIComponent(f)}`), `filter ${f}`);
    for (const q of ['limit=-1', 'limit=0', 'limit=1.5', 'limit=x', 'limit=1&limit=2', 'activate=maybe', 'q=a&q=b']) {
      expectOktaClientError(await raw(universe, `/api/v1/users?${q}`, q.startsWith('activate') ? { method: 'POST', body: BODIES[11] } : {}), q);
    }
    for (const body of BODIES) {
      expectOktaClientError(await raw(universe, '/api/v1/users', { method: 'POST', rawBody: JSON.stringify(body) }), `create ${JSON.stringify(body)}`);
      // replaceUser ignores groupIds, so those bodies are valid there.
      if (!(body && typeof body === 'object' && 'groupIds' in body)) expectOktaClientError(await raw(universe, `/api/v1/users/${someone.users[0].id}`, { method: 'PUT', rawBody: JSON.stringify(body) }), `replace ${JSON.stringify(body)}`);
      expectOktaClientError(await raw(universe, '/api/v1/groups', { method: 'POST', rawBody: JSON.stringify(body) }), `group ${JSON.stringify(body)}`);
    }
    for (const text of ['{', '{"profile":', 'nul', '"x']) expectOktaClientError(await raw(universe, '/api/v1/users', { method: 'POST', rawBody: text }), text);
    expectOktaClientError(await raw(universe, '/api/v1/logs?until=never'), 'logs until');
    expectOktaClientError(await raw(universe, '/api/v1/logs?sortOrder=SIDEWAYS'), 'logs sortOrder');
    expect((await universe.snapshot()).twins.okta).toEqual(before.twins.okta);
  });
});
