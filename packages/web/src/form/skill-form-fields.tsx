// Renders a skill's form (as the server resolved it) with react-hook-form: one control per field,
// checked as the user types with the same rules that turn the values into input. Fields marked
// advanced wait under "More options".
import { useFieldArray, useFormContext } from 'react-hook-form';
import type { FormField } from '@waooaw/server/contracts';
import { Icon } from '../components/icon.js';
import { DataGrid } from './data-grid.js';
import { FieldShell, describedBy, fieldId, useFieldError } from './field-shell.js';
import { scalarProblem, type VariantValue } from './form-values.js';
import { PageField, TextFromUrl } from './page-field.js';

const placeholder = (f: FormField) =>
  f.example !== undefined
    ? `e.g. ${f.example}`
    : f.default !== undefined && typeof f.default !== 'object'
      ? String(f.default)
      : undefined;

function ScalarField({ path, field }: { path: string; field: FormField }) {
  const { register } = useFormContext();
  const error = useFieldError(path);
  const a11y = describedBy(path, field, error);
  const registered = register(path, { validate: (v: string) => scalarProblem(field, v ?? '') ?? true });
  const common = { ...a11y, ...registered, placeholder: placeholder(field), required: field.required };
  let control;
  switch (field.kind) {
    case 'textarea':
      control = <textarea {...common} rows={6} className="prose" />;
      break;
    case 'select':
      control = (
        <select {...common}>
          {!field.required && <option value="">{field.default !== undefined ? 'Default' : '—'}</option>}
          {(field.options ?? []).map((o) => (
            <option key={String(o.value)} value={String(o.value)}>
              {o.label}
            </option>
          ))}
        </select>
      );
      break;
    case 'number':
      control = <input {...common} type="text" inputMode="decimal" />;
      break;
    case 'date':
    case 'time':
    case 'url':
    case 'email':
      control = <input {...common} type={field.kind} />;
      break;
    case 'json':
      control = <textarea {...common} rows={6} className="code" spellCheck={false} />;
      break;
    default:
      control = <input {...common} type="text" maxLength={field.maxLength} />;
  }
  return (
    <FieldShell path={path} field={field} error={error}>
      {control}
      {field.fromUrl && <TextFromUrl path={path} />}
    </FieldShell>
  );
}

function CheckboxField({ path, field }: { path: string; field: FormField }) {
  const { register } = useFormContext();
  const id = fieldId(path);
  return (
    <div className="field">
      <label className="choice" htmlFor={id}>
        <input type="checkbox" id={id} {...register(path)} />
        <span>{field.label}</span>
      </label>
      {field.help && <span className="hint">{field.help}</span>}
    </div>
  );
}

function ChoicesField({ path, field }: { path: string; field: FormField }) {
  const { register } = useFormContext();
  const error = useFieldError(path);
  return (
    <FieldShell path={path} field={field} error={error} asGroup>
      <div className="choices">
        {(field.options ?? []).map((o) => (
          <label className="chip-choice" key={String(o.value)}>
            <input type="checkbox" value={String(o.value)} {...register(path)} />
            <span>{o.label}</span>
          </label>
        ))}
      </div>
    </FieldShell>
  );
}

function DateListField({ path, field }: { path: string; field: FormField }) {
  const { register, control } = useFormContext();
  const error = useFieldError(path);
  const dates = useFieldArray({ control, name: path });
  return (
    <FieldShell path={path} field={field} error={error} asGroup>
      {dates.fields.map((d, i) => (
        <div className="row nowrap" key={d.id}>
          <input type="date" aria-label={`${field.label} ${i + 1}`} {...register(`${path}.${i}.value`)} />
          <button
            type="button"
            className="btn btn-icon btn-ghost"
            aria-label={`Remove ${field.label.toLowerCase()} ${i + 1}`}
            onClick={() => dates.remove(i)}
          >
            <Icon name="x" />
          </button>
        </div>
      ))}
      <button type="button" className="btn btn-sm" onClick={() => dates.append({ value: '' })}>
        <Icon name="plus" /> Add a date
      </button>
    </FieldShell>
  );
}

