// Escalations to a human: stored, listable per tenant/agent/status, and answered once with
// approve / reject / modify. Creation and answers are published so consoles and agents can react.
import { z } from 'zod';
import type { Bus, Priority } from '../bus/bus.js';
import type { Clock } from '../clock.js';
import { PlatformError, type JsonValue } from '../errors.js';
import type { Ids } from '../ids.js';
import { parseOrThrow } from '../components/validation/validator.js';
import type { Page, Store } from '../store/store.js';
import type {
  EscalationRecord,
  EscalationStatus,
  EscalationUrgency,
  EscalationVerdict,
} from '../store/runtime-work-records.js';

export type {
  EscalationStatus,
  EscalationUrgency,
  EscalationVerdict,
} from '../store/runtime-work-records.js';
export type Escalation = EscalationRecord;

const createSchema = z.object({
  agentId: z.string().min(1).max(200),
  tenantId: z.string().min(1).max(200).nullable().default(null),
  reason: z.string().min(1).max(300),
  context: z.custom<JsonValue>((v) => v !== undefined, 'is required').default({}),
  urgency: z.enum(['low', 'medium', 'high', 'critical']).default('medium'),
  decisionId: z.string().min(1).max(200).nullable().default(null),
  /** Deduplicates: a second create with the same key returns the first escalation. */
  key: z.string().min(1).max(400).optional(),
});

export type CreateEscalationInput = z.input<typeof createSchema>;

const answerSchema = z.object({
  verdict: z.enum(['approve', 'reject', 'modify']),
  by: z.string().min(1).max(200),
  note: z.string().max(2000).optional(),
  /** Required for `modify`: what the human changed. */
  modification: z.custom<JsonValue>().optional(),
});

export type AnswerEscalationInput = z.input<typeof answerSchema>;

const statusOf: Record<EscalationVerdict, EscalationStatus> = {
  approve: 'approved',
  reject: 'rejected',
  modify: 'modified',
};
const priorityOf: Record<EscalationUrgency, Priority> = { low: 2, medium: 3, high: 4, critical: 5 };

export const utcDay = (at: number) => new Date(at).toISOString().slice(0, 10);

export interface EscalationServiceDeps {
  store: Store;
  clock: Clock;
  ids: Ids;
  bus?: Bus;
  /** Told after a new escalation is stored (the runtime marks the agent escalated). */
  onCreated?: (escalation: Escalation) => Promise<void>;
  /** Told after an answer is stored (the runtime lets the agent go back to sleep). */
  onAnswered?: (escalation: Escalation) => Promise<void>;
}

export class EscalationService {
  constructor(private readonly deps: EscalationServiceDeps) {}

  async create(input: CreateEscalationInput): Promise<Escalation> {
    const v = parseOrThrow(createSchema, input, 'escalation');
    const now = this.deps.clock.now();
    const escalation: Escalation = {
      id: this.deps.ids.next('esc'),
      agentId: v.agentId,
      tenantId: v.tenantId,
      reason: v.reason,
      context: v.context,
      urgency: v.urgency,
      status: 'pending',
      decisionId: v.decisionId,
      createdAt: now,
      day: utcDay(now),
      answer: null,
    };
    const { entity, created } = await this.deps.store.escalations.insert({
      id: escalation.id,
      tenantId: v.tenantId,
      key: v.key ?? null,
      data: escalation,
    });
    if (created) {
      await this.deps.bus?.publish({
        topic: 'agent.escalation.created',
        payload: {
          id: escalation.id,
          agentId: escalation.agentId,
          tenantId: escalation.tenantId,
          reason: escalation.reason,
          urgency: escalation.urgency,
        },
        priority: priorityOf[escalation.urgency],
        from: escalation.agentId,
        idempotencyKey: `escalation-created:${escalation.id}`,
      });
      await this.deps.onCreated?.(escalation);
    }
    return entity.data;
  }

  /** NOT_FOUND when absent or owned by another tenant (when `tenantId` is given). */
  async get(id: string, options: { tenantId?: string | null } = {}): Promise<Escalation> {
    const doc = await this.deps.store.escalations.get(id, options);
    if (!doc)
      throw new PlatformError('NOT_FOUND', `Escalation ${id} does not exist`, {
        details: { escalationId: id },
      });
    return doc.data;
  }

  /** Newest first. */
  async list(
    options: {
      tenantId?: string | null;
      agentId?: string;
      status?: EscalationStatus;
      cursor?: string;
      limit?: number;
    } = {},
  ): Promise<Page<Escalation>> {
    const page = await this.deps.store.escalations.list({
      order: 'desc',
      where: { agentId: options.agentId, status: options.status },
      ...(options.tenantId === undefined ? {} : { tenantId: options.tenantId }),
      ...(options.cursor === undefined ? {} : { cursor: options.cursor }),
      ...(options.limit === undefined ? {} : { limit: options.limit }),
    });
    return {
      items: page.items.map((d) => d.data),
      ...(page.nextCursor === undefined ? {} : { nextCursor: page.nextCursor }),
    };
  }

  countPending(agentId: string): Promise<number> {
    return this.deps.store.escalations.count({ where: { agentId, status: 'pending' } });
  }

  /** Records the human's answer once; CONFLICT when already answered, VALIDATION for a modify without a modification. */
  async answer(
    id: string,
    input: AnswerEscalationInput,
    options: { tenantId?: string | null } = {},
  ): Promise<Escalation> {
    const v = parseOrThrow(answerSchema, input, 'answer');
    if (v.verdict === 'modify' && v.modification === undefined) {
      throw new PlatformError(
        'VALIDATION',
        'Invalid answer: modification is required when the verdict is modify',
        { details: { field: 'modification' } },
      );
    }
    await this.get(id, options);
    const now = this.deps.clock.now();
    const doc = await this.deps.store.escalations.modify(id, (e) => {
      if (e.status !== 'pending') {
        throw new PlatformError('CONFLICT', `Escalation ${id} was already answered (${e.status})`, {
          details: { escalationId: id, status: e.status },
        });
      }
      return {
        ...e,
        status: statusOf[v.verdict],
        answer: {
          verdict: v.verdict,
          by: v.by,
          note: v.note ?? null,
          modification: v.modification ?? null,
          at: now,
        },
      };
    });
    const e = doc.data;
    await this.deps.bus?.publish({
      topic: 'agent.escalation.answered',
      payload: {
        id: e.id,
        agentId: e.agentId,
        tenantId: e.tenantId,
        verdict: v.verdict,
        by: v.by,
        decisionId: e.decisionId,
      },
      priority: priorityOf[e.urgency],
      from: 'human',
      idempotencyKey: `escalation-answered:${e.id}`,
    });
    await this.deps.onAnswered?.(e);
    return e;
  }
}
