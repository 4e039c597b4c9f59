// Turns a skill's JSON Schema plus its example input into editable form fields, and the edited text
// back into input. Simple properties become inputs; nested objects and arrays of objects stay JSON.

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

/** Builds the input object from field texts; returns per-field errors instead of throwing. */
export function fromTexts(
  fields: FieldSpec[],
  texts: Record<string, string>,
): { input: Record<string, unknown>; errors: Record<string, string> } {
  const input: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const f of fields) {
    const text = texts[f.name] ?? '';
    const empty = text.trim() === '';
    if (empty && f.kind !== 'boolean') {
      if (f.required) errors[f.name] = `${f.label} is required`;
      continue;
    }
    switch (f.kind) {
      case 'number': {
        const n = Number(text);
        if (Number.isFinite(n)) input[f.name] = n;
        else errors[f.name] = `${f.label} must be a number`;
        break;
      }
      case 'boolean':
        input[f.name] = text === 'true';
        break;
      case 'lines': {
        const items = text
          .split('\n')
          .map((l) => l.trim())
          .filter(Boolean);
        if (f.numeric) {
          const nums = items.map(Number);
          if (nums.some((n) => !Number.isFinite(n)))
            errors[f.name] = `${f.label}: every line must be a number`;
          else input[f.name] = nums;
        } else input[f.name] = items;
        break;
      }
      case 'json':
        try {
          input[f.name] = JSON.parse(text) as unknown;
        } catch {
          errors[f.name] = `${f.label} is not valid JSON`;
        }
        break;
      default:
        input[f.name] = text;
    }
  }
  return { input, errors };
}
