// Form metadata for skill inputs, attached to each zod field with `.meta(ui({...}))`: the label, help
// and example a non-technical user sees, and hints for the control. It travels in the input's JSON
// Schema (`title`, `description`, `examples`, `x-form`) and the catalogue turns it into a form.
import type { z } from 'zod';

/** Controls a field may ask for instead of the one its type implies. */
export type FormWidget =
  /** Several lines of prose. */
  | 'textarea'
  /** A web page: fetched from its address, written as plain text, or pasted as HTML (advanced). */
  | 'page'
  /** CSV text, edited as a grid or uploaded as a CSV or Excel file. */
  | 'csv'
  /** Raw JSON; only where no friendlier control fits. */
  | 'json';

export interface FormHints {
  widget?: FormWidget;
  /** Shown under "More options": fine-tuning most users leave at its default. */
  advanced?: boolean;
  /** Not shown in the form at all (e.g. a random seed); the skill uses its default. */
  hidden?: boolean;
  /** Display labels for enum values, e.g. `{ 'en-GB': 'British English' }`. */
  options?: Record<string, string>;
  /** Unit shown beside a number, e.g. "₹", "%", "minutes". */
  unit?: string;
  /** A text field that can be filled with the visible text of a web page from its address. */
  fromUrl?: boolean;
  /** For an object of scores: the keys to ask for, each with the statement shown. */
  keys?: { key: string; label: string }[];
  /** For a record (free keys): what the key and value columns are called. */
  keyLabel?: string;
  valueLabel?: string;
}

export interface FieldMeta extends FormHints {
  /** The field's label, in plain words. */
  label: string;
  /** One sentence of help shown under the field. */
  help?: string;
  /** An example value shown as the placeholder ("e.g. …"). */
  example?: string;
}

/** zod `.meta()` argument for a field: `z.string().meta(ui({ label: 'Your page', widget: 'page' }))`. */
export function ui(meta: FieldMeta): z.core.GlobalMeta {
  const { label, help, example, ...hints } = meta;
  return {
    title: label,
    ...(help ? { description: help } : {}),
    ...(example !== undefined ? { examples: [example] } : {}),
    ...(Object.keys(hints).length ? { 'x-form': hints } : {}),
  };
}
