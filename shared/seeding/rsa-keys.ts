// RSA key pairs derived from the universe seed, so a twin restarted with the same seed (or another
// container of the same universe) publishes the same keys and hands out the same key files: a Google
// service-account key or an Okta signing key is a pure function of (seed, label), like every token.
//
// Node cannot seed its key generator, so the primes are searched here: candidates come from an
// HMAC-SHA256 stream over (seed, label), and node:crypto's own primality test (OpenSSL) accepts
// them. The JWK built from p and q is then imported by node:crypto; nothing else is hand-written.
//
// A key costs 0.1–0.2 s of primality tests. prefetchRsaKeyPairs runs them on libuv's thread pool, so
// a twin starting up derives the keys it needs while its main thread seeds and registers routes.
import { checkPrime, checkPrimeSync, createHash, createPrivateKey, createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { deriveBytes } from './deterministic.js';

export interface DerivedRsaKeyPair {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** Stable key id: a hash of the public modulus (what JWKS `kid` and a key file's private_key_id carry). */
  kid: string;
  /** PKCS#8 PEM, as Google key files carry `private_key`. */
  privatePem: string;
  /** Public JWK with kid, alg RS256 and use sig, ready for a JWKS document. */
  publicJwk: JsonWebKey;
}

const MODULUS_BITS = 2048;
const PUBLIC_EXPONENT = 65537n;
const cache = new Map<string, DerivedRsaKeyPair>();
const pending = new Map<string, Promise<void>>();
const cacheKeyOf = (seed: number, label: string) => `${seed}\u0000${label}`;

/** The RSA-2048 key pair for (seed, label); computed once per process (about 0.1–0.5 s), then cached. */
export function deriveRsaKeyPair(seed: number, label: string): DerivedRsaKeyPair {
  const cacheKey = cacheKeyOf(seed, label);
  let pair = cache.get(cacheKey);
  if (!pair) {
    const p = derivePrime(seed, `rsa:${label}:p`);
    let q = derivePrime(seed, `rsa:${label}:q`);
    for (let attempt = 1; q === p; attempt++) q = derivePrime(seed, `rsa:${label}:q#${attempt}`);
    pair = keyPairOf(p, q);
    cache.set(cacheKey, pair);
  }
  return pair;
}

/**
 * Derives these key pairs into the cache without blocking the event loop: the primality tests run on
 * the thread pool. The keys are the same deriveRsaKeyPair computes; it then finds them cached.
 */
export function prefetchRsaKeyPairs(seed: number, labels: readonly string[]): Promise<void> {
  return Promise.all(labels.map((label) => {
    const cacheKey = cacheKeyOf(seed, label);
    if (cache.has(cacheKey)) return undefined;
    let job = pending.get(cacheKey);
    if (!job) {
      job = (async () => {
        const [p, firstQ] = await Promise.all([derivePrimeAsync(seed, `rsa:${label}:p`), derivePrimeAsync(seed, `rsa:${label}:q`)]);
        let q = firstQ;
        for (let attempt = 1; q === p; attempt++) q = await derivePrimeAsync(seed, `rsa:${label}:q#${attempt}`);
        if (!cache.has(cacheKey)) cache.set(cacheKey, keyPairOf(p, q));
      })().finally(() => pending.delete(cacheKey));
      pending.set(cacheKey, job);
    }
    return job;
  })).then(() => undefined);
}

function keyPairOf(p: bigint, q: bigint): DerivedRsaKeyPair {
  const privateKey = createPrivateKey({ key: privateJwk(p, q), format: 'jwk' });
  const publicKey = createPublicKey(privateKey);
  const exported = publicKey.export({ format: 'jwk' });
  const kid = createHash('sha256').update(exported.n ?? '').digest('hex').slice(0, 40);
  return {
    privateKey,
    publicKey,
    kid,
    privatePem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    publicJwk: { ...exported, kid, alg: 'RS256', use: 'sig' },
  };
}

const WINDOW = 4096;
/** Odd primes below 2^13: a sieve with them leaves ~12% of odd candidates for the costly primality test. */
const SMALL_PRIMES = (() => {
  const limit = 8192;
  const composite = new Uint8Array(limit);
  const primes: number[] = [];
  for (let n = 3; n < limit; n += 2) {
    if (composite[n]) continue;
    primes.push(n);
    for (let m = n * n; m < limit; m += 2 * n) composite[m] = 1;
  }
  return primes;
})();

/**
 * A MODULUS_BITS/2-bit prime with its top two bits set (so p·q has exactly MODULUS_BITS bits) and
 * gcd(p−1, e) = 1: the first prime among the odd numbers start, start+2, … of a derived start.
 */
function derivePrime(seed: number, purpose: string): bigint {
  for (let round = 0; ; round++) {
    for (const candidate of candidates(seed, purpose, round)) {
      if (checkPrimeSync(candidate, { checks: 32 })) return candidate;
    }
  }
}

/** Tests this many candidates at once on the thread pool; the first prime in window order wins. */
const BATCH = 16;
const isPrime = (candidate: bigint) => new Promise<boolean>((resolve, reject) => {
  checkPrime(candidate, { checks: 32 }, (error, result) => (error ? reject(error) : resolve(result)));
});

/** derivePrime off the main thread: the same candidates in the same order, so the same prime. */
async function derivePrimeAsync(seed: number, purpose: string): Promise<bigint> {
  for (let round = 0; ; round++) {
    const window = candidates(seed, purpose, round);
    for (let i = 0; i < window.length; i += BATCH) {
      const batch = window.slice(i, i + BATCH);
      const verdicts = await Promise.all(batch.map(isPrime));
      const first = verdicts.indexOf(true);
      if (first >= 0) return batch[first];
    }
  }
}

/** The candidates of one round, in order: odd numbers from a derived start, small-prime multiples struck. */
function candidates(seed: number, purpose: string, round: number): bigint[] {
  const bytes = MODULUS_BITS / 16;
  const start = bigintFrom(streamBytes(seed, `${purpose}#${round}`, bytes)) | (3n << BigInt(bytes * 8 - 2)) | 1n;
  // Primes of this size are ~1 in 355 odd numbers apart; strike the multiples of small primes first.
  const struck = new Uint8Array(WINDOW);
  for (const p of SMALL_PRIMES) {
    const residue = Number(start % BigInt(p));
    // start + 2k ≡ 0 (mod p)  ⇔  k ≡ −residue · 2⁻¹ ≡ (p − residue) · (p + 1)/2 (mod p)
    for (let k = ((p - residue) * ((p + 1) / 2)) % p; k < WINDOW; k += p) struck[k] = 1;
  }
  const list: bigint[] = [];
  for (let k = 0; k < WINDOW; k++) {
    if (struck[k]) continue;
    const candidate = start + 2n * BigInt(k);
    if ((candidate - 1n) % PUBLIC_EXPONENT !== 0n) list.push(candidate);
  }
  return list;
}

function streamBytes(seed: number, purpose: string, length: number): Buffer {
  const blocks: Buffer[] = [];
  for (let i = 0; blocks.length * 32 < length; i++) blocks.push(deriveBytes(seed, `${purpose}/${i}`));
  return Buffer.concat(blocks).subarray(0, length);
}

const bigintFrom = (buffer: Buffer): bigint => BigInt(`0x${buffer.toString('hex')}`);

function base64url(value: bigint): string {
  let hex = value.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  return Buffer.from(hex, 'hex').toString('base64url');
}

/** Modular inverse by the extended Euclidean algorithm. */
function modInverse(a: bigint, m: bigint): bigint {
  let [oldR, r] = [a % m, m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const quotient = oldR / r;
    [oldR, r] = [r, oldR - quotient * r];
    [oldS, s] = [s, oldS - quotient * s];
  }
  return ((oldS % m) + m) % m;
}

function privateJwk(p: bigint, q: bigint): JsonWebKey {
  const [larger, smaller] = p > q ? [p, q] : [q, p]; // p > q, as OpenSSL orders them; qi = q⁻¹ mod p
  const n = larger * smaller;
  const phi = (larger - 1n) * (smaller - 1n);
  const d = modInverse(PUBLIC_EXPONENT, phi);
  return {
    kty: 'RSA',
    n: base64url(n),
    e: base64url(PUBLIC_EXPONENT),
    d: base64url(d),
    p: base64url(larger),
    q: base64url(smaller),
    dp: base64url(d % (larger - 1n)),
    dq: base64url(d % (smaller - 1n)),
    qi: base64url(modInverse(smaller, larger)),
  };
}
