// One labelled input of the account forms (sign up, log in, reset) registered with react-hook-form:
// its hint and its message sit under it and are announced with it.
import type { FieldValues, Path, RegisterOptions, UseFormReturn } from 'react-hook-form';

/** An email address as people type it; the server checks it again. */
export const emailRule = {
  required: 'Please enter your email address.',
  pattern: {
    value: /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/,
    message: 'That does not look like an email address (name@example.com).',
  },
  maxLength: { value: 254, message: 'Use at most 254 characters.' },
} as const;

export function AuthField<T extends FieldValues>({
  form,
  name,
  label,
  type = 'text',
  autoComplete,
  hint,
  rules,
}: {
  form: UseFormReturn<T>;
  name: Path<T>;
  label: string;
  type?: 'text' | 'email' | 'password';
  autoComplete?: string;
  hint?: string;
  rules?: RegisterOptions<T, Path<T>>;
}) {
  const id = `af-${name}`;
  const error = form.formState.errors[name]?.message;
  const message = typeof error === 'string' ? error : undefined;
  const describedBy = [hint ? `${id}-hint` : '', message ? `${id}-err` : ''].filter(Boolean).join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type={type}
        autoComplete={autoComplete}
        aria-invalid={message ? true : undefined}
        aria-describedby={describedBy || undefined}
        {...form.register(name, rules)}
      />
      {hint && (
        <span className="hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      {message && (
        <span className="field-error" id={`${id}-err`} role="alert">
          {message}
        </span>
      )}
    </div>
  );
}
