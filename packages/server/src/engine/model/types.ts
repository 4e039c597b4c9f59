// The typed process model every definition format (TS builder, YAML, BPMN 2.0 XML) turns into.
// It is plain JSON so that it can be stored with the deployment and exported back to BPMN.
import type { JsonValue } from '../../errors.js';
import type { ExpressionLanguageId } from '../expressions/expression-language.js';

/**
 * When a timer falls due. `value` is an ISO-8601 duration (`PT2H`), an ISO date-time, or a cycle
 * (cron `0 9 * * *` or ISO repeating `R3/PT10M`); a value starting with `=` is an expression
 * evaluated when the timer is scheduled (duration → ms or ISO text; date → epoch ms or ISO text).
 */
export interface TimerSpec {
  kind: 'duration' | 'date' | 'cycle';
  value: string;
  /** IANA time zone for cron cycles; UTC by default. */
  timezone?: string;
}

/** A message to wait for; correlated by name and key (the instance business key unless `correlationKey` says otherwise). */
export interface MessageSpec {
  name: string;
  /** Expression giving the key this instance waits on; default: the business key. */
  correlationKey?: string;
}

/** Target variable → expression. Output expressions see the task result first, then the variables. */
export type Mapping = Record<string, string>;

export interface RetryPolicy {
  /** Attempts in total including the first; default 3. */
  maxAttempts: number;
  backoff?: 'fixed' | 'linear' | 'exponential';
  /** ISO duration of the first delay; default PT1S. */
  initialDelay?: string;
  /** ISO duration cap; default PT1M. */
  maxDelay?: string;
  /** Exponential base; default 2. */
  multiplier?: number;
}

export interface FormField {
  name: string;
  type: 'string' | 'number' | 'boolean' | 'object' | 'list' | 'any';
  required?: boolean;
  label?: string;
  /** Allowed values, when the field is a choice. */
  options?: JsonValue[];
}

export interface UserTaskSla {
  /** ISO duration from creation. */
  within: string;
  /** Who gets the task when the SLA passes and there is no `onTimeout` path. */
  escalateTo?: { assignee?: string; role?: string };
  /** Element to continue at (the task is closed as expired) when the SLA passes. */
  onTimeout?: string;
}

export interface ElementBase {
  id: string;
  name?: string;
  /** Free-form documentation carried to BPMN export. */
  documentation?: string;
}

/** A signal: broadcast by name to every instance waiting for it (no correlation). */
export interface SignalSpec {
  name: string;
}

/** A condition watched while a token waits (re-evaluated whenever the instance's variables change). */
export interface ConditionSpec {
  condition: string;
  /** The condition's language when it differs from the definition's (Camunda 7 `language="feel"`). */
  language?: ExpressionLanguageId;
}

export interface StartEventElement extends ElementBase {
  type: 'startEvent';
  timer?: TimerSpec;
  message?: MessageSpec;
  /** A top-level signal start: every broadcast of the signal starts an instance. */
  signal?: SignalSpec;
  /** Event sub-process starts only: catches a BPMN error thrown in the enclosing scope (by code, or any). */
  error?: { code?: string; codeVariable?: string; messageVariable?: string };
  /** Event sub-process starts only: catches an escalation thrown in the enclosing scope (by code, or any). */
  escalation?: { code?: string; codeVariable?: string };
  /** Event sub-process starts only: starts it when the condition becomes true (re-evaluated on variable change). */
  conditional?: ConditionSpec;
  /** Event sub-process starts only: false lets the enclosing scope run on (default: interrupting). */
  interrupting?: boolean;
}

export interface EndEventElement extends ElementBase {
  type: 'endEvent';
  /**
   * `error` throws `errorCode` to the nearest error boundary; `terminate` ends the whole scope;
   * `escalation` escalates `escalationCode`; `signal` broadcasts `signal`; `cancel` (directly inside a
   * transaction) cancels the transaction, undoes what it completed and leaves by its cancel boundary.
   */
  kind?: 'none' | 'error' | 'terminate' | 'escalation' | 'signal' | 'cancel' | 'compensation';
  errorCode?: string;
  errorMessage?: string;
  escalationCode?: string;
  signal?: SignalSpec;
  /** `compensation`: only this activity is undone (default: every completed one of the scope). */
  activityRef?: string;
}

