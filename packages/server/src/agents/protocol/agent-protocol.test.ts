import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../clock.js';
import { createIds } from '../../ids.js';
import { createSqlStore, type SqlStore } from '../../store/sql-store.js';
import { testPostgres } from '../../testing/services.js';
import { runsOnStore } from '../../testing/backends.js';
import { createAgentProtocol } from './agent-protocol.js';

const MIN = 60_000;
// STORES (see testing/backends.ts) chooses the stores these suites run on.
const pg = runsOnStore('postgres') ? await testPostgres() : undefined;
const dropped: Array<() => Promise<void>> = [];
afterAll(async () => {
  await Promise.all(dropped.map((d) => d()));
  await pg?.drop();
});

type Factory = () => Promise<SqlStore>;
const stores: Array<[string, Factory | undefined]> = [
  [
    'SQLite',
    runsOnStore('sqlite')
      ? async () =>
          createSqlStore({ dialect: 'sqlite', path: join(mkdtempSync(join(tmpdir(), 'proto-')), 'p.db') })
      : undefined,
  ],
  [
    'PostgreSQL',
    pg
      ? async () => {
          // A fresh database per test, so counts never see another test's rows.
          const db = (await testPostgres())!;
          dropped.push(db.drop);
          return createSqlStore({ dialect: 'postgres', url: db.url });
        }
      : undefined,
  ],
];

for (const [name, factory] of stores) {
  describe.skipIf(!factory)(`agent protocol on ${name}`, () => {
    async function setup(clock = new FakeClock()) {
      const store = await factory!();
      await store.migrate();
      const audit: string[] = [];
      const protocol = createAgentProtocol({
        store,
        clock,
        ids: createIds(() => clock.now()),
        audit: async (e) => void audit.push(`${e.action}:${e.actor}`),
      });
      return { store, clock, protocol, audit };
    }

    it('answers a consult and keeps the typed conversation log', async () => {
      const { store, protocol, audit } = await setup();
      const c = await protocol.consult('seo-ecommerce', 'content-healthcare', 'Is "cures acne" allowed?', {
        deadlineMs: 5 * MIN,
      });
      expect(c.status).toBe('open');
      expect((await protocol.pending('content-healthcare')).map((i) => i.id)).toContain(c.id);
      await expect(protocol.answer(c.id, 'someone-else', 'x')).rejects.toMatchObject({ code: 'FORBIDDEN' });
      const done = await protocol.answer(c.id, 'content-healthcare', {
        allowed: false,
        reason: 'health claim',
      });
      expect(done.status).toBe('answered');
      const log = await protocol.conversation(c.conversationId);
      expect(log.map((m) => [m.type, m.action, m.from, m.to])).toEqual([
        ['request', 'consult', 'seo-ecommerce', 'content-healthcare'],
        ['response', 'consult.answered', 'content-healthcare', 'seo-ecommerce'],
      ]);
      expect(log[0]!.protocolVersion).toBe('v1.0');
      expect(audit).toEqual(['consult.started:seo-ecommerce', 'consult.answered:content-healthcare']);
      await expect(protocol.answer(c.id, 'content-healthcare', 'again')).rejects.toMatchObject({
        code: 'CONFLICT',
      });
      await store.close();
    });

    it('times a consult out at its deadline into an escalation to a human, which moves up the chain', async () => {
      const { store, clock, protocol } = await setup();
      const c = await protocol.consult('sdr-b2b-saas', 'account-executive', 'Discount ok?', {
        deadlineMs: 10 * MIN,
      });
      await clock.advance(10 * MIN - 1);
      expect(await protocol.sweep()).toBe(0);
      await clock.advance(1);
      expect(await protocol.sweep()).toBe(1);
      const timedOut = await protocol.get(c.id);
      expect(timedOut.status).toBe('timed_out');
      const escalationId = (timedOut.data as { escalationId: string }).escalationId;
      const esc = await protocol.get(escalationId);
      expect(esc).toMatchObject({ kind: 'escalation', status: 'open', assignee: 'human:operator' });
      await clock.advance(60 * MIN);
      await protocol.sweep();
      expect(await protocol.get(escalationId)).toMatchObject({ status: 'open', assignee: 'human:admin' });
      await clock.advance(60 * MIN);
      await protocol.sweep();
      expect(await protocol.get(escalationId)).toMatchObject({ status: 'expired' });
      await store.close();
    });

    it('completes a handoff only with its required artifacts, and breaches its SLA otherwise', async () => {
      const { store, clock, protocol } = await setup();
      const h = await protocol.handoff(
        'wowvision-prime',
        'content-healthcare',
        { pr: 12 },
        { requiredArtifacts: ['approved_files.json'], slaMinutes: 60 },
      );
      await protocol.acceptHandoff(h.id, 'content-healthcare');
      await expect(protocol.completeHandoff(h.id, 'content-healthcare', { other: 1 })).rejects.toMatchObject({
        code: 'VALIDATION',
        details: { missing: ['approved_files.json'] },
      });
      const done = await protocol.completeHandoff(h.id, 'content-healthcare', {
        'approved_files.json': ['a.md'],
      });
      expect(done.status).toBe('completed');
      const late = await protocol.handoff('a', 'b', {}, { slaMinutes: 30 });
      await clock.advance(31 * MIN);
      await protocol.sweep();
      expect((await protocol.get(late.id)).status).toBe('sla_breached');
      await store.close();
    });

    it('reaches consensus by quorum, rejects when it becomes unreachable, expires and escalates at the deadline', async () => {
      const { store, clock, protocol } = await setup();
      const agents = ['a1', 'a2', 'a3'];
      const yes = await protocol.consensus(
        'coord',
        agents,
        { launch: true },
        { quorum: 2 / 3, deadlineMs: MIN },
      );
      await protocol.vote(yes.id, 'a1', true);
      expect((await protocol.vote(yes.id, 'a2', true)).status).toBe('approved');
      const no = await protocol.consensus('coord', agents, { launch: false }, { quorum: 2, deadlineMs: MIN });
      await protocol.vote(no.id, 'a1', false);
      expect((await protocol.vote(no.id, 'a2', false)).status).toBe('rejected');
      await expect(protocol.vote(no.id, 'stranger', true)).rejects.toMatchObject({ code: 'CONFLICT' });
      const slow = await protocol.consensus('coord', agents, {}, { quorum: 3, deadlineMs: MIN });
      await protocol.vote(slow.id, 'a1', true);
      await clock.advance(MIN);
      await protocol.sweep();
      const expired = await protocol.get(slow.id);
      expect(expired.status).toBe('expired');
      expect((await protocol.get((expired.data as { escalationId: string }).escalationId)).kind).toBe(
        'escalation',
      );
      await store.close();
    });

    it('never escalates the same passed deadline twice when two workers sweep at once', async () => {
      const { store, clock, protocol } = await setup();
      const other = createAgentProtocol({ store, clock, ids: createIds(() => clock.now()) });
      for (let i = 0; i < 10; i++) await protocol.consult('x', `y${i}`, 'q?', { deadlineMs: MIN });
      await clock.advance(MIN);
      const [a, b] = await Promise.all([protocol.sweep(), other.sweep()]);
      expect(a + b).toBe(10);
      expect(await protocol.list({ kind: 'escalation' })).toHaveLength(10);
      await store.close();
    });
  });
}

