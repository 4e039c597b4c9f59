import { describe, expect, it } from 'vitest';
import { createHarness, setup } from './test-harness.js';

describe('smoke', () => {
  it('runs the journey', async () => {
    const h = await createHarness();
    const s = await h.customer('ann@acme.com', 'Acme');
    const list = await h.call('GET', '/api/v1/agents');
    console.log(list.statusCode, list.body.slice(0, 400));
    const t = await h.call('POST', '/api/v1/trials', { token: s.accessToken, body: { agentId: 'content-marketing', setup }, ip: '10.0.0.1' });
    console.log(t.statusCode, t.body.slice(0, 1500));
    const d = await h.call('GET', '/api/v1/deliverables', { token: s.accessToken });
    console.log(d.statusCode, d.body.slice(0, 600));
    const z = await h.call('GET', '/api/v1/deliverables/export', { token: s.accessToken });
    console.log(z.statusCode, z.headers, z.rawPayload.length);
    const feed = await h.call('GET', '/api/v1/activity');
    console.log(feed.body);
    await h.close();
    expect(t.statusCode).toBe(201);
  });
});
