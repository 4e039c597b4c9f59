import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isDisabled, loadConfig } from './config.js';
import { isPlatformError, type PlatformError } from './errors.js';

function failure(fn: () => unknown): PlatformError {
  try {
    fn();
  } catch (err) {
    if (isPlatformError(err)) return err;
    throw err;
  }
  throw new Error('expected a failure');
}

describe('HTTP edge settings', () => {
  it('trusts no proxy by default and reads WAOOAW_TRUSTED_PROXIES as a comma-separated list', () => {
    expect(loadConfig({ env: {} }).http.trustedProxies).toEqual([]);
    const c = loadConfig({
      env: {
        WAOOAW_TRUSTED_PROXIES: ' 10.0.0.1, 10.1.0.0/16 ,fd00::/8,loopback',
        WAOOAW_JSON_MAX_DEPTH: '32',
        WAOOAW_RATE_LIMIT_STAFF: '100',
        WAOOAW_RATE_LIMIT_API_KEY: '250',
        WAOOAW_LOGIN_ACCOUNT_FREE_FAILURES: '3',
      },
    });
    expect(c.http.trustedProxies).toEqual(['10.0.0.1', '10.1.0.0/16', 'fd00::/8', 'loopback']);
    expect(c.http.jsonMaxDepth).toBe(32);
    expect(c.http.rateLimit).toEqual({
      staffPerMinute: 100,
      apiKeyPerMinute: 250,
      probesPerMinute: 600,
      publicPerMinute: 600,
    });
    expect(c.auth.loginBackoff).toEqual({
      accountFreeFailures: 3,
      addressFreeFailures: 20,
      maxDelaySeconds: 900,
    });
  });

  it('names WAOOAW_TRUSTED_PROXIES when an entry is not an address or range', () => {
    for (const bad of ['10.0.0.1,example.com', '10.0.0.0/33', '*', '10.0.0.1/8/2']) {
      const err = failure(() => loadConfig({ env: { WAOOAW_TRUSTED_PROXIES: bad } }));
      expect(err.message, bad).toContain('WAOOAW_TRUSTED_PROXIES');
    }
  });
});

