import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import { silentLogger } from './components/observability/logger.js';
import { PlatformError } from './errors.js';
import { createPlatform, type Platform } from './platform.js';
import { startFakeOpenAiServer, type FakeOpenAiServer } from './testing/fake-openai-server.js';
import { findPromtool, isCi, promtool } from './testing/promtool.js';

const TOKEN = 'metrics-token-for-the-workload';

/** One task that works and one that fails for good (an incident), behind an exclusive choice. */
const workload = `
workflow:
  id: metrics-workload
  name: Metrics workload
  variables:
    fail: { type: boolean, default: false }
  tasks:
    - id: route
      type: exclusive_gateway
      conditions:
        broken: fail == true
      default: work
    - { id: work, type: service_task, task_type: metrics.work }
    - { id: broken, type: service_task, task_type: metrics.broken }
    - { id: done, type: end_event }
  flow:
    - start -> route
    - route[work] -> work
    - route[broken] -> broken
    - work -> done
    - broken -> done
`;

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Parses the text exposition format (the sample lines; comments skipped). */
function parse(text: string): Sample[] {
  const out: Sample[] = [];
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)$/.exec(line);
    if (!m) continue;
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]!] = l[2]!;
    out.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return out;
}

let platform: Platform;
let model: FakeOpenAiServer;
let url: string;
let scrape: string;

const scrapeNow = async () => {
  const res = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(res.status).toBe(200);
  return res.text();
};
const value = (samples: Sample[], name: string, labels: Record<string, string> = {}) =>
  samples
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0);

beforeAll(async () => {
  model = await startFakeOpenAiServer();
  model.setDefault({
    text: JSON.stringify({
      approved: true,
      reason: 'The newsletter matches the brand guide',
      confidence: 0.92,
      citations: ['brand-guide'],
    }),
    usage: { prompt_tokens: 400, completion_tokens: 60 },
  });
  const config = loadConfig({
    env: {
      WAOOAW_METRICS_TOKEN: TOKEN,
      WAOOAW_MODEL_PROVIDERS: JSON.stringify([
        { kind: 'openai', baseUrl: model.baseUrl, apiKey: 'test', model: 'gpt-4o-mini' },
      ]),
    },
    overrides: { store: { sqlitePath: ':memory:' }, http: { port: 0 } },
  });
  platform = await createPlatform(config, { logger: silentLogger });
  url = (await platform.start()).url!;

  // HTTP: the catalogue a few times, an agent page and a miss.
  for (let i = 0; i < 3; i++) expect((await fetch(`${url}/api/v1/agents`)).status).toBe(200);
  expect((await fetch(`${url}/api/v1/agents/content-marketing`)).status).toBe(200);
  expect((await fetch(`${url}/api/v1/no-such-route`)).status).toBe(404);

  // Workflows: two instances that complete, one that raises an incident.
  platform.engine.registerHandler('metrics.work', () => ({ worked: true }));
  platform.engine.registerHandler('metrics.broken', () => {
    throw new PlatformError('VALIDATION', 'the input can never work', { retryable: false });
  });
  await platform.engine.deploy({ format: 'yaml', source: workload });
  for (const fail of [false, false, true])
    await platform.engine.startInstance('metrics-workload', { variables: { fail } });
  await platform.engine.idle();

  // Decisions: model (paid), the same again (cache), a near-identical case (memory), a publish rule.
  const agent = await platform.runtime.hire({ agentType: 'content-marketing', tenantId: 'tenant-a' });
  const ask = (subject: string) => platform.runtime.decide(agent.id, { kind: 'newsletter-review', subject });
  expect((await ask('Send the spring newsletter about diabetes-friendly recipes')).method).toBe('model');
  expect((await ask('Send the spring newsletter about diabetes-friendly recipes')).method).toBe('cache');
  expect((await ask('Send the spring newsletter about diabetes friendly recipes')).method).toBe('memory');
  const publish = await platform.runtime.decide(agent.id, {
    kind: 'publish-deliverable',
    fresh: true,
    subject: 'Publish "Content brief" (content.brief-outline)',
    facts: { skillId: 'content.brief-outline', approvalMode: 'auto_publish', failedChecks: [] },
  });
  expect(publish.method).toBe('deterministic');
  scrape = await scrapeNow();
});

afterAll(async () => {
  await platform?.stop();
  await model?.close();
});

