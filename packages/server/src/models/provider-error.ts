// Turns what an SDK threw into a PlatformError, so no SDK error crosses the ModelProvider port.
// Adapters classify with their SDK's own error classes; the code table lives here once.
import { PlatformError, isPlatformError } from '../errors.js';
import type { ErrorCode } from '../errors.js';
import type { Deadline } from './deadline.js';

/** What went wrong, as the adapter's SDK reports it. */
export type ProviderFailureKind =
  | { kind: 'status'; status: number; message: string; requestId?: string | null; retryAfterMs?: number }
  | { kind: 'connection'; message: string }
  | { kind: 'timeout'; message: string }
  | { kind: 'aborted' }
  | { kind: 'other'; message: string };

/** The error classes an official SDK throws; both the openai and the anthropic SDK have this shape. */
export interface SdkErrorClasses {
  userAbort: abstract new (...args: never[]) => Error;
  connectionTimeout: abstract new (...args: never[]) => Error;
  connection: abstract new (...args: never[]) => Error;
  api: abstract new (...args: never[]) => Error & {
    status?: number | undefined;
    headers?: Headers | undefined;
    requestID?: string | null | undefined;
  };
}

/** Classifies what an SDK threw by its own error classes (timeouts and aborts before connection errors: they subclass them). */
export function classifySdkError(classes: SdkErrorClasses, err: unknown, now: number): ProviderFailureKind {
  if (err instanceof classes.userAbort) return { kind: 'aborted' };
  if (err instanceof classes.connectionTimeout) return { kind: 'timeout', message: err.message };
  if (err instanceof classes.connection) return { kind: 'connection', message: err.message };
  if (err instanceof classes.api && typeof err.status === 'number') {
    const after = retryAfterMs(err.headers, now);
    return {
      kind: 'status',
      status: err.status,
      message: err.message,
      requestId: err.requestID ?? null,
      ...(after === undefined ? {} : { retryAfterMs: after }),
    };
  }
  if (err instanceof Error && err.name === 'AbortError') return { kind: 'aborted' };
  return { kind: 'other', message: err instanceof Error ? err.message : String(err) };
}

function codeForStatus(status: number): ErrorCode {
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  if (status === 408) return 'TIMEOUT';
  if (status === 413) return 'PAYLOAD_TOO_LARGE';
  if (status === 429) return 'RATE_LIMITED';
  if (status >= 500 || status === 409) return 'UNAVAILABLE';
  return 'BAD_REQUEST';
}

/** Reads `retry-after` (seconds or an HTTP date) or `retry-after-ms` into milliseconds. */
export function retryAfterMs(headers: Headers | undefined, now: number): number | undefined {
  const ms = headers?.get('retry-after-ms');
  if (ms && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const value = headers?.get('retry-after');
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * The PlatformError for a provider failure. A deadline that already ended wins (its TIMEOUT says
 * whether the caller aborted), because SDKs report our own abort as a generic abort or connection error.
 */
export function toProviderError(
  provider: string,
  failure: ProviderFailureKind,
  deadline: Deadline | undefined,
  cause: unknown,
): PlatformError {
  if (isPlatformError(cause)) return cause as PlatformError;
  if (deadline?.error) return deadline.error;
  switch (failure.kind) {
    case 'status': {
      const code = codeForStatus(failure.status);
      return new PlatformError(code, `${provider}: ${failure.message}`, {
        cause,
        details: {
          provider,
          status: failure.status,
          ...(failure.requestId ? { requestId: failure.requestId } : {}),
          ...(failure.retryAfterMs === undefined ? {} : { retryAfterMs: failure.retryAfterMs }),
        },
      });
    }
    case 'connection':
      return new PlatformError(
        'UNAVAILABLE',
        `${provider}: cannot reach the model server (${failure.message})`,
        {
          cause,
          details: { provider },
        },
      );
    case 'timeout':
      return new PlatformError('TIMEOUT', `${provider}: ${failure.message}`, {
        cause,
        details: { provider, reason: 'timeout' },
      });
    case 'aborted':
      return new PlatformError('TIMEOUT', `${provider}: request aborted`, {
        retryable: false,
        cause,
        details: { provider, reason: 'aborted' },
      });
    case 'other':
      return new PlatformError('INTERNAL', `${provider}: ${failure.message}`, {
        cause,
        details: { provider },
      });
  }
}
