// Child process for the HTTP cell: the whole platform (embedded: SQLite file, in-process bus) on a
// free port, with one customer signed up; prints {url, token, route} for autocannon.
import { join } from 'node:path';
import { loadConfig } from '@waooaw/server/config';
import { createPlatform } from '@waooaw/server';

const dir = process.argv[2]!;
const config = loadConfig({
  env: {
    WAOOAW_SQLITE_PATH: join(dir, 'platform.db'),
    WAOOAW_PORT: '0',
    LOG_LEVEL: 'silent',
    WAOOAW_JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0001',
  },
});
const platform = await createPlatform(config);
// Plan rate limits (1,000 requests/min on the free plan) would answer 429 within a second of load; the
// limiter stays in the path, counting, with the ceiling raised out of reach.
const limits = platform.marketplace.services.limits.ratePerMinute;
for (const plan of Object.keys(limits) as Array<keyof typeof limits>) limits[plan] = 1e9;
const { url } = await platform.start();
const signup = await fetch(`${url}/api/v1/auth/signup`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({
    email: 'bench@example.com',
    password: 'correct horse battery',
    name: 'Bench User',
    organisationName: 'Bench Ltd',
  }),
});
if (signup.status !== 202) throw new Error(`signup failed: ${signup.status} ${await signup.text()}`);
// Sign-up answers the same for known and new emails; the new account then logs in.
const login = await fetch(`${url}/api/v1/auth/login`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ email: 'bench@example.com', password: 'correct horse battery' }),
});
if (login.status !== 200) throw new Error(`login failed: ${login.status} ${await login.text()}`);
const session = (await login.json()) as { accessToken: string };
const route = '/api/v1/me';
const check = await fetch(`${url}${route}`, { headers: { authorization: `Bearer ${session.accessToken}` } });
if (check.status !== 200) throw new Error(`${route} answered ${check.status}: ${await check.text()}`);
const body = await check.text();
process.stdout.write(
  JSON.stringify({ url, token: session.accessToken, route, bodyBytes: body.length, body }) + '\n',
);
process.on('SIGTERM', () => {
  void platform.stop().finally(() => process.exit(0));
});
