import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { Readable } from 'node:stream';
import type { ActivityItem, Page, Trial } from '../../contracts/contracts.js';
import { createHarness, setup, type Harness } from '../testing/marketplace-harness.js';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(async () => {
  await h.close();
});

async function startTrial(email: string, org: string, ip: string) {
  const s = await h.customer(email, org);
  const trial = (
    await h.call('POST', '/api/v1/trials', {
      token: s.accessToken,
      body: { agentId: 'content-marketing', setup },
      ip,
    })
  ).json() as Trial;
  return { s, trial };
}

describe('activity history', () => {
  it('shows the public feed without customer data unless the organisation opted in', async () => {
    const { s } = await startTrial('a@acme.com', 'Acme Secret Clinic', '10.4.0.1');
    const feed = (await h.call('GET', '/api/v1/activity')).json() as Page<ActivityItem>;
    expect(feed.items.map((i) => i.text)).toEqual([
      'Content Marketing Agent completed "Content brief and outline" for a marketing team',
      'Content Marketing Agent started a 7-day trial for a marketing team',
    ]);
    const raw = JSON.stringify(feed);
    for (const secret of ['Acme', 'Blog desk', 'Diabetes', s.tenant.id, s.user.id])
      expect(raw).not.toContain(secret);

    await h.call('PATCH', '/api/v1/tenant', { token: s.accessToken, body: { publicActivity: true } });
    const named = (await h.call('GET', '/api/v1/activity?limit=1')).json() as Page<ActivityItem>;
    expect(named.items[0]?.company).toBe('Acme Secret Clinic');
    expect(named.items[0]?.action).toBe('completed "Content brief and outline"');
  });

  it('shows the organisation its own feed in full, and only its own', async () => {
    const { s } = await startTrial('b@acme.com', 'Acme', '10.4.0.2');
    await startTrial('c@other.com', 'Other Co', '10.4.0.3');
    const mine = (
      await h.call('GET', '/api/v1/tenant/activity', { token: s.accessToken })
    ).json() as Page<ActivityItem>;
    expect(mine.items.map((i) => i.text)).toEqual([
      'Content Marketing Agent produced "Content brief and outline for Acme Clinics" for Acme',
      'Content Marketing Agent started its trial as "Blog desk" for Acme',
    ]);
    expect((await h.call('GET', '/api/v1/tenant/activity')).statusCode).toBe(401);
  });

  it('pages newest first and filters by agent', async () => {
    await startTrial('d@acme.com', 'Acme', '10.4.0.4');
    const first = (await h.call('GET', '/api/v1/activity?limit=1')).json() as Page<ActivityItem>;
    const second = (
      await h.call('GET', `/api/v1/activity?limit=1&cursor=${first.nextCursor}`)
    ).json() as Page<ActivityItem>;
    expect(first.items[0]!.at >= second.items[0]!.at).toBe(true);
    expect(first.items[0]!.id).not.toBe(second.items[0]!.id);
    expect(
      ((await h.call('GET', '/api/v1/activity?agentId=seo-specialist')).json() as Page<ActivityItem>).items,
    ).toEqual([]);
  });

  it('publishes each public item on the bus', async () => {
    const seen: unknown[] = [];
    const sub = await h.bus.subscribe({
      pattern: 'marketplace.activity',
      group: 'test-feed',
      handler: async (d) => {
        seen.push(d.message.payload);
      },
    });
    await startTrial('e@acme.com', 'Acme', '10.4.0.5');
    for (let i = 0; i < 20 && seen.length < 2; i++) await h.advance(100);
    await sub.close();
    expect(seen).toHaveLength(2);
    expect(JSON.stringify(seen)).not.toContain('Acme');
  });
});

