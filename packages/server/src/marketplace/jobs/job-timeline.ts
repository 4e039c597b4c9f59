// A job's timeline (JobEventSchema), read from what carries its id: the protocol messages of its linked
// interactions (consult / handoff / escalate), its workflow instance's history (steps, the approval,
// compensation), its routing decisions and its tasks. Pure over what job-service.ts loads.
import type { JobEvent } from '../../contracts/work.js';
import type { HistoryEvent } from '../../engine/history-events.js';
import type { JobRecord } from '../../store/job-repositories.js';
import type { StoredAgentMessage } from '../../store/repositories/workforce-protocol.js';
import { iso } from '../time.js';
import type { JobTaskView } from './job-ports.js';

/** Which agent makes each step of the campaign workflow. */
const CAMPAIGN_STEP_AGENTS: Readonly<Record<string, string>> = {
  blog: 'content-marketing',
  social: 'social-media-marketing',
  email: 'email-marketing',
};

export interface TimelineSources {
  job: JobRecord;
  messages: StoredAgentMessage[];
  history: HistoryEvent[];
  tasks: Array<{ linkedAt: number; taskId: string; view: JobTaskView | undefined }>;
}

type Draft = Omit<JobEvent, 'at'> & { at: number };

const event = (
  at: number,
  kind: JobEvent['kind'],
  summary: string,
  extra: Partial<Omit<Draft, 'at' | 'kind' | 'summary'>> = {},
): Draft => ({ at, kind, summary, from: null, to: null, taskId: null, correlationId: null, ...extra });

const text = (v: unknown): string => (typeof v === 'string' ? v : '');
const obj = (v: unknown): Record<string, unknown> =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

function fromMessage(m: StoredAgentMessage): Draft | undefined {
  const p = obj(m.payload);
  const who = { from: m.from, to: m.to, correlationId: m.conversationId };
  switch (m.action) {
    case 'consult':
      return event(m.createdAt, 'consult', `${m.from} asked ${m.to}: ${text(p.question)}`, who);
    case 'consult.answered': {
      const answer = obj(p.answer);
      return event(
        m.createdAt,
        'consult-answered',
        `${m.from} answered: ${text(answer.summary) || 'see the conversation'}`,
        who,
      );
    }
    case 'handoff': {
      const ctx = obj(p.context);
      const what = Array.isArray(ctx.leads)
        ? `${ctx.leads.length} qualified lead(s)`
        : text(ctx.topic)
          ? `"${text(ctx.topic)}"`
          : 'work';
      return event(m.createdAt, 'handoff', `${m.from} handed ${what} to ${m.to}`, who);
    }
    case 'handoff.accepted':
      return event(m.createdAt, 'handoff-accepted', `${m.from} accepted the handoff`, who);
    case 'handoff.completed':
      return event(m.createdAt, 'note', `${m.from} completed the handoff`, who);
    case 'consult.timed_out':
    case 'handoff.sla_breached':
    case 'escalation.raised':
      return event(
        m.createdAt,
        'escalation',
        `${m.action.replace('.', ' ').replace('_', ' ')}: raised to a human`,
        who,
      );
    default:
      return undefined;
  }
}

function fromHistory(history: HistoryEvent[], leadAgent: string | null): Draft[] {
  const out: Draft[] = [];
  const activities = new Map<string, { elementId: string; taskType: string; undo: boolean }>();
  for (const e of history) {
    switch (e.type) {
      case 'activity.scheduled': {
        activities.set(e.activityId, {
          elementId: e.elementId,
          taskType: e.taskType,
          undo: e.compensationOf !== undefined,
        });
        if (e.attempt > 1) break;
        const agent = CAMPAIGN_STEP_AGENTS[e.elementId] ?? leadAgent;
        out.push(
          event(e.at, e.compensationOf ? 'compensated' : 'task-started', `${e.elementId}: ${e.taskType}`, {
            to: agent,
            correlationId: e.activityId,
          }),
        );
        break;
      }
      case 'activity.completed': {
        const a = activities.get(e.activityId);
        if (!a || a.undo) break;
        out.push(
          event(e.at, 'task-finished', `${a.elementId} done`, {
            from: CAMPAIGN_STEP_AGENTS[a.elementId] ?? leadAgent,
            correlationId: e.activityId,
          }),
        );
        break;
      }
      case 'usertask.created':
        out.push(event(e.at, 'approval', `Waiting for approval: ${e.title}`, { correlationId: e.taskId }));
        break;
      case 'usertask.completed': {
        const approved = e.data.approved === true;
        const comment = text(e.data.comment);
        out.push(
          event(
            e.at,
            'approval',
            `${approved ? 'Approved' : 'Not approved'} by ${e.actor}${comment ? `: ${comment}` : ''}`,
            {
              from: e.actor,
              correlationId: e.taskId,
            },
          ),
        );
        break;
      }
      case 'compensation.started':
        out.push(event(e.at, 'compensated', `Undoing the drafts: ${e.reason.message}`));
        break;
      case 'instance.completed':
        out.push(event(e.at, 'note', 'The campaign was launched'));
        break;
      case 'instance.failed':
        out.push(event(e.at, 'note', `The campaign failed: ${e.error.message}`));
        break;
      default:
        break;
    }
  }
  return out;
}

function fromTasks(tasks: TimelineSources['tasks']): Draft[] {
  return tasks.flatMap(({ linkedAt, taskId, view }) => {
    if (!view) return [event(linkedAt, 'task-started', 'Task queued', { taskId })];
    const started = event(
      view.startedAt ?? view.createdAt,
      'task-started',
      `${view.skill} (${view.status})`,
      {
        to: view.agentId,
        taskId,
      },
    );
    if (view.finishedAt === null) return [started];
    return [
      started,
      event(view.finishedAt, 'task-finished', view.summary ?? `${view.skill}: ${view.status}`, {
        from: view.agentId,
        taskId,
      }),
    ];
  });
}

/** Every event of the job, oldest first (ties keep the order of their sources). */
export function buildTimeline(sources: TimelineSources): JobEvent[] {
  const routed = sources.job.routing.map((r) =>
    event(r.at, 'routed', `${r.skill} → ${r.agentId}: ${r.reason}`, { to: r.agentId, taskId: r.taskId }),
  );
  const drafts = [
    ...routed,
    ...fromHistory(sources.history, sources.job.agentId),
    ...sources.messages.flatMap((m) => fromMessage(m) ?? []),
    ...fromTasks(sources.tasks),
  ];
  return drafts
    .map((d, i) => ({ d, i }))
    .sort((a, b) => a.d.at - b.d.at || a.i - b.i)
    .map(({ d }) => ({ ...d, at: iso(d.at) }));
}
