// The form a skill's input is edited with, resolved by the server from the input's JSON Schema and the
// skill's form metadata: one field per property with a control a non-technical user can fill (grids
// for tables, date pickers, a web page by its address). Imports nothing but zod, like contracts.ts.
import { z } from 'zod';

export const FormFieldKindSchema = z.enum([
  'text',
  'textarea',
  'number',
  'checkbox',
  'select',
  /** Several of a fixed set (checkboxes); the value is the list of chosen options. */
  'choices',
  /** A list of short items: one per line, or date pickers when `itemKind` is `date`. */
  'list',
  'date',
  'time',
  'url',
  'email',
  /** Two numbers, from and to. */
  'range',
  /** Named sub-fields (an object). */
  'group',
  /** Rows of `fields` (an array of objects), edited as a grid or uploaded as CSV/XLSX. */
  'table',
  /** CSV text with its own columns, edited as a grid or uploaded as CSV/XLSX. */
  'csv',
  /** HTML of a web page: from its address, from plain text, or pasted HTML (advanced). */
  'page',
  /** Free keys with a value each (a record), edited as a two-column grid. */
  'keyValue',
  /** One of several shapes, chosen by `discriminator` (e.g. a circle or a rectangle). */
  'variant',
  /** Raw JSON, where nothing friendlier fits. */
  'json',
]);
export type FormFieldKind = z.infer<typeof FormFieldKindSchema>;

export const FormOptionSchema = z.object({ value: z.union([z.string(), z.number()]), label: z.string() });
export type FormOption = z.infer<typeof FormOptionSchema>;

export interface FormField {
  /** Property name in the input (a table column of a nested object is `outer.inner`). */
  name: string;
  label: string;
  help?: string | undefined;
  /** Example value shown as the placeholder. */
  example?: string | undefined;
  required: boolean;
  /** Shown under "More options". */
  advanced?: boolean | undefined;
  kind: FormFieldKind;
  /** The skill's default when the field is left empty. */
  default?: unknown;
  min?: number | undefined;
  max?: number | undefined;
  integer?: boolean | undefined;
  maxLength?: number | undefined;
  maxItems?: number | undefined;
  unit?: string | undefined;
  /** select, choices: the allowed values. */
  options?: FormOption[] | undefined;
  /** list: what each item is. */
  itemKind?: 'text' | 'number' | 'date' | undefined;
  /** group: sub-fields; table: columns; keyValue: the key and value columns. */
  fields?: FormField[] | undefined;
  /** table without declared columns (rows of free keys): columns come from the data. */
  freeColumns?: boolean | undefined;
  /** variant: the property that names the shape, and the shapes. */
  discriminator?: string | undefined;
  variants?: { value: string; label: string; fields: FormField[] }[] | undefined;
  /** text/textarea: may be filled with the visible text of a web page from its address. */
  fromUrl?: boolean | undefined;
}

const fieldShape = {
  name: z.string(),
  label: z.string(),
  help: z.string().optional(),
  example: z.string().optional(),
  required: z.boolean(),
  advanced: z.boolean().optional(),
  kind: FormFieldKindSchema,
  default: z.unknown().optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  integer: z.boolean().optional(),
  maxLength: z.number().int().optional(),
  maxItems: z.number().int().optional(),
  unit: z.string().optional(),
  options: z.array(FormOptionSchema).optional(),
  itemKind: z.enum(['text', 'number', 'date']).optional(),
  freeColumns: z.boolean().optional(),
  discriminator: z.string().optional(),
  fromUrl: z.boolean().optional(),
};

/** A field whose sub-fields are `inner`: forms nest a few levels at most (a group in a group). */
function nested(inner: z.ZodType) {
  return z.object({
    ...fieldShape,
    fields: z.array(inner).optional(),
    variants: z.array(z.object({ value: z.string(), label: z.string(), fields: z.array(inner) })).optional(),
  });
}

// Written out to a fixed depth rather than recursively, so the OpenAPI document needs no $ref cycle.
const leafField = z.object(fieldShape);
export const FormFieldSchema = nested(nested(nested(nested(leafField)))) as unknown as z.ZodType<FormField>;

/** A skill's input form: its fields in order. */
export const SkillFormSchema = z.object({ fields: z.array(FormFieldSchema) });
export type SkillForm = z.infer<typeof SkillFormSchema>;
