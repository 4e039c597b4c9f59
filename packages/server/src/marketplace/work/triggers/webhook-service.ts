// Inbound webhooks of an agent instance (issue 13 item 5): a URL and an HMAC-SHA256 secret, shown once
// and rotatable, kept encrypted in the secrets store. An event signed over `<timestamp>.<raw body>`
// within five minutes becomes the task `whk_<webhook>_<event id>` (so a redelivery is a duplicate, not
// a second task), its input the webhook's fixed input plus the event's (mapped) fields.
import { randomBytes } from 'node:crypto';
import type { Clock } from '../../../clock.js';
import { verifyHmac } from '../../../components/security/hmac.js';
import type { Secrets } from '../../../components/security/secrets.js';
import {
  WEBHOOK_HEADERS,
  type CreateWebhookRequest,
  type Webhook,
  type WebhookEventAccepted,
  type WebhookWithSecret,
} from '../../../contracts/work.js';
import { PlatformError } from '../../../errors.js';
import type { Ids } from '../../../ids.js';
import type { Entity } from '../../../store/entity-repository.js';
import type { Page } from '../../../store/store.js';
import type {
  WebhookOutcome,
  WebhookRecord,
  WebhookRepository,
} from '../../../store/work-trigger-repositories.js';
import type { Principal } from '../../principal.js';
import type { InstanceLookup, TaskCreator } from '../work-ports.js';
import {
  checkTriggerLimit,
  iso,
  isoOrNull,
  listTriggers,
  ownTrigger,
  triggerInstance,
} from './trigger-support.js';

export const MAX_WEBHOOKS_PER_INSTANCE = 10;
/** How far a signed timestamp may be from now (either way). */
export const SIGNATURE_WINDOW_MS = 5 * 60_000;
const EVENT_ID = /^[A-Za-z0-9._:-]{1,64}$/;

export type WebhookEventOutcome = WebhookOutcome | 'rate-limited';

export interface WebhookServiceDeps {
  webhooks: WebhookRepository;
  secrets: Secrets;
  instances: InstanceLookup;
  tasks: TaskCreator;
  clock: Clock;
  ids: Ids;
  /** Events per minute per tenant, over all its webhooks (default 120). */
  eventsPerMinute?: number;
  /** Prefix of the webhook URLs shown (e.g. `https://app.waooaw.com`); default: the path alone. */
  publicUrl?: string;
  /** Told of every event's outcome (the Prometheus counter). */
  onEvent?: (outcome: WebhookEventOutcome) => void;
  /** Deepest JSON nesting of an event body (default 64). */
  jsonMaxDepth?: number;
  parseJson: (text: string, maxDepth: number) => unknown;
}

/** The headers an event arrives with (any may be missing). */
export interface WebhookEventHeaders {
  signature?: string | undefined;
  timestamp?: string | undefined;
  eventId?: string | undefined;
}

const secretName = (webhookId: string) => `webhook.${webhookId}`;

