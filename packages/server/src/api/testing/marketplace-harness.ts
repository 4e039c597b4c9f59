// Test harness for the marketplace: a real app (createApp, with the platform's HTTP edge) over an
// in-memory SQLite store (or PostgreSQL) and the in-process bus, on a FakeClock, with helpers that
// sign users up and verify them through the outbox. Trials and hires are timed by a workflow engine on
// the same store running the `trial` and `hire` workflows, as on the platform.
import type { LightMyRequestResponse } from 'fastify';
import { createApp, defaultEdgeRateLimits, type PlatformApp } from '../app.js';
import { RequestAuth } from '../request-auth.js';
import type { Session, TrialSetup } from '../../contracts/contracts.js';
import { MemoryBus } from '../../bus/memory-bus.js';
import { FakeClock } from '../../clock.js';
import { configSchema, type ConfigInput } from '../../config.js';
import { createIds } from '../../ids.js';
import { silentLogger } from '../../components/observability/logger.js';
import { createCapturingLogger, loggedResetLink } from '../../testing/capturing-logger.js';
import { createSqlStore, type SqlStore } from '../../store/sql-store.js';
import type { CatalogueEntry } from '../../marketplace/catalogue/catalogue-entry.js';
import type { MarketplaceLimits } from '../../marketplace/deps.js';
import type { Mailer } from '../../marketplace/mail/mailer.js';
import { testMarketplaceAdapters } from '../../marketplace/testing/test-adapters.js';
import { createMarketplace, type Marketplace } from '../../marketplace/create-marketplace.js';
import { registerMarketplaceRoutes } from '../routes/marketplace-routes.js';
import type { Engine } from '../../engine/engine.js';
import type { TrialWorkflow } from '../../workflows/trial/trial-workflow.js';
import { createTestTimelines } from '../../workflows/testing/test-timelines.js';
import { MemoryAuditAnchor } from '../../components/security/audit-anchor.js';
import { AuditLog } from '../../components/security/audit-log.js';
import { createAuditSigner, generateAuditSigningKey } from '../../components/security/audit-signer.js';
import { HttpAudit } from '../http-audit.js';
import type { MailRecord } from '../../store/marketplace-records.js';
import {
  MemorySigningKeySource,
  SigningKeyRing,
  type SigningKeySource,
} from '../../components/security/signing-keys.js';
import { testSkillRunner } from '../../runtime/testing/test-skill-runner.js';

/** Four agents over real offline skills: two marketing, one education, one sales. */
export const testCatalogue: CatalogueEntry[] = [
  {
    id: 'content-marketing',
    name: 'Content Marketing Agent',
    industry: 'marketing',
    specialty: 'Healthcare',
    description: 'Plans and drafts compliant healthcare content.',
    tier: 'premium',
    price: { amount: 15000, currency: 'INR' },
    skills: [
      {
        id: 'content.brief-outline',
        title: 'Content brief and outline',
        description: 'Brief with word budgets.',
        offline: true,
      },
      { id: 'text.readability', title: 'Readability score', description: 'Flesch scores.', offline: true },
    ],
    badges: [],
    responseTime: '2h',
    versions: [
      { version: '1.0.0', status: 'active', releasedAt: Date.UTC(2025, 11, 1), notes: 'First release' },
    ],
    lifecycle: 'active',
    demo: {
      skillId: 'content.brief-outline',
      exampleInput: { topic: 'Managing type 2 diabetes through diet', primaryKeyword: 'diabetes diet' },
    },
  },
  {
    id: 'seo-specialist',
    name: 'SEO Specialist Agent',
    industry: 'marketing',
    specialty: 'E-commerce',
    description: 'Audits pages and keyword use for online shops.',
    tier: 'standard',
    price: { amount: 18000, currency: 'INR' },
    skills: [
      { id: 'text.keyword-density', title: 'Keyword density', description: 'Keyword use.', offline: true },
    ],
    badges: [],
    responseTime: '4h',
    versions: [],
    lifecycle: 'active',
    demo: {
      skillId: 'text.keyword-density',
      exampleInput: {
        text: 'Buy running shoes online. Our running shoes are light.',
        keywords: ['running shoes'],
      },
    },
  },
  {
    id: 'english-tutor',
    name: 'English Tutor Agent',
    industry: 'education',
    specialty: 'Grammar and style',
    description: 'Checks grammar, style and readability of student writing.',
    tier: 'standard',
    price: { amount: 8000, currency: 'INR' },
    skills: [{ id: 'text.style-check', title: 'Style check', description: 'Style issues.', offline: true }],
    badges: [],
    responseTime: '1h',
    versions: [],
    lifecycle: 'active',
    demo: { skillId: 'text.readability', exampleInput: { text: 'The cat sat on the mat. It was happy.' } },
  },
  {
    id: 'sales-development-rep',
    name: 'Sales Development Rep Agent',
    industry: 'sales',
    specialty: 'B2B SaaS',
    description: 'Scores leads and writes outreach sequences.',
    tier: 'standard',
    price: { amount: 15000, currency: 'INR' },
    skills: [
      { id: 'text.readability', title: 'Readability score', description: 'Flesch scores.', offline: true },
    ],
    badges: [],
    responseTime: '2h',
    versions: [],
    lifecycle: 'retired',
    demo: null,
  },
];

