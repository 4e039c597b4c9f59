// An install made before typed tables upgrades without loss: the fixture written by the release before
// them (make-upgrade-fixture.ts: a SQLite file and a PostgreSQL dump, every marketplace record a JSON
// document) is migrated, then every record is read back through its repository and every user logs in.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hire, Invoice, Page, Trial } from '../../contracts/contracts.js';
import { createHarness, type Harness } from '../../api/testing/marketplace-harness.js';
import type { Entity, EntityRepository } from '../../store/entity-repository.js';
import type { Store } from '../../store/store.js';
import type { MarketplaceRepositories } from '../../store/marketplace-repositories.js';
import { runsOnStore, STORE_KINDS, type StoreKind } from '../backends.js';
import { findPostgresBin } from '../local-services.js';
import { testPostgres, type TestPostgres } from '../services.js';
import type { FixtureDocument, FixtureManifest } from './make-upgrade-fixture.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const manifest = (kind: StoreKind): FixtureManifest =>
  JSON.parse(
    readFileSync(join(fixtures, `marketplace-before-typed-tables.${kind}.json`), 'utf8'),
  ) as FixtureManifest;

/** Where each collection of the release before typed tables lives now. */
const tableOf: Record<string, keyof MarketplaceRepositories> = {
  mkt_tenants: 'tenants',
  mkt_users: 'accounts',
  mkt_sessions: 'sessions',
  mkt_refresh_tokens: 'refreshTokens',
  mkt_secret_tokens: 'secretTokens',
  mkt_trials: 'trials',
  mkt_hires: 'hires',
  mkt_invoices: 'invoices',
  mkt_deliverables: 'deliverables',
  mkt_approvals: 'approvals',
  mkt_reviews: 'reviews',
  mkt_mail: 'mail',
  mkt_activity: 'activity',
};
const repoOf = (store: Store, collection: string) =>
  store[tableOf[collection]!] as unknown as EntityRepository<unknown, never>;

/** What a document becomes as an entity: the same record, with what typed tables add. */
function expected(doc: FixtureDocument, all: FixtureDocument[]): Entity<unknown> {
  const base = {
    id: doc.id,
    tenantId: doc.tenantId,
    version: doc.version,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
    data: doc.data,
  };
  if (doc.collection === 'mkt_trials') {
    // The documents' key `trial:<tenant>:<agent>:<n>` numbered the attempt; it is a column now.
    return { ...base, data: { ...(doc.data as object), attempt: Number(doc.key!.split(':').pop()) } };
  }
  if (doc.collection === 'mkt_secret_tokens') {
    // Secrets were stored without a tenant; they take their user's.
    const userId = (doc.data as { userId: string }).userId;
    return { ...base, tenantId: all.find((d) => d.collection === 'mkt_users' && d.id === userId)!.tenantId };
  }
  return base;
}

/**
 * An open trial of the earlier release had no workflow instance: the platform's start hands it to the
 * engine (`TrialService.resume`), which names its instance `trial:<id>` — one more version, written at
 * start. Everything else of the record stays as it was.
 */
function adoptedAtStart(want: Entity<unknown>, got: Entity<unknown> | undefined): Entity<unknown> {
  const data = want.data as { status?: string; workflowInstanceId?: string | null };
  const open = data.status === 'PROVISIONING' || data.status === 'ACTIVE';
  if (!open || data.workflowInstanceId !== null || !got) return want;
  return {
    ...want,
    version: want.version + 1,
    updatedAt: got.updatedAt >= want.updatedAt ? got.updatedAt : want.updatedAt,
    data: { ...data, workflowInstanceId: `trial:${want.id}` },
  };
}

async function restorePostgres(db: TestPostgres): Promise<void> {
  const psql = join(findPostgresBin()!, 'psql');
  execFileSync(
    psql,
    [
      '--quiet',
      '-v',
      'ON_ERROR_STOP=1',
      '--dbname',
      db.url,
      '-f',
      join(fixtures, 'marketplace-before-typed-tables.postgres.sql'),
    ],
    {
      stdio: 'pipe',
    },
  );
}