/** A throw event on a path: broadcasts a signal, escalates, or jumps to the link catch event of its name. */
export interface IntermediateThrowEventElement extends ElementBase {
  type: 'intermediateThrowEvent';
  /** `compensation` undoes the scope's completed compensable tasks (newest first), then goes on. */
  kind: 'signal' | 'escalation' | 'link' | 'compensation';
  /** `compensation`: only this activity is undone (default: every completed one of the scope). */
  activityRef?: string;
  signal?: SignalSpec;
  escalationCode?: string;
  /** Link name: the token continues at the intermediate catch event with the same link name. */
  link?: string;
}

export interface IntermediateCatchEventElement extends ElementBase {
  type: 'intermediateCatchEvent';
  timer?: TimerSpec;
  message?: MessageSpec;
  signal?: SignalSpec;
  /** Waits until the condition holds (checked on arrival and whenever variables change). */
  conditional?: ConditionSpec;
  /** The target of link throw events with this name (passes the token straight on). */
  link?: string;
  /** For messages: variables set from the payload (expressions over the payload); default: the whole payload merged. */
  output?: Mapping;
}

export interface BoundaryEventElement extends ElementBase {
  type: 'boundaryEvent';
  attachedTo: string;
  /** Interrupting (default) cancels the host; non-interrupting starts an extra token and lets the host run on. */
  interrupting?: boolean;
  timer?: TimerSpec;
  /** Catches a BPMN error (handler `WorkflowError` or error end) or, without `code`, any failure after retries. */
  error?: { code?: string; codeVariable?: string; messageVariable?: string };
  message?: MessageSpec;
  signal?: SignalSpec;
  /** Catches an escalation thrown inside the host (by code, or any without `code`). */
  escalation?: { code?: string; codeVariable?: string };
  /** Fires when the condition becomes true while the host runs. */
  conditional?: ConditionSpec;
  /** On a transaction: taken (always interrupting) once a cancel end event has undone the transaction. */
  cancel?: boolean;
  /**
   * Variables set when the boundary fires, evaluated over what it caught (an error's variables and
   * `errorCode`/`errorMessage`, a message's or signal's payload, `escalationCode`) then the variables.
   */
  output?: Mapping;
}

export interface CompensationSpec {
  /** Handler type run to undo the task; it receives `{ input, output }` of the original execution unless `input` maps otherwise. */
  taskType: string;
  input?: Mapping;
}

export interface ServiceTaskElement extends ElementBase {
  type: 'serviceTask';
  /** Handler type registered with `engine.registerHandler(type, fn)` (an agent skill, an HTTP call…). */
  taskType: string;
  /** Handler input; default: all instance variables. */
  input?: Mapping;
  /** Variables written from the result; default: every key of an object result. */
  output?: Mapping;
  /** ISO duration; the attempt fails with TIMEOUT (retryable) after it. Default PT5M. */
  timeout?: string;
  retry?: RetryPolicy;
  compensation?: CompensationSpec;
  /** Static configuration passed to the handler as `ctx.config`. */
  config?: Record<string, JsonValue>;
}

export interface UserTaskElement extends ElementBase {
  type: 'userTask';
  title?: string;
  /** Expression or plain user id. */
  assignee?: string;
  role?: string;
  /** Template with `{{expression}}` placeholders. */
  body?: string;
  form?: { fields: FormField[] };
  sla?: UserTaskSla;
  /** Variable receiving the submitted data; default `<id>_decision`. */
  decisionVariable?: string;
  output?: Mapping;
}

export interface ScriptTaskElement extends ElementBase {
  type: 'scriptTask';
  /** Statements `name = expression`, separated by `;` or new lines. */
  script: string;
  /** Variable receiving the value of the last statement. */
  resultVariable?: string;
  /** The script's language when it differs from the definition's (a JavaScript-flavoured Camunda 7 script reads as `waooaw`). */
  language?: ExpressionLanguageId;
}