/** Reads SSE frames from a stream until `count` activity events arrived. */
function readEvents(stream: Readable, count: number): Promise<{ raw: string; events: ActivityItem[] }> {
  return new Promise((resolve, reject) => {
    let raw = '';
    const onData = (chunk: Buffer) => {
      raw += chunk.toString('utf8');
      const events = raw
        .split('\n\n')
        .filter((f) => f.includes('event: activity'))
        .map(
          (f) =>
            JSON.parse(
              f
                .split('\n')
                .find((l) => l.startsWith('data: '))!
                .slice(6),
            ) as ActivityItem,
        );
      if (events.length >= count) {
        stream.off('data', onData);
        resolve({ raw, events });
      }
    };
    stream.on('data', onData);
    stream.once('error', reject);
  });
}

describe('GET /api/v1/activity/stream (server-sent events)', () => {
  it('sends recent items first, then new items live', async () => {
    // Listeners besides the streams (the trial workflow follows the feed too) are the baseline.
    const baseline = h.marketplace.services.activity.listenerCount;
    await startTrial('f@acme.com', 'Acme', '10.4.0.6');
    const res = await h.app.inject({
      method: 'GET',
      url: '/api/v1/activity/stream?backlog=1',
      payloadAsStream: true,
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    const stream = res.stream();
    const backlog = await readEvents(stream, 1);
    expect(backlog.raw.startsWith('retry: 5000')).toBe(true);
    expect(backlog.events[0]?.kind).toBe('deliverable');
    expect(backlog.raw).toMatch(/^id: act_/m);

    const live = readEvents(stream, 2);
    await startTrial('g@other.com', 'Other Co', '10.4.0.7');
    const { events } = await live;
    expect(events.map((e) => e.kind)).toEqual(['trial-started', 'deliverable']);
    expect(JSON.stringify(events)).not.toContain('Other Co');

    expect(h.marketplace.services.activity.listenerCount).toBe(baseline + 1);
    stream.destroy();
  });

  it('stops listening when a real client disconnects (loopback socket)', async () => {
    const baseline = h.marketplace.services.activity.listenerCount;
    const address = await h.app.listen({ host: '127.0.0.1', port: 0 });
    const req = http.get(`${address}/api/v1/activity/stream?backlog=0`, { agent: false });
    const res = await new Promise<http.IncomingMessage>((resolve) => req.once('response', resolve));
    expect(res.statusCode).toBe(200);
    const first = await new Promise<string>((resolve) =>
      res.once('data', (c: Buffer) => resolve(c.toString('utf8'))),
    );
    expect(first).toContain('retry: 5000');
    expect(h.marketplace.services.activity.listenerCount).toBe(baseline + 1);
    const closed = new Promise<void>((resolve) => res.once('close', resolve));
    req.destroy();
    await closed;
    for (let i = 0; i < 50 && h.marketplace.services.activity.listenerCount > baseline; i++)
      await new Promise<void>((r) => setImmediate(r));
    expect(h.marketplace.services.activity.listenerCount).toBe(baseline);
  });

  it('ends open streams when the server shuts down instead of waiting for clients', async () => {
    const baseline = h.marketplace.services.activity.listenerCount;
    const address = await h.app.listen({ host: '127.0.0.1', port: 0 });
    const req = http.get(`${address}/api/v1/activity/stream?backlog=0`, { agent: false });
    const res = await new Promise<http.IncomingMessage>((resolve) => req.once('response', resolve));
    res.resume();
    const ended = new Promise<void>((resolve) => res.once('end', resolve));
    const started = performance.now();
    await h.app.close();
    await ended;
    expect(performance.now() - started).toBeLessThan(1000);
    expect(h.marketplace.services.activity.listenerCount).toBe(baseline);
  });

  it('keeps the connection alive with comments every 25 s', async () => {
    const res = await h.app.inject({
      method: 'GET',
      url: '/api/v1/activity/stream?backlog=0',
      payloadAsStream: true,
    });
    const stream = res.stream();
    const chunks: string[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c.toString('utf8')));
    await h.advance(25_000);
    await h.advance(25_000);
    expect(chunks.join('').match(/: keep-alive/g)).toHaveLength(2);
    stream.destroy();
  });

  it('validates its query', async () => {
    expect((await h.call('GET', '/api/v1/activity/stream?backlog=500')).statusCode).toBe(400);
  });
});
