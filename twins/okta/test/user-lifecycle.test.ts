// User lifecycle operations through @okta/okta-sdk-nodejs, and the status state machine's refusals.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Universe } from '../../../shared/universe/start-universe.js';
import { oktaUniverse, raw, sdk } from './helpers.js';

let universe: Universe;
beforeAll(async () => { universe = await oktaUniverse({ seed: 6, users: 12 }); });
afterAll(() => universe.close());
beforeEach(() => universe.reset());

const activeEmail = () => universe.org.people.find((p) => p.status === 'active' && !p.admin)!.email;
const status = async (userId: string) => (await sdk(universe).userApi.getUser({ userId })).status;

describe('lifecycle', () => {
  it('suspend → unsuspend → deactivate → activate (with a password: ACTIVE)', async () => {
    const api = sdk(universe).userApi;
    const userId = activeEmail();
    await api.suspendUser({ userId });
    expect(await status(userId)).toBe('SUSPENDED');
    await api.unsuspendUser({ userId });
    expect(await status(userId)).toBe('ACTIVE');
    await api.deactivateUser({ userId });
    expect(await status(userId)).toBe('DEPROVISIONED');
    await api.activateUser({ userId, sendEmail: true });
    expect(await status(userId)).toBe('ACTIVE');
  });

  it('activating a STAGED user without password gives PROVISIONED and, with sendEmail=false, an activation link', async () => {
    const api = sdk(universe).userApi;
    const user = await api.createUser({ body: { profile: { login: 's@example.com', email: 's@example.com', firstName: 'S', lastName: 'T' } }, activate: false });
    expect(user.status).toBe('STAGED');
    const token = await api.activateUser({ userId: user.id!, sendEmail: false });
    expect(token.activationUrl).toContain(universe.credentials.okta.orgUrl);
    expect(token.activationToken).toBeTruthy();
    expect(await status(user.id!)).toBe('PROVISIONED');
  });

  it('reset_password puts the user in RECOVERY, expire_password in PASSWORD_EXPIRED', async () => {
    const userId = activeEmail();
    const reset = await raw(universe, `/api/v1/users/${userId}/lifecycle/reset_password?sendEmail=false`, { method: 'POST' });
    expect(reset.status).toBe(200);
    expect(reset.body.resetPasswordUrl).toContain(universe.credentials.okta.orgUrl);
    expect(await status(userId)).toBe('RECOVERY');
    await universe.reset();
    expect((await sdk(universe).userApi.expirePassword({ userId })).status).toBe('PASSWORD_EXPIRED');
  });

  it('refuses transitions the state machine does not allow, in Okta’s words, changing nothing', async () => {
    const api = sdk(universe).userApi;
    const userId = activeEmail();
    await expect(api.activateUser({ userId, sendEmail: true })).rejects.toMatchObject({ status: 403, errorCode: 'E0000016' });
    await expect(api.unsuspendUser({ userId })).rejects.toMatchObject({ status: 400, errorCode: 'E0000001' });
    await expect(api.unlockUser({ userId })).rejects.toMatchObject({ status: 403, errorCode: 'E0000032' });
    await api.deactivateUser({ userId });
    await expect(api.suspendUser({ userId })).rejects.toMatchObject({ status: 400, errorCode: 'E0000001', errorSummary: 'Api validation failed: suspendUser' });
    expect((await raw(universe, `/api/v1/users/${userId}/lifecycle/reset_password`, { method: 'POST' })).body.errorCode).toBe('E0000017');
    expect(await status(userId)).toBe('DEPROVISIONED');
  });

  it('names the Okta operation in the journal and 404s unknown users', async () => {
    expect((await raw(universe, '/api/v1/users/00unothere/lifecycle/suspend', { method: 'POST' })).body.errorCode).toBe('E0000007');
    const { events } = await universe.events({ twin: 'okta' });
    expect(events.at(-1)).toMatchObject({ operation: 'suspendUser', status: 404 });
  });
});
