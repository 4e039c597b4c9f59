// A caller's own abort over a promise it shares with others (a coalesced call, a batch): the
// caller fails at once with TIMEOUT (aborted), the shared work goes on for the rest.
import { PlatformError } from '../errors.js';

/** TIMEOUT, not retryable, `details.reason: 'aborted'`, as the ModelProvider port specifies. */
export function callerAborted(provider: string, what: string): PlatformError {
  return new PlatformError('TIMEOUT', `${provider} ${what} aborted by the caller`, {
    retryable: false,
    details: { reason: 'aborted', provider },
  });
}

/** `shared`'s outcome, or `error()` as soon as `signal` aborts (after `onAbort` runs). */
export function raceAbort<T>(
  shared: Promise<T>,
  signal: AbortSignal | undefined,
  error: () => PlatformError,
  onAbort?: () => void,
): Promise<T> {
  if (!signal) return shared;
  if (signal.aborted) {
    // Nobody else may be listening to the shared work (its last caller just left): keep its own
    // rejection from surfacing as unhandled.
    shared.catch(() => undefined);
    onAbort?.();
    return Promise.reject(error());
  }
  return new Promise<T>((resolve, reject) => {
    const abort = (): void => {
      onAbort?.();
      reject(error());
    };
    signal.addEventListener('abort', abort, { once: true });
    shared.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}
