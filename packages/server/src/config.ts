// Configuration from environment variables and an optional JSON/YAML file, validated with zod.
// A bad value stops start-up with a message naming the key (env var name or file path).
import { existsSync, readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { PlatformError } from './errors.js';

const bool = z
  .union([z.boolean(), z.enum(['1', '0', 'true', 'false', 'yes', 'no'])])
  .transform((v) => (typeof v === 'boolean' ? v : ['1', 'true', 'yes'].includes(v)));
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** The names proxy-addr (Fastify's `trustProxy`) accepts for address ranges. */
const proxyRangeNames = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** An IP address, an IP/prefix CIDR, or one of proxy-addr's range names. */
function isProxyAddress(entry: string): boolean {
  if (proxyRangeNames.has(entry)) return true;
  const [ip, prefix, ...rest] = entry.split('/');
  const family = isIP(ip ?? '');
  if (!family || rest.length) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/** A list from a comma-separated env value or a file's array. */
const commaList = <T extends z.ZodType>(item: T) =>
  z.preprocess(
    (v) =>
      typeof v === 'string'
        ? v
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : v,
    z.array(item),
  );

export const configSchema = z.object({
  env: z.enum(['development', 'production', 'test']).default('development'),
  role: z.enum(['all', 'api', 'worker']).default('all'),
  http: z
    .object({
      host: z.string().min(1).default('127.0.0.1'),
      port: int(0, 65535).default(3000),
      publicUrl: z.string().url().optional(),
      corsOrigins: z.array(z.string()).default([]),
      bodyLimitBytes: int(1024, 50 * 1024 * 1024).default(1024 * 1024),
      /**
       * Proxies whose X-Forwarded-For / Forwarded headers are believed (IPs, CIDRs, or `loopback`,
       * `linklocal`, `uniquelocal`). Empty: the client address is the socket's, whatever headers say.
       */
      trustedProxies: commaList(
        z
          .string()
          .refine(isProxyAddress, 'must be an IP address, a CIDR, loopback, linklocal or uniquelocal'),
      ).default([]),
      /** Deepest nesting of arrays and objects a JSON body may have; deeper bodies are refused before parsing. */
      jsonMaxDepth: int(4, 1000).default(64),
      rateLimit: z
        .object({
          /** Requests per minute per operator or admin, on every route (customers are limited per plan). */
          staffPerMinute: int(1, 1_000_000).default(1200),
          /** Requests per minute per API key (job workers), on every route it may call. */
          apiKeyPerMinute: int(1, 1_000_000).default(1200),
          /** Requests per minute per address to /health and /metrics. */
          probesPerMinute: int(1, 1_000_000).default(600),
          /** Requests per minute per address to the web UI's files, /docs, /openapi.json and webhooks. */
          publicPerMinute: int(1, 1_000_000).default(600),
        })
        .prefault({}),
    })
    .prefault({}),
  store: z
    .object({
      /** PostgreSQL URL; when absent the embedded SQLite file is used. */
      databaseUrl: z
        .string()
        .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
        .optional(),
      /**
       * PostgreSQL URL of the owner role that runs migrations. When set, `databaseUrl` is the platform's
       * non-owner role and the marketplace tables answer under row-level security (migration 0096).
       */
      migrationUrl: z
        .string()
        .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
        .optional(),
      sqlitePath: z.string().min(1).default('./data/waooaw.db'),
      /** SQLite durability: FULL survives power loss; NORMAL survives process crashes (WAL). */
      sqliteSynchronous: z.enum(['FULL', 'NORMAL', 'OFF']).default('FULL'),
      poolSize: int(1, 200).default(10),
    })
    .prefault({}),
  bus: z
    .object({
      /** Redis URL; when absent the in-process bus is used. */
      redisUrl: z
        .string()
        .regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')
        .optional(),
      streamPrefix: z.string().min(1).default('waooaw'),
      maxDeliveries: int(1, 100).default(3),
      visibilityTimeoutMs: int(100, 3_600_000).default(30_000),
      maxMessageBytes: int(256, 10 * 1024 * 1024).default(256 * 1024),
      /** HMAC-SHA256 key; when set, every message is signed and unsigned or badly signed ones are dead-lettered. */
      signingSecret: z.string().min(16, 'must be at least 16 characters').optional(),
      /** Persist in-process publishes in the store (outbox) so an embedded restart loses nothing. */
      durable: bool.default(true),
      /** Redis bus: how often each consumer's heartbeat is refreshed and lapsed consumers are swept. */
      heartbeatMs: int(10, 60_000).default(200),
      /** Redis bus: a consumer silent this long is presumed dead and its in-flight messages are redelivered at once. */
      heartbeatTimeoutMs: int(20, 600_000).default(600),
    })
    .refine((b) => b.heartbeatTimeoutMs >= 2 * b.heartbeatMs, {
      message: 'heartbeatTimeoutMs must be at least twice heartbeatMs',
      path: ['heartbeatTimeoutMs'],
    })
    .prefault({}),
  engine: z
    .object({
      /** How long a worker's claim on an instance lasts without renewal; a crashed worker's work resumes elsewhere after it. */
      leaseMs: int(500, 600_000).default(30_000),
      /** Longest wait between polls for work created by other processes. */
      pollIntervalMs: int(10, 60_000).default(1000),
      /** Stable identity of this worker (lets a restarted worker resume its own leases at once). */
      workerId: z.string().min(1).max(100).optional(),
    })
    .prefault({}),
  log: z
    .object({
      level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
      pretty: bool.default(false),
    })
    .prefault({}),
  telemetry: z
    .object({
      /** OTLP/HTTP traces endpoint; spans are created either way, exported only when this is set. */
      otlpEndpoint: z.string().url().optional(),
      serviceName: z.string().default('waooaw'),
      /** How long one export may take, retries included; also bounds the flush on stop. */
      exportTimeoutMs: int(100, 120_000).default(10_000),
    })
    .prefault({}),
  metrics: z
    .object({
      /** When set, `/metrics` answers only `Authorization: Bearer <token>` (401 otherwise). */
      token: z.string().min(16, 'must be at least 16 characters').optional(),
      /** When set, `/metrics` moves off the HTTP port to a listener of its own on this port. */
      port: int(0, 65535).optional(),
      /** Host of that listener; `http.host` when absent. */
      host: z.string().min(1).optional(),
    })
    .prefault({}),
  auth: z
    .object({
      /**
       * No longer used (a warning says so at start): access tokens are signed with Ed25519 keys kept
       * encrypted in the secrets store, shared by every process on the database (decision 0058).
       */
      jwtSecret: z.string().min(32, 'must be at least 32 characters').optional(),
      /** A new signing key is made when the newest is this many days old (0: never by itself). */
      signingKeyRotationDays: int(0, 3650).default(30),
      /**
       * Seconds another API process's session revocation (log-out, reset…) or change to a user or
       * organisation (role, disabled, plan) may take to reach this one; this process's own apply at
       * once. 0 reads session, user and organisation on every request.
       */
      sessionCheckSeconds: int(0, 300).default(5),
      accessTokenTtlSeconds: int(60, 86_400).default(3600),
      refreshTokenTtlSeconds: int(300, 90 * 86_400).default(30 * 86_400),
      /** First-run bootstrap (issue 15): this admin is created at start-up unless the email has an account. */
      adminEmail: z.email().optional(),
      /** The bootstrap admin's password; never changes an existing account's password. */
      adminPassword: z.string().min(10, 'must be at least 10 characters').max(200).optional(),
      /**
       * Log-in back-off: after `freeFailures` wrong passwords in a row (per account, and per address),
       * each further attempt waits twice as long as the last, from 1 s up to `maxDelaySeconds`.
       */
      loginBackoff: z
        .object({
          accountFreeFailures: int(1, 1000).default(5),
          addressFreeFailures: int(1, 100_000).default(20),
          maxDelaySeconds: int(1, 86_400).default(900),
        })
        .prefault({}),
    })
    .refine((a) => (a.adminEmail === undefined) === (a.adminPassword === undefined), {
      message: 'set both WAOOAW_ADMIN_EMAIL and WAOOAW_ADMIN_PASSWORD, or neither',
      path: ['adminPassword'],
    })
    .prefault({}),
  keys: z
    .object({
      /**
       * Where generated keys (audit signing key, secrets master key) and the audit anchor are kept when
       * not configured one by one: default `keys/` beside the SQLite file; none (keys in memory, lost
       * at exit) for an in-memory database. Never inside the database.
       */
      dir: z.string().min(1).optional(),
    })
    .prefault({}),
  audit: z
    .object({
      /**
       * Ed25519 private key (PEM) that signs audit entries and checkpoints; never stored in the database.
       * Absent: read from `signingKeyFile`, else generated once into `audit-signing.pem` in the key
       * directory (0600).
       */
      signingKey: z.string().min(1).optional(),
      signingKeyFile: z.string().min(1).optional(),
      /** Where signed checkpoints of the chain's head are kept (default `audit-anchor.json` in the key directory). */
      anchorFile: z.string().min(1).optional(),
      /** A checkpoint is anchored every this many entries (1: after every append). */
      checkpointEvery: int(1, 1_000_000).default(1),
    })
    .prefault({}),
  secrets: z
    .object({
      /**
       * Master key (32 bytes, base64 or hex) wrapping every secret's data key; never stored in the
       * database. Absent: read from `masterKeyFile`, else generated once into `master.key` in the key
       * directory (0600).
       */
      masterKey: z.string().min(1).optional(),
      masterKeyFile: z.string().min(1).optional(),
    })
    .prefault({}),
  models: z
    .object({
      /** Providers in fallback order. The offline scripted provider is always the last resort. */
      providers: z
        .array(
          z.object({
            kind: z.enum(['openai', 'anthropic', 'offline']),
            name: z.string().min(1).optional(),
            baseUrl: z.string().url().optional(),
            /** The key, or `secret:<name>` naming a platform secret that holds it. */
            apiKey: z.string().optional(),
            model: z.string().min(1).optional(),
            timeoutMs: int(100, 600_000).default(30_000),
          }),
        )
        .default([]),
      /** Identical concurrent calls of one tenant share one in flight: off, deterministic (temperature 0) or all. */
      coalesce: z.enum(['off', 'deterministic', 'all']).default('deterministic'),
      /** Micro-batch window for providers that take many inputs per call (embeddings), in ms; 0 = no batching. */
      batchWaitMs: int(0, 1000).default(5),
      /** Most inputs in one batched call (capped by what the provider accepts). */
      batchMaxSize: int(1, 2048).default(64),
    })
    .prefault({}),
  runtime: z
    .object({
      /** Instances whose decision state stays warm in memory (an LRU); 0 reads the store every decision. */
      warmInstances: int(0, 1_000_000).default(10_000),
      /** A warm entry older than this is checked against the store's version before use, in ms. */
      warmRevalidateMs: int(0, 3_600_000).default(1000),
    })
    .prefault({}),
  mail: z
    .object({
      /** `smtp(s)://user:pass@host:port`, or `secret:<name>` naming a platform secret that holds it. */
      smtpUrl: z
        .string()
        .regex(
          /^(smtps?:\/\/|secret:[A-Za-z0-9._-]{1,100}$)/,
          'must start with smtp:// or smtps://, or be secret:<name>',
        )
        .optional(),
      from: z.string().default('WAOOAW <no-reply@waooaw.local>'),
    })
    .prefault({}),
  github: z
    .object({
      /** The token, or `secret:<name>` naming a platform secret that holds it (also webhookSecret). */
      token: z.string().optional(),
      webhookSecret: z.string().optional(),
      apiUrl: z.string().url().default('https://api.github.com'),
      repo: z
        .string()
        .regex(/^[^/\s]+\/[^/\s]+$/, 'must be owner/name')
        .optional(),
    })
    .prefault({}),
  wowvision: z
    .object({
      /** Local git repository watched in local mode (the default). */
      repoPath: z.string().optional(),
    })
    .prefault({}),
  currency: z.string().length(3).default('INR'),
  /**
   * What agents cost (decision 0068): money budgets, spend and the monthly projection are in
   * `currency`, the currency of the model price table.
   */
  costs: z
    .object({
      /** ISO 4217 code of model prices, money budgets and spend. */
      currency: z
        .string()
        .regex(/^[A-Z]{3}$/, 'must be a 3-letter ISO code such as USD')
        .default('USD'),
      /** Units of `currency` per US dollar: the built-in model list prices (USD) are multiplied by it. */
      usdRate: z.coerce.number().positive().max(1_000_000).default(1),
      /** Prices per model id or id prefix in `currency` per 1M tokens; they win over the built-in ones. */
      prices: z
        .record(
          z.string().min(1).max(200),
          z.object({ inputPer1M: z.number().min(0), outputPer1M: z.number().min(0) }),
        )
        .default({}),
      /** Monthly money budget each tenant starts with (the plan's); absent: tenants are not limited by default. */
      tenantMonthlyBudget: z.coerce.number().min(0).max(1_000_000_000).optional(),
      /** Days of recorded decisions the projection measures its mix and cost per decision over. */
      projectionWindowDays: int(1, 365).default(30),
      /**
       * What one workflow run may spend on skills' model writing when its definition has no budget of
       * its own (decision 0076); absent: runs are limited only by their agent's and tenant's budgets.
       */
      runBudget: z
        .object({
          money: z.coerce.number().min(0).max(1_000_000_000).optional(),
          tokens: int(0, 1_000_000_000_000).optional(),
        })
        .prefault({}),
    })
    .prefault({}),
  /** What invoices say: who sells, the tax included in prices, how to pay (decision 0048). */
  billing: z
    .object({
      /** BCP 47 locale amounts and dates are written in (e.g. `en-IN`, `en-US`, `de-DE`). */
      locale: z.string().min(2).max(35).default('en-IN'),
      seller: z
        .object({
          name: z.string().min(1).max(200).default('WAOOAW'),
          /** Postal address, lines separated by `\n` (or `;` in the environment variable). */
          address: z.string().max(500).default(''),
          /** Tax registration (GSTIN, VAT number…), printed when set. */
          taxId: z.string().max(50).optional(),
          email: z.string().max(200).optional(),
        })
        .prefault({}),
      /** Prices include this tax; invoices show the net amount and the tax line. 0: none charged. */
      tax: z
        .object({
          name: z.string().min(1).max(30).default('GST'),
          ratePercent: z.coerce.number().min(0).max(100).default(0),
        })
        .prefault({}),
      /** Bank transfer details shown on invoices; without an account number invoices say to ask. */
      bankTransfer: z
        .object({
          accountName: z.string().max(200).optional(),
          accountNumber: z.string().max(64).optional(),
          bankName: z.string().max(200).optional(),
          /** IFSC, SWIFT/BIC or sort code. */
          bankCode: z.string().max(64).optional(),
        })
        .prefault({}),
    })
    .prefault({}),
  /**
   * Graceful stop (SIGTERM): readiness turns false, work is no longer taken, and running work has this
   * long to finish before it is handed back to other processes.
   */
  drainTimeoutMs: int(0, 3_600_000).default(20_000),
  /** Components switched off by kill switch (`WAOOAW_DISABLE_<NAME>=1`), lower-case names. */
  disabled: z.array(z.string()).default([]),
});

export type Config = z.infer<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;

/** Environment variables and the config path each one sets. */
export const envKeys: Record<string, string> = {
  NODE_ENV: 'env',
  WAOOAW_ROLE: 'role',
  WAOOAW_MODEL_COALESCE: 'models.coalesce',
  WAOOAW_WARM_INSTANCES: 'runtime.warmInstances',
  WAOOAW_WARM_REVALIDATE_MS: 'runtime.warmRevalidateMs',
  WAOOAW_MODEL_BATCH_WAIT_MS: 'models.batchWaitMs',
  WAOOAW_MODEL_BATCH_MAX: 'models.batchMaxSize',
  WAOOAW_HOST: 'http.host',
  PORT: 'http.port',
  WAOOAW_PORT: 'http.port',
  WAOOAW_PUBLIC_URL: 'http.publicUrl',
  WAOOAW_BODY_LIMIT_BYTES: 'http.bodyLimitBytes',
  WAOOAW_TRUSTED_PROXIES: 'http.trustedProxies',
  WAOOAW_JSON_MAX_DEPTH: 'http.jsonMaxDepth',
  WAOOAW_RATE_LIMIT_STAFF: 'http.rateLimit.staffPerMinute',
  WAOOAW_RATE_LIMIT_API_KEY: 'http.rateLimit.apiKeyPerMinute',
  WAOOAW_RATE_LIMIT_PROBES: 'http.rateLimit.probesPerMinute',
  WAOOAW_RATE_LIMIT_PUBLIC: 'http.rateLimit.publicPerMinute',
  DATABASE_URL: 'store.databaseUrl',
  WAOOAW_DATABASE_MIGRATION_URL: 'store.migrationUrl',
  WAOOAW_SQLITE_PATH: 'store.sqlitePath',
  WAOOAW_SQLITE_SYNCHRONOUS: 'store.sqliteSynchronous',
  WAOOAW_DB_POOL_SIZE: 'store.poolSize',
  REDIS_URL: 'bus.redisUrl',
  WAOOAW_BUS_PREFIX: 'bus.streamPrefix',
  WAOOAW_BUS_MAX_DELIVERIES: 'bus.maxDeliveries',
  WAOOAW_BUS_VISIBILITY_TIMEOUT_MS: 'bus.visibilityTimeoutMs',
  WAOOAW_BUS_MAX_MESSAGE_BYTES: 'bus.maxMessageBytes',
  WAOOAW_BUS_SIGNING_SECRET: 'bus.signingSecret',
  WAOOAW_BUS_DURABLE: 'bus.durable',
  WAOOAW_BUS_HEARTBEAT_MS: 'bus.heartbeatMs',
  WAOOAW_BUS_HEARTBEAT_TIMEOUT_MS: 'bus.heartbeatTimeoutMs',
  WAOOAW_DRAIN_TIMEOUT_MS: 'drainTimeoutMs',
  WAOOAW_ENGINE_LEASE_MS: 'engine.leaseMs',
  WAOOAW_ENGINE_POLL_MS: 'engine.pollIntervalMs',
  WAOOAW_WORKER_ID: 'engine.workerId',
  LOG_LEVEL: 'log.level',
  WAOOAW_LOG_PRETTY: 'log.pretty',
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'telemetry.otlpEndpoint',
  OTEL_SERVICE_NAME: 'telemetry.serviceName',
  OTEL_EXPORTER_OTLP_TRACES_TIMEOUT: 'telemetry.exportTimeoutMs',
  WAOOAW_METRICS_TOKEN: 'metrics.token',
  WAOOAW_METRICS_PORT: 'metrics.port',
  WAOOAW_METRICS_HOST: 'metrics.host',
  WAOOAW_JWT_SECRET: 'auth.jwtSecret',
  WAOOAW_SIGNING_KEY_ROTATION_DAYS: 'auth.signingKeyRotationDays',
  WAOOAW_SESSION_CHECK_SECONDS: 'auth.sessionCheckSeconds',
  WAOOAW_ADMIN_EMAIL: 'auth.adminEmail',
  WAOOAW_ADMIN_PASSWORD: 'auth.adminPassword',
  WAOOAW_LOGIN_ACCOUNT_FREE_FAILURES: 'auth.loginBackoff.accountFreeFailures',
  WAOOAW_LOGIN_ADDRESS_FREE_FAILURES: 'auth.loginBackoff.addressFreeFailures',
  WAOOAW_LOGIN_MAX_DELAY_SECONDS: 'auth.loginBackoff.maxDelaySeconds',
  WAOOAW_KEY_DIR: 'keys.dir',
  WAOOAW_AUDIT_SIGNING_KEY: 'audit.signingKey',
  WAOOAW_AUDIT_SIGNING_KEY_FILE: 'audit.signingKeyFile',
  WAOOAW_AUDIT_ANCHOR_FILE: 'audit.anchorFile',
  WAOOAW_AUDIT_CHECKPOINT_EVERY: 'audit.checkpointEvery',
  WAOOAW_MASTER_KEY: 'secrets.masterKey',
  WAOOAW_MASTER_KEY_FILE: 'secrets.masterKeyFile',
  SMTP_URL: 'mail.smtpUrl',
  MAIL_FROM: 'mail.from',
  GITHUB_TOKEN: 'github.token',
  GITHUB_WEBHOOK_SECRET: 'github.webhookSecret',
  GITHUB_API_URL: 'github.apiUrl',
  GITHUB_REPO: 'github.repo',
  WOWVISION_REPO_PATH: 'wowvision.repoPath',
  WAOOAW_CURRENCY: 'currency',
  WAOOAW_COST_CURRENCY: 'costs.currency',
  WAOOAW_COST_USD_RATE: 'costs.usdRate',
  WAOOAW_TENANT_MONTHLY_BUDGET: 'costs.tenantMonthlyBudget',
  WAOOAW_COST_PROJECTION_DAYS: 'costs.projectionWindowDays',
  WAOOAW_RUN_BUDGET_MONEY: 'costs.runBudget.money',
  WAOOAW_RUN_BUDGET_TOKENS: 'costs.runBudget.tokens',
  WAOOAW_BILLING_LOCALE: 'billing.locale',
  WAOOAW_BILLING_SELLER_NAME: 'billing.seller.name',
  WAOOAW_BILLING_SELLER_ADDRESS: 'billing.seller.address',
  WAOOAW_BILLING_SELLER_TAX_ID: 'billing.seller.taxId',
  WAOOAW_BILLING_SELLER_EMAIL: 'billing.seller.email',
  WAOOAW_BILLING_TAX_NAME: 'billing.tax.name',
  WAOOAW_BILLING_TAX_RATE_PERCENT: 'billing.tax.ratePercent',
  WAOOAW_BILLING_BANK_ACCOUNT_NAME: 'billing.bankTransfer.accountName',
  WAOOAW_BILLING_BANK_ACCOUNT_NUMBER: 'billing.bankTransfer.accountNumber',
  WAOOAW_BILLING_BANK_NAME: 'billing.bankTransfer.bankName',
  WAOOAW_BILLING_BANK_CODE: 'billing.bankTransfer.bankCode',
};

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    if (typeof next !== 'object' || next === null) node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts[parts.length - 1]!] = value;
}

export interface LoadConfigOptions {
  env?: NodeJS.ProcessEnv;
  /** Path of a JSON or YAML file; defaults to `WAOOAW_CONFIG` or `./waooaw.config.{json,yaml,yml}` if present. */
  file?: string;
  /** Values that win over file and env (CLI flags). */
  overrides?: ConfigInput;
}

function readConfigFile(
  env: NodeJS.ProcessEnv,
  file: string | undefined,
): { data: Record<string, unknown>; path?: string } {
  const candidates = file
    ? [file]
    : env.WAOOAW_CONFIG
      ? [env.WAOOAW_CONFIG]
      : ['waooaw.config.json', 'waooaw.config.yaml', 'waooaw.config.yml'].filter((p) => existsSync(p));
  const path = candidates[0];
  if (!path) return { data: {} };
  const abs = resolve(path);
  if (!existsSync(abs)) {
    throw new PlatformError('CONFIG_INVALID', `Config file ${abs} does not exist`, {
      details: { key: 'WAOOAW_CONFIG' },
    });
  }
  try {
    const text = readFileSync(abs, 'utf8');
    const data: unknown = abs.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
    if (typeof data !== 'object' || data === null || Array.isArray(data))
      throw new Error('top level must be an object');
    return { data: data as Record<string, unknown>, path: abs };
  } catch (cause) {
    throw new PlatformError(
      'CONFIG_INVALID',
      `Config file ${abs} cannot be read: ${(cause as Error).message}`,
      {
        details: { key: abs },
        cause,
      },
    );
  }
}

function deepMerge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const prev = out[k];
    out[k] =
      typeof v === 'object' &&
      v !== null &&
      !Array.isArray(v) &&
      typeof prev === 'object' &&
      prev !== null &&
      !Array.isArray(prev)
        ? deepMerge(prev as Record<string, unknown>, v as Record<string, unknown>)
        : v;
  }
  return out;
}

