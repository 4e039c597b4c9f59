// The inbox as the whole platform wires it: a runtime escalation and a protocol escalation raised in
// the running platform land in the customer's inbox, `/api/v1/ops/escalations` is the operators' view
// of the same items, and resolving there answers the source.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from '../../contracts/contracts.js';
import type { InboxItem } from '../../contracts/work.js';
import type { Platform } from '../../platform.js';
import { createTestPlatform, signIn } from '../testing/test-platform.js';

describe('the inbox in the platform', () => {
  let platform: Platform;
  let customer: string;
  let other: string;
  let operator: string;
  let tenantId: string;
  beforeAll(async () => {
    platform = await createTestPlatform();
    customer = await signIn(platform, { email: 'owner@acme.test', password: 'correct horse 1' });
    other = await signIn(platform, { email: 'owner@other.test', password: 'correct horse 2' });
    operator = await signIn(platform, {
      email: 'op@waooaw.test',
      password: 'correct horse 3',
      role: 'operator',
    });
    tenantId = (await platform.store.accounts.getByEmail('owner@acme.test'))!.tenantId!;
  });
  afterAll(async () => {
    await platform.stop();
  });

  const get = (url: string, token: string) =>
    platform.app.inject({ method: 'GET', url, headers: auth(token) });
  const auth = (token: string) => ({ authorization: `Bearer ${token}` });

  it('shows runtime and protocol escalations to their customer and, through /ops/escalations, to operators', async () => {
    const esc = await platform.runtime.escalations.create({
      agentId: 'agent-1',
      tenantId,
      reason: 'Low-confidence decision (0.40) on score',
      urgency: 'low',
    });
    const asked = await platform.protocol.escalate('agent-brand', 'human:owner', 'Which voice?', {
      slaMinutes: 30,
      context: { tenantId },
    });
    const mine = ((await get('/api/v1/inbox?kind=escalation', customer)).json() as Page<InboxItem>).items;
    expect(mine.map((i) => i.reason).sort()).toEqual(['agent-question', 'low-confidence']);
    expect(((await get('/api/v1/inbox', other)).json() as Page<InboxItem>).items).toHaveLength(0);

    expect((await get('/api/v1/ops/escalations', customer)).statusCode).toBe(403);
    const ops = (
      await get(`/api/v1/ops/escalations?tenantId=${tenantId}`, operator)
    ).json() as Page<InboxItem>;
    expect(ops.items.map((i) => i.id).sort()).toEqual(mine.map((i) => i.id).sort());

    const protocolItem = mine.find((i) => i.reason === 'agent-question')!;
    const resolved = await platform.app.inject({
      method: 'POST',
      url: `/api/v1/ops/escalations/${protocolItem.id}/resolve`,
      headers: auth(operator),
      payload: { decision: 'reject', comment: 'Keep the current voice' },
    });
    expect(resolved.statusCode).toBe(200);
    expect(resolved.json()).toMatchObject({ id: protocolItem.id, status: 'rejected' });
    expect(await platform.protocol.get(asked.id)).toMatchObject({
      status: 'resolved',
      data: { decision: 'reject', comment: 'Keep the current voice' },
    });

    const runtimeItem = mine.find((i) => i.reason === 'low-confidence')!;
    const answered = await platform.app.inject({
      method: 'POST',
      url: `/api/v1/inbox/${runtimeItem.id}/answer`,
      headers: auth(customer),
      payload: { decision: 'approve' },
    });
    expect(answered.statusCode).toBe(200);
    expect(await platform.runtime.escalations.get(esc.id)).toMatchObject({ status: 'approved' });
  });
});
