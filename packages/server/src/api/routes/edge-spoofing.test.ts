// The security review's spoofing findings, reproduced on both stores: per-address limits that a
// made-up X-Forwarded-For used to dodge (40 log-ins without a 429, a 4th trial from one address,
// demo limits gone), and 125 wrong passwords after which the right one still signed in.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { testPostgres, type TestPostgres } from '../../testing/services.js';
import { createHarness, setup, type Harness, type HarnessOptions } from '../testing/marketplace-harness.js';

const pg = await testPostgres();
const databases: TestPostgres[] = [];
afterAll(async () => {
  await Promise.all(databases.map((d) => d.drop()));
  await pg?.drop();
});

const stores: Array<[string, (() => Promise<string>) | undefined]> = [
  ['SQLite', async () => ''],
  [
    'PostgreSQL',
    pg
      ? async () => {
          // A fresh database per test, so no count carries over.
          const db = (await testPostgres())!;
          databases.push(db);
          return db.url;
        }
      : undefined,
  ],
];

const ATTACKER = '203.0.113.66';
// Log-ins with unknown emails hash a dummy password at production cost (equal timing), ~0.1–0.5 s each.
const SLOW = 120_000;
let n = 0;
/** A different made-up client address per call, as the reviewer's script sent. */
const forged = () => {
  n += 1;
  return { 'x-forwarded-for': `198.51.100.${n % 250}`, forwarded: `for=192.0.2.${n % 250}` };
};
const code = (res: LightMyRequestResponse) => (res.json() as { error?: { code: string } }).error?.code;

