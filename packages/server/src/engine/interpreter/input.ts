// What the interpreter consumes: one input per step (a start, a task result, a fired timer, a message,
// an operator command…) and the context it may consult besides the state (definitions, time, shared
// variables). Plain data, so the runner can queue inputs durably as jobs.
import type { JsonValue, SerializedError } from '../../errors.js';
import type { ParentLink } from '../history-events.js';
import type { CompiledDefinition } from '../model/compile.js';
import type { Value } from '../expressions/expression-language.js';

/** Everything the interpreter may consult besides the state: definitions, time and shared variables. */
export interface InterpreterContext {
  /** Epoch ms of this step. */
  now: number;
  /** The compiled definition of a version of the instance's process. */
  definition(version: number): CompiledDefinition;
  /** Workflow- and global-scope variables, looked up after instance variables. */
  lookupShared?: (name: string) => Value;
}

export type Input =
  | {
      kind: 'start';
      definitionId: string;
      version: number;
      businessKey: string | null;
      variables: Record<string, JsonValue>;
      actor: string;
      parent?: ParentLink;
      /** A timer or message start event; default: the plain start event. */
      startElementId?: string;
    }
  | { kind: 'activityCompleted'; activityId: string; result: JsonValue }
  /** No handler for the task type in this engine: hand the activity to external job workers. */
  | { kind: 'activityExternal'; activityId: string }
  | { kind: 'activityFailed'; activityId: string; error: SerializedError }
  | { kind: 'timerFired'; timerId: string }
  | { kind: 'messageReceived'; subscriptionId: string; name: string; payload: JsonValue; messageId: string }
  | { kind: 'userTaskCompleted'; taskId: string; data: Record<string, JsonValue>; actor: string }
  | { kind: 'childCompleted'; childInstanceId: string; variables: Record<string, JsonValue> }
  | { kind: 'childFailed'; childInstanceId: string; error: SerializedError }
  | { kind: 'setVariables'; variables: Record<string, JsonValue>; actor: string }
  | { kind: 'suspend'; actor: string }
  | { kind: 'resume'; actor: string }
  | { kind: 'cancel'; actor: string; reason?: string; compensate?: boolean }
  | { kind: 'retryIncident'; actor: string; incidentId?: string }
  | { kind: 'migrate'; toVersion: number; mapping: Record<string, string>; actor: string };

/** The operator commands among the inputs (they may throw CONFLICT or VALIDATION instead of emitting). */
export type OperatorInput = Extract<
  Input,
  { kind: 'suspend' | 'resume' | 'cancel' | 'setVariables' | 'retryIncident' | 'migrate' }
>;