for (const kind of STORE_KINDS) {
  describe.skipIf(!runsOnStore(kind))(`upgrade from the release before typed tables (${kind})`, () => {
    const m = manifest(kind);
    let h: Harness;
    let cleanup: () => Promise<void>;

    beforeAll(async () => {
      if (kind === 'sqlite') {
        const dir = mkdtempSync(join(tmpdir(), 'waooaw-upgrade-'));
        const path = join(dir, 'waooaw.db');
        copyFileSync(join(fixtures, 'marketplace-before-typed-tables.sqlite'), path);
        h = await createHarness({ sqlitePath: path, startAt: m.clockAt });
        cleanup = async () => rmSync(dir, { recursive: true, force: true });
      } else {
        const db = (await testPostgres())!;
        await restorePostgres(db);
        h = await createHarness({ postgresUrl: db.url, startAt: m.clockAt });
        cleanup = () => db.drop();
      }
    });
    afterAll(async () => {
      await h?.close();
      await cleanup?.();
    });

    it('applies the typed-table migrations to a database of the earlier release', async () => {
      const status = await h.store.migrationStatus();
      expect(status.pending).toEqual([]);
      expect(status.applied).toContain('0081-marketplace-documents-to-tables');
    });

    it('keeps every record: each document is its entity now, field for field', async () => {
      const moved = m.documents.filter((d) => tableOf[d.collection]);
      expect(moved.length).toBeGreaterThan(80);
      for (const doc of moved) {
        const entity = await repoOf(h.store, doc.collection).get(doc.id);
        expect(entity, `${doc.collection}/${doc.id}`).toEqual(
          adoptedAtStart(expected(doc, m.documents), entity),
        );
      }
      for (const collection of Object.keys(tableOf)) {
        const n = m.documents.filter((d) => d.collection === collection).length;
        expect(await repoOf(h.store, collection).count(), collection).toBe(n);
        expect(await h.store.documents.count(collection), `${collection} left in documents`).toBe(0);
      }
    });

    it('keeps the documents without a table of their own as they were', async () => {
      const kept = m.documents.filter((d) => !tableOf[d.collection]);
      expect(new Set(kept.map((d) => d.collection))).toEqual(
        new Set(['mkt_agent_stats', 'mkt_counters', 'mkt_demo_usage']),
      );
      for (const doc of kept) {
        const stored = await h.store.documents.get(doc.collection, doc.id);
        expect(stored, `${doc.collection}/${doc.id}`).toEqual(doc);
      }
    });

    it('lets every user log in with their password, and no one with a wrong one', async () => {
      expect(m.accounts).toHaveLength(6);
      for (const account of m.accounts) {
        const session = await h.login(account.email, account.password);
        expect(session.user).toMatchObject({
          email: account.email.toLowerCase(),
          role: account.role,
          emailVerified: account.verified,
        });
        const wrong = await h.call('POST', '/api/v1/auth/login', {
          body: { email: account.email, password: `${account.password}!` },
        });
        expect(wrong.statusCode).toBe(401);
      }
    });

    it('carries on where the earlier release stopped: trials, hires and invoice numbers continue', async () => {
      const bob = await h.login('bob@beta.test', 'bob beta password 9');
      const trials = (
        await h.call('GET', '/api/v1/trials', { token: bob.accessToken })
      ).json() as Page<Trial>;
      const active = trials.items.find((t) => t.status === 'ACTIVE')!;
      expect(active.reminders.find((r) => r.kind === '2d')?.sentAt).not.toBeNull();
      const hire = await h.call('POST', `/api/v1/trials/${active.id}/convert`, {
        token: bob.accessToken,
        body: { plan: 'monthly' },
      });
      expect(hire.statusCode).toBe(201);
      const invoices = (
        await h.call('GET', '/api/v1/invoices', { token: bob.accessToken })
      ).json() as Page<Invoice>;
      expect(invoices.items.map((i) => [i.hireId, i.number])).toEqual([
        [(hire.json() as Hire).id, 'INV-2026-000003'],
      ]);

      const alice = await h.login('alice@acme.test', 'alice acme password');
      const again = await h.call('POST', '/api/v1/trials', {
        token: alice.accessToken,
        body: { agentId: 'content-marketing', setup: active.setup },
        ip: '10.9.1.1',
      });
      // Alice hired this agent before the upgrade: the rule still sees her hire.
      expect(again.json()).toMatchObject({ error: { details: { reason: 'already-hired' } } });
    });
  });
}
