// Builds a skill's input for one piece of work: the spec's example or template for the skill, laid
// over with the customer's business info and then with the event or request data, one field at a
// time and only where the skill's schema accepts the value, so the work is about their business and
// a value in the wrong form never breaks the run.
import type { z } from 'zod';
import type { JsonValue } from '../errors.js';

/** What a customer told us about their business (the trial setup wizard's vocabulary). */
export interface BusinessInfo {
  companyName: string;
  industry?: string | undefined;
  website?: string | undefined;
  description?: string | undefined;
  audience?: string | undefined;
  goals?: string[] | undefined;
  /** Topics, subjects or products the agent should focus on. */
  topics?: string[] | undefined;
}

type Fields = Record<string, unknown>;

function isRecord(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Setup values and the skill input fields each may fill (the same vocabulary the trial setup uses). */
export function businessCandidates(b: BusinessInfo): Array<[string, unknown]> {
  const topics = b.topics ?? [];
  const out: Array<[string, unknown]> = [
    ['brand', b.companyName],
    ['company', b.companyName],
    ['companyName', b.companyName],
    ['businessName', b.companyName],
  ];
  if (b.audience) out.push(['audience', b.audience], ['targetAudience', b.audience]);
  if (b.website) out.push(['website', b.website], ['url', b.website], ['domain', b.website]);
  if (b.goals?.length) out.push(['goals', b.goals]);
  if (topics[0])
    out.push(
      ['topic', topics[0]],
      ['subject', topics[0]],
      ['primaryKeyword', topics[0]],
      ['product', topics[0]],
    );
  if (topics.length > 1)
    out.push(['secondaryKeywords', topics.slice(1)], ['keywords', topics], ['topics', topics]);
  if (b.industry) out.push(['industryName', b.industry]);
  return out;
}

/** Fields the schema declares at the top level (empty for non-object schemas). */
function declaredFields(schema: z.ZodType): Set<string> {
  const shape = (schema as { shape?: unknown }).shape;
  return new Set(isRecord(shape) ? Object.keys(shape) : []);
}

/**
 * Whether `candidate` (with `field` set) is acceptable as far as `field` goes: the whole input parses,
 * or no remaining problem is about `field` (other fields may still be missing at this point).
 */
function fieldFits(schema: z.ZodType, candidate: Fields, field: string): boolean {
  const parsed = schema.safeParse(candidate);
  if (parsed.success) return true;
  return !parsed.error.issues.some(
    (i) =>
      i.path[0] === field ||
      (i.code === 'unrecognized_keys' && (i as { keys?: string[] }).keys?.includes(field) === true),
  );
}

function overlay(
  schema: z.ZodType,
  current: Fields,
  entries: Iterable<[string, unknown]>,
  onlyKnown: boolean,
): Fields {
  const declared = declaredFields(schema);
  let out = current;
  for (const [field, value] of entries) {
    if (value === undefined) continue;
    if (onlyKnown && !(field in out) && !declared.has(field)) continue;
    const next = { ...out, [field]: value };
    if (fieldFits(schema, next, field)) out = next;
  }
  return out;
}

/** The object a payload contributes: its `input` when it carries one, else its own fields. */
export function payloadFields(payload: unknown): Fields | undefined {
  if (!isRecord(payload)) return undefined;
  if (isRecord(payload.input)) return payload.input;
  const { tenantId: _t, instanceId: _i, ...rest } = payload;
  return rest;
}

const DAY = 86_400_000;
const PLACEHOLDER = /^\{\{\s*(today|company|topic|audience|industry)\s*(?:([+-])\s*(\d{1,4}))?\s*\}\}$/;

/**
 * Resolves a spec template's placeholders, so a scheduled rule works on current data: a string that is
 * exactly `{{today}}` / `{{today+7}}` becomes a UTC date (YYYY-MM-DD) relative to `now`; `{{company}}`,
 * `{{topic}}`, `{{audience}}` and `{{industry}}` come from the business info (a field whose value is
 * unknown is dropped). Other values are kept as they are.
 */
export function resolveTemplate(
  value: JsonValue | undefined,
  now: number,
  business?: BusinessInfo,
): JsonValue | undefined {
  if (typeof value === 'string') {
    const m = PLACEHOLDER.exec(value);
    if (!m) return value;
    const [, name, sign, amount] = m;
    if (name === 'today') {
      const offset = amount === undefined ? 0 : Number(amount) * (sign === '-' ? -1 : 1);
      return new Date(now + offset * DAY).toISOString().slice(0, 10);
    }
    if (!business) return undefined;
    if (name === 'company') return business.companyName;
    if (name === 'topic') return business.topics?.[0];
    if (name === 'audience') return business.audience;
    return business.industry;
  }
  if (Array.isArray(value))
    return value.map((v) => resolveTemplate(v, now, business)).filter((v): v is JsonValue => v !== undefined);
  if (isRecord(value)) {
    const out: Record<string, JsonValue> = {};
    for (const [k, v] of Object.entries(value)) {
      const r = resolveTemplate(v as JsonValue, now, business);
      if (r !== undefined) out[k] = r;
    }
    return out;
  }
  return value;
}

export interface DeriveInputOptions {
  /** The skill's input schema. */
  schema: z.ZodType;
  /** The spec's example or template input for this skill, if any. */
  base?: JsonValue | undefined;
  business?: BusinessInfo | undefined;
  /** Event payload or request input: most specific, applied last. */
  data?: unknown;
  /** Time for `{{today}}` placeholders in `base`. */
  now: number;
}

/**
 * The skill input for one piece of work. Data that is already a complete, valid input is used as
 * given; otherwise base → business → data, field by field. The result may still be invalid (the skill
 * then fails with VALIDATION naming the field).
 */
export function deriveSkillInput(options: DeriveInputOptions): unknown {
  const { schema } = options;
  const data = payloadFields(options.data);
  if (data && schema.safeParse(data).success) return data;
  const base = resolveTemplate(options.base, options.now, options.business);
  let current: Fields = isRecord(base) ? { ...base } : {};
  if (options.business) current = overlay(schema, current, businessCandidates(options.business), true);
  if (data) current = overlay(schema, current, Object.entries(data), false);
  return current;
}
