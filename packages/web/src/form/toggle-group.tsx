// A small group of pressed / not-pressed buttons choosing one of a few views (form or JSON, open or all).
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
