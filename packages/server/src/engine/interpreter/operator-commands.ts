// Operator commands on a running instance: suspend, resume, cancel (optionally compensating), set
// variables, retry incidents and migrate to another version. Commands that make no sense in the
// current state throw CONFLICT; bad variables or an impossible migration throw VALIDATION.
import { PlatformError } from '../../errors.js';
import { ROOT_SCOPE, type InstanceState } from '../instance-state.js';
import { checkVariables } from '../model/variables.js';
import { beginCompensation } from './compensation.js';
import type { OperatorInput } from './input.js';
import { conflict, type Step } from './step.js';
import { scheduleAgain } from './tasks.js';

function assertActive(state: InstanceState, what: string): void {
  if (state.isTerminal)
    throw conflict(`Instance ${state.instanceId} is ${state.status}; cannot ${what}`, {
      instanceId: state.instanceId,
      status: state.status,
    });
}

/** Applies an operator command; the caller runs the step afterwards (a retried incident moves tokens). */
export function applyOperatorCommand(step: Step, input: OperatorInput): void {
  const { state, ctx } = step;
  switch (input.kind) {
    case 'suspend':
      assertActive(state, 'suspend');
      if (!state.suspended) step.emit({ type: 'instance.suspended', actor: input.actor });
      return;
    case 'resume':
      assertActive(state, 'resume');
      if (state.suspended) step.emit({ type: 'instance.resumed', actor: input.actor });
      return;
    case 'cancel':
      assertActive(state, 'cancel');
      if (input.compensate && state.compensable.length) {
        beginCompensation(
          step,
          new PlatformError('CONFLICT', input.reason ?? `Cancelled by ${input.actor}`).toJSON(),
        );
      } else {
        step.cancelScopeTokens(ROOT_SCOPE);
        for (const a of [...state.activities.values()])
          step.emit({ type: 'activity.cancelled', activityId: a.activityId });
        for (const t of [...state.timers.values()])
          step.emit({ type: 'timer.cancelled', timerId: t.timerId });
        step.emit({
          type: 'instance.cancelled',
          actor: input.actor,
          ...(input.reason === undefined ? {} : { reason: input.reason }),
        });
      }
      return;
    case 'setVariables': {
      assertActive(state, 'set variables');
      const def = ctx.definition(state.version);
      const changes = checkVariables(def.model.variables, input.variables, {
        complete: false,
        context: `Variables of ${state.instanceId}`,
      });
      step.setVariables(changes, input.actor);
      return;
    }
    case 'retryIncident':
      assertActive(state, 'retry');
      retryIncident(step, input.incidentId, input.actor);
      return;
    case 'migrate':
      assertActive(state, 'migrate');
      migrate(step, input.toVersion, input.mapping, input.actor);
      return;
  }
}

function retryIncident(step: Step, incidentId: string | undefined, actor: string): void {
  const { state } = step;
  const incidents = [...state.incidents.values()].filter(
    (i) => incidentId === undefined || i.incidentId === incidentId,
  );
  if (incidents.length === 0) {
    throw conflict(
      incidentId
        ? `Incident ${incidentId} is not open on ${state.instanceId}`
        : `Instance ${state.instanceId} has no open incident`,
      {
        instanceId: state.instanceId,
      },
    );
  }
  for (const i of incidents) {
    step.emit({ type: 'incident.resolved', incidentId: i.incidentId, actor });
    const a = i.activityId ? state.activities.get(i.activityId) : undefined;
    // A failed activity is never a compensation handler (those end without an incident): attempt 1 again.
    if (a && a.status === 'failed') {
      scheduleAgain(step, a, 1);
    } else if (i.tokenId && state.tokens.has(i.tokenId)) {
      step.arrive(i.tokenId, i.elementId);
    }
  }
}

function migrate(step: Step, toVersion: number, mapping: Record<string, string>, actor: string): void {
  const { state } = step;
  const target = step.ctx.definition(toVersion);
  if (state.joins.size > 0) {
    throw conflict(
      `Instance ${state.instanceId} cannot migrate while a parallel join is half complete (${[...state.joins.keys()].join(', ')})`,
    );
  }
  if (state.compensation) throw conflict(`Instance ${state.instanceId} is compensating and cannot migrate`);
  const problems: Array<{ elementId: string; message: string }> = [];
  const current = step.def;
  const check = (id: string): void => {
    const to = mapping[id] ?? id;
    if (!target.hasElement(to))
      problems.push({ elementId: id, message: `maps to '${to}', which does not exist in v${toVersion}` });
    else if (current.hasElement(id) && target.element(to).element.type !== current.element(id).element.type) {
      problems.push({
        elementId: id,
        message: `is a ${current.element(id).element.type} but '${to}' in v${toVersion} is a ${target.element(to).element.type}`,
      });
    }
  };
  const ids = new Set<string>();
  for (const t of state.tokens.values()) ids.add(t.elementId);
  for (const a of state.activities.values()) ids.add(a.elementId);
  for (const u of state.userTasks.values()) ids.add(u.elementId);
  for (const t of state.timers.values()) if (t.purpose !== 'boundary') ids.add(t.elementId);
  for (const s of state.subscriptions.values()) if (s.purpose !== 'boundary') ids.add(s.elementId);
  for (const id of ids) check(id);
  if (problems.length) {
    throw new PlatformError(
      'VALIDATION',
      `Cannot migrate ${state.instanceId} to v${toVersion}: ${problems.map((p) => `${p.elementId} ${p.message}`).join('; ')}`,
      {
        details: { instanceId: state.instanceId, problems },
      },
    );
  }
  const fromVersion = state.version;
  step.emit({ type: 'instance.migrated', fromVersion, toVersion, mapping, actor });
  // Boundary events that no longer exist on the mapped host are dropped.
  for (const t of [...state.timers.values()]) {
    if (
      t.purpose === 'boundary' &&
      (!target.hasElement(t.elementId) || target.element(t.elementId).element.type !== 'boundaryEvent')
    ) {
      step.emit({ type: 'timer.cancelled', timerId: t.timerId });
    }
  }
  for (const s of [...state.subscriptions.values()]) {
    if (
      s.purpose === 'boundary' &&
      (!target.hasElement(s.elementId) || target.element(s.elementId).element.type !== 'boundaryEvent')
    ) {
      step.emit({ type: 'message.unsubscribed', subscriptionId: s.subscriptionId });
    }
  }
}
