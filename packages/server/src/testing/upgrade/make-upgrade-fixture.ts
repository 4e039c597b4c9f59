// Writes the upgrade fixture: a database filled by the marketplace as released before typed tables
// (every record a JSON document in `documents`), as a SQLite file and a PostgreSQL plain-SQL dump,
// plus a manifest of every stored document and the passwords used. Run from the repository root:
//   npx tsx packages/server/src/testing/upgrade/make-upgrade-fixture.ts
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { Hire, Invoice, Page, Session, Trial, Approval } from '../../contracts/contracts.js';
import { createHarness, setup, type Harness } from '../../api/testing/marketplace-harness.js';
import { findPostgresBin, startPostgres } from '../local-services.js';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, 'fixtures');
const DAY = 86_400_000;

/** One account the fixture creates, with the password it can log in with. */
export interface FixtureAccount {
  email: string;
  password: string;
  role: 'customer' | 'operator' | 'admin';
  verified: boolean;
}

/** A document as today's release stored it (times epoch ms). */
export interface FixtureDocument {
  collection: string;
  id: string;
  tenantId: string | null;
  key: string | null;
  version: number;
  data: unknown;
  createdAt: number;
  updatedAt: number;
}

export interface FixtureManifest {
  madeFrom: string;
  /** The fake clock when the fixture was closed; the upgrade test starts its clock here. */
  clockAt: number;
  accounts: FixtureAccount[];
  /** Every document in the database, by collection, ordered by id. */
  documents: FixtureDocument[];
}

const accounts: FixtureAccount[] = [
  { email: 'erin@echo.test', password: 'erin echo password', role: 'customer', verified: true },
  { email: 'alice@acme.test', password: 'alice acme password', role: 'customer', verified: true },
  { email: 'bob@beta.test', password: 'bob beta password 9', role: 'customer', verified: true },
  { email: 'Dave@Delta.test', password: 'dave delta password', role: 'customer', verified: true },
  { email: 'carol@gamma.test', password: 'carol gamma password', role: 'customer', verified: false },
  { email: 'admin1@waooaw.test', password: 'staff password 123', role: 'admin', verified: true },
];

function account(email: string): FixtureAccount {
  return accounts.find((a) => a.email === email)!;
}

async function ok<T>(h: Harness, method: string, url: string, o: Parameters<Harness['call']>[2] = {}) {
  const res = await h.call(method, url, o);
  if (res.statusCode >= 300) throw new Error(`${method} ${url} → ${res.statusCode}: ${res.body}`);
  return res.json() as T;
}

async function customer(h: Harness, email: string, org: string): Promise<Session> {
  const a = account(email);
  await ok(h, 'POST', '/api/v1/auth/signup', {
    body: { email: a.email, password: a.password, name: org.split(' ')[0], organisationName: org },
  });
  const s = await h.login(a.email, a.password);
  if (!a.verified) return s;
  const mail = await h.lastMail(s.user.id, 'verify-email');
  const token = new URL(mail!.actionUrl!, 'http://x').searchParams.get('token')!;
  await ok(h, 'POST', '/api/v1/auth/verify-email', { body: { token } });
  return h.login(a.email, a.password);
}

async function startTrial(h: Harness, s: Session, agentId: string, ip: string, instanceName: string) {
  return ok<Trial>(h, 'POST', '/api/v1/trials', {
    token: s.accessToken,
    body: { agentId, setup: { ...setup, instanceName } },
    ip,
  });
}