function ListField({ path, field }: { path: string; field: FormField }) {
  const { register } = useFormContext();
  const error = useFieldError(path);
  const shown = { ...field, help: field.help ? `${field.help} One per line.` : 'One per line.' };
  const a11y = describedBy(path, shown, error);
  return (
    <FieldShell path={path} field={shown} error={error}>
      <textarea {...a11y} {...register(path)} rows={3} placeholder={placeholder(field)} />
    </FieldShell>
  );
}

function RangeField({ path, field }: { path: string; field: FormField }) {
  const { register } = useFormContext();
  const error = useFieldError(path);
  const id = fieldId(path);
  return (
    <FieldShell path={path} field={field} error={error} asGroup>
      <div className="row nowrap">
        <label htmlFor={`${id}-from`}>From</label>
        <input id={`${id}-from`} type="text" inputMode="decimal" {...register(`${path}.from`)} />
        <label htmlFor={`${id}-to`}>to</label>
        <input id={`${id}-to`} type="text" inputMode="decimal" {...register(`${path}.to`)} />
      </div>
    </FieldShell>
  );
}

function VariantField({ path, field }: { path: string; field: FormField }) {
  const { register, watch } = useFormContext();
  const error = useFieldError(path);
  const value = watch(path) as VariantValue;
  const shape = field.variants?.find((v) => v.value === value.choice);
  const id = fieldId(path);
  return (
    <FieldShell path={path} field={field} error={error} asGroup>
      <div className="field">
        <label htmlFor={`${id}-choice`}>Kind</label>
        <select id={`${id}-choice`} {...register(`${path}.choice`)}>
          {(field.variants ?? []).map((v) => (
            <option key={v.value} value={v.value}>
              {v.label}
            </option>
          ))}
        </select>
      </div>
      {shape && <FormFields fields={shape.fields} prefix={`${path}.shapes.${shape.value}.`} />}
    </FieldShell>
  );
}

function GroupField({ path, field }: { path: string; field: FormField }) {
  const error = useFieldError(path);
  return (
    <FieldShell path={path} field={field} error={error} asGroup>
      <FormFields fields={field.fields ?? []} prefix={`${path}.`} />
    </FieldShell>
  );
}

export function FieldControl({ path, field }: { path: string; field: FormField }) {
  switch (field.kind) {
    case 'checkbox':
      return <CheckboxField path={path} field={field} />;
    case 'choices':
      return <ChoicesField path={path} field={field} />;
    case 'list':
      return field.itemKind === 'date' ? (
        <DateListField path={path} field={field} />
      ) : (
        <ListField path={path} field={field} />
      );
    case 'range':
      return <RangeField path={path} field={field} />;
    case 'group':
      return <GroupField path={path} field={field} />;
    case 'table':
    case 'keyValue':
    case 'csv':
      return <DataGrid path={path} field={field} />;
    case 'page':
      return <PageField path={path} field={field} />;
    case 'variant':
      return <VariantField path={path} field={field} />;
    default:
      return <ScalarField path={path} field={field} />;
  }
}

/** The fields of a form (or of a group), the advanced ones under a "More options" disclosure. */
export function FormFields({ fields, prefix = '' }: { fields: readonly FormField[]; prefix?: string }) {
  const main = fields.filter((f) => !f.advanced);
  const advanced = fields.filter((f) => f.advanced);
  return (
    <>
      {main.map((f) => (
        <FieldControl key={f.name} path={`${prefix}${f.name}`} field={f} />
      ))}
      {advanced.length > 0 && (
        <details className="more-options">
          <summary>More options ({advanced.length})</summary>
          {advanced.map((f) => (
            <FieldControl key={f.name} path={`${prefix}${f.name}`} field={f} />
          ))}
        </details>
      )}
    </>
  );
}
