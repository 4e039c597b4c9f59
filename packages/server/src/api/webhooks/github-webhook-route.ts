// POST /api/v1/github/webhook: verifies X-Hub-Signature-256 over the raw body (401), parses JSON (400),
// answers 200 `ignored` for events not enabled, deduplicates deliveries by X-GitHub-Delivery, and
// publishes the mapped platform events on the bus.
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponseSchema } from '../error-schema.js';
import type { PlatformApp } from '../app.js';
import type { Bus } from '../../bus/bus.js';
import { errorBody, PlatformError } from '../../errors.js';
import { parseJsonBody } from '../json-body.js';
import { keepJsonBodyRaw } from '../raw-json-body.js';
import type { Store } from '../../store/store.js';
import {
  mapGithubEvent,
  SUPPORTED_GITHUB_EVENTS,
  verifyGithubSignature,
} from '../../agents/wowvision/github-events.js';

export interface GithubWebhookOptions {
  secret: string;
  bus: Pick<Bus, 'publish'>;
  store: Store;
  /** GitHub event names to act on; default all supported (push, pull_request, issues, issue_comment). */
  enabledEvents?: string[];
  /** Deepest nesting a delivery's JSON may have (default 64, as for every JSON body). */
  jsonMaxDepth?: number;
}

const resultSchema = z.object({
  status: z.enum(['accepted', 'ignored', 'duplicate']),
  delivery: z.string(),
  events: z.array(z.string()),
});

export function registerGithubWebhook(app: PlatformApp, options: GithubWebhookOptions): void {
  const enabled = new Set(options.enabledEvents ?? SUPPORTED_GITHUB_EVENTS);
  void app.register(async (plain) => {
    const scope = plain.withTypeProvider<ZodTypeProvider>();
    // The signature covers the exact bytes GitHub sent, so keep the body raw in this scope.
    keepJsonBodyRaw(scope);
    scope.post(
      '/api/v1/github/webhook',
      {
        schema: {
          tags: ['wowvision'],
          summary: 'GitHub webhook receiver (push, pull_request, issues, issue_comment)',
          headers: z.object({
            'x-github-event': z.string().min(1),
            'x-github-delivery': z.string().min(1),
            'x-hub-signature-256': z.string().optional(),
          }),
          response: { 200: resultSchema, 400: errorResponseSchema, 401: errorResponseSchema },
        },
      },
      async (request, reply) => {
        const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.from('');
        const event = request.headers['x-github-event'];
        const delivery = request.headers['x-github-delivery'];
        if (!verifyGithubSignature(options.secret, raw, request.headers['x-hub-signature-256'])) {
          return reply
            .status(401)
            .send(
              errorBody(
                new PlatformError(
                  'SIGNATURE_INVALID',
                  'X-Hub-Signature-256 is missing or does not match the body',
                ),
              ),
            );
        }
        let body: unknown;
        try {
          body = parseJsonBody(raw.toString('utf8'), options.jsonMaxDepth ?? 64);
        } catch {
          return reply
            .status(400)
            .send(errorBody(new PlatformError('BAD_REQUEST', 'Webhook body is not valid JSON')));
        }
        if (!enabled.has(event)) return { status: 'ignored' as const, delivery, events: [] };
        const events = mapGithubEvent(event, body) ?? [];
        const { created } = await options.store.documents.insert({
          collection: 'github_deliveries',
          id: delivery,
          key: delivery,
          data: { event, at: Date.now(), events: events.map((e) => e.type) },
        });
        if (!created) return { status: 'duplicate' as const, delivery, events: [] };
        if (!events.length) return { status: 'ignored' as const, delivery, events: [] };
        for (const [i, e] of events.entries()) {
          await options.bus.publish({
            topic: e.type,
            payload: e.payload,
            priority: e.priority,
            from: 'github',
            idempotencyKey: `${delivery}:${i}`,
          });
        }
        return { status: 'accepted' as const, delivery, events: events.map((e) => e.type) };
      },
    );
  });
}
