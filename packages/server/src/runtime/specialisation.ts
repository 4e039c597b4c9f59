// Specialisation: what an agent type is for — domain, expertise, capabilities and explicit
// constraints with their reasons. Immutable: every hired instance of the type shares one.
import { z } from 'zod';
import { parseOrThrow } from '../components/validation/validator.js';

const slug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,99}$/, 'must be lower-case letters, digits, ".", "_" or "-" (≤ 100)');

export const specialisationSchema = z.object({
  /** Agent type id, e.g. `content-marketing-healthcare`. */
  agentType: slug,
  /** Role title shown on cards and used as the default display name, e.g. "Content Marketing Specialist". */
  role: z.string().min(1).max(120),
  /** `marketing`, `education`, `sales`, `platform`… */
  domain: z.string().min(1).max(60),
  /** One line, e.g. "Healthcare content that passes medical review". */
  expertise: z.string().min(1).max(300),
  /** Semantic version of the type. */
  version: z
    .string()
    .regex(/^\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?$/, 'must be a semantic version such as 1.2.0'),
  responsibilities: z.array(z.string().min(1).max(300)).max(50).default([]),
  /** Capability ids (`write-blog-post`, `score-leads`); `canDo` checks these. */
  capabilities: z.array(z.string().min(1).max(100)).max(200),
  constraints: z
    .array(
      z.object({
        rule: z.string().min(1).max(300),
        reason: z.string().min(1).max(500),
        /** Actions the rule forbids; a trailing `*` matches by prefix (`publish:*`). */
        forbids: z.array(z.string().min(1).max(100)).min(1).max(50),
      }),
    )
    .max(50)
    .default([]),
});

export type SpecialisationInput = z.input<typeof specialisationSchema>;
export type SpecialisationData = z.output<typeof specialisationSchema>;
export type Constraint = SpecialisationData['constraints'][number];

function matches(pattern: string, action: string): boolean {
  return pattern.endsWith('*') ? action.startsWith(pattern.slice(0, -1)) : pattern === action;
}

/** A validated, deeply frozen specialisation. */
export interface Specialisation extends Readonly<SpecialisationData> {
  /** True when the type lists the capability. */
  canDo(capability: string): boolean;
  /** The reason of the first constraint that forbids `action`, or undefined when it is allowed. */
  isConstrained(action: string): string | undefined;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** Validates (VALIDATION naming the field) and freezes a specialisation. */
export function defineSpecialisation(input: SpecialisationInput): Specialisation {
  const data = parseOrThrow(specialisationSchema, input, 'specialisation');
  const capabilities = new Set(data.capabilities);
  const spec: Specialisation = {
    ...data,
    canDo: (capability) => capabilities.has(capability),
    isConstrained: (action) =>
      data.constraints.find((c) => c.forbids.some((p) => matches(p, action)))?.reason,
  };
  return deepFreeze(spec);
}
