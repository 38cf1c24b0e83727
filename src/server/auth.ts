import { createHash, timingSafeEqual } from 'node:crypto';

/** Shortest admin token accepted (spec 07 §3): shorter is a configuration error, never a weak admin. */
export const MIN_TOKEN_LENGTH = 32;

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/**
 * The bearer check of spec 07 §3. Both sides are SHA-256 hashed, so the comparison is of two
 * 32-byte values whatever was presented, and `timingSafeEqual` leaks nothing of where they
 * differ. `expected` null (no adminToken configured) refuses everything.
 */
export function tokenChecker(
  adminToken: string | undefined | null,
): (authorization: string | undefined) => boolean {
  if (adminToken != null && adminToken.length < MIN_TOKEN_LENGTH) {
    throw new Error(
      `adminToken (COURTEDGE_ADMIN_TOKEN) must be at least ${MIN_TOKEN_LENGTH} characters (it has ${adminToken.length}); unset it to turn the admin API off`,
    );
  }
  const expected = adminToken ? digest(adminToken) : null;
  return (authorization) => {
    if (!expected || !authorization) return false;
    const m = /^Bearer[ ]+(\S+)\s*$/i.exec(authorization);
    if (!m) return false;
    return timingSafeEqual(digest(m[1]), expected);
  };
}
