// A person's picture, the same in every twin: a Gravatar URL keyed by the SHA-256 of the lower-cased
// email (Gravatar's current hash), with an identicon when no picture is registered. Twins that serve
// several sizes add `s=<pixels>` with avatarUrlOfSize.
import { createHash } from 'node:crypto';

export function avatarUrl(email: string): string {
  return `https://secure.gravatar.com/avatar/${createHash('sha256').update(email.trim().toLowerCase()).digest('hex')}?d=identicon`;
}

export const avatarUrlOfSize = (avatar: string, pixels: number) => `${avatar}&s=${pixels}`;
