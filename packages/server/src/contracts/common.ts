// Shared pieces of the HTTP contract: timestamps, ids, cursors and pages, money, the one error body.
import { z } from 'zod';

/** ISO-8601 UTC timestamp, e.g. `2026-01-01T09:00:00.000Z`. */
export const TimestampSchema = z.string().describe('ISO-8601 UTC timestamp');
export const IdSchema = z.string().min(1).max(120);
export const CursorSchema = z.string().min(1).max(500).describe('Opaque cursor from a previous page');
export const LimitSchema = z.coerce.number().int().min(1).max(100).default(20);

export const ErrorBodySchema = z.object({
  error: z.object({
    code: z
      .string()
      .describe('Stable machine-readable code, e.g. VALIDATION, NOT_FOUND, PRECONDITION_FAILED'),
    message: z.string(),
    details: z.record(z.string(), z.unknown()),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

/** A page of items; `nextCursor` is absent on the last page. */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().optional() });
}
export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

export const PageQuerySchema = z.object({ cursor: CursorSchema.optional(), limit: LimitSchema });
export type PageQuery = z.input<typeof PageQuerySchema>;

export const MoneySchema = z.object({ amount: z.number().nonnegative(), currency: z.string().length(3) });
export type Money = z.infer<typeof MoneySchema>;

export const OkSchema = z.object({ ok: z.literal(true) });
export type Ok = z.infer<typeof OkSchema>;

export const IdParamsSchema = z.object({ id: IdSchema });
export const AgentParamsSchema = z.object({ agentId: IdSchema });