export const setup: TrialSetup = {
  instanceName: 'Blog desk',
  business: {
    companyName: 'Acme Clinics',
    industry: 'healthcare',
    audience: 'patients with diabetes',
    topics: ['Diabetes diet tips', 'low sugar recipes'],
  },
  approvalMode: 'review_all',
  notificationChannel: 'email',
};

export interface Harness {
  app: PlatformApp;
  clock: FakeClock;
  /**
   * Advances the fake clock and waits until the jobs it fired — and the timers those jobs scheduled
   * for times already reached — have finished their (real) I/O.
   */
  advance(ms: number): Promise<void>;
  store: SqlStore;
  bus: MemoryBus;
  marketplace: Marketplace;
  /** The engine timing trials and hires (opened unless `openEngine: false`). */
  engine: Engine;
  /** The trial workflow's handlers on `engine` (conversions heard on the activity feed). */
  trialFlow: TrialWorkflow;
  /** Waits until the engine, the trial workflow and background mail are quiet. */
  settle(): Promise<void>;
  /** The audit trail the routes record into (signed, anchored in memory). */
  audit: AuditLog;
  /** Signs up (unverified), returning the session. */
  signUp(email: string, org?: string): Promise<Session>;
  /** Signs up and verifies the email through the outbox link; returns a fresh session. */
  customer(email: string, org?: string): Promise<Session>;
  /** An operator or admin in the internal organisation, signed in. */
  staff(role: 'operator' | 'admin'): Promise<Session>;
  /** Logs in again (access tokens expire after an hour of fake time). */
  login(email: string, password?: string): Promise<Session>;
  /**
   * The newest password-reset link for `email` (once the background send settled): without SMTP it is
   * written to the platform log, never kept in the outbox.
   */
  resetLink(email: string): Promise<string | undefined>;
  /** The newest outbox mail of a kind for a user. */
  lastMail(userId: string, kind: MailRecord['kind']): Promise<MailRecord | undefined>;
  /** `app.inject` with JSON and an optional bearer token and client IP. */
  call(
    method: string,
    url: string,
    options?: { token?: string; body?: unknown; ip?: string; headers?: Record<string, string> },
  ): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  limits?: Partial<MarketplaceLimits>;
  /** Platform settings, including the HTTP edge's (`http.trustedProxies`, `http.rateLimit`, …). */
  config?: ConfigInput;
  catalogue?: CatalogueEntry[];
  /** Runs on this PostgreSQL database instead of in-memory SQLite. */
  postgresUrl?: string;
  /** scrypt cost of new password hashes (default N=1024, cheap for tests). */
  passwordHashCost?: { N: number; r: number; p: number };
  /** Where the access-token keys are kept (default: in memory). */
  signingKeySource?: SigningKeySource;
  /**
   * With `postgresUrl` (migrated there as the owner): the platform connects as this non-owner role
   * under row-level security (`createAppRole`, migration 0096).
   */
  appRoleUrl?: string;
  /** Runs on this SQLite file instead of in-memory SQLite (ignored with `postgresUrl`). */
  sqlitePath?: string;
  /** The fake clock's start (epoch ms); 2026-01-05 09:00 UTC by default. */
  startAt?: number;
  /** Replaces the outbox mailer (e.g. with one that fails). */
  mailer?: Mailer;
  /** Runs on the bare app before the marketplace registers (e.g. to watch `onRoute`). */
  beforeRegister?: (app: PlatformApp) => void;
  /** Registers more routes after the marketplace's, before the app is ready (feature route tests). */
  register?: (
    app: PlatformApp,
    edge: { auth: RequestAuth; store: SqlStore; clock: FakeClock; audit: AuditLog },
  ) => Promise<void>;
  /** Leaves the engine closed (a workflow test kit opens engines of its own on the same store). */
  openEngine?: boolean;
  /** Told of errors the engine reports without a caller (default: ignored). */
  onEngineError?: (err: unknown, context: string) => void;
  /** Registers more routes after the marketplace's, with the same caller resolution (e.g. jobs). */
  routes?: (app: PlatformApp, deps: { auth: RequestAuth; marketplace: Marketplace }) => Promise<void>;
}