/** Loads and validates configuration; precedence: overrides > environment > file > defaults. */
export function loadConfig(options: LoadConfigOptions = {}): Config {
  const env = options.env ?? process.env;
  const file = readConfigFile(env, options.file);
  const fromEnv: Record<string, unknown> = {};
  const sourceOf = new Map<string, string>();
  for (const [name, path] of Object.entries(envKeys)) {
    const value = env[name];
    if (value === undefined || value === '') continue;
    setPath(fromEnv, path, value);
    sourceOf.set(path, name);
  }
  const disabled = Object.entries(env)
    .filter(
      ([k, v]) => k.startsWith('WAOOAW_DISABLE_') && v !== undefined && ['1', 'true', 'yes'].includes(v),
    )
    .map(([k]) => k.slice('WAOOAW_DISABLE_'.length).toLowerCase());
  if (disabled.length) fromEnv.disabled = disabled;
  if (env.WAOOAW_MODEL_PROVIDERS) {
    try {
      setPath(fromEnv, 'models.providers', JSON.parse(env.WAOOAW_MODEL_PROVIDERS));
    } catch {
      throw new PlatformError('CONFIG_INVALID', 'WAOOAW_MODEL_PROVIDERS must be a JSON array of providers', {
        details: { key: 'WAOOAW_MODEL_PROVIDERS' },
      });
    }
    sourceOf.set('models.providers', 'WAOOAW_MODEL_PROVIDERS');
  }
  const merged = deepMerge(
    deepMerge(file.data, fromEnv),
    (options.overrides ?? {}) as Record<string, unknown>,
  );
  const parsed = configSchema.safeParse(merged);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const path = issue.path.join('.');
      const top = issue.path.slice(0, 2).join('.');
      const key = sourceOf.get(path) ?? sourceOf.get(top) ?? (file.path ? `${file.path}: ${path}` : path);
      return { key, message: issue.message };
    });
    const text = problems.map((p) => `${p.key}: ${p.message}`).join('; ');
    throw new PlatformError('CONFIG_INVALID', `Invalid configuration — ${text}`, {
      details: { problems: problems.map((p) => ({ key: p.key, message: p.message })) },
    });
  }
  return parsed.data;
}

/** True when the component is switched off by its kill switch (`WAOOAW_DISABLE_<NAME>=1`). */
export function isDisabled(config: Pick<Config, 'disabled'>, component: string): boolean {
  return config.disabled.includes(component.toLowerCase());
}