describe('/metrics under a small workload', () => {
  it('counts workflow steps, instances started and finished, incidents, task durations and instances by state', () => {
    const s = parse(scrape);
    const def = { definition: 'metrics-workload' };
    expect(value(s, 'waooaw_workflow_steps_total', def)).toBeGreaterThanOrEqual(5);
    expect(value(s, 'waooaw_workflow_instances_started_total', def)).toBe(3);
    expect(value(s, 'waooaw_workflow_instances_finished_total', { ...def, state: 'completed' })).toBe(2);
    expect(value(s, 'waooaw_workflow_incidents_total', def)).toBe(1);
    expect(
      value(s, 'waooaw_workflow_task_duration_seconds_count', {
        task_type: 'metrics.work',
        outcome: 'completed',
      }),
    ).toBe(2);
    expect(
      value(s, 'waooaw_workflow_task_duration_seconds_count', {
        task_type: 'metrics.broken',
        outcome: 'failed',
      }),
    ).toBe(1);
  });

  it('reports workflow instances by state as the store counts them', async () => {
    const s = parse(scrape);
    const counts = await platform.store.engine.instances.countByState();
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(3);
    for (const state of ['active', 'waiting', 'suspended', 'completed', 'failed', 'cancelled', 'compensated'])
      expect(value(s, 'waooaw_workflow_instances', { state }), state).toBe(counts[state] ?? 0);
  });

  it('counts decisions by method, their cost, the cost per agent and tenant, and the model calls behind them', () => {
    const s = parse(scrape);
    const agent = { agent: 'content-marketing' };
    for (const method of ['model', 'cache', 'memory', 'deterministic'])
      expect(value(s, 'waooaw_agent_decisions_total', { ...agent, method }), method).toBe(1);
    expect(value(s, 'waooaw_agent_decision_cost_total', { ...agent, method: 'model' })).toBeGreaterThan(0);
    expect(value(s, 'waooaw_agent_cost_total', { ...agent, tenant: 'tenant-a' })).toBeGreaterThan(0);
    expect(value(s, 'waooaw_model_calls_total', { provider: 'openai', outcome: 'ok' })).toBe(1);
    expect(value(s, 'waooaw_model_tokens_total', { provider: 'openai', direction: 'input' })).toBe(400);
    expect(value(s, 'waooaw_model_call_duration_seconds_count', { provider: 'openai' })).toBe(1);
  });

  it('counts cache lookups per answering level and shows every breaker closed', () => {
    const s = parse(scrape);
    expect(value(s, 'waooaw_cache_lookups_total', { level: 'l1' })).toBeGreaterThan(0);
    expect(value(s, 'waooaw_cache_lookups_total', { level: 'miss' })).toBeGreaterThan(0);
    for (const breaker of ['runtime-model', 'provider:openai', 'provider:offline']) {
      expect(value(s, 'waooaw_circuit_breaker_state', { breaker, state: 'closed' }), breaker).toBe(1);
      expect(value(s, 'waooaw_circuit_breaker_state', { breaker, state: 'open' }), breaker).toBe(0);
    }
  });

  it('has HTTP latency histograms by route pattern, bus traffic and process metrics', () => {
    const s = parse(scrape);
    expect(
      value(s, 'waooaw_http_request_duration_seconds_count', { method: 'GET', route: '/api/v1/agents' }),
    ).toBe(3);
    expect(
      value(s, 'waooaw_http_request_duration_seconds_count', {
        method: 'GET',
        route: '/api/v1/agents/:agentId',
      }),
    ).toBe(1);
    expect(value(s, 'waooaw_http_requests_total', { route: 'unmatched', status: '404' })).toBe(1);
    expect(value(s, 'waooaw_bus_messages_sent_total')).toBeGreaterThan(0);
    expect(value(s, 'process_cpu_seconds_total')).toBeGreaterThan(0);
  });

  it.skipIf(!findPromtool() && !isCi)('passes promtool check metrics', () => {
    const command = findPromtool();
    if (!command) throw new Error('promtool is needed under CI (see .ci/run)');
    expect(promtool(command, ['check', 'metrics'], scrape)).toBe('');
  });

  it('refuses anonymous and wrong-token scrapes with 401 and a Bearer challenge', async () => {
    for (const headers of [{}, { authorization: 'Bearer not-the-token-at-all' }, { authorization: TOKEN }]) {
      const res = await fetch(`${url}/metrics`, { headers });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toContain('Bearer');
      expect(await res.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    }
  });
});

describe('/metrics on a port of its own (WAOOAW_METRICS_PORT)', () => {
  it('serves /metrics there only, and not on the HTTP port', async () => {
    const separate = await createPlatform(
      loadConfig({
        env: { WAOOAW_METRICS_PORT: '0' },
        overrides: { store: { sqlitePath: ':memory:' }, http: { port: 0 } },
      }),
      { logger: silentLogger },
    );
    try {
      const { url: api, metricsUrl } = await separate.start();
      expect(metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
      expect(new URL(metricsUrl!).port).not.toBe(new URL(api!).port);
      const res = await fetch(metricsUrl!);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('waooaw_workflow_instances{state="active"} 0');
      expect((await fetch(`${api}/metrics`)).status).toBe(404);
    } finally {
      await separate.stop();
    }
  });
});
