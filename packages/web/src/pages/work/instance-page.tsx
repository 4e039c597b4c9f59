// One working agent (an instance: the trial, and the hire it became): its status, plan and budget use,
// its tasks with live status, a "new task" form from the skill's schema with files, schedules, inbound
// webhooks and its recent deliverables. Linked from the dashboard's agent cards.
import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Link, useOutletContext, useParams } from 'react-router';
import type { Instance } from '@waooaw/server/contracts';
import type { ShellContext } from '../../app.js';
import { DeliverablesPanel } from '../../components/deliverables-panel.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { formatMoney } from '../../format.js';
import { DASHBOARD_REFRESH_MS } from '../../queries.js';
import { useSession } from '../../session.js';
import { useNow } from '../../use-now.js';
import { NewTaskForm } from './new-task-form.js';
import { SchedulesPanel } from './schedules-panel.js';
import { TasksPanel } from './task-list.js';
import { WebhooksPanel } from './webhooks-panel.js';
import { instanceStatusPill } from './work-labels.js';
import { WORK_REFRESH_MS, workQueries } from './work-queries.js';

const dayNames = ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

function Summary({ instance }: { instance: Instance }) {
  const { budget, taskCounts: c } = instance;
  const money = (m: { amount: number; currency: string }) => formatMoney(m.amount, m.currency);
  const hours = instance.workingHours;
  return (
    <dl className="kv instance-kv">
      <div>
        <dt>Plan</dt>
        <dd>
          {instance.engagement === 'trial'
            ? 'Free trial'
            : `${instance.plan === 'annual' ? 'Annual' : 'Monthly'} plan`}
        </dd>
      </div>
      <div>
        <dt>Budget used</dt>
        <dd data-testid="budget">
          {money(budget.spent)}
          {budget.limit && ` of ${money(budget.limit)}`}
          {budget.runLimit !== null && ` · ${budget.runs}/${budget.runLimit} runs`}
        </dd>
      </div>
      <div>
        <dt>Tasks</dt>
        <dd>
          {c.queued + c.running} in progress · {c.awaitingApproval} to review · {c.done} done
          {c.failed > 0 && ` · ${c.failed} failed`}
        </dd>
      </div>
      <div>
        <dt>Works</dt>
        <dd>
          {hours.days.map((d) => dayNames[d]).join(', ')} {hours.start}–{hours.end} ({hours.timezone})
        </dd>
      </div>
      <div>
        <dt>Approval</dt>
        <dd>{instance.approvalMode === 'review_all' ? 'You review all work' : 'Published automatically'}</dd>
      </div>
    </dl>
  );
}

export function InstancePage() {
  const { instanceId = '' } = useParams();
  const session = useSession();
  const userId = session?.user.id ?? '';
  const { setTitle } = useOutletContext<ShellContext>();
  const now = useNow(WORK_REFRESH_MS * 5);
  const instance = useQuery({ ...workQueries.instance(userId, instanceId), enabled: !!session });
  const data = instance.data;
  useEffect(() => setTitle(data?.name), [data?.name, setTitle]);

  if (!session)
    return (
      <section className="narrow panel">
        <h1>Your agent</h1>
        <p className="muted">
          <Link to={`/login?next=/instances/${encodeURIComponent(instanceId)}`}>Log in</Link> to give your
          agent work.
        </p>
      </section>
    );
  if (!data)
    return (
      <section className="panel">
        <h1>Your agent</h1>
        {instance.error ? <ErrorAlert error={instance.error} /> : <p className="muted">Loading…</p>}
      </section>
    );

  const pill = instanceStatusPill[data.status];
  const skillTitles = Object.fromEntries(data.skills.map((s) => [s.id, s.title]));
  return (
    <div className="instance-page">
      <nav className="breadcrumb small" aria-label="Breadcrumb">
        <Link to="/dashboard">Dashboard</Link> / {data.name}
      </nav>
      <header className="dash-head spread">
        <div>
          <h1>{data.name}</h1>
          <p className="muted" style={{ margin: 0 }}>
            <Link to={`/agents/${encodeURIComponent(data.agentId)}`}>{data.agentName}</Link>
          </p>
        </div>
        <span className={`pill ${pill.cls}`} data-testid="instance-status">
          {pill.label}
        </span>
      </header>
      <Summary instance={data} />
      <div className="dash-grid">
        <div>
          <TasksPanel instanceId={data.id} now={now} />
          <NewTaskForm instance={data} />
        </div>
        <div>
          <SchedulesPanel instanceId={data.id} skillTitles={skillTitles} />
          <WebhooksPanel instance={data} />
          {data.trialId && <DeliverablesPanel now={now} poll={DASHBOARD_REFRESH_MS} trialId={data.trialId} />}
        </div>
      </div>
    </div>
  );
}
