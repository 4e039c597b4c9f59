// The instance's schedules: what runs when (in words, from the server), the next runs, why the last
// one made no task, and pause / resume / delete. New schedules are made from the "new task" form.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Schedule } from '@waooaw/server/contracts';
import { ErrorAlert } from '../../components/error-alert.js';
import { useSession } from '../../session.js';
import { deleteSchedule, pauseSchedule, resumeSchedule } from '../../work-api.js';
import { workQueries } from './work-queries.js';
import { useAction } from './use-action.js';
import { dateTime } from './work-labels.js';

function ScheduleRow({
  schedule,
  skillTitle,
  onChanged,
}: {
  schedule: Schedule;
  skillTitle: string;
  onChanged: () => void;
}) {
  const { busy, error, run: act } = useAction(onChanged);
  const name = schedule.label ?? skillTitle;
  return (
    <li data-testid="schedule" aria-label={`${name}: ${schedule.description}`}>
      <div className="spread">
        <strong>{name}</strong>
        <span className={`pill ${schedule.status === 'active' ? 'pill-active' : 'pill-provisioning'}`}>
          {schedule.status === 'active' ? 'Active' : 'Paused'}
        </span>
      </div>
      <div className="sub" data-testid="schedule-when">
        {schedule.description}
      </div>
      {schedule.status === 'active' && schedule.nextRuns.length > 0 && (
        <p className="small">
          Next runs:{' '}
          {schedule.nextRuns
            .slice(0, 3)
            .map((r) => dateTime(r))
            .join(' · ')}
        </p>
      )}
      {schedule.lastError && (
        <p className="small field-error">Last run made no task: {schedule.lastError.message}</p>
      )}
      <div className="row">
        {schedule.status === 'active' ? (
          <button
            type="button"
            className="btn btn-sm"
            disabled={busy}
            onClick={() => void act(() => pauseSchedule(schedule.id))}
          >
            Pause<span className="sr-only"> {name}</span>
          </button>
        ) : (
          <button
            type="button"
            className="btn btn-sm"
            disabled={busy}
            onClick={() => void act(() => resumeSchedule(schedule.id))}
          >
            Resume<span className="sr-only"> {name}</span>
          </button>
        )}
        <button
          type="button"
          className="btn btn-sm btn-ghost"
          disabled={busy}
          onClick={() => {
            if (window.confirm(`Delete the schedule “${name}”? Tasks it made stay.`))
              void act(() => deleteSchedule(schedule.id));
          }}
        >
          Delete<span className="sr-only"> {name}</span>
        </button>
      </div>
      <ErrorAlert error={error} />
    </li>
  );
}

export function SchedulesPanel({
  instanceId,
  skillTitles,
}: {
  instanceId: string;
  skillTitles: Record<string, string>;
}) {
  const userId = useSession()?.user.id ?? '';
  const queryClient = useQueryClient();
  const schedules = useQuery(workQueries.schedules(userId, instanceId));
  const changed = () =>
    void queryClient.invalidateQueries({ queryKey: workQueries.schedules(userId, instanceId).queryKey });
  const items = schedules.data?.items ?? [];
  return (
    <section className="panel" aria-labelledby="schedules-title">
      <h2 id="schedules-title">Schedules</h2>
      <ErrorAlert error={schedules.error} />
      {schedules.data && items.length === 0 && (
        <p className="muted small">
          Nothing recurring yet. Fill in a task below and choose “Create schedule”.
        </p>
      )}
      <ul className="list" data-testid="schedules">
        {items.map((s) => (
          <ScheduleRow
            key={s.id}
            schedule={s}
            skillTitle={skillTitles[s.skill] ?? s.skill}
            onChanged={changed}
          />
        ))}
      </ul>
    </section>
  );
}
