import { Writable } from 'node:stream';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signGithubPayload } from './agents/wowvision/github-events.js';
import { createLogger } from './components/observability/logger.js';
import { loadConfig } from './config.js';
import { createPlatform, type Platform } from './platform.js';
import { eventually } from './testing/eventually.js';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from './testing/otlp-receiver.js';
import { freePort } from './testing/local-services.js';
import { testRedis } from './testing/services.js';

const redis = await testRedis();
afterAll(async () => {
  await redis?.flush();
});

const SECRET = 'webhook-secret-for-tracing';
const SERVER = 2;
const PRODUCER = 4;
const CONSUMER = 5;

/** A push adding one source file: WowVision Prime decides on it after the bus delivers the event. */
const push = JSON.stringify({
  ref: 'refs/heads/main',
  repository: { full_name: 'waooaw/platform' },
  commits: [
    {
      id: 'a1b2c3d4e5f6',
      message: 'Add the trial banner',
      timestamp: '2026-01-05T10:00:00Z',
      author: { username: 'dev' },
      added: ['src/trial-banner.ts'],
      modified: [],
      removed: [],
    },
  ],
  head_commit: { id: 'a1b2c3d4e5f6', message: 'Add the trial banner', author: { username: 'dev' } },
});

function collector() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n'))
        if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { lines, stream };
}

/** The chain of spans from `span` up to its trace's root. */
function ancestry(spans: ReceivedSpan[], span: ReceivedSpan): ReceivedSpan[] {
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const chain = [span];
  for (let p = byId.get(span.parentSpanId); p; p = byId.get(p.parentSpanId)) chain.push(p);
  return chain;
}

const buses = [
  { bus: 'in-process', env: {} as Record<string, string> },
  ...(redis
    ? [{ bus: 'Redis Streams', env: { REDIS_URL: redis.url, WAOOAW_BUS_PREFIX: `${redis.prefix}trace` } }]
    : []),
];

describe.each(buses)('tracing with OTEL_EXPORTER_OTLP_TRACES_ENDPOINT set ($bus bus)', ({ env }) => {
  let receiver: OtlpReceiver;
  let platform: Platform | undefined;
  beforeEach(async () => {
    receiver = await startOtlpReceiver();
  });
  afterEach(async () => {
    await platform?.stop();
    platform = undefined;
    await receiver.close();
  });

  it('exports one trace per request spanning HTTP → bus publish → bus handle → the agent’s decision, with log lines carrying its trace id', async () => {
    const logs = collector();
    const config = loadConfig({
      env: { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: receiver.url, GITHUB_WEBHOOK_SECRET: SECRET, ...env },
      overrides: { store: { sqlitePath: ':memory:' }, http: { port: 0 }, log: { level: 'debug' } },
    });
    platform = await createPlatform(config, {
      logger: createLogger({ level: 'debug', destination: logs.stream }),
    });
    const { url } = await platform.start();
    const res = await fetch(`${url}/api/v1/github/webhook`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-github-event': 'push',
        'x-github-delivery': 'delivery-1',
        'x-hub-signature-256': signGithubPayload(SECRET, push),
      },
      body: push,
    });
    expect(res.status).toBe(200);
    const store = platform.store;
    await eventually(
      async () => (await store.documents.list('wowvision_decisions', { limit: 10 })).items.length,
      (n) => n === 1,
      { what: 'WowVision’s decision on the pushed file' },
    );
    const stopping = platform;
    platform = undefined;
    await stopping.stop(); // flushes the exporter

    const spans = receiver.spans;
    const server = spans.filter((s) => s.name === 'POST /api/v1/github/webhook');
    expect(server).toHaveLength(1);
    const root = server[0]!;
    expect(root).toMatchObject({
      kind: SERVER,
      parentSpanId: '',
      attributes: { 'http.route': '/api/v1/github/webhook', 'http.response.status_code': 200 },
      resource: { 'service.name': 'waooaw' },
    });
    const decisions = spans.filter((s) => s.name === 'agent.decide');
    expect(decisions).toHaveLength(1);
    const decision = decisions[0]!;
    expect(decision.traceId).toBe(root.traceId);
    expect(decision.attributes).toMatchObject({
      'agent.type': 'wowvision-prime',
      'file.path': 'src/trial-banner.ts',
    });

    // decision ← bus.handle (consumer, wowvision group) ← bus.publish (producer) ← the HTTP request.
    const chain = ancestry(spans, decision);
    expect(chain.at(-1)).toBe(root);
    const handle = chain.find((s) => s.name === 'bus.handle')!;
    expect(handle).toMatchObject({
      kind: CONSUMER,
      attributes: {
        'messaging.destination': 'github.file.created',
        'messaging.consumer_group': 'wowvision-prime',
      },
    });
    const publish = chain.find((s) => s.name === 'bus.publish')!;
    expect(publish).toMatchObject({
      kind: PRODUCER,
      attributes: { 'messaging.destination': 'github.file.created' },
    });
    expect(chain.indexOf(handle)).toBeLessThan(chain.indexOf(publish));
    expect(chain.indexOf(publish)).toBeLessThan(chain.indexOf(root));

    // One trace: every span the request caused shares its trace id and reaches the one root.
    const trace = spans.filter((s) => s.traceId === root.traceId);
    expect(trace.filter((s) => s.parentSpanId === '')).toEqual([root]);
    for (const s of trace) expect(ancestry(spans, s).at(-1)).toBe(root);

    const handled = logs.lines.filter(
      (l) => l.msg === 'bus message handled' && l.topic === 'github.file.created',
    );
    expect(handled.length).toBeGreaterThan(0);
    expect(handled[0]).toMatchObject({ traceId: root.traceId, spanId: handle.spanId });
  });

  it('continues a caller’s W3C traceparent instead of starting a new trace', async () => {
    const config = loadConfig({
      env: { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: receiver.url, ...env },
      overrides: { store: { sqlitePath: ':memory:' }, http: { port: 0 }, log: { level: 'silent' } },
    });
    platform = await createPlatform(config);
    const { url } = await platform.start();
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const parent = '00f067aa0ba902b7';
    const res = await fetch(`${url}/api/v1/agents`, {
      headers: { traceparent: `00-${traceId}-${parent}-01` },
    });
    expect(res.status).toBe(200);
    const stopping = platform;
    platform = undefined;
    await stopping.stop();
    const span = receiver.spans.find((s) => s.name === 'GET /api/v1/agents');
    expect(span).toMatchObject({ traceId, parentSpanId: parent, kind: SERVER });
    // Probes and scrapes are not traced.
    expect(receiver.spans.some((s) => s.name.includes('/health') || s.name.includes('/metrics'))).toBe(false);
  });
});

describe('tracing with an unreachable collector', () => {
  it('keeps serving and says in the log that spans could not be exported', async () => {
    const logs = collector();
    const port = await freePort();
    const config = loadConfig({
      env: {
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `http://127.0.0.1:${port}/v1/traces`,
        OTEL_EXPORTER_OTLP_TRACES_TIMEOUT: '300',
      },
      overrides: { store: { sqlitePath: ':memory:' }, http: { port: 0 } },
    });
    const platform = await createPlatform(config, {
      logger: createLogger({ level: 'warn', destination: logs.stream }),
    });
    const { url } = await platform.start();
    expect((await fetch(`${url}/api/v1/agents`)).status).toBe(200);
    await platform.stop();
    expect(logs.lines.some((l) => l.level === 40 && String(l.msg).includes('export'))).toBe(true);
  });
});