/** Fills one store through the HTTP API on a fake clock: every marketplace entity in several states. */
async function scenario(h: Harness): Promise<void> {
  // Erin's trial runs out: 7 days, then 24 h of grace, then EXPIRED.
  const erin = await customer(h, 'erin@echo.test', 'Echo Labs');
  await startTrial(h, erin, 'content-marketing', '10.9.0.1', 'Echo blog');
  await h.advance(8 * DAY + 2 * 3600_000);

  // Alice: a trial whose first deliverable she approves, converts to a monthly hire and reviews;
  // a second trial she cancels; one more deliverable recorded for the hire.
  const alice = await customer(h, 'alice@acme.test', 'Acme Clinics');
  const t1 = await startTrial(h, alice, 'content-marketing', '10.9.0.2', 'Blog desk');
  const [approval] = (
    await ok<Page<Approval>>(h, 'GET', '/api/v1/approvals?status=pending', { token: alice.accessToken })
  ).items;
  await ok(h, 'POST', `/api/v1/approvals/${approval!.id}/decision`, {
    token: alice.accessToken,
    body: { decision: 'approve', comment: 'Looks right' },
  });
  const hire = await ok<Hire>(h, 'POST', `/api/v1/trials/${t1.id}/convert`, {
    token: alice.accessToken,
    body: { plan: 'monthly' },
  });
  await ok(h, 'PUT', `/api/v1/hires/${hire.id}/review`, {
    token: alice.accessToken,
    body: { rating: 5, comment: 'Five stars: on time and on brief' },
  });
  const t2 = await startTrial(h, alice, 'seo-specialist', '10.9.0.2', 'Shop audit');
  await ok(h, 'POST', `/api/v1/trials/${t2.id}/cancel`, {
    token: alice.accessToken,
    body: { reason: 'Not the right time' },
  });
  await h.marketplace.services.deliverables.record({
    tenantId: alice.tenant.id,
    trialId: null,
    hireId: hire.id,
    agentId: 'content-marketing',
    instanceName: 'Blog desk',
    approvalMode: 'auto_publish',
    notify: null,
    skillId: 'text.readability',
    title: 'Weekly readability report',
    result: {
      output: { ease: 71.5 },
      summary: 'Readability holds at 71.5',
      markdown: '# Weekly readability report\n\nEase 71.5 — “plain” enough ✓.',
      checks: [{ name: 'ease', passed: true, detail: '71.5' }],
      method: 'offline',
      confidence: 0.92,
    },
  });

  // Bob: an active trial with its deliverable awaiting approval; one of his two sessions logged out.
  const bob = await customer(h, 'bob@beta.test', 'Beta Tutors');
  await startTrial(h, bob, 'english-tutor', '10.9.0.3', 'Essay desk');
  const second = await h.login('bob@beta.test', account('bob@beta.test').password);
  await ok(h, 'POST', '/api/v1/auth/logout', { body: { refreshToken: second.refreshToken } });

  // Dave (mixed-case email): an annual hire he cancels.
  const dave = await customer(h, 'Dave@Delta.test', 'Delta Shops');
  const t4 = await startTrial(h, dave, 'seo-specialist', '10.9.0.4', 'SEO desk');
  const daveHire = await ok<Hire>(h, 'POST', `/api/v1/trials/${t4.id}/convert`, {
    token: dave.accessToken,
    body: { plan: 'annual' },
  });
  await ok(h, 'POST', `/api/v1/hires/${daveHire.id}/cancel`, {
    token: dave.accessToken,
    body: { reason: 'Budget cut' },
  });

  // Carol signs up and never verifies (her verification token stays unused).
  await customer(h, 'carol@gamma.test', 'Gamma Co');

  // Staff: an admin marks Alice's first invoice paid.
  const admin = account('admin1@waooaw.test');
  await h.marketplace.services.accounts.ensureStaffUser({
    email: admin.email,
    password: admin.password,
    name: 'admin',
    role: 'admin',
  });
  const adminSession = await h.login(admin.email, admin.password);
  const [invoice] = (await ok<Page<Invoice>>(h, 'GET', '/api/v1/invoices', { token: alice.accessToken }))
    .items;
  await ok(h, 'POST', `/api/v1/admin/invoices/${invoice!.id}/mark-paid`, { token: adminSession.accessToken });

  // An anonymous demo run (usage counters) and five days on: Bob's trial gets its 2-day reminder.
  await ok(h, 'POST', '/api/v1/agents/content-marketing/demo', {
    body: { input: { topic: 'Sleep and blood sugar', primaryKeyword: 'blood sugar' } },
    ip: '10.9.0.9',
  });
  await h.advance(5 * DAY + 3600_000);
}

interface DocumentRow {
  collection: string;
  id: string;
  tenant_id: string | null;
  key: string | null;
  version: number | string;
  data: unknown;
  created_at: number | string;
  updated_at: number | string;
}

function toFixtureDocument(row: DocumentRow): FixtureDocument {
  return {
    collection: row.collection,
    id: row.id,
    tenantId: row.tenant_id,
    key: row.key,
    version: Number(row.version),
    data: typeof row.data === 'string' ? JSON.parse(row.data) : row.data,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

const byCollectionAndId = (a: FixtureDocument, b: FixtureDocument) =>
  a.collection === b.collection ? (a.id < b.id ? -1 : 1) : a.collection < b.collection ? -1 : 1;

async function makeSqlite(): Promise<{ documents: FixtureDocument[]; clockAt: number }> {
  const path = join(out, 'marketplace-before-typed-tables.sqlite');
  for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
  const h = await createHarness({ sqlitePath: path });
  await scenario(h);
  const clockAt = h.clock.now();
  await h.close();
  const db = new Database(path);
  db.pragma('journal_mode = DELETE');
  db.exec('VACUUM');
  const rows = db.prepare('select * from documents').all() as DocumentRow[];
  db.close();
  return { documents: rows.map(toFixtureDocument).sort(byCollectionAndId), clockAt };
}

async function makePostgres(): Promise<FixtureDocument[]> {
  const bin = findPostgresBin();
  if (!bin) throw new Error('PostgreSQL binaries not found');
  const server = await startPostgres();
  try {
    const h = await createHarness({ postgresUrl: server.url });
    await scenario(h);
    await h.close();
    const dump = execFileSync(
      join(bin, 'pg_dump'),
      ['--no-owner', '--no-privileges', '--format=plain', '--dbname', server.url],
      { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    );
    writeFileSync(join(out, 'marketplace-before-typed-tables.postgres.sql'), dump);
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    try {
      const { rows } = await client.query<DocumentRow>('select * from documents');
      return rows.map(toFixtureDocument).sort(byCollectionAndId);
    } finally {
      await client.end();
    }
  } finally {
    await server.stop();
  }
}

async function main(): Promise<void> {
  mkdirSync(out, { recursive: true });
  const madeFrom = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: here, encoding: 'utf8' }).trim();
  const sqlite = await makeSqlite();
  const postgres = await makePostgres();
  const write = (name: string, documents: FixtureDocument[]) => {
    const manifest: FixtureManifest = { madeFrom, clockAt: sqlite.clockAt, accounts, documents };
    writeFileSync(join(out, name), `${JSON.stringify(manifest, null, 1)}\n`);
  };
  write('marketplace-before-typed-tables.sqlite.json', sqlite.documents);
  write('marketplace-before-typed-tables.postgres.json', postgres);
  process.stdout.write(
    `fixture written to ${out}: ${sqlite.documents.length} documents (SQLite), ${postgres.length} (PostgreSQL)\n`,
  );
}

await main();
