// "New task" on an instance: pick one of the agent's skills, fill its form (the plain-language form the
// demo uses, built from the skill's schema) or give its input as JSON, use uploaded files for inputs
// that take lists or documents — then run it now, or repeat it on a schedule.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { FormProvider, useForm } from 'react-hook-form';
import type { FormField, Instance, InstanceSkill } from '@waooaw/server/contracts';
import { ApiError } from '../../api.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { readFormInput } from '../../form/form-input.js';
import { initialValues, type FormValues } from '../../form/form-values.js';
import { FormFields } from '../../form/skill-form-fields.js';
import { JsonInput, ToggleGroup, inputModes } from '../../form/toggle-group.js';
import { useSession } from '../../session.js';
import { createSchedule, createTask } from '../../work-api.js';
import { FileChooser } from './file-picker.js';
import { workQueries } from './work-queries.js';
import { useAction } from './use-action.js';
import { SkillSelect } from './skill-select.js';

/** Phrases the server turns into cron; "custom" lets the customer type a cron expression. */
const repeatChoices = [
  { value: 'every weekday at 9', label: 'Every weekday at 09:00' },
  { value: 'every day at 18:30', label: 'Every day at 18:30' },
  { value: 'every monday at 10', label: 'Every Monday at 10:00' },
  { value: 'every hour', label: 'Every hour' },
  { value: 'custom', label: 'Custom (cron expression)' },
] as const;

function SkillTaskForm({
  instance,
  skill,
  fields,
}: {
  instance: Instance;
  skill: InstanceSkill;
  fields: FormField[];
}) {
  const userId = useSession()?.user.id ?? '';
  const queryClient = useQueryClient();
  const ids = useId();
  const [files, setFiles] = useState<Record<string, string>>({});
  // A field given by a file is not filled in the form.
  const shown = useMemo(() => fields.filter((f) => !files[f.name]), [fields, files]);
  const sample = useMemo(() => initialValues(fields, skill.exampleInput), [fields, skill.exampleInput]);
  const form = useForm<FormValues>({ defaultValues: sample, mode: 'onChange' });
  const formRef = useRef<HTMLFormElement>(null);
  const [mode, setMode] = useState<'form' | 'json'>('form');
  const [jsonText, setJsonText] = useState(() => JSON.stringify(skill.exampleInput ?? {}, null, 2));
  const [repeat, setRepeat] = useState<string>(repeatChoices[0].value);
  const [cron, setCron] = useState('0 9 * * 1-5');
  // Tasks and schedules are both under the instance's key: one refresh shows the new one.
  const { busy, error, setError, run } = useAction(
    () => void queryClient.invalidateQueries({ queryKey: ['user', userId, 'instance', instance.id] }),
  );
  const [said, setSaid] = useState<string | undefined>(undefined);

  const readInput = async (): Promise<Record<string, unknown> | undefined> => {
    let input: Record<string, unknown>;
    if (mode === 'json') {
      try {
        input = JSON.parse(jsonText) as Record<string, unknown>;
      } catch {
        setError(new ApiError(0, 'VALIDATION', 'The input is not valid JSON.'));
        return undefined;
      }
    } else {
      const read = await readFormInput(form, shown, formRef.current);
      if ('problem' in read) {
        setError(new ApiError(0, 'VALIDATION', read.problem));
        return undefined;
      }
      input = read.input;
    }
    for (const [field, fileId] of Object.entries(files)) if (fileId) input[field] = { $file: fileId };
    return input;
  };

  const act = async (what: 'run' | 'schedule') => {
    setError(undefined);
    setSaid(undefined);
    const input = await readInput();
    if (!input) return;
    await run(async () => {
      if (what === 'run') {
        await createTask(instance.id, { skill: skill.id, input });
        setSaid(`Task queued: ${skill.title}. It appears under Tasks.`);
      } else {
        const when = repeat === 'custom' ? { cron } : { every: repeat };
        const s = await createSchedule(instance.id, { skill: skill.id, input, ...when });
        setSaid(`Schedule saved: ${s.description}.`);
      }
    });
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void act('run');
  };

  return (
    <FormProvider {...form}>
      <form ref={formRef} onSubmit={submit} noValidate data-testid="task-form">
        <p className="muted small">{skill.description}</p>
        {skill.fileFields.map((ff) => (
          <FileChooser
            key={ff.field}
            fieldLabel={fields.find((f) => f.name === ff.field)?.label ?? ff.field}
            accepts={ff.accepts}
            value={files[ff.field] ?? ''}
            onChange={(id) => setFiles({ ...files, [ff.field]: id })}
          />
        ))}
        <ToggleGroup label="Input editor" options={inputModes} value={mode} onChange={setMode} />
        {mode === 'form' ? (
          <FormFields fields={shown} />
        ) : (
          <JsonInput
            id={`${ids}-json`}
            label={`Input (JSON)${Object.values(files).some(Boolean) ? ' — chosen files are added' : ''}`}
            rows={12}
            value={jsonText}
            onChange={setJsonText}
          />
        )}
        <ErrorAlert error={error} />
        <div aria-live="polite">{said && <p className="alert alert-ok small">{said}</p>}</div>
        <div className="row">
          <button type="submit" className="btn btn-primary" disabled={busy || instance.status !== 'active'}>
            Run task now
          </button>
        </div>
        <fieldset className="field-group repeat">
          <legend>Or repeat it</legend>
          <div className="row">
            <div className="field">
              <label htmlFor={`${ids}-when`}>When</label>
              <select id={`${ids}-when`} value={repeat} onChange={(e) => setRepeat(e.target.value)}>
                {repeatChoices.map((c) => (
                  <option key={c.value} value={c.value}>
                    {c.label}
                  </option>
                ))}
              </select>
            </div>
            {repeat === 'custom' && (
              <div className="field">
                <label htmlFor={`${ids}-cron`}>Cron (minute hour day month weekday)</label>
                <input
                  id={`${ids}-cron`}
                  type="text"
                  value={cron}
                  onChange={(e) => setCron(e.target.value)}
                  className="code"
                />
              </div>
            )}
          </div>
          <span className="hint">
            In the agent’s time zone ({instance.workingHours.timezone}), within its working hours.
          </span>
          <div className="row">
            <button type="button" className="btn" disabled={busy} onClick={() => void act('schedule')}>
              Create schedule
            </button>
          </div>
        </fieldset>
      </form>
    </FormProvider>
  );
}

export function NewTaskForm({ instance }: { instance: Instance }) {
  const [skillId, setSkillId] = useState(instance.skills[0]?.id ?? '');
  const skill = instance.skills.find((s) => s.id === skillId);
  const info = useQuery({ ...workQueries.skill(skillId), enabled: !!skill });
  const id = useId();
  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>New task</h2>
      {instance.status !== 'active' && (
        <p className="alert alert-info small">This agent is {instance.status}; it takes no new work now.</p>
      )}
      <SkillSelect
        id={`${id}-skill`}
        label="What should the agent do?"
        skills={instance.skills}
        value={skillId}
        onChange={setSkillId}
      />
      <ErrorAlert error={info.error} />
      {skill && info.data?.id === skill.id && (
        <SkillTaskForm key={skill.id} instance={instance} skill={skill} fields={info.data.form.fields} />
      )}
    </section>
  );
}
