// A business (BPMN) error: thrown by a handler to take an error path modelled in the process, never
// retried. It crosses processes as JSON, so it is recognised by `details.bpmnErrorCode`, not by class.
import {
  PlatformError,
  isPlatformError,
  toPlatformError,
  type ErrorDetails,
  type SerializedError,
} from '../errors.js';

export class BpmnError extends PlatformError {
  /** The code error boundary events match (`errorCode` in BPMN). */
  readonly errorCode: string;

  constructor(errorCode: string, message?: string, details: ErrorDetails = {}) {
    super('PRECONDITION_FAILED', message ?? errorCode, {
      retryable: false,
      details: { ...details, bpmnErrorCode: errorCode },
    });
    this.errorCode = errorCode;
  }
}

/** The BPMN error code carried by a (serialized) error, if it is a business error. */
export function bpmnErrorCode(error: Pick<SerializedError, 'details'>): string | undefined {
  const code = error.details.bpmnErrorCode;
  return typeof code === 'string' ? code : undefined;
}

/** Code an error boundary matches against: the BPMN code, else the platform code (e.g. `TIMEOUT`). */
export function matchCode(error: Pick<SerializedError, 'details' | 'code'>): string {
  return bpmnErrorCode(error) ?? error.code;
}

/**
 * How a handler's thrown value is recorded: PlatformErrors keep their `retryable` flag; anything else
 * (a plain Error, a network error) is unexpected and therefore retried under the task's retry policy.
 */
export function activityFailure(err: unknown): SerializedError {
  const e = toPlatformError(err);
  return isPlatformError(err) ? e.toJSON() : { ...e.toJSON(), retryable: true };
}