/** A no-op task (BPMN `task`, `manualTask`): passes the token on. */
export interface NoopTaskElement extends ElementBase {
  type: 'task';
}

export interface ExclusiveGatewayElement extends ElementBase {
  type: 'exclusiveGateway';
  /** Flow id taken when no condition holds. */
  default?: string;
}

export interface ParallelGatewayElement extends ElementBase {
  type: 'parallelGateway';
}

export interface EventBasedGatewayElement extends ElementBase {
  type: 'eventBasedGateway';
}

/** Takes every outgoing flow whose condition holds (the default when none does); as a join, waits for every token that can still arrive. */
export interface InclusiveGatewayElement extends ElementBase {
  type: 'inclusiveGateway';
  default?: string;
}

/**
 * Splits like an inclusive gateway. As a join it fires once `activationCondition` holds (evaluated as
 * tokens arrive, with `activationCount` = tokens waiting), then consumes the tokens that still come
 * (BPMN 2.0, 13.3.6: the reset phase) until no other token of its scope can reach it.
 */
export interface ComplexGatewayElement extends ElementBase {
  type: 'complexGateway';
  default?: string;
  activationCondition?: string;
  /** The condition's language when it differs from the definition's. */
  language?: ExpressionLanguageId;
}

export interface SubProcessElement extends ElementBase {
  type: 'subProcess';
  /**
   * An event sub-process: no flows in or out; started by its start event's trigger (timer, message,
   * signal, error, escalation) while the enclosing scope runs.
   */
  triggeredByEvent?: boolean;
  /** A transaction sub-process (BPMN `transaction`): a cancel end event inside it undoes it. */
  transaction?: boolean;
  elements: FlowElement[];
  flows: SequenceFlow[];
}

export interface CallActivityElement extends ElementBase {
  type: 'callActivity';
  /** Definition id of the child; its latest version unless `version` pins one. */
  calledElement: string;
  version?: number;
  /** Child start variables; default: all parent variables. */
  input?: Mapping;
  /** Parent variables from the child's final variables; default: all of them. */
  output?: Mapping;
}

export type FlowElement =
  | StartEventElement
  | EndEventElement
  | IntermediateCatchEventElement
  | BoundaryEventElement
  | ServiceTaskElement
  | UserTaskElement
  | ScriptTaskElement
  | NoopTaskElement
  | ExclusiveGatewayElement
  | ParallelGatewayElement
  | EventBasedGatewayElement
  | InclusiveGatewayElement
  | ComplexGatewayElement
  | IntermediateThrowEventElement
  | SubProcessElement
  | CallActivityElement;

export type ElementType = FlowElement['type'];

export interface SequenceFlow {
  id: string;
  source: string;
  target: string;
  name?: string;
  /** Condition expression, for flows out of an exclusive or inclusive gateway. */
  condition?: string;
  /** The condition's language when it differs from the definition's (Camunda 7 `language="feel"`). */
  language?: ExpressionLanguageId;
}

export type VariableType = 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'list' | 'any';

export interface VariableDeclaration {
  type: VariableType;
  required?: boolean;
  default?: JsonValue;
  description?: string;
}

/** A whole process definition, before a version is assigned by deploy. */
export interface ProcessDefinition {
  /** Stable id: letters, digits, `_` and `-`; used in bus topics `workflow.<id>.*`. */
  id: string;
  name?: string;
  /** Free version label from the source (`1.0`, `2.0-strict`); the engine's version is an integer set by deploy. */
  versionTag?: string;
  documentation?: string;
  /** Declared instance variables: start input is checked against them (type, required, default). */
  variables?: Record<string, VariableDeclaration>;
  /**
   * The language of every expression in the definition: `waooaw` (default; `${…}` reads as JUEL),
   * `feel` (Camunda 8 files) or `juel` (Camunda 7 files: plain text is a string literal).
   */
  expressionLanguage?: ExpressionLanguageId;
  /** What happens on an unhandled failure: an incident (default; operator may retry) or compensation of completed tasks. */
  failurePolicy?: 'incident' | 'compensate';
  elements: FlowElement[];
  flows: SequenceFlow[];
}