describe('loadConfig', () => {
  it('defaults to the embedded platform: SQLite under ./data, in-process bus, offline models', () => {
    const c = loadConfig({ env: {} });
    expect(c.store.databaseUrl).toBeUndefined();
    expect(c.store.sqlitePath).toBe('./data/waooaw.db');
    expect(c.bus.redisUrl).toBeUndefined();
    expect(c.http.port).toBe(3000);
    expect(c.models.providers).toEqual([]);
    expect(c.role).toBe('all');
  });

  it('reads environment variables and coerces types', () => {
    const c = loadConfig({
      env: {
        PORT: '8080',
        DATABASE_URL: 'postgres://u@h/db',
        REDIS_URL: 'redis://h:6379',
        WAOOAW_BUS_DURABLE: 'false',
      },
    });
    expect(c.http.port).toBe(8080);
    expect(c.store.databaseUrl).toBe('postgres://u@h/db');
    expect(c.bus.redisUrl).toBe('redis://h:6379');
    expect(c.bus.durable).toBe(false);
  });

  it('stops with a message naming the environment variable of a bad value', () => {
    const err = failure(() => loadConfig({ env: { PORT: 'eighty', REDIS_URL: 'http://nope' } }));
    expect(err.code).toBe('CONFIG_INVALID');
    expect(err.message).toContain('PORT');
    expect(err.message).toContain('REDIS_URL');
    expect(err.message).toContain('must start with redis://');
  });

  it('reads the heartbeat and drain settings, and refuses a heartbeat timeout under two heartbeats', () => {
    const c = loadConfig({
      env: {
        WAOOAW_BUS_HEARTBEAT_MS: '100',
        WAOOAW_BUS_HEARTBEAT_TIMEOUT_MS: '300',
        WAOOAW_DRAIN_TIMEOUT_MS: '5000',
      },
    });
    expect([c.bus.heartbeatMs, c.bus.heartbeatTimeoutMs, c.drainTimeoutMs]).toEqual([100, 300, 5000]);
    const defaults = loadConfig({ env: {} });
    expect([defaults.bus.heartbeatMs, defaults.bus.heartbeatTimeoutMs, defaults.drainTimeoutMs]).toEqual([
      200, 600, 20_000,
    ]);
    const err = failure(() =>
      loadConfig({ env: { WAOOAW_BUS_HEARTBEAT_MS: '500', WAOOAW_BUS_HEARTBEAT_TIMEOUT_MS: '600' } }),
    );
    expect(err.message).toContain('WAOOAW_BUS_HEARTBEAT_TIMEOUT_MS');
  });

  it('reads a YAML or JSON file, environment wins over file, overrides win over both', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
    const yamlPath = join(dir, 'waooaw.config.yaml');
    writeFileSync(yamlPath, 'http:\n  port: 4000\n  host: 0.0.0.0\nlog:\n  level: debug\n');
    const c = loadConfig({ env: { LOG_LEVEL: 'warn' }, file: yamlPath, overrides: { http: { port: 5000 } } });
    expect(c.http.host).toBe('0.0.0.0');
    expect(c.http.port).toBe(5000);
    expect(c.log.level).toBe('warn');
    const jsonPath = join(dir, 'bad.json');
    writeFileSync(jsonPath, JSON.stringify({ bus: { maxDeliveries: 0 } }));
    const err = failure(() => loadConfig({ env: {}, file: jsonPath }));
    expect(err.message).toContain(`${jsonPath}: bus.maxDeliveries`);
  });

  it('names a missing or unparsable config file', () => {
    expect(failure(() => loadConfig({ env: { WAOOAW_CONFIG: '/nonexistent/w.yaml' } })).message).toContain(
      '/nonexistent/w.yaml',
    );
    const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
    const p = join(dir, 'broken.json');
    writeFileSync(p, '{ not json');
    expect(failure(() => loadConfig({ env: {}, file: p })).message).toContain('cannot be read');
  });

  it('turns WAOOAW_DISABLE_<NAME>=1 into kill switches', () => {
    const c = loadConfig({
      env: { WAOOAW_DISABLE_CACHE: '1', WAOOAW_DISABLE_BUDGETS: 'true', WAOOAW_DISABLE_AUDIT: '0' },
    });
    expect(isDisabled(c, 'cache')).toBe(true);
    expect(isDisabled(c, 'Budgets')).toBe(true);
    expect(isDisabled(c, 'audit')).toBe(false);
  });

  it('parses model providers from WAOOAW_MODEL_PROVIDERS and names the key when it is not JSON', () => {
    const c = loadConfig({
      env: {
        WAOOAW_MODEL_PROVIDERS: '[{"kind":"openai","baseUrl":"http://127.0.0.1:11434/v1","model":"llama3"}]',
      },
    });
    expect(c.models.providers[0]).toMatchObject({ kind: 'openai', model: 'llama3', timeoutMs: 30000 });
    expect(failure(() => loadConfig({ env: { WAOOAW_MODEL_PROVIDERS: 'ollama' } })).message).toContain(
      'WAOOAW_MODEL_PROVIDERS',
    );
  });
});

describe('model call knobs', () => {
  it('coalesces deterministic calls and batches for 5 ms by default; env changes both', () => {
    expect(loadConfig({ env: {} }).models).toMatchObject({
      coalesce: 'deterministic',
      batchWaitMs: 5,
      batchMaxSize: 64,
    });
    const c = loadConfig({
      env: { WAOOAW_MODEL_COALESCE: 'off', WAOOAW_MODEL_BATCH_WAIT_MS: '0', WAOOAW_MODEL_BATCH_MAX: '16' },
    });
    expect(c.models).toMatchObject({ coalesce: 'off', batchWaitMs: 0, batchMaxSize: 16 });
    expect(failure(() => loadConfig({ env: { WAOOAW_MODEL_COALESCE: 'always' } })).message).toContain(
      'WAOOAW_MODEL_COALESCE',
    );
  });
});
