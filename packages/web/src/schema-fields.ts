// Turns a skill's JSON Schema plus its example input into form fields for react-hook-form: which
// control edits each property, its starting value, its validation rule, and the edited values back into
// input. Simple properties become inputs; nested objects and arrays of objects stay JSON.

/** The subset of JSON Schema the demo form understands. */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  description?: string;
  title?: string;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  default?: unknown;
  format?: string;
}

export type FieldKind = 'text' | 'textarea' | 'number' | 'boolean' | 'select' | 'lines' | 'json';

export interface FieldSpec {
  name: string;
  label: string;
  kind: FieldKind;
  required: boolean;
  description?: string;
  options?: string[];
  /** For `lines`: whether items are numbers. */
  numeric?: boolean;
  /** The schema's default, shown as a placeholder (the skill applies it when the field is empty). */
  placeholder?: string;
}

function typeOf(schema: JsonSchema | undefined): string | undefined {
  if (!schema) return undefined;
  if (Array.isArray(schema.type)) return schema.type.find((t) => t !== 'null');
  return schema.type;
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

/** Field specs for an object schema, or undefined when the schema is not a flat-enough object. */
export function fieldsFromSchema(schema: JsonSchema, example: unknown): FieldSpec[] | undefined {
  if (typeOf(schema) !== 'object' || !schema.properties) return undefined;
  const ex = (typeof example === 'object' && example !== null ? example : {}) as Record<string, unknown>;
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties).map(([name, prop]) => {
    const base = {
      name,
      label: prop.title ?? labelFor(name),
      required: required.has(name),
      ...(prop.description ? { description: prop.description } : {}),
      ...(prop.default !== undefined && typeof prop.default !== 'object'
        ? { placeholder: `Default: ${String(prop.default)}` }
        : {}),
    };
    const t = typeOf(prop);
    if (prop.enum && prop.enum.every((v) => typeof v === 'string'))
      return { ...base, kind: 'select', options: prop.enum as string[] };
    if (t === 'string') {
      const sample = typeof ex[name] === 'string' ? (ex[name] as string) : '';
      // URLs, emails and names stay one-line inputs whatever their length limit.
      const singleLine =
        prop.format !== undefined || /(url|uri|email|name|title|keyword|slug|domain)$/i.test(name);
      const long =
        sample.includes('\n') || sample.length > 100 || (!singleLine && (prop.maxLength ?? 0) > 1000);
      return { ...base, kind: long ? 'textarea' : 'text' };
    }
    if (t === 'number' || t === 'integer') return { ...base, kind: 'number' };
    if (t === 'boolean') return { ...base, kind: 'boolean' };
    if (t === 'array') {
      const it = typeOf(prop.items);
      if (it === 'string') return { ...base, kind: 'lines', numeric: false };
      if (it === 'number' || it === 'integer') return { ...base, kind: 'lines', numeric: true };
    }
    return { ...base, kind: 'json' };
  });
}

/** A field's value in the form: text for every control but the checkbox. */
export type FieldValue = string | boolean;

/** The text shown in a field for a value. */
export function toText(field: FieldSpec, value: unknown): string {
  if (value === undefined || value === null) return '';
  switch (field.kind) {
    case 'lines':
      return Array.isArray(value) ? value.map(String).join('\n') : '';
    case 'json':
      return JSON.stringify(value, null, 2);
    case 'boolean':
      return value === true ? 'true' : 'false';
    default:
      return String(value);
  }
}

/** The form's starting values for an input object (checkboxes hold booleans, other controls text). */
export function formValues(fields: readonly FieldSpec[], input: unknown): FieldValue[] {
  const ex = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  return fields.map((f) => (f.kind === 'boolean' ? ex[f.name] === true : toText(f, ex[f.name])));
}

/** One field's value as input: `value` to send, `error` to show, or neither for an empty optional field. */
export function parseField(
  field: FieldSpec,
  raw: FieldValue | undefined,
): { value?: unknown; error?: string } {
  if (field.kind === 'boolean') return { value: raw === true || raw === 'true' };
  const text = typeof raw === 'string' ? raw : '';
  if (text.trim() === '') return field.required ? { error: `${field.label} is required` } : {};
  switch (field.kind) {
    case 'number': {
      const n = Number(text);
      return Number.isFinite(n) ? { value: n } : { error: `${field.label} must be a number` };
    }
    case 'lines': {
      const items = text
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean);
      if (!field.numeric) return { value: items };
      const nums = items.map(Number);
      return nums.some((n) => !Number.isFinite(n))
        ? { error: `${field.label}: every line must be a number` }
        : { value: nums };
    }
    case 'json':
      try {
        return { value: JSON.parse(text) as unknown };
      } catch {
        return { error: `${field.label} is not valid JSON` };
      }
    default:
      return { value: text };
  }
}

/** The react-hook-form rule for a field: the same check that turns its text into input. */
export function fieldRules(field: FieldSpec): { validate: (value: unknown) => string | true } {
  return { validate: (value: unknown) => parseField(field, value as FieldValue).error ?? true };
}

/** Builds the input object from field values; returns per-field errors instead of throwing. */
export function fromTexts(
  fields: readonly FieldSpec[],
  texts: Record<string, FieldValue>,
): { input: Record<string, unknown>; errors: Record<string, string> } {
  const input: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const f of fields) {
    const { value, error } = parseField(f, texts[f.name]);
    if (error !== undefined) errors[f.name] = error;
    else if (value !== undefined) input[f.name] = value;
  }
  return { input, errors };
}
