import { describe, expect, it } from 'vitest';
import { createMetrics } from './metrics.js';

async function counts(metrics: ReturnType<typeof createMetrics>) {
  const { values } = await metrics.httpRequests.get();
  return Object.fromEntries(
    values.map((v) => [`${v.labels.method} ${v.labels.route} ${v.labels.status}`, v.value]),
  );
}

describe('HTTP answers counted in plain numbers', () => {
  it('reach the counter whenever it is read, each answer once, per method, route and status', async () => {
    const metrics = createMetrics();
    const ok = metrics.httpAnswers.cell('GET', '/api/v1/me', 200);
    const denied = metrics.httpAnswers.cell('GET', '/api/v1/me', 401);
    ok.pending += 3;
    denied.pending++;
    expect(await counts(metrics)).toEqual({ 'GET /api/v1/me 200': 3, 'GET /api/v1/me 401': 1 });
    // Read again with nothing new: the same totals, not doubled.
    expect(await counts(metrics)).toEqual({ 'GET /api/v1/me 200': 3, 'GET /api/v1/me 401': 1 });
    // The same series asked for again is the same cell.
    metrics.httpAnswers.cell('GET', '/api/v1/me', 200).pending += 2;
    metrics.httpAnswers.cell('POST', '/api/v1/me', 200).pending++;
    expect(await counts(metrics)).toEqual({
      'GET /api/v1/me 200': 5,
      'GET /api/v1/me 401': 1,
      'POST /api/v1/me 200': 1,
    });
    const scrape = await metrics.registry.metrics();
    expect(scrape).toContain('waooaw_http_requests_total{method="GET",route="/api/v1/me",status="200"} 5');
  });
});
