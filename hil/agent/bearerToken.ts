/**
 * The agent's one credential: a shared token sent as `Authorization: Bearer TOKEN`. It is compared
 * in constant time, so response times tell an attacker nothing about how much of a guess was right.
 */
import { timingSafeEqual } from 'node:crypto';

/**
 * Whether an Authorization header carries the expected bearer token.
 *
 * @param header - the request's Authorization header, if any
 * @param expected - the agent's token (non-empty)
 * @returns true only for `Bearer <expected>` (the scheme is case-insensitive, the token is not)
 */
export function bearerTokenMatches(header: string | undefined, expected: string): boolean {
  const m = /^Bearer[ ]+(\S+)[ ]*$/i.exec(header ?? '');
  const want = Buffer.from(expected, 'utf8');
  const given = Buffer.from(m?.[1] ?? '', 'utf8');
  // timingSafeEqual needs equal lengths; compare against a copy padded or cut to the expected length
  // so a token of another length costs the same time, then refuse it on its length.
  const padded = Buffer.alloc(want.length);
  given.copy(padded, 0, 0, want.length);
  const same = timingSafeEqual(padded, want);
  return m !== null && same && given.length === want.length;
}
