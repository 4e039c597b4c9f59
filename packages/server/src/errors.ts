// One error type for the whole platform. Errors cross the bus and HTTP as JSON, so guards check
// `code` rather than `instanceof`, and `details` must stay JSON-safe.

export const ErrorCode = {
  BAD_REQUEST: 'BAD_REQUEST',
  VALIDATION: 'VALIDATION',
  CONFIG_INVALID: 'CONFIG_INVALID',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  METHOD_NOT_ALLOWED: 'METHOD_NOT_ALLOWED',
  REQUEST_TIMEOUT: 'REQUEST_TIMEOUT',
  CONFLICT: 'CONFLICT',
  ALREADY_EXISTS: 'ALREADY_EXISTS',
  PRECONDITION_FAILED: 'PRECONDITION_FAILED',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  URI_TOO_LONG: 'URI_TOO_LONG',
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  HEADERS_TOO_LARGE: 'HEADERS_TOO_LARGE',
  RATE_LIMITED: 'RATE_LIMITED',
  BUDGET_EXHAUSTED: 'BUDGET_EXHAUSTED',
  SIGNATURE_INVALID: 'SIGNATURE_INVALID',
  TIMEOUT: 'TIMEOUT',
  UNAVAILABLE: 'UNAVAILABLE',
  CIRCUIT_OPEN: 'CIRCUIT_OPEN',
  DISABLED: 'DISABLED',
  INCIDENT: 'INCIDENT',
  INTERNAL: 'INTERNAL',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** HTTP status per code; `docs/errors.md` is kept in step with this table by a test. */
export const httpStatusByCode: Record<ErrorCode, number> = {
  BAD_REQUEST: 400,
  VALIDATION: 400,
  CONFIG_INVALID: 500,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  REQUEST_TIMEOUT: 408,
  CONFLICT: 409,
  ALREADY_EXISTS: 409,
  PRECONDITION_FAILED: 412,
  PAYLOAD_TOO_LARGE: 413,
  URI_TOO_LONG: 414,
  UNSUPPORTED_MEDIA_TYPE: 415,
  HEADERS_TOO_LARGE: 431,
  RATE_LIMITED: 429,
  BUDGET_EXHAUSTED: 402,
  SIGNATURE_INVALID: 401,
  TIMEOUT: 504,
  UNAVAILABLE: 503,
  CIRCUIT_OPEN: 503,
  DISABLED: 503,
  INCIDENT: 422,
  INTERNAL: 500,
};

/** Whether a failure with this code is worth retrying unchanged, when the thrower does not say. */
const retryableByDefault: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'TIMEOUT',
  'UNAVAILABLE',
  'CIRCUIT_OPEN',
  'RATE_LIMITED',
]);

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type ErrorDetails = Record<string, JsonValue | undefined>;

export interface PlatformErrorOptions {
  retryable?: boolean;
  details?: ErrorDetails;
  cause?: unknown;
}

export interface SerializedError {
  code: ErrorCode;
  message: string;
  retryable: boolean;
  details: ErrorDetails;
}

export class PlatformError extends Error {
  override readonly name = 'PlatformError';
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly details: ErrorDetails;

  constructor(code: ErrorCode, message: string, options: PlatformErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.retryable = options.retryable ?? retryableByDefault.has(code);
    this.details = options.details ?? {};
  }

  get httpStatus(): number {
    return httpStatusByCode[this.code];
  }

  toJSON(): SerializedError {
    return { code: this.code, message: this.message, retryable: this.retryable, details: this.details };
  }

  static fromJSON(json: SerializedError): PlatformError {
    return new PlatformError(json.code, json.message, { retryable: json.retryable, details: json.details });
  }
}

const codes = new Set<string>(Object.values(ErrorCode));

/** True for a PlatformError or anything shaped like one (e.g. one that crossed the bus as JSON). */
export function isPlatformError(value: unknown, code?: ErrorCode): value is PlatformError {
  if (typeof value !== 'object' || value === null) return false;
  const c = (value as { code?: unknown }).code;
  if (typeof c !== 'string' || !codes.has(c)) return false;
  return code === undefined || c === code;
}

/** Wraps anything thrown into a PlatformError; unknown failures become INTERNAL with the cause kept. */
export function toPlatformError(value: unknown): PlatformError {
  if (value instanceof PlatformError) return value;
  if (isPlatformError(value)) {
    const v = value as unknown as Partial<SerializedError>;
    return new PlatformError(v.code as ErrorCode, String(v.message ?? v.code), {
      ...(v.retryable === undefined ? {} : { retryable: v.retryable }),
      ...(v.details === undefined ? {} : { details: v.details }),
      cause: value,
    });
  }
  const message = value instanceof Error ? value.message : String(value);
  return new PlatformError('INTERNAL', message, { cause: value });
}

/** The HTTP error body used everywhere: `{error:{code,message,details}}`. */
export function errorBody(err: PlatformError): {
  error: { code: ErrorCode; message: string; details: ErrorDetails };
} {
  return { error: { code: err.code, message: err.message, details: err.details } };
}
