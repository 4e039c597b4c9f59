// The typed, versioned message agents exchange (design digest §6). Validated with zod before it is
// stored in `agent_messages` or published; a bad message is a VALIDATION error naming the field.
import { z } from 'zod';
import { PlatformError } from '../../errors.js';

export const PROTOCOL_VERSION = 'v1.0';

export const messageTypes = [
  'request',
  'response',
  'notification',
  'handoff',
  'escalation',
  'consensus',
] as const;
export type MessageType = (typeof messageTypes)[number];

export const agentMessageSchema = z.object({
  id: z.string().min(1).max(100),
  protocolVersion: z.literal(PROTOCOL_VERSION),
  from: z.string().min(1).max(100),
  /** An agent id, `human:<who>`, or `broadcast`. */
  to: z.string().min(1).max(100),
  type: z.enum(messageTypes),
  action: z.string().min(1).max(100),
  payload: z.record(z.string(), z.unknown()),
  conversationId: z.string().min(1).max(100),
  parentId: z.string().min(1).max(100).nullable(),
  priority: z.enum(['urgent', 'normal', 'low']),
  requiresResponse: z.boolean(),
  /** Epoch ms by which a response is due. */
  respondBy: z.number().int().nonnegative().nullable(),
  createdAt: z.number().int().nonnegative(),
});

export type AgentMessage = z.infer<typeof agentMessageSchema>;

export function validateAgentMessage(value: unknown): AgentMessage {
  const parsed = agentMessageSchema.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    throw new PlatformError(
      'VALIDATION',
      `Invalid agent message: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
      { details: { issues } },
    );
  }
  return parsed.data;
}

/** Bus priority (1–5) for a protocol priority. */
export function busPriority(p: AgentMessage['priority']): 1 | 3 | 5 {
  return p === 'urgent' ? 5 : p === 'low' ? 1 : 3;
}
