// A whole platform for work-order tests on either store (in-memory or file SQLite, or a PostgreSQL
// database), on a FakeClock, with a customer helper that signs up, verifies and starts a trial over HTTP.
import type { LightMyRequestResponse } from 'fastify';
import type { Session, Trial } from '../../contracts/contracts.js';
import { FakeClock } from '../../clock.js';
import { loadConfig } from '../../config.js';
import { silentLogger } from '../../components/observability/logger.js';
import { createPlatform, type Platform } from '../../platform.js';
import { setup } from './marketplace-harness.js';
import { signUpSession } from './test-platform.js';

export interface WorkStore {
  sqlitePath?: string;
  databaseUrl?: string;
}

export const WORK_START = Date.UTC(2026, 0, 5, 9, 0, 0);

export async function createWorkPlatform(
  store: WorkStore,
  clock = new FakeClock(WORK_START),
): Promise<Platform> {
  const config = loadConfig({
    env: {},
    overrides: {
      store: store.databaseUrl
        ? { databaseUrl: store.databaseUrl }
        : { sqlitePath: store.sqlitePath ?? ':memory:' },
      http: { port: 0 },
      auth: { jwtSecret: 'work-orders-test-secret-0123456789abcdef' },
    },
  });
  return createPlatform(config, { logger: silentLogger, clock });
}

export type Call = (method: string, url: string, body?: unknown) => Promise<LightMyRequestResponse>;

let callers = 0;

/** `app.inject` as `token`'s caller, from an address of its own (trials are limited per network). */
export function caller(platform: Platform, token: string): Call {
  callers++;
  const remoteAddress = `10.0.${Math.floor(callers / 250)}.${(callers % 250) + 1}`;
  return (method, url, body) =>
    platform.app.inject({
      method: method as 'GET',
      url,
      remoteAddress,
      headers: { authorization: `Bearer ${token}` },
      ...(body === undefined ? {} : { payload: body as object }),
    });
}

/** Signs up and verifies a customer through the API; returns its access token. */
export async function workCustomer(platform: Platform, email: string): Promise<string> {
  // From an address of its own: sign-up and log-in are rate-limited per address, and the fake clock stands still.
  const remoteAddress = `10.1.${email.length}.${[...email].reduce((n, c) => (n + c.charCodeAt(0)) % 250, 0) + 1}`;
  const post = (url: string, payload: object) =>
    platform.app.inject({ method: 'POST', url, payload, remoteAddress });
  const session = await signUpSession(
    platform.app,
    { email, password: 'correct horse battery', name: 'Ana', organisationName: `${email} Ltd` },
    remoteAddress,
  );
  const userId = session.user.id;
  const mail = (await platform.store.mail.list({ where: { userId, kind: 'verify-email' } })).items[0]!;
  await post('/api/v1/auth/verify-email', {
    token: new URL(mail.data.actionUrl!, 'http://x').searchParams.get('token'),
  });
  const login = await post('/api/v1/auth/login', { email, password: 'correct horse battery' });
  return (login.json() as Session).accessToken;
}

/** Starts a trial of `agentId` (auto-publish unless told otherwise) and returns it. */
export async function startTrial(
  call: Call,
  agentId: string,
  approvalMode: 'auto_publish' | 'review_all' = 'auto_publish',
): Promise<Trial> {
  const res = await call('POST', '/api/v1/trials', { agentId, setup: { ...setup, approvalMode } });
  if (res.statusCode !== 201) throw new Error(`trial ${res.statusCode}: ${res.body}`);
  return res.json() as Trial;
}

/** A file upload body. */
export function upload(name: string, content: string | Buffer): { name: string; contentBase64: string } {
  return { name, contentBase64: Buffer.from(content).toString('base64') };
}