for (const [name, database] of stores) {
  describe.skipIf(!database)(`the HTTP edge on ${name}`, () => {
    let h: Harness | undefined;
    afterEach(async () => {
      await h?.close();
      h = undefined;
    });
    async function harness(options: HarnessOptions = {}): Promise<Harness> {
      const url = await database!();
      h = await createHarness({ ...options, ...(url ? { postgresUrl: url } : {}) });
      return h;
    }

    it(
      'limits log-ins per address whatever X-Forwarded-For or Forwarded claim',
      async () => {
        const app = await harness({ limits: { authPerIpPerMinute: 20 } });
        const statuses: number[] = [];
        for (let i = 0; i < 40; i++) {
          const res = await app.call('POST', '/api/v1/auth/login', {
            body: { email: `nobody${i}@acme.com`, password: 'wrong password' },
            ip: ATTACKER,
            headers: forged(),
          });
          statuses.push(res.statusCode);
        }
        expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(20);
        expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
      },
      SLOW,
    );

    it(
      'refuses a 4th trial in a week from one address whatever the forwarding headers say',
      async () => {
        const app = await harness();
        const agents = ['content-marketing', 'seo-specialist', 'english-tutor'];
        for (const [i, agentId] of agents.entries()) {
          const s = await app.customer(`spoof${i}@org${i}.com`);
          const res = await app.call('POST', '/api/v1/trials', {
            token: s.accessToken,
            body: { agentId, setup },
            ip: ATTACKER,
            headers: forged(),
          });
          expect(res.statusCode, res.body).toBe(201);
        }
        const fourth = await app.customer('spoof4@org4.com');
        const res = await app.call('POST', '/api/v1/trials', {
          token: fourth.accessToken,
          body: { agentId: 'content-marketing', setup },
          ip: ATTACKER,
          headers: forged(),
        });
        expect(res.statusCode).toBe(412);
        expect(res.json()).toMatchObject({ error: { details: { reason: 'ip-limit' } } });
      },
      SLOW,
    );

    it(
      "keeps the demo's daily limit per address whatever the forwarding headers say",
      async () => {
        const app = await harness({ limits: { demoPerIpPerDay: 2 } });
        const demo = () =>
          app.call('POST', '/api/v1/agents/english-tutor/demo', {
            body: { input: { text: 'The cat sat on the mat.' } },
            ip: ATTACKER,
            headers: forged(),
          });
        expect((await demo()).statusCode).toBe(200);
        expect((await demo()).statusCode).toBe(200);
        const third = await demo();
        expect(third.statusCode).toBe(429);
        expect(third.json()).toMatchObject({ error: { details: { reason: 'demo-daily-limit' } } });
      },
      SLOW,
    );

    it(
      'believes forwarding headers from a configured proxy, and only the hops it vouches for',
      async () => {
        const app = await harness({
          limits: { demoPerIpPerDay: 1 },
          config: { http: { trustedProxies: ['10.0.0.0/24', 'loopback'] } },
        });
        const demo = (ip: string, headers: Record<string, string>) =>
          app.call('POST', '/api/v1/agents/english-tutor/demo', {
            body: { input: { text: 'The cat sat on the mat.' } },
            ip,
            headers,
          });
        // Two clients behind the proxy each get their own allowance.
        expect((await demo('10.0.0.7', { 'x-forwarded-for': '198.51.100.1' })).statusCode).toBe(200);
        expect((await demo('10.0.0.7', { 'x-forwarded-for': '198.51.100.2' })).statusCode).toBe(200);
        expect((await demo('10.0.0.7', { 'x-forwarded-for': '198.51.100.1' })).statusCode).toBe(429);
        // A client prepending a made-up hop is still itself: the walk stops at the first untrusted hop.
        expect((await demo('10.0.0.7', { 'x-forwarded-for': '192.0.2.99, 198.51.100.2' })).statusCode).toBe(
          429,
        );
        // RFC 7239 Forwarded from the proxy names the client the same way.
        expect(
          (await demo('10.0.0.8', { forwarded: 'for="[2001:db8::5]:4711";proto=https' })).statusCode,
        ).toBe(200);
        expect((await demo('10.0.0.8', { 'x-forwarded-for': '2001:db8::5' })).statusCode).toBe(429);
        // A peer outside the trusted range is its own client, whatever it forwards.
        expect((await demo(ATTACKER, { 'x-forwarded-for': '198.51.100.3' })).statusCode).toBe(200);
        expect((await demo(ATTACKER, { 'x-forwarded-for': '198.51.100.4' })).statusCode).toBe(429);
      },
      SLOW,
    );

    it(
      'backs off an account after repeated wrong passwords, so the 126th try with the right one waits',
      async () => {
        const app = await harness();
        await app.customer('victim@acme.com');
        const statuses = new Map<number, number>();
        // One wrong password from each of 125 addresses: the account's count, not an address's, stops it.
        for (let i = 0; i < 125; i++) {
          const res = await app.call('POST', '/api/v1/auth/login', {
            body: { email: i % 2 ? 'victim@acme.com' : ' Victim@ACME.com ', password: `guess ${i}` },
            ip: `198.18.${Math.floor(i / 250)}.${i % 250}`,
          });
          statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
        }
        expect(statuses.get(401)).toBe(5);
        expect(statuses.get(429)).toBe(120);
        const right = await app.call('POST', '/api/v1/auth/login', {
          body: { email: 'victim@acme.com', password: 'correct horse battery' },
          ip: '198.18.9.9',
        });
        expect(right.statusCode).toBe(429);
        expect(right.json()).toMatchObject({
          error: { code: 'RATE_LIMITED', details: { reason: 'backoff', scope: 'login-account' } },
        });
        const wait = Number(right.headers['retry-after']);
        expect(wait).toBe(1);

        // The back-off doubles with each further wrong password, up to 15 minutes.
        const waits: number[] = [];
        for (let i = 0; i < 12; i++) {
          await app.advance(wait * 1000 * 2 ** i);
          const res = await app.call('POST', '/api/v1/auth/login', {
            body: { email: 'victim@acme.com', password: 'still wrong' },
            ip: `198.19.0.${i}`,
          });
          expect(res.statusCode).toBe(401);
          const blocked = await app.call('POST', '/api/v1/auth/login', {
            body: { email: 'victim@acme.com', password: 'correct horse battery' },
            ip: `198.19.1.${i}`,
          });
          expect(blocked.statusCode).toBe(429);
          waits.push(Number(blocked.headers['retry-after']));
        }
        expect(waits).toEqual([2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900, 900]);

        // Once the wait is over the right password works and clears the count.
        await app.advance(900_000);
        expect((await app.login('victim@acme.com')).accessToken).toBeTruthy();
        const afterReset = await app.call('POST', '/api/v1/auth/login', {
          body: { email: 'victim@acme.com', password: 'wrong again' },
        });
        expect(afterReset.statusCode).toBe(401);
      },
      SLOW,
    );

    it(
      'treats an unknown account like a known one, and backs off an address guessing many accounts',
      async () => {
        const app = await harness();
        const login = (email: string, ip: string) =>
          app.call('POST', '/api/v1/auth/login', { body: { email, password: 'wrong password' }, ip });
        for (let i = 0; i < 5; i++)
          expect((await login('ghost@acme.com', `198.18.5.${i}`)).statusCode).toBe(401);
        const ghost = await login('ghost@acme.com', '198.18.5.99');
        expect(ghost.statusCode).toBe(429);
        expect(code(ghost)).toBe('RATE_LIMITED');

        // 20 accounts one guess each from one address, then the address waits for any account.
        for (let i = 0; i < 20; i++)
          expect((await login(`user${i}@acme.com`, ATTACKER)).statusCode).toBe(401);
        const next = await login('someone-else@acme.com', ATTACKER);
        expect(next.statusCode).toBe(429);
        expect(next.json()).toMatchObject({ error: { details: { scope: 'login-address' } } });
        // A successful log-in from that address does not buy it more guesses.
        await app.customer('real@acme.com');
        await app.advance(1000);
        expect(
          (
            await app.call('POST', '/api/v1/auth/login', {
              body: { email: 'real@acme.com', password: 'correct horse battery' },
              ip: ATTACKER,
            })
          ).statusCode,
        ).toBe(200);
        expect((await login('other@acme.com', ATTACKER)).statusCode).toBe(401);
        expect((await login('another@acme.com', ATTACKER)).statusCode).toBe(429);
      },
      SLOW,
    );
  });
}
