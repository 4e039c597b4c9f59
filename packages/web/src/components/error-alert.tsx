// Shows an API or input error with its message and, for validation errors, the fields at fault.
import { ApiError } from '../api.js';

/** Human sentence for trial refusals (`details.reason` of PRECONDITION_FAILED). */
const refusalHints: Record<string, string> = {
  'email-not-verified': 'Verify your email first — the link is in your mail outbox.',
  'disposable-email': 'Trials need a permanent email address.',
  'active-trial-exists': 'You already have an active trial of this agent.',
  cooldown: 'You cancelled a trial of this agent recently; a new trial opens 30 days after cancelling.',
  'ip-limit': 'Too many trials were started from your network this week.',
  'agent-unavailable': 'This agent is not taking new trials right now.',
  'already-hired': 'You have already hired this agent.',
};

/** The sentence explaining a trial refusal reason, if known. */
export function refusalMessage(reason: string | undefined): string | undefined {
  return reason ? refusalHints[reason] : undefined;
}

export function describeError(error: unknown): { message: string; issues: string[] } {
  if (error instanceof ApiError) {
    const issues = Array.isArray(error.details.issues)
      ? (error.details.issues as { path?: string; message?: string }[]).map((i) =>
          [i.path, i.message].filter(Boolean).join(': '),
        )
      : [];
    const reason = typeof error.details.reason === 'string' ? refusalHints[error.details.reason] : undefined;
    const retry = error.status === 429 ? ' Please wait a moment and try again.' : '';
    return {
      message: `${error.message}${retry}${reason && !error.message.includes(reason) ? ` ${reason}` : ''}`,
      issues,
    };
  }
  if (error instanceof Error) return { message: error.message, issues: [] };
  return { message: String(error), issues: [] };
}

export function ErrorAlert({ error }: { error: unknown }) {
  if (error === undefined || error === null) return null;
  const { message, issues } = describeError(error);
  return (
    <div className="alert alert-error" role="alert">
      {message}
      {issues.length > 0 && (
        <ul>
          {issues.map((i) => (
            <li key={i}>{i}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
