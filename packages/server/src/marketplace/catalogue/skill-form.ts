// Resolves a skill's input form: walks the input's JSON Schema (with the form metadata skills attach
// through `ui()`: title, description, examples, x-form) and picks, for every property, the friendliest
// control that can edit it. Raw JSON is the last resort (recursive shapes, arrays of arrays).
import { z } from 'zod';
import type { FormField, FormOption, SkillForm } from '../../contracts/contracts.js';
import type { FormHints } from '../../skills/shared/form-meta.js';
import type { AnySkill } from '../../skills/skill.js';

/** The subset of JSON Schema (draft 2020-12, as zod writes it) the resolver reads. */
interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: Schema | boolean;
  items?: Schema | false;
  prefixItems?: Schema[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  $ref?: string;
  title?: string;
  description?: string;
  examples?: unknown[];
  default?: unknown;
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  maxLength?: number;
  maxItems?: number;
  'x-form'?: FormHints;
}

/** The input's JSON Schema as the catalogue publishes it (input side: defaults make fields optional). */
export function inputJsonSchema(skill: AnySkill): Record<string, unknown> {
  return z.toJSONSchema(skill.inputSchema, { io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
}

/** "targetKeywords" / "target_keywords" → "Target keywords". */
export function labelFor(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function typeOf(s: Schema): string | undefined {
  if (Array.isArray(s.type)) return s.type.find((t) => t !== 'null');
  return s.type;
}

/** Removes `null` from a nullable union, so `string | null` edits as a string. */
function unwrap(s: Schema): Schema {
  const branches = s.anyOf ?? s.oneOf;
  if (!branches) return s;
  const real = branches.filter((b) => b.type !== 'null');
  if (real.length === 1) return { ...real[0], ...meta(s) };
  return s;
}

function meta(s: Schema): Partial<Schema> {
  const out: Partial<Schema> = {};
  if (s.title !== undefined) out.title = s.title;
  if (s.description !== undefined) out.description = s.description;
  if (s.examples !== undefined) out.examples = s.examples;
  if (s.default !== undefined) out.default = s.default;
  if (s['x-form'] !== undefined) out['x-form'] = s['x-form'];
  return out;
}

function optionsOf(values: readonly unknown[], labels: Record<string, string> | undefined): FormOption[] {
  return values
    .filter((v): v is string | number => typeof v === 'string' || typeof v === 'number')
    .map((v) => ({
      value: v,
      label: labels?.[String(v)] ?? (typeof v === 'string' ? labelFor(v) : String(v)),
    }));
}

/** Literal values of a union of constants (`9 | 10`, `'a' | 'b'`), or undefined when it is not one. */
function constants(s: Schema): unknown[] | undefined {
  if (s.enum) return s.enum;
  const branches = s.anyOf ?? s.oneOf;
  if (branches?.length && branches.every((b) => 'const' in b || (b.enum && b.enum.length === 1)))
    return branches.map((b) => ('const' in b ? b.const : b.enum?.[0]));
  return undefined;
}

/** The property every branch fixes to a constant, for a union of object shapes. */
function discriminatorOf(branches: readonly Schema[]): string | undefined {
  const first = branches[0]?.properties;
  if (!first) return undefined;
  return Object.keys(first).find((key) =>
    branches.every((b) => {
      const p = b.properties?.[key];
      return p !== undefined && ('const' in p || p.enum?.length === 1);
    }),
  );
}

function base(name: string, s: Schema, required: boolean): Omit<FormField, 'kind'> {
  const hints = s['x-form'];
  const example = s.examples?.[0];
  return {
    name,
    label: s.title ?? labelFor(name.split('.').pop() ?? name),
    ...(s.description ? { help: s.description } : {}),
    ...(example !== undefined
      ? { example: typeof example === 'string' ? example : JSON.stringify(example) }
      : {}),
    required,
    ...(hints?.advanced ? { advanced: true } : {}),
    ...(s.default !== undefined ? { default: s.default } : {}),
    ...(hints?.unit ? { unit: hints.unit } : {}),
    ...(hints?.fromUrl ? { fromUrl: true } : {}),
  };
}

function numberBounds(s: Schema): Pick<FormField, 'min' | 'max' | 'integer'> {
  const min = s.minimum ?? s.exclusiveMinimum;
  const max = s.maximum ?? s.exclusiveMaximum;
  return {
    // zod writes ±MAX_SAFE_INTEGER for an unbounded int; those are not limits worth showing.
    ...(min !== undefined && Math.abs(min) < Number.MAX_SAFE_INTEGER ? { min } : {}),
    ...(max !== undefined && Math.abs(max) < Number.MAX_SAFE_INTEGER ? { max } : {}),
    ...(typeOf(s) === 'integer' ? { integer: true } : {}),
  };
}

/** The kind a scalar schema edits as, or undefined when it is not a scalar. */
function scalarKind(s: Schema): FormField['kind'] | undefined {
  const t = typeOf(s);
  if (t === 'boolean') return 'checkbox';
  if (t === 'number' || t === 'integer') return 'number';
  if (t !== 'string') return undefined;
  if (s.format === 'date') return 'date';
  if (s.format === 'time') return 'time';
  if (s.format === 'uri' || s.format === 'url') return 'url';
  if (s.format === 'email') return 'email';
  return (s.maxLength ?? 0) >= 1000 ? 'textarea' : 'text';
}

/** One field for property `name` of schema `raw`. */
export function resolveField(name: string, raw: Schema, required: boolean): FormField {
  const s = unwrap(raw);
  const hints = s['x-form'];
  const b = base(name, s, required);
  const consts = constants(s);
  if (consts) return { ...b, kind: 'select', options: optionsOf(consts, hints?.options) };

  switch (hints?.widget) {
    case 'page':
    case 'csv':
    case 'json':
      return { ...b, kind: hints.widget, ...(s.maxLength ? { maxLength: s.maxLength } : {}) };
    case 'textarea':
      return { ...b, kind: 'textarea', ...(s.maxLength ? { maxLength: s.maxLength } : {}) };
    default:
  }

  const branches = s.anyOf ?? s.oneOf;
  if (branches) return unionField(b, branches, hints);
  if (s.$ref) return { ...b, kind: 'json' };

  const scalar = scalarKind(s);
  if (scalar === 'number') return { ...b, kind: 'number', ...numberBounds(s) };
  if (scalar) return { ...b, kind: scalar, ...(s.maxLength ? { maxLength: s.maxLength } : {}) };

  const t = typeOf(s);
  if (t === 'array') return arrayField(b, s);
  if (t === 'object') return objectField(b, s);
  return { ...b, kind: 'json' };
}

function unionField(b: Omit<FormField, 'kind'>, branches: Schema[], hints: FormHints | undefined): FormField {
  const shapes = branches.filter((x) => typeOf(x) === 'object' && x.properties);
  const discriminator = shapes.length === branches.length ? discriminatorOf(shapes) : undefined;
  if (discriminator) {
    return {
      ...b,
      kind: 'variant',
      discriminator,
      variants: shapes.map((shape) => {
        const p = shape.properties?.[discriminator];
        const value = String(p && 'const' in p ? p.const : p?.enum?.[0]);
        const required = new Set(shape.required ?? []);
        return {
          value,
          label: hints?.options?.[value] ?? labelFor(value),
          fields: Object.entries(shape.properties ?? {})
            .filter(([key]) => key !== discriminator)
            .map(([key, prop]) => resolveField(key, prop, required.has(key))),
        };
      }),
    };
  }
  // Mixed shapes: the most structured branch gives the control (a table over a string of words), and
  // a union that accepts text edits as text (the skill reads the words).
  const table = branches.find((x) => typeOf(x) === 'array' && x.items && typeOf(x.items) === 'object');
  if (table) return resolveField(b.name, { ...table, ...stripKind(b) }, b.required);
  if (branches.some((x) => typeOf(x) === 'string')) return { ...b, kind: 'text' };
  const numeric = branches.find((x) => typeOf(x) === 'number' || typeOf(x) === 'integer');
  if (numeric) return { ...b, kind: 'number', ...numberBounds(numeric) };
  return { ...b, kind: 'json' };
}

/** The metadata of a resolved base, as schema keywords, to carry onto a chosen union branch. */
function stripKind(b: Omit<FormField, 'kind'>): Partial<Schema> {
  return {
    title: b.label,
    ...(b.help ? { description: b.help } : {}),
    ...(b.default !== undefined ? { default: b.default } : {}),
  };
}

function arrayField(b: Omit<FormField, 'kind'>, s: Schema): FormField {
  const maxItems = s.maxItems !== undefined ? { maxItems: s.maxItems } : {};
  const tuple = s.prefixItems;
  if (tuple) {
    if (tuple.length === 2 && tuple.every((x) => scalarKind(x) === 'number'))
      return { ...b, kind: 'range', ...numberBounds(tuple[0] ?? {}) };
    return { ...b, kind: 'json' };
  }
  const item = s.items ? objectBranch(unwrap(s.items)) : undefined;
  if (!item) return { ...b, kind: 'json' };
  const consts = constants(item);
  if (consts)
    return { ...b, kind: 'choices', options: optionsOf(consts, item['x-form']?.options), ...maxItems };
  const scalar = scalarKind(item);
  if (scalar === 'number') return { ...b, kind: 'list', itemKind: 'number', ...maxItems };
  if (scalar === 'date') return { ...b, kind: 'list', itemKind: 'date', ...maxItems };
  if (scalar) return { ...b, kind: 'list', itemKind: 'text', ...maxItems };
  if (typeOf(item) === 'object') {
    if (!item.properties) return { ...b, kind: 'table', freeColumns: true, ...maxItems };
    return { ...b, kind: 'table', fields: columns(item), ...maxItems };
  }
  return { ...b, kind: 'json' };
}

/** For items that may be a word or an object (`'synergy' | {word, replacement}`), the object form. */
function objectBranch(s: Schema): Schema {
  const branches = s.anyOf ?? s.oneOf;
  const object = branches?.find((b) => typeOf(b) === 'object' && b.properties);
  return object && !discriminatorOf(branches ?? []) ? { ...object, ...meta(s) } : s;
}

/** Table columns of a row schema; a nested object's fields become `outer.inner` columns. */
function columns(row: Schema): FormField[] {
  const required = new Set(row.required ?? []);
  return Object.entries(row.properties ?? {}).flatMap(([key, raw]) => {
    const prop = unwrap(raw);
    if (typeOf(prop) === 'object' && prop.properties && !prop.anyOf) {
      const inner = new Set(prop.required ?? []);
      const outer = prop.title ?? labelFor(key);
      return Object.entries(prop.properties).map(([k, p]) => {
        const f = cell(resolveField(`${key}.${k}`, p, required.has(key) && inner.has(k)));
        return { ...f, label: `${outer}: ${f.label.charAt(0).toLowerCase()}${f.label.slice(1)}` };
      });
    }
    return [cell(resolveField(key, raw, required.has(key)))];
  });
}

/** A grid cell edits text: lists are written with commas, anything structured as JSON. */
function cell(f: FormField): FormField {
  if (['group', 'table', 'csv', 'page', 'keyValue', 'variant', 'range'].includes(f.kind))
    return { ...f, kind: 'json' };
  return f;
}

function objectField(b: Omit<FormField, 'kind'>, s: Schema): FormField {
  const hints = s['x-form'];
  if (hints?.keys) {
    const value = typeof s.additionalProperties === 'object' ? s.additionalProperties : {};
    // A questionnaire: one question per key, answered from the scale the hints name.
    const scale = hints.options
      ? Object.entries(hints.options).map(([v, label]) => ({
          value: typeOf(value) === 'string' ? v : Number(v),
          label,
        }))
      : undefined;
    return {
      ...b,
      kind: 'group',
      fields: hints.keys.map((k) =>
        scale
          ? { name: k.key, label: k.label, required: false, kind: 'select' as const, options: scale }
          : { ...resolveField(k.key, value, false), label: k.label },
      ),
    };
  }
  if (!s.properties) {
    const value = typeof s.additionalProperties === 'object' ? s.additionalProperties : { type: 'string' };
    return {
      ...b,
      kind: 'keyValue',
      fields: [
        { name: 'key', label: hints?.keyLabel ?? 'Name', required: true, kind: 'text' },
        cell({ ...resolveField('value', value, true), label: hints?.valueLabel ?? 'Value' }),
      ],
    };
  }
  const required = new Set(s.required ?? []);
  return {
    ...b,
    kind: 'group',
    fields: Object.entries(s.properties)
      .filter(([, p]) => !p['x-form']?.hidden)
      .map(([key, p]) => resolveField(key, p, required.has(key))),
  };
}

/** The form for a skill's input: one field per property that is not hidden. */
export function skillForm(skill: AnySkill): SkillForm {
  const schema = inputJsonSchema(skill) as Schema;
  const root = resolveField('input', schema, true);
  return { fields: root.kind === 'group' ? (root.fields ?? []) : [root] };
}
