import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../clock.js';
import { createIds } from '../ids.js';
import { createSqlStore, type SqlStore } from '../store/sql-store.js';
import { ArtifactStore } from './artifact-store.js';
import { EscalationService, type Escalation } from './escalations.js';

let store: SqlStore;
const clock = new FakeClock(Date.UTC(2026, 0, 5, 9));
const ids = createIds(() => clock.now());
beforeAll(async () => {
  store = await createSqlStore({ dialect: 'sqlite', path: ':memory:' }, { clock });
  await store.migrate();
});
afterAll(async () => store.close());

describe('EscalationService', () => {
  it('stores, lists and answers escalations once, telling the hooks', async () => {
    const created: Escalation[] = [];
    const answered: Escalation[] = [];
    const svc = new EscalationService({
      store,
      clock,
      ids,
      onCreated: async (e) => void created.push(e),
      onAnswered: async (e) => void answered.push(e),
    });
    const a = await svc.create({
      agentId: 'a1',
      tenantId: 't1',
      reason: 'Budget exhausted',
      urgency: 'high',
      context: { scope: 'agent:a1' },
    });
    await svc.create({ agentId: 'a1', tenantId: 't2', reason: 'Other tenant' });
    expect(a).toMatchObject({ status: 'pending', urgency: 'high', day: '2026-01-05', answer: null });
    expect((await svc.list({ tenantId: 't1' })).items.map((e) => e.id)).toEqual([a.id]);
    expect(await svc.countPending('a1')).toBe(2);
    await expect(svc.get(a.id, { tenantId: 't2' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const done = await svc.answer(a.id, {
      verdict: 'modify',
      by: 'owner@t1',
      modification: { limit: 20 },
      note: 'raise it',
    });
    expect(done).toMatchObject({
      status: 'modified',
      answer: { verdict: 'modify', by: 'owner@t1', modification: { limit: 20 }, note: 'raise it' },
    });
    await expect(svc.answer(a.id, { verdict: 'approve', by: 'x' })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    expect((await svc.list({ status: 'modified' })).items).toHaveLength(1);
    expect(created).toHaveLength(2);
    expect(answered.map((e) => e.id)).toEqual([a.id]);
  });

  it('deduplicates by key and validates input naming the field', async () => {
    const svc = new EscalationService({ store, clock, ids });
    const one = await svc.create({ agentId: 'a2', reason: 'r', key: 'same' });
    const two = await svc.create({ agentId: 'a2', reason: 'r', key: 'same' });
    expect(two.id).toBe(one.id);
    await expect(svc.create({ agentId: '', reason: 'r' })).rejects.toMatchObject({
      code: 'VALIDATION',
      details: { field: 'agentId' },
    });
    await expect(svc.answer(one.id, { verdict: 'modify', by: 'me' })).rejects.toMatchObject({
      code: 'VALIDATION',
      details: { field: 'modification' },
    });
    await expect(svc.answer(one.id, { verdict: 'maybe' as never, by: 'me' })).rejects.toMatchObject({
      details: { field: 'verdict' },
    });
    await expect(svc.answer('esc_missing', { verdict: 'approve', by: 'me' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});

describe('ArtifactStore', () => {
  it('versions a deliverable, keeps every version and serves downloads with the MIME type', async () => {
    const svc = new ArtifactStore({ store, clock, ids });
    const v1 = await svc.create({
      agentId: 'writer',
      tenantId: 't1',
      type: 'blog-post',
      title: 'Heart Health Tips',
      mimeType: 'text/markdown',
      content: '# Tips\n',
      producedBy: 'offline',
    });
    const v2 = await svc.create({
      agentId: 'writer',
      tenantId: 't1',
      type: 'blog-post',
      title: 'Heart Health Tips',
      mimeType: 'text/markdown',
      content: '# Tips v2\n',
      producedBy: 'model',
      deliverableId: v1.deliverableId,
    });
    expect([v1.version, v2.version]).toEqual([1, 2]);
    expect((await svc.get(v1.deliverableId)).content).toBe('# Tips v2\n');
    expect((await svc.get(v1.deliverableId, { version: 1 })).content).toBe('# Tips\n');
    expect((await svc.versions(v1.deliverableId)).map((v) => [v.version, v.producedBy])).toEqual([
      [2, 'model'],
      [1, 'offline'],
    ]);
    const file = await svc.download(v1.deliverableId, { version: 1 });
    expect(file).toMatchObject({ filename: 'heart-health-tips-v1.md', mimeType: 'text/markdown' });
    expect(file.content.toString('utf8')).toBe('# Tips\n');
    expect((await svc.list({ tenantId: 't1', agentId: 'writer' })).items.map((d) => d.version)).toEqual([2]);
    await expect(svc.get(v1.deliverableId, { tenantId: 't2' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('stores bytes as base64 and checks content against the type', async () => {
    const svc = new ArtifactStore({ store, clock, ids });
    const bin = await svc.create({
      agentId: 'a',
      type: 'export',
      title: 'Leads',
      mimeType: 'application/pdf',
      content: new Uint8Array([0, 1, 2, 255]),
      producedBy: 'deterministic',
    });
    expect((await svc.download(bin.deliverableId)).content).toEqual(Buffer.from([0, 1, 2, 255]));
    expect(bin.sha256).toMatch(/^[0-9a-f]{64}$/);
    await expect(
      svc.create({
        agentId: 'a',
        type: 'scores',
        title: 'x',
        mimeType: 'application/json',
        content: '{oops',
        producedBy: 'deterministic',
      }),
    ).rejects.toMatchObject({ code: 'VALIDATION', details: { field: 'content' } });
    await expect(
      svc.create({
        agentId: 'a',
        type: 'Bad Type',
        title: 'x',
        mimeType: 'text/plain',
        content: 'x',
        producedBy: 'deterministic',
      }),
    ).rejects.toMatchObject({ details: { field: 'type' } });
    await expect(
      svc.create({
        agentId: 'a',
        type: 'x',
        title: 'x',
        mimeType: 'text/plain',
        content: 'x',
        producedBy: 'deterministic',
        deliverableId: 'dlv_nope',
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      svc.create({
        agentId: 'a',
        tenantId: 'other',
        type: 'export',
        title: 'x',
        mimeType: 'application/pdf',
        content: new Uint8Array([1]),
        producedBy: 'human',
        deliverableId: bin.deliverableId,
      }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
