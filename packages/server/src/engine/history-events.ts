// The durable history of a workflow instance: every decision the interpreter takes and every input it
// receives, in order. Replaying these events through `applyEvent` rebuilds the instance state exactly.
// Event shapes are a storage format: change them only compatibly (golden histories guard this).
import type { JsonValue, SerializedError } from '../errors.js';

/** `eventSub`: an event sub-process's start trigger, armed on its enclosing scope (tokenId holds the scope id). */
export type TimerPurpose = 'catch' | 'boundary' | 'sla' | 'retry' | 'gateway' | 'eventSub';
export type SubscriptionPurpose = 'catch' | 'boundary' | 'gateway' | 'eventSub';
export type ConditionPurpose = 'catch' | 'boundary' | 'eventSub';

/** Subscriptions to a signal are message subscriptions under this name prefix (broadcast, no key). */
export const SIGNAL_PREFIX = 'signal:';

interface Base {
  /** Position in the instance history, from 1. */
  seq: number;
  /** Epoch ms when the event was decided (the injected clock). */
  at: number;
}

export interface ParentLink {
  instanceId: string;
  /** The call activity's token in the parent. */
  tokenId: string;
  elementId: string;
}

export type HistoryEventBody =
  | {
      type: 'instance.started';
      definitionId: string;
      version: number;
      businessKey: string | null;
      variables: Record<string, JsonValue>;
      parent?: ParentLink;
      startElementId: string;
      tokenId: string;
      actor: string;
    }
  | { type: 'variables.set'; changes: Record<string, JsonValue>; actor: string; elementId?: string }
  | { type: 'token.created'; tokenId: string; scopeId: string; elementId: string }
  | { type: 'token.ended'; tokenId: string; elementId: string }
  | { type: 'token.cancelled'; tokenId: string }
  | { type: 'join.waiting'; tokenId: string; gatewayId: string; flowId: string; scopeId: string }
  | {
      type: 'join.fired';
      gatewayId: string;
      scopeId: string;
      tokenId: string;
      consumed: string[];
      /** A complex gateway fired: it consumes later arrivals until `join.reset`. */
      awaitsReset?: boolean;
    }
  /** A complex gateway's reset phase is over: the tokens that came meanwhile are consumed. */
  | { type: 'join.reset'; gatewayId: string; scopeId: string; consumed: string[] }
  | {
      type: 'activity.scheduled';
      activityId: string;
      tokenId?: string;
      elementId: string;
      scopeId: string;
      taskType: string;
      /** Explicit handler input; null means "the instance variables when it runs". */
      input: Record<string, JsonValue> | null;
      attempt: number;
      /** Set when the task has a compensation handler: its completion is remembered for undo. */
      compensable?: boolean;
      /** Set for compensation handlers: the activity being undone. */
      compensationOf?: string;
    }
  | { type: 'activity.completed'; activityId: string; result: JsonValue }
  | {
      type: 'activity.failed';
      activityId: string;
      error: SerializedError;
      final: boolean;
      retryAt?: number;
    }
  | { type: 'activity.cancelled'; activityId: string }
  | {
      type: 'timer.scheduled';
      timerId: string;
      elementId: string;
      purpose: TimerPurpose;
      dueAt: number;
      tokenId?: string;
      gatewayId?: string;
      activityId?: string;
      taskId?: string;
      /** How many times a cycle timer has fired before this scheduling. */
      iteration?: number;
    }
  | { type: 'timer.fired'; timerId: string }
  | { type: 'timer.cancelled'; timerId: string }
  | {
      type: 'message.subscribed';
      subscriptionId: string;
      name: string;
      correlationKey: string | null;
      elementId: string;
      tokenId: string;
      purpose: SubscriptionPurpose;
      gatewayId?: string;
    }
  | { type: 'message.received'; subscriptionId: string; name: string; payload: JsonValue; messageId: string }
  | { type: 'message.unsubscribed'; subscriptionId: string }
  /** A signal thrown by this instance: broadcast in the same commit to every subscriber and signal start. */
  | { type: 'signal.thrown'; signalId: string; name: string; elementId: string; payload: JsonValue }
  /** An escalation thrown at `elementId`, and the boundary event that caught it (null: uncaught, the path goes on). */
  | { type: 'escalation.thrown'; code: string; elementId: string; caughtBy: string | null }
  /** A token waits on a condition (a conditional catch event or boundary). */
  | {
      type: 'condition.waiting';
      conditionId: string;
      elementId: string;
      tokenId: string;
      purpose: ConditionPurpose;
    }
  /** The condition held: the wait ends, unless `keep` (a non-interrupting boundary: marked met, fires again after a reset). */
  | { type: 'condition.fired'; conditionId: string; keep?: boolean }
  /** A met non-interrupting condition no longer holds: it may fire again. */
  | { type: 'condition.reset'; conditionId: string }
  | { type: 'condition.cancelled'; conditionId: string }
  /** A service task with no handler in this engine is handed to external job workers as job `jobKey`. */
  | { type: 'activity.external'; activityId: string; jobKey: string; retries: number }
  | {
      type: 'usertask.created';
      taskId: string;
      tokenId: string;
      elementId: string;
      scopeId: string;
      title: string;
      body?: string;
      assignee?: string;
      role?: string;
      form?: JsonValue;
      dueAt?: number;
    }
  | { type: 'usertask.completed'; taskId: string; data: Record<string, JsonValue>; actor: string }
  | { type: 'usertask.escalated'; taskId: string; assignee?: string; role?: string }
  | { type: 'usertask.expired'; taskId: string }
  | { type: 'usertask.cancelled'; taskId: string }
  | { type: 'scope.entered'; scopeId: string; elementId: string; tokenId: string; parentScopeId: string }
  | { type: 'scope.completed'; scopeId: string }
  | { type: 'scope.cancelled'; scopeId: string }
  | {
      type: 'child.started';
      childInstanceId: string;
      tokenId: string;
      elementId: string;
      definitionId: string;
      version?: number;
      variables: Record<string, JsonValue>;
    }
  | { type: 'child.completed'; childInstanceId: string; variables: Record<string, JsonValue> }
  | { type: 'child.failed'; childInstanceId: string; error: SerializedError }
  | { type: 'child.cancelled'; childInstanceId: string }
  | {
      type: 'incident.raised';
      incidentId: string;
      elementId: string;
      tokenId?: string;
      activityId?: string;
      error: SerializedError;
    }
  | { type: 'incident.resolved'; incidentId: string; actor: string }
  | {
      type: 'compensation.started';
      reason: SerializedError;
      queue: string[];
      /**
       * Compensation of part of the instance (a cancelled transaction, a compensation throw event):
       * afterwards the token leaves by `elementId` (the cancel boundary, or the throw event itself).
       */
      resumeAt?: { tokenId: string; elementId: string };
    }
  | { type: 'compensation.finished'; failed: string[] }
  | { type: 'instance.suspended'; actor: string }
  | { type: 'instance.resumed'; actor: string }
  | {
      type: 'instance.migrated';
      fromVersion: number;
      toVersion: number;
      mapping: Record<string, string>;
      actor: string;
    }
  | { type: 'instance.completed' }
  | { type: 'instance.failed'; error: SerializedError }
  | { type: 'instance.cancelled'; actor: string; reason?: string }
  | { type: 'instance.compensated' };

export type HistoryEvent = HistoryEventBody & Base;
export type HistoryEventType = HistoryEvent['type'];

/** Distributes Omit over the union so each event body keeps its own fields. */
export type EventInput = HistoryEventBody;
