// Identifiers and secrets derived from the universe seed. Every twin, in any process, derives the
// same value for the same (seed, purpose) pair, so credentials are a pure function of the seed.
import { createHmac } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** 32 bytes derived from the seed and a purpose string such as "slack:bot-token". */
export function deriveBytes(seed: number, purpose: string): Buffer {
  return createHmac('sha256', `dtu-seed:${seed}`).update(purpose).digest();
}

export function deriveHex(seed: number, purpose: string, length = 32): string {
  let out = '';
  for (let i = 0; out.length < length; i++) out += deriveBytes(seed, `${purpose}#${i}`).toString('hex');
  return out.slice(0, length);
}

/** Characters from `alphabet` (base62 by default), e.g. for Okta ids or API tokens. */
export function deriveString(seed: number, purpose: string, length: number, alphabet = BASE62): string {
  let out = '';
  for (let block = 0; out.length < length; block++) {
    for (const byte of deriveBytes(seed, `${purpose}#${block}`)) {
      out += alphabet[byte % alphabet.length];
      if (out.length === length) break;
    }
  }
  return out;
}

export function deriveDigits(seed: number, purpose: string, length: number): string {
  return deriveString(seed, purpose, length, '0123456789');
}