describe('agent protocol across a restart (SQLite file)', () => {
  it('a consult, a handoff and an escalation started before a restart complete after it', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'proto-restart-')), 'p.db');
    const clock = new FakeClock();
    let store = await createSqlStore({ dialect: 'sqlite', path });
    await store.migrate();
    let protocol = createAgentProtocol({ store, clock, ids: createIds(() => clock.now()) });
    const consult = await protocol.consult('email', 'brand-strategy', 'Tone for launch?', {
      deadlineMs: 30 * MIN,
    });
    const handoff = await protocol.handoff(
      'sdr-b2b-saas',
      'account-executive',
      { lead: 'L1' },
      { requiredArtifacts: ['notes'], slaMinutes: 60 },
    );
    const escalation = await protocol.escalate('ppc', 'human:owner', 'Raise budget above cap?', {
      slaMinutes: 120,
    });
    const consultDeadline = await protocol.consult('email', 'influencer', 'Shortlist?', {
      deadlineMs: 10 * MIN,
    });
    await store.close();

    // "Restart": a new store and protocol on the same file; the old objects are gone.
    store = await createSqlStore({ dialect: 'sqlite', path });
    protocol = createAgentProtocol({ store, clock, ids: createIds(() => clock.now()) });
    await clock.advance(15 * MIN); // the second consult's deadline passes while "down"
    await protocol.start(60_000);
    expect((await protocol.get(consultDeadline.id)).status).toBe('timed_out');
    const waiting = protocol.waitFor(consult.id, { pollMs: 1000 });
    await protocol.answer(consult.id, 'brand-strategy', 'warm and plain');
    expect((await waiting).status).toBe('answered');
    await protocol.completeHandoff(handoff.id, 'account-executive', { notes: 'call booked' });
    await protocol.resolveEscalation(escalation.id, 'human:owner', 'modify', 'cap at ₹50k');
    expect((await protocol.get(handoff.id)).status).toBe('completed');
    expect((await protocol.get(escalation.id)).data).toMatchObject({
      decision: 'modify',
      comment: 'cap at ₹50k',
    });
    await protocol.stop();
    await store.close();
  });
});
