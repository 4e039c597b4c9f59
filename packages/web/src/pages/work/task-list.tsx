// The instance's tasks with live status: re-read every few seconds while any is queued or running (and
// no longer once all have settled). Each shows its progress, its result (the deliverable with its
// checks), and can be cancelled while waiting or run again once settled.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import type { Task } from '@waooaw/server/contracts';
import { DeliverableView } from '../../components/deliverable-view.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { timeAgo } from '../../format.js';
import { userQueries } from '../../queries.js';
import { useSession } from '../../session.js';
import { cancelTask, rerunTask } from '../../work-api.js';
import { taskSourceLabel, taskStatusPill } from './work-labels.js';
import { whileMoving, workQueries } from './work-queries.js';
import { useAction } from './use-action.js';
import { JobLink } from './work-links.js';

/** A deliverable by its id, loaded on first view and kept (its checks listed). */
export function DeliverableById({ deliverableId }: { deliverableId: string }) {
  const userId = useSession()?.user.id ?? '';
  const body = useQuery(userQueries.deliverable(userId, deliverableId));
  if (body.error) return <ErrorAlert error={body.error} />;
  if (!body.data) return <p className="muted small">Loading…</p>;
  const d = body.data;
  return (
    <DeliverableView
      summary={d.summary}
      markdown={d.markdown}
      checks={d.checks}
      method={d.method}
      confidence={d.confidence}
    />
  );
}

function TaskRow({ task, now, onChanged }: { task: Task; now: number; onChanged: () => void }) {
  const [open, setOpen] = useState(false);
  const { busy, error, run: act } = useAction(onChanged);
  const pill = taskStatusPill[task.status];
  const base = `task-${task.id}`;
  const settled = !['queued', 'running'].includes(task.status);
  const deliverableId = task.deliverableIds[0];

  return (
    <li data-testid="task" data-status={task.status} aria-labelledby={`${base}-title`}>
      <div className="spread">
        <strong id={`${base}-title`}>{task.skillTitle}</strong>
        <span className={`pill ${pill.cls}`} data-testid="task-status">
          {pill.label}
        </span>
      </div>
      <div className="sub">
        {taskSourceLabel[task.source]} · {timeAgo(task.createdAt, now)}
        <JobLink jobId={task.jobId} />
      </div>
      {!settled && (
        <div className="task-progress">
          <progress max={1} value={task.progress.fraction} aria-label={`Progress of ${task.skillTitle}`} />
          <span className="small muted">{task.progress.step}</span>
        </div>
      )}
      {task.summary && <p className="small task-summary">{task.summary}</p>}
      {task.revisionComment && <p className="small muted">Your request: {task.revisionComment}</p>}
      {task.error && <p className="small field-error">{task.error.message}</p>}
      <div className="row">
        {deliverableId && (
          <button
            type="button"
            className="btn btn-sm"
            aria-expanded={open}
            aria-controls={`${base}-body`}
            onClick={() => setOpen(!open)}
          >
            {open ? 'Hide result' : 'View result'}
          </button>
        )}
        {task.status === 'awaiting-approval' && (
          <Link className="btn btn-sm btn-success" to="/inbox">
            Review in inbox
          </Link>
        )}
        {!settled && (
          <button
            type="button"
            className="btn btn-sm btn-ghost"
            disabled={busy}
            onClick={() => void act(() => cancelTask(task.id))}
          >
            Cancel
          </button>
        )}
        {settled && task.status !== 'awaiting-approval' && (
          <button
            type="button"
            className="btn btn-sm btn-ghost"
            disabled={busy}
            onClick={() => void act(() => rerunTask(task.id))}
          >
            Run again
          </button>
        )}
      </div>
      <ErrorAlert error={error} />
      {open && deliverableId && (
        <div id={`${base}-body`} className="viewer">
          <DeliverableById deliverableId={deliverableId} />
        </div>
      )}
    </li>
  );
}

export function TasksPanel({ instanceId, now }: { instanceId: string; now: number }) {
  const userId = useSession()?.user.id ?? '';
  const queryClient = useQueryClient();
  const tasks = useQuery({
    ...workQueries.tasks(userId, instanceId),
    refetchInterval: (q) => whileMoving(q.state.data),
  });
  const changed = () =>
    void queryClient.invalidateQueries({ queryKey: ['user', userId, 'instance', instanceId] });
  const items = tasks.data?.items ?? [];
  return (
    <section className="panel" aria-labelledby="tasks-title">
      <h2 id="tasks-title">
        Tasks <span className="pill">{items.length}</span>
      </h2>
      <ErrorAlert error={tasks.error} />
      {tasks.data && items.length === 0 && (
        <p className="muted small">No tasks yet. Give the agent its first piece of work below.</p>
      )}
      <ul className="list" data-testid="tasks">
        {items.map((t) => (
          <TaskRow key={t.id} task={t} now={now} onChanged={changed} />
        ))}
      </ul>
    </section>
  );
}
