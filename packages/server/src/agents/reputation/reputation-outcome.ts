// What can happen to an agent that bears on its reputation: a task or decision succeeded or failed,
// a stretch of uptime or downtime, a handoff it received was completed or not, a peer or customer rating.
import { z } from 'zod';
import { PlatformError } from '../../errors.js';
import { parseOrThrow } from '../../components/validation/validator.js';

const common = {
  /** Idempotency key: recording the same key twice counts once (unique across all agents). */
  key: z.string().min(1).max(300).optional(),
  /** When it happened (epoch ms); the injected clock's now by default. */
  at: z.int().min(0).optional(),
};

export const reputationOutcomeSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('task'),
    /** The task's deliverable was accepted / the decision was not overturned. */
    success: z.boolean(),
    /** Time from assignment to result, for the speed component. */
    responseMs: z
      .number()
      .min(0)
      .max(365 * 24 * 3600_000)
      .optional(),
    ...common,
  }),
  z.object({
    kind: z.literal('availability'),
    upMs: z
      .number()
      .min(0)
      .max(366 * 24 * 3600_000),
    downMs: z
      .number()
      .min(0)
      .max(366 * 24 * 3600_000),
    ...common,
  }),
  z.object({
    kind: z.literal('handoff'),
    /** The handoff this agent received was completed within its SLA. */
    completed: z.boolean(),
    ...common,
  }),
  z.object({
    kind: z.literal('rating'),
    /** 1–5 stars; mapped linearly to 0..1 (1 → 0, 5 → 1). */
    stars: z.number().min(1).max(5),
    source: z.enum(['peer', 'customer']).default('customer'),
    raterId: z.string().min(1).max(200).optional(),
    ...common,
  }),
]);

export type ReputationOutcomeInput = z.input<typeof reputationOutcomeSchema>;
export type ReputationOutcome = z.output<typeof reputationOutcomeSchema>;

/** VALIDATION naming the field when `raw` is not an outcome, or reports no time at all. */
export function parseReputationOutcome(raw: unknown): ReputationOutcome {
  const outcome = parseOrThrow(reputationOutcomeSchema, raw, 'reputation outcome');
  if (outcome.kind === 'availability' && outcome.upMs + outcome.downMs <= 0) {
    throw new PlatformError(
      'VALIDATION',
      'Invalid reputation outcome: upMs + downMs must be greater than 0',
      { details: { field: 'upMs' } },
    );
  }
  return outcome;
}

/** VALIDATION unless `agentId` is a non-empty id of at most 200 characters. */
export function assertAgentId(agentId: unknown, field = 'agentId'): asserts agentId is string {
  if (typeof agentId !== 'string' || agentId.trim() === '' || agentId.length > 200) {
    throw new PlatformError('VALIDATION', `${field} must be a non-empty string of at most 200 characters`, {
      details: { field },
    });
  }
}
