import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../clock.js';
import { createIds } from '../../ids.js';
import { createSqlStore, type SqlStore } from '../../store/sql-store.js';
import type { SqlStoreOptions } from '../../store/sql-store.js';
import { testPostgres } from '../../testing/services.js';
import { runsOnStore } from '../../testing/backends.js';
import { createReputationService } from './reputation-service.js';

const DAY = 24 * 3600_000;
// STORES (see testing/backends.ts) chooses the stores these suites run on.
const pg = runsOnStore('postgres') ? await testPostgres() : undefined;
const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
  await pg?.drop();
});

/** Store options for a fresh database; opening them twice reaches the same data (a restart). */
type Target = () => Promise<SqlStoreOptions>;
const targets: Array<[string, Target | undefined]> = [
  [
    'SQLite',
    runsOnStore('sqlite')
      ? async () => ({
          dialect: 'sqlite',
          path: join(mkdtempSync(join(tmpdir(), 'rep-')), 'rep.db'),
          synchronous: 'OFF',
        })
      : undefined,
  ],
  [
    'PostgreSQL',
    pg
      ? async () => {
          const db = (await testPostgres())!;
          cleanups.push(db.drop);
          return { dialect: 'postgres', url: db.url };
        }
      : undefined,
  ],
];

for (const [name, target] of targets) {
  describe.skipIf(!target)(`reputation service on ${name}`, () => {
    async function open(options: SqlStoreOptions, clock: FakeClock): Promise<SqlStore> {
      const store = await createSqlStore(options, { clock });
      cleanups.push(() => store.close());
      await store.migrate();
      return store;
    }

    async function setup() {
      const clock = new FakeClock();
      const options = await target!();
      const store = await open(options, clock);
      const reputation = createReputationService({ store, clock, ids: createIds(() => clock.now()) });
      return { clock, options, store, reputation };
    }

    it('records outcomes and returns the score with the figures behind it', async () => {
      const { reputation } = await setup();
      for (let i = 0; i < 10; i++)
        await reputation.record('email-marketing', { kind: 'task', success: i < 9, responseMs: 30_000 });
      await reputation.record('email-marketing', { kind: 'rating', stars: 5, source: 'customer' });
      await reputation.record('email-marketing', { kind: 'handoff', completed: true });
      const { recorded, score } = await reputation.record('email-marketing', {
        kind: 'availability',
        upMs: 3 * 3600_000,
        downMs: 3600_000,
      });
      expect(recorded).toBe(true);
      expect(score.figures).toMatchObject({
        decisions: 10,
        successes: 9,
        successRate: 0.9,
        averageStars: 5,
        handoffSuccessRate: 1,
        availability: 0.75,
        averageResponseMs: 30_000,
      });
      expect(score.components).toEqual({ success: 0.9, availability: 0.75, handoff: 1, peer: 1, speed: 1 });
      expect(score.confidence).toBeCloseTo(0.1, 12);
      const raw = 0.4 * 0.9 + 0.2 * 0.75 + 0.15 + 0.15 + 0.1;
      expect(score.score).toBeCloseTo(0.5 + (raw - 0.5) * 0.1, 12);
      expect(await reputation.score('email-marketing')).toEqual(score);
      const history = await reputation.history('email-marketing', { limit: 3 });
      expect(history.map((h) => h.kind)).toEqual(['availability', 'handoff', 'rating']);
    });

    it('counts an outcome once however often its key is recorded', async () => {
      const { reputation } = await setup();
      const first = await reputation.record('crm-manager', { kind: 'task', success: true, key: 'task:t1' });
      const again = await reputation.record('crm-manager', { kind: 'task', success: false, key: 'task:t1' });
      expect(first.recorded).toBe(true);
      expect(again.recorded).toBe(false);
      expect(again.score.figures.decisions).toBe(1);
      expect(again.score.figures.successes).toBe(1);
    });

    it('keeps every concurrent record of the same agent', async () => {
      const { reputation } = await setup();
      await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          reputation.record('seo-specialist', { kind: 'task', success: i % 2 === 0 }),
        ),
      );
      const s = await reputation.score('seo-specialist');
      expect(s.figures.decisions).toBe(12);
      expect(s.figures.successes).toBe(6);
    });

    it('survives a restart and decays with the clock', async () => {
      const { clock, options, reputation } = await setup();
      for (let i = 0; i < 100; i++)
        await reputation.record('math-tutor', { kind: 'task', success: true, key: `k${i}` });
      const before = await reputation.score('math-tutor');
      expect(before.confidence).toBe(1);

      const reopened = await open(options, clock);
      const again = createReputationService({ store: reopened, clock, ids: createIds(() => clock.now()) });
      expect(await again.score('math-tutor')).toEqual(before);
      await clock.advance(30 * DAY);
      const later = await again.score('math-tutor');
      expect(later.score).toBeLessThan(before.score);
      expect(later.figures.decisions).toBe(100);
      expect(later.asOf).toBe(clock.now());
    });

    it('writes inside a caller transaction and rolls back with it', async () => {
      const { store, reputation } = await setup();
      await expect(
        store.transaction(async (tx) => {
          await reputation.record('ppc-specialist', { kind: 'task', success: true }, { store: tx });
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect((await reputation.score('ppc-specialist')).figures.decisions).toBe(0);
      expect(await reputation.history('ppc-specialist')).toEqual([]);
    });

    it('resolves a conflict with trust taken from the recorded reputations', async () => {
      const { reputation } = await setup();
      for (let i = 0; i < 20; i++) {
        await reputation.record('account-executive', { kind: 'task', success: true });
        await reputation.record('sales-development-rep', { kind: 'task', success: i < 4 });
      }
      const r = await reputation.resolveConflict([
        { agentId: 'account-executive', position: 'discount' },
        { agentId: 'sales-development-rep', position: 'hold-price' },
      ]);
      expect(r).toMatchObject({ outcome: 'decided', position: 'discount', decidedBy: 'trust' });
      const scores = await reputation.scores(['account-executive', 'unknown-agent']);
      expect(scores.get('unknown-agent')!.score).toBe(0.5);
    });

    it('rejects bad input with VALIDATION naming the field', async () => {
      const { clock, reputation } = await setup();
      await expect(reputation.record('', { kind: 'task', success: true })).rejects.toMatchObject({
        code: 'VALIDATION',
        details: { field: 'agentId' },
      });
      await expect(reputation.record('a', { kind: 'task' } as never)).rejects.toMatchObject({
        code: 'VALIDATION',
        details: { field: 'success' },
      });
      await expect(
        reputation.record('a', { kind: 'task', success: true, at: clock.now() + DAY }),
      ).rejects.toMatchObject({ details: { field: 'at' } });
    });
  });
}
