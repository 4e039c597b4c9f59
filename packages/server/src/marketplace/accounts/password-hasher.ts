// Password hashing with node:crypto scrypt: a random 16-byte salt per password, parameters stored in
// the hash so they can be raised later (`needsRehash`: log-in upgrades old hashes), and a
// constant-time comparison.
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const KEY_LENGTH = 64;
/**
 * N = 2^17, r = 8, p = 1 (OWASP's minimum for scrypt): 128 MiB and a few hundred milliseconds per
 * hash. Node's scrypt refuses more than 32 MiB unless told, so `maxmem` is raised per call below.
 */
export const DEFAULT_PASSWORD_PARAMS = { N: 131072, r: 8, p: 1 } as const;
const DEFAULT_PARAMS = DEFAULT_PASSWORD_PARAMS;

function derive(
  password: string,
  salt: Buffer,
  params: { N: number; r: number; p: number },
): Promise<Buffer> {
  const options: ScryptOptions = { ...params, maxmem: 128 * params.N * params.r * 2 };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, options, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

/** `scrypt$N$r$p$<salt b64>$<hash b64>`. */
export async function hashPassword(
  password: string,
  params: { N: number; r: number; p: number } = DEFAULT_PARAMS,
): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, params);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64'), key.toString('base64')].join('$');
}

/** True when `password` matches `stored`; false for a wrong password or a malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![N, r, p].every((n) => Number.isInteger(n) && n > 0)) return false;
  const salt = Buffer.from(parts[4]!, 'base64');
  const expected = Buffer.from(parts[5]!, 'base64');
  const actual = await derive(password, salt, { N, r, p });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** True when `stored` was made with other (older, weaker) parameters than `params`, or is malformed. */
export function needsRehash(
  stored: string,
  params: { N: number; r: number; p: number } = DEFAULT_PARAMS,
): boolean {
  const [kind, N, r, p] = stored.split('$');
  return kind !== 'scrypt' || Number(N) !== params.N || Number(r) !== params.r || Number(p) !== params.p;
}

/** A hash of a random password, compared against when the email is unknown so timing does not reveal it. */
export const dummyPasswordHash = hashPassword(randomBytes(16).toString('hex'));