export async function createHarness(options: HarnessOptions = {}): Promise<Harness> {
  const clock = new FakeClock(options.startAt ?? Date.UTC(2026, 0, 5, 9, 0, 0));
  const ids = createIds(() => clock.now());
  const mailLog = createCapturingLogger();
  let store = await createSqlStore(
    options.postgresUrl
      ? { dialect: 'postgres', url: options.postgresUrl }
      : { dialect: 'sqlite', path: options.sqlitePath ?? ':memory:', synchronous: 'OFF' },
    { clock },
  );
  await store.migrate();
  if (options.postgresUrl && options.appRoleUrl) {
    await store.close();
    store = await createSqlStore(
      { dialect: 'postgres', url: options.appRoleUrl, rowLevelSecurity: true },
      { clock },
    );
  }
  const bus = new MemoryBus({ clock, ids });
  const config = configSchema.parse({
    auth: { jwtSecret: 'test-secret-test-secret-test-secret-1234' },
    ...options.config,
  });
  // As on the platform: the engine exists first, its timelines go to the services at construction.
  const timed = await createTestTimelines({ store, clock, ids, onError: options.onEngineError });
  const { engine } = timed;
  const marketplace = await createMarketplace({
    timelines: timed.timelines,
    skills: testSkillRunner({ store, clock, ids }),
    store,
    bus,
    clock,
    ids,
    config,
    logger: silentLogger,
    ...testMarketplaceAdapters({
      store,
      ids,
      clock,
      config,
      catalogue: options.catalogue ?? testCatalogue,
      ...(options.mailer ? { mailer: options.mailer } : {}),
      mailLogger: mailLog.logger,
      signingKeys: new SigningKeyRing({
        source: options.signingKeySource ?? new MemorySigningKeySource(),
        clock,
        maxTokenTtlSeconds: config.auth.accessTokenTtlSeconds,
      }),
    }),
    options: {
      passwordHashCost: options.passwordHashCost ?? { N: 1024, r: 8, p: 1 },
      limits: { authPerIpPerMinute: 10_000, demoPerIpPerMinute: 1000, ...options.limits },
    },
  });
  // The same edge as the platform's (platform.ts): caller resolution, rate limits, log-in back-off.
  const auth = new RequestAuth(marketplace.services.accounts);
  const app = await createApp({
    logger: silentLogger,
    trustedProxies: config.http.trustedProxies,
    jsonMaxDepth: config.http.jsonMaxDepth,
    auth,
    rateLimits: {
      ...defaultEdgeRateLimits,
      ...config.http.rateLimit,
      ratePerMinute: marketplace.services.limits.ratePerMinute,
    },
  });
  const audit = new AuditLog({
    store,
    clock,
    signer: createAuditSigner(generateAuditSigningKey()),
    anchor: new MemoryAuditAnchor(),
  });
  const httpAudit = new HttpAudit(audit, auth);
  httpAudit.register(app);
  options.beforeRegister?.(app);
  await registerMarketplaceRoutes(app, marketplace.services, {
    clock,
    auth,
    audit: httpAudit,
  });
  await options.register?.(app, { auth, store, clock, audit });
  await options.routes?.(app, { auth, marketplace });
  await app.ready();
  const trialFlow = await timed.register(marketplace.services);
  await marketplace.start();
  if (options.openEngine !== false) await engine.open();

  const call: Harness['call'] = (method, url, o = {}) =>
    app.inject({
      method: method as 'GET',
      url,
      remoteAddress: o.ip ?? '127.0.0.1',
      headers: { ...(o.token ? { authorization: `Bearer ${o.token}` } : {}), ...o.headers },
      ...(o.body === undefined ? {} : { payload: o.body as object }),
    });

  const lastMail: Harness['lastMail'] = async (userId, kind) => {
    const page = await store.mail.list({
      order: 'desc',
      limit: 1000,
      where: { userId, kind },
    });
    return page.items[0]?.data;
  };

  async function signUp(email: string, org = `${email.split('@')[0]} Ltd`): Promise<Session> {
    const res = await call('POST', '/api/v1/auth/signup', {
      body: { email, password: 'correct horse battery', name: 'Test User', organisationName: org },
    });
    if (res.statusCode !== 202) throw new Error(`signup failed ${res.statusCode}: ${res.body}`);
    // Sign-up answers the same for a new and a known email; the new account then logs in.
    return login(email);
  }

  const resetLink: Harness['resetLink'] = async (email) => {
    await marketplace.services.accounts.settled();
    return loggedResetLink(mailLog.lines, email);
  };

  async function customer(email: string, org?: string): Promise<Session> {
    const session = await signUp(email, org);
    const mail = await lastMail(session.user.id, 'verify-email');
    const token = new URL(mail!.actionUrl!, 'http://x').searchParams.get('token')!;
    const res = await call('POST', '/api/v1/auth/verify-email', { body: { token } });
    if (res.statusCode !== 200) throw new Error(`verify failed ${res.statusCode}: ${res.body}`);
    return login(email);
  }

  async function login(email: string, password = 'correct horse battery'): Promise<Session> {
    const res = await call('POST', '/api/v1/auth/login', { body: { email, password } });
    if (res.statusCode !== 200) throw new Error(`login failed ${res.statusCode}: ${res.body}`);
    return res.json() as Session;
  }

  let staffCount = 0;
  async function staff(role: 'operator' | 'admin'): Promise<Session> {
    staffCount += 1;
    const email = `${role}${staffCount}@waooaw.test`;
    await marketplace.services.accounts.ensureStaffUser({
      email,
      password: 'staff password 123',
      name: role,
      role,
    });
    return login(email, 'staff password 123');
  }

  async function settle(): Promise<void> {
    for (let round = 0; round < 3; round++) {
      if (!engine.isHalted) await engine.idle();
      await trialFlow.idle();
      await clock.advance(0);
    }
  }

  /** Walks fake time from one engine wake-up to the next, letting each step's work settle. */
  async function advance(ms: number): Promise<void> {
    const target = clock.now() + ms;
    for (let guard = 0; guard < 100_000; guard++) {
      await settle();
      const next = engine.nextWakeAt ?? Number.POSITIVE_INFINITY;
      if (next > target) break;
      await clock.setTime(Math.max(next, clock.now()));
    }
    await clock.setTime(target);
    await settle();
  }

  return {
    app,
    clock,
    advance,
    store,
    bus,
    marketplace,
    engine,
    trialFlow,
    settle,
    audit,
    signUp,
    customer,
    staff,
    login,
    lastMail,
    resetLink,
    call,
    async close() {
      trialFlow.stop();
      await engine.close();
      await marketplace.stop();
      await app.close();
      await bus.close();
      await store.close();
    },
  };
}