/** The value at a dotted path of `body`; undefined when any step is missing. */
function pick(body: unknown, path: string): unknown {
  let at: unknown = body;
  for (const key of path.split('.')) {
    if (at === null || typeof at !== 'object' || !Object.hasOwn(at, key)) return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}

const badSignature = (why: string) =>
  new PlatformError('SIGNATURE_INVALID', `${WEBHOOK_HEADERS.signature}: ${why}`, {
    details: { header: WEBHOOK_HEADERS.signature },
  });

export class WebhookService {
  constructor(private readonly deps: WebhookServiceDeps) {}

  private view(e: Entity<WebhookRecord>): Webhook {
    const w = e.data;
    return {
      id: e.id,
      instanceId: w.instanceId,
      skill: w.skill,
      label: w.label,
      url: `${(this.deps.publicUrl ?? '').replace(/\/$/, '')}/api/v1/hooks/${e.id}`,
      mapping: w.mapping,
      status: w.status,
      secretHint: w.secretHint,
      counts: { accepted: w.accepted, duplicates: w.duplicates, badSignature: w.badSignature },
      lastEventAt: isoOrNull(w.lastEventAt),
      createdAt: iso(e.createdAt),
      secretRotatedAt: iso(w.secretRotatedAt),
    };
  }

  /** A fresh secret, stored encrypted under the webhook's tenant; answered with the view. */
  private async newSecret(
    e: Entity<WebhookRecord>,
    actor: string,
  ): Promise<{ secret: string; entity: Entity<WebhookRecord> }> {
    const secret = `whsec_${randomBytes(24).toString('base64url')}`;
    await this.deps.secrets.put({ tenantId: e.tenantId, name: secretName(e.id) }, secret, {
      actor,
      purpose: 'inbound webhook signing secret',
    });
    const now = this.deps.clock.now();
    const entity = await this.deps.webhooks.modify(e.id, (w) => ({
      ...w,
      secretHint: `…${secret.slice(-4)}`,
      secretRotatedAt: now,
    }));
    return { secret, entity };
  }

  private withSecret(entity: Entity<WebhookRecord>, secret: string): WebhookWithSecret {
    return {
      ...this.view(entity),
      secret,
      signing: {
        signatureHeader: WEBHOOK_HEADERS.signature,
        timestampHeader: WEBHOOK_HEADERS.timestamp,
        eventIdHeader: WEBHOOK_HEADERS.eventId,
      },
    };
  }

  async create(
    caller: Principal,
    instanceId: string,
    request: CreateWebhookRequest,
  ): Promise<WebhookWithSecret> {
    const instance = await triggerInstance(this.deps.instances, instanceId, caller.tenantId);
    await checkTriggerLimit(
      this.deps.webhooks,
      'webhook',
      instanceId,
      caller.tenantId,
      MAX_WEBHOOKS_PER_INSTANCE,
    );
    const now = this.deps.clock.now();
    const { entity } = await this.deps.webhooks.insert({
      id: this.deps.ids.next('wh'),
      tenantId: caller.tenantId,
      data: {
        instanceId,
        agentId: instance.agentId,
        skill: request.skill,
        label: request.label ?? null,
        input: request.input ?? {},
        mapping: request.mapping ?? null,
        status: 'active',
        secretHint: '',
        secretRotatedAt: now,
        accepted: 0,
        duplicates: 0,
        badSignature: 0,
        lastEventAt: null,
        createdBy: caller.userId,
      },
    });
    const { secret, entity: stored } = await this.newSecret(entity, caller.userId);
    return this.withSecret(stored, secret);
  }

  async list(
    caller: Principal,
    instanceId: string,
    page: { cursor?: string; limit: number },
  ): Promise<Page<Webhook>> {
    return listTriggers(
      this.deps.instances,
      this.deps.webhooks,
      (e) => this.view(e),
      caller.tenantId,
      instanceId,
      page,
    );
  }

  /** A new secret at once: the old one stops verifying immediately. */
  async rotate(caller: Principal, id: string): Promise<WebhookWithSecret> {
    const e = await ownTrigger(this.deps.webhooks, 'webhook', id, caller.tenantId);
    const { secret, entity } = await this.newSecret(e, caller.userId);
    return this.withSecret(entity, secret);
  }

  async delete(caller: Principal, id: string): Promise<void> {
    await ownTrigger(this.deps.webhooks, 'webhook', id, caller.tenantId);
    await this.deps.webhooks.remove(id, caller.tenantId);
    await this.deps.secrets.delete(
      { tenantId: caller.tenantId, name: secretName(id) },
      { actor: caller.userId, purpose: 'inbound webhook deleted' },
    );
  }

  private count(id: string, outcome: WebhookEventOutcome, at: number): Promise<void> {
    this.deps.onEvent?.(outcome);
    return outcome === 'rate-limited' ? Promise.resolve() : this.deps.webhooks.countEvent(id, outcome, at);
  }

  /**
   * One event: NOT_FOUND for an unknown or disabled webhook, RATE_LIMITED past the tenant's events per
   * minute, SIGNATURE_INVALID (counted) for a missing, stale or wrong signature, BAD_REQUEST for a
   * missing event id or a body that is not JSON; then the task, or the one this event id already made.
   */
  async receive(webhookId: string, headers: WebhookEventHeaders, raw: Buffer): Promise<WebhookEventAccepted> {
    const hook = await this.deps.webhooks.get(webhookId);
    if (!hook || hook.data.status !== 'active' || hook.tenantId === null)
      throw new PlatformError('NOT_FOUND', `webhook ${webhookId} does not exist`, { details: { webhookId } });
    const tenantId = hook.tenantId;
    const now = this.deps.clock.now();
    const limit = this.deps.eventsPerMinute ?? 120;
    const windowStart = now - (now % 60_000);
    if ((await this.deps.webhooks.hitRateWindow(tenantId, windowStart)) > limit) {
      await this.count(hook.id, 'rate-limited', now);
      const retryAfterSeconds = Math.max(1, Math.ceil((windowStart + 60_000 - now) / 1000));
      throw new PlatformError('RATE_LIMITED', `at most ${limit} webhook events per minute per organisation`, {
        details: { limit, retryAfterSeconds },
      });
    }
    await this.verify(hook, headers, raw, now);

    const eventId = headers.eventId ?? '';
    if (!EVENT_ID.test(eventId))
      throw new PlatformError(
        'BAD_REQUEST',
        `${WEBHOOK_HEADERS.eventId} must be 1–64 letters, digits, . _ : -`,
        {
          details: { header: WEBHOOK_HEADERS.eventId },
        },
      );
    const body = this.deps.parseJson(raw.toString('utf8'), this.deps.jsonMaxDepth ?? 64);
    const { mapping } = hook.data;
    let fields: Record<string, unknown>;
    if (mapping !== null) {
      fields = {};
      for (const [field, path] of Object.entries(mapping)) {
        const value = pick(body, path);
        if (value !== undefined) fields[field] = value;
      }
    } else if (body !== null && typeof body === 'object' && !Array.isArray(body)) {
      fields = body as Record<string, unknown>;
    } else {
      throw new PlatformError(
        'BAD_REQUEST',
        'The event body must be a JSON object (or give the webhook a mapping)',
        {
          details: { reason: 'not-an-object' },
        },
      );
    }
    const created = await this.deps.tasks.create({
      tenantId,
      instanceId: hook.data.instanceId,
      skill: hook.data.skill,
      input: { ...hook.data.input, ...fields },
      source: 'webhook',
      taskId: `whk_${hook.id}_${eventId}`,
      webhookId: hook.id,
    });
    await this.count(hook.id, created.created ? 'accepted' : 'duplicate', now);
    return { accepted: true, taskId: created.taskId, duplicate: !created.created };
  }

  private async verify(hook: Entity<WebhookRecord>, headers: WebhookEventHeaders, raw: Buffer, now: number) {
    const refuse = async (why: string) => {
      await this.count(hook.id, 'bad-signature', now);
      return badSignature(why);
    };
    const timestamp = headers.timestamp ?? '';
    if (!/^\d{9,11}$/.test(timestamp))
      throw await refuse(`${WEBHOOK_HEADERS.timestamp} must be the Unix time in seconds`);
    if (Math.abs(now - Number(timestamp) * 1000) > SIGNATURE_WINDOW_MS)
      throw await refuse(
        `the signed timestamp is more than ${SIGNATURE_WINDOW_MS / 60_000} minutes from now`,
      );
    const secret = await this.deps.secrets.reveal(
      { tenantId: hook.tenantId, name: secretName(hook.id) },
      { actor: `webhook:${hook.id}`, purpose: 'verify an inbound event signature' },
    );
    const signed = Buffer.concat([Buffer.from(`${timestamp}.`), raw]);
    if (!verifyHmac(secret, signed, headers.signature))
      throw await refuse(
        'missing, or not the HMAC-SHA256 of "<timestamp>.<raw body>" with this webhook\'s secret',
      );
  }
}
