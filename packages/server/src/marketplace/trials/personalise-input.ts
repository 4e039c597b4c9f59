// Builds the input of a trial's first deliverable: the agent's example input with the customer's setup
// laid over it wherever the skill accepts the field, so the first result is about their business.
import type { z } from 'zod';
import { businessCandidates } from '../../skills/work-input.js';
import type { TrialSetup } from '../../contracts/contracts.js';

/** Skill input fields that setup data can fill: the same vocabulary the workforce uses for later work. */
function candidates(setup: TrialSetup): Array<[string, unknown]> {
  return businessCandidates(setup.business);
}

/**
 * Lays setup values over `example` one field at a time, keeping each only when the skill's schema still
 * accepts the whole input, so a value in the wrong form never breaks the run. A field is filled when
 * the example has it or the schema declares it (optional fields such as `brand`).
 */
export function personaliseInput(example: unknown, setup: TrialSetup, schema: z.ZodType): unknown {
  if (typeof example !== 'object' || example === null || Array.isArray(example)) return example;
  let current: Record<string, unknown> = { ...(example as Record<string, unknown>) };
  const shape = (schema as { shape?: unknown }).shape;
  const declared = new Set(typeof shape === 'object' && shape !== null ? Object.keys(shape) : []);
  for (const [field, value] of candidates(setup)) {
    if (!(field in current) && !declared.has(field)) continue;
    const next = { ...current, [field]: value };
    if (schema.safeParse(next).success) current = next;
  }
  return current;
}
