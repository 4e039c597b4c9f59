// Small pieces of the skill forms: a group of pressed / not-pressed buttons choosing one view (form or
// JSON, open or all), and the "JSON (advanced)" editor.
export function ToggleGroup<T extends string>({
  label,
  options,
  value,
  onChange,
  className = 'row',
}: {
  label: string;
  options: readonly { value: T; label: string }[];
  value: T;
  onChange: (value: T) => void;
  className?: string;
}) {
  return (
    <div className={className} role="group" aria-label={label}>
      {options.map((o) => (
        <button
          key={o.value}
          type="button"
          className="btn btn-sm btn-ghost"
          aria-pressed={value === o.value}
          onClick={() => onChange(o.value)}
        >
          {o.label}
        </button>
      ))}
    </div>
  );
}

/** The skill forms' two editors. */
export const inputModes = [
  { value: 'form', label: 'Form' },
  { value: 'json', label: 'JSON (advanced)' },
] as const;

/** The "JSON (advanced)" editor of a skill's input. */
export function JsonInput({
  id,
  label = 'Input (JSON)',
  rows = 14,
  value,
  onChange,
}: {
  id: string;
  label?: string;
  rows?: number;
  value: string;
  onChange: (text: string) => void;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        rows={rows}
        className="code"
        value={value}
        spellCheck={false}
        onChange={(e) => onChange(e.target.value)}
      />
    </div>
  );
}
