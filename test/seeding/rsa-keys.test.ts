import { createSign, createVerify } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { deriveRsaKeyPair, prefetchRsaKeyPairs } from '../../shared/seeding/rsa-keys.js';

describe('deriveRsaKeyPair', () => {
  it('is a working 2048-bit RS256 pair', () => {
    const pair = deriveRsaKeyPair(42, 'test:signing');
    expect(pair.privateKey.asymmetricKeyDetails).toMatchObject({ modulusLength: 2048, publicExponent: 65537n });
    const signature = createSign('RSA-SHA256').update('payload').sign(pair.privateKey);
    expect(createVerify('RSA-SHA256').update('payload').verify(pair.publicKey, signature)).toBe(true);
    expect(createVerify('RSA-SHA256').update('other').verify(pair.publicKey, signature)).toBe(false);
    expect(pair.privatePem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(pair.publicJwk).toMatchObject({ kty: 'RSA', kid: pair.kid, alg: 'RS256', use: 'sig' });
    expect(pair.publicJwk).not.toHaveProperty('d');
  });

  it('is a function of (seed, label): same inputs, same key; other inputs, other keys', async () => {
    const pair = deriveRsaKeyPair(7, 'a');
    vi.resetModules(); // a fresh module has an empty cache, as another process would
    const fresh = await import('../../shared/seeding/rsa-keys.js');
    expect(fresh.deriveRsaKeyPair).not.toBe(deriveRsaKeyPair);
    expect(fresh.deriveRsaKeyPair(7, 'a').privatePem).toBe(pair.privatePem);
    expect(deriveRsaKeyPair(8, 'a').kid).not.toBe(pair.kid);
    expect(deriveRsaKeyPair(7, 'b').kid).not.toBe(pair.kid);
  });

  it('prefetched on the thread pool, is the same key the synchronous derivation gives, and is then cached', async () => {
    const labels = ['prefetch:one', 'prefetch:two'];
    await prefetchRsaKeyPairs(11, labels);
    const started = performance.now();
    const prefetched = labels.map((label) => deriveRsaKeyPair(11, label));
    expect(performance.now() - started).toBeLessThan(20); // cache hits, no prime search
    vi.resetModules();
    const fresh = await import('../../shared/seeding/rsa-keys.js');
    expect(labels.map((label) => fresh.deriveRsaKeyPair(11, label).privatePem)).toEqual(prefetched.map((pair) => pair.privatePem));
  });
});
