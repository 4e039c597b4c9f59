// Builds the most conservative value a JSON Schema accepts (false, 0 or the minimum, the first enum
// member, null where allowed, empty arrays, required keys only), for the offline model's JSON replies.
import type { JsonSchema } from './model-provider.js';

/** Every offline answer announces itself with this marker (JSON replies carry it in their strings). */
export const OFFLINE_MARKER = '[offline model]';

const OFFLINE_TEXT = `${OFFLINE_MARKER} no language model is configured`;

export type ConservativeResult = { ok: true; value: unknown } | { ok: false; reason: string };

const formats: Record<string, string> = {
  'date-time': '1970-01-01T00:00:00.000Z',
  date: '1970-01-01',
  time: '00:00:00',
  email: 'offline@example.invalid',
  uri: 'https://offline.invalid/',
  url: 'https://offline.invalid/',
  uuid: '00000000-0000-4000-8000-000000000000',
};

function isSchema(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function resolveRef(ref: string, root: JsonSchema): JsonSchema | undefined {
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = root;
  for (const part of ref.slice(2).split('/')) {
    if (!isSchema(node)) return undefined;
    node = node[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return isSchema(node) ? node : undefined;
}

function num(schema: JsonSchema, key: string): number | undefined {
  const v = schema[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

function conservativeNumber(schema: JsonSchema, integer: boolean): ConservativeResult {
  const step = integer ? 1 : 1e-6;
  const min = num(schema, 'minimum');
  const exMin = num(schema, 'exclusiveMinimum');
  const max = num(schema, 'maximum');
  const exMax = num(schema, 'exclusiveMaximum');
  let value = 0;
  const lower = exMin !== undefined ? Math.max(exMin + step, min ?? -Infinity) : min;
  const upper = exMax !== undefined ? Math.min(exMax - step, max ?? Infinity) : max;
  if (lower !== undefined && value < lower) value = integer ? Math.ceil(lower) : lower;
  if (upper !== undefined && value > upper) value = integer ? Math.floor(upper) : upper;
  const multiple = num(schema, 'multipleOf');
  if (multiple && multiple > 0) value = Math.ceil(value / multiple) * multiple;
  if ((lower !== undefined && value < lower) || (upper !== undefined && value > upper)) {
    return { ok: false, reason: 'no number satisfies the bounds' };
  }
  return { ok: true, value };
}

function conservativeString(schema: JsonSchema): ConservativeResult {
  const format = typeof schema.format === 'string' ? formats[schema.format] : undefined;
  let text = format ?? OFFLINE_TEXT;
  const maxLength = num(schema, 'maxLength');
  const minLength = num(schema, 'minLength') ?? 0;
  if (maxLength !== undefined && text.length > maxLength) text = text.slice(0, maxLength);
  if (text.length < minLength) text = text.padEnd(minLength, '.');
  if (typeof schema.pattern === 'string') {
    try {
      if (!new RegExp(schema.pattern, 'u').test(text))
        return { ok: false, reason: `no offline text matches ${schema.pattern}` };
    } catch {
      return { ok: false, reason: `unsupported pattern ${schema.pattern}` };
    }
  }
  return { ok: true, value: text };
}

/** The most conservative value `schema` accepts, or why none could be built. */
export function conservativeValue(
  schema: JsonSchema,
  root: JsonSchema = schema,
  depth = 0,
): ConservativeResult {
  if (depth > 32) return { ok: false, reason: 'schema nests too deeply' };
  const next = (s: unknown): ConservativeResult =>
    isSchema(s)
      ? conservativeValue(s, root, depth + 1)
      : s === true
        ? { ok: true, value: null }
        : { ok: false, reason: 'schema rejects every value' };

  if (typeof schema.$ref === 'string') {
    const target = resolveRef(schema.$ref, root);
    return target ? next(target) : { ok: false, reason: `cannot resolve ${schema.$ref}` };
  }
  if ('const' in schema) return { ok: true, value: schema.const };
  if (Array.isArray(schema.enum)) {
    return schema.enum.length ? { ok: true, value: schema.enum[0] } : { ok: false, reason: 'empty enum' };
  }
  for (const key of ['anyOf', 'oneOf'] as const) {
    const branches = schema[key];
    if (!Array.isArray(branches)) continue;
    if (branches.some((b) => isSchema(b) && b.type === 'null')) return { ok: true, value: null };
    for (const branch of branches) {
      const r = next(branch);
      if (r.ok) return r;
    }
    return { ok: false, reason: `no ${key} branch can be satisfied` };
  }
  if (Array.isArray(schema.allOf)) {
    const merged: JsonSchema = {};
    const properties: Record<string, unknown> = {};
    const required: unknown[] = [];
    for (const part of schema.allOf) {
      if (!isSchema(part)) continue;
      Object.assign(merged, part);
      if (isSchema(part.properties)) Object.assign(properties, part.properties);
      if (Array.isArray(part.required)) required.push(...(part.required as unknown[]));
    }
    const { allOf: _allOf, ...rest } = schema;
    return next({ ...merged, ...rest, properties, required });
  }

  const types = Array.isArray(schema.type)
    ? (schema.type as unknown[])
    : schema.type === undefined
      ? []
      : [schema.type];
  if (types.includes('null')) return { ok: true, value: null };
  const type =
    types[0] ?? (isSchema(schema.properties) ? 'object' : schema.items !== undefined ? 'array' : undefined);
  switch (type) {
    case 'boolean':
      return { ok: true, value: false };
    case 'integer':
      return conservativeNumber(schema, true);
    case 'number':
      return conservativeNumber(schema, false);
    case 'string':
      return conservativeString(schema);
    case 'array': {
      const count = num(schema, 'minItems') ?? 0;
      const prefix = Array.isArray(schema.prefixItems) ? (schema.prefixItems as unknown[]) : [];
      const items: unknown[] = [];
      for (let i = 0; i < count; i++) {
        const r = next(i < prefix.length ? prefix[i] : (schema.items ?? true));
        if (!r.ok) return r;
        items.push(r.value);
      }
      return { ok: true, value: items };
    }
    case 'object': {
      const props = isSchema(schema.properties) ? schema.properties : {};
      const required = Array.isArray(schema.required)
        ? schema.required.filter((k): k is string => typeof k === 'string')
        : [];
      const out: Record<string, unknown> = {};
      for (const key of required) {
        const r = next(props[key] ?? schema.additionalProperties ?? true);
        if (!r.ok) return { ok: false, reason: `${key}: ${r.reason}` };
        out[key] = r.value;
      }
      return { ok: true, value: out };
    }
    case undefined:
      return { ok: true, value: null };
    default:
      return { ok: false, reason: `unsupported type ${String(type)}` };
  }
}
