// The frame of one form field: its label, its help, its example and its error, wired together for
// screen readers (aria-describedby) so the message is read next to the field it belongs to.
import type { ReactNode } from 'react';
import { useFormState } from 'react-hook-form';
import type { FormField } from '@waooaw/server/contracts';

/** A DOM id for a field path (`icp.countries` → `f-icp-countries`). */
export const fieldId = (path: string) => `f-${path.replace(/[^A-Za-z0-9_-]+/g, '-')}`;

/** The message react-hook-form holds for `path`, if any. */
export function useFieldError(path: string): string | undefined {
  const { errors } = useFormState({ name: path as never });
  let node: unknown = errors;
  for (const part of path.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
  const message = (node as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' ? message : undefined;
}

/** What a control needs to say about itself: its described-by ids and invalid state. */
export function describedBy(path: string, field: FormField, error: string | undefined) {
  const id = fieldId(path);
  const ids = [field.help ? `${id}-help` : '', error ? `${id}-err` : ''].filter(Boolean).join(' ');
  return {
    id,
    'aria-describedby': ids || undefined,
    'aria-invalid': error ? true : undefined,
  } as const;
}

export function FieldShell({
  path,
  field,
  error,
  children,
  asGroup = false,
}: {
  path: string;
  field: FormField;
  error: string | undefined;
  children: ReactNode;
  /** For controls made of several inputs: a fieldset with a legend instead of a label. */
  asGroup?: boolean;
}) {
  const id = fieldId(path);
  const label = (
    <>
      {field.label}
      {field.required ? <span className="req"> (required)</span> : null}
      {field.unit ? <span className="hint"> — {field.unit}</span> : null}
    </>
  );
  const notes = (
    <>
      {field.help && (
        <span className="hint" id={`${id}-help`}>
          {field.help}
        </span>
      )}
      {error && (
        <span className="field-error" id={`${id}-err`} role="alert">
          {error}
        </span>
      )}
    </>
  );
  if (asGroup)
    return (
      <fieldset className="field field-group" aria-describedby={field.help ? `${id}-help` : undefined}>
        <legend>{label}</legend>
        {notes}
        {children}
      </fieldset>
    );
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      {notes}
    </div>
  );
}
