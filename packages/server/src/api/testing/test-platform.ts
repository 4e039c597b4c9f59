// A whole platform for HTTP tests (in-memory SQLite, in-process bus, silent logs, not listening unless
// started) and a helper that signs a customer or staff member in through the API.
import { loadConfig, type ConfigInput } from '../../config.js';
import { silentLogger } from '../../components/observability/logger.js';
import type { Session } from '../../contracts/contracts.js';
import { createPlatform, type Platform, type PlatformDeps } from '../../platform.js';

export async function createTestPlatform(
  overrides: ConfigInput = {},
  deps: PlatformDeps = {},
): Promise<Platform> {
  return createPlatform(
    loadConfig({
      env: {},
      overrides: {
        ...overrides,
        store: { sqlitePath: ':memory:', ...overrides.store },
        http: { port: 0, ...overrides.http },
      },
    }),
    { logger: silentLogger, ...deps },
  );
}

/** Creates the user (staff directly, a customer through sign-up) and returns a fresh access token. */
export async function signIn(
  platform: Platform,
  user: { email: string; password: string; role?: 'operator' | 'admin' },
): Promise<string> {
  if (user.role) {
    await platform.marketplace.services.accounts.ensureStaffUser({
      ...user,
      name: user.role,
      role: user.role,
    });
  } else {
    await platform.app.inject({
      method: 'POST',
      url: '/api/v1/auth/signup',
      payload: {
        email: user.email,
        password: user.password,
        name: 'Test',
        organisationName: `${user.email} Ltd`,
      },
    });
  }
  const res = await platform.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email: user.email, password: user.password },
  });
  const token = (res.json() as { accessToken?: string }).accessToken;
  if (!token) throw new Error(`log-in failed ${res.statusCode}: ${res.body}`);
  return token;
}

/** A customer whose email is verified through the link in its mail (trials need one); a fresh token. */
export async function verifiedCustomer(
  platform: Platform,
  user: { email: string; password: string },
): Promise<string> {
  await signIn(platform, user);
  const account = await platform.store.accounts.getByEmail(user.email);
  if (!account) throw new Error(`no account for ${user.email}`);
  const page = await platform.store.mail.list({
    order: 'desc',
    limit: 1,
    where: { userId: account.id, kind: 'verify-email' },
  });
  const link = page.items[0]?.data.actionUrl;
  const token = link ? new URL(link, 'http://x').searchParams.get('token') : null;
  const res = await platform.app.inject({
    method: 'POST',
    url: '/api/v1/auth/verify-email',
    payload: { token },
  });
  if (res.statusCode !== 200) throw new Error(`verification failed ${res.statusCode}: ${res.body}`);
  return signIn(platform, user);
}

type Inject = Platform['app']['inject'];

/**
 * Signs a new customer up and logs in: sign-up answers 202 alike for known and unknown emails (no
 * session), so the session comes from the log-in. `remoteAddress` keeps per-address limits apart.
 */
export async function signUpSession(
  app: { inject: Inject },
  user: { email: string; password: string; name: string; organisationName: string },
  remoteAddress?: string,
): Promise<Session> {
  const at = remoteAddress ? { remoteAddress } : {};
  const signup = await app.inject({ method: 'POST', url: '/api/v1/auth/signup', payload: user, ...at });
  if (signup.statusCode !== 202) throw new Error(`sign-up ${signup.statusCode}: ${signup.body}`);
  const login = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email: user.email, password: user.password },
    ...at,
  });
  if (login.statusCode !== 200) throw new Error(`log-in ${login.statusCode}: ${login.body}`);
  return login.json() as Session;
}
