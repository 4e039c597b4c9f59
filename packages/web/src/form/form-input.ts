// Turns a filled skill form into the skill's input: checks every field, fetches pages given by their
// address that are not fetched yet (so "Run" works in one click), and focuses the first bad field.
// Shared by the live demo and the "new task" form of an instance.
import type { UseFormReturn } from 'react-hook-form';
import type { FormField } from '@waooaw/server/contracts';
import { fetchInto } from './page-field.js';
import { toInput, type FormValues, type PageValue } from './form-values.js';

/** Moves focus to the first invalid control, opening "More options" when it hides there. */
export function focusFirstInvalid(form: HTMLFormElement | null): void {
  const el = form?.querySelector<HTMLElement>('[aria-invalid="true"]');
  if (!el) return;
  const details = el.closest('details');
  if (details) details.open = true;
  el.focus();
}

async function fetchPending(form: UseFormReturn<FormValues>, fields: readonly FormField[]): Promise<boolean> {
  let ok = true;
  for (const f of fields.filter((x) => x.kind === 'page')) {
    const page = form.getValues(f.name) as unknown as PageValue;
    if (page.mode !== 'url' || !page.url.trim() || page.fetchedUrl === page.url.trim()) continue;
    const problem = await fetchInto(f.name, page.url, (n, v) => form.setValue(n, v as never));
    if (problem) {
      form.setError(f.name, { message: problem });
      ok = false;
    }
  }
  return ok;
}

/** The form's input, or a sentence saying what to fix (the bad fields are marked and the first focused). */
export async function readFormInput(
  form: UseFormReturn<FormValues>,
  fields: readonly FormField[],
  formElement: HTMLFormElement | null,
): Promise<{ input: Record<string, unknown> } | { problem: string }> {
  const valid = (await form.trigger()) && (await fetchPending(form, fields));
  const { input, errors } = toInput(fields, form.getValues());
  for (const [path, message] of Object.entries(errors)) form.setError(path, { message });
  if (valid && Object.keys(errors).length === 0) return { input };
  const count = Object.keys(form.formState.errors).length || Object.keys(errors).length;
  requestAnimationFrame(() => focusFirstInvalid(formElement));
  return { problem: `Please fix the highlighted field${count === 1 ? '' : 's'} above.` };
}
