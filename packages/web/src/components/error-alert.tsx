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

/** Field names as people say them. */
const fieldWords: Record<string, string> = {
  email: 'Email',
  password: 'Password',
  name: 'Name',
  organisationName: 'Organisation',
  q: 'Search',
  url: 'Web address',
  website: 'Website',
  companyName: 'Company',
  instanceName: 'Agent name',
};

/** The field an issue path names (`body.setup.business.website` → `website`), without the request part. */
export function issueField(path: string | undefined): string | undefined {
  const parts = (path ?? '')
    .replace(/\[\d+\]/g, '')
    .split('.')
    .filter(Boolean);
  const rest = ['body', 'querystring', 'params', 'headers'].includes(parts[0] ?? '') ? parts.slice(1) : parts;
  return rest[rest.length - 1];
}

/** "Too big: expected string to have <=200 characters" → "is too long (at most 200 characters)". */
function plainIssue(message: string): string {
  const long = /<=\s*(\d+) characters/.exec(message);
  if (long) return `is too long (at most ${long[1]} characters)`;
  const short = />=\s*(\d+) characters/.exec(message);
  if (short) return `is too short (at least ${short[1]} characters)`;
  if (/expected string, received undefined|Required/i.test(message)) return 'is required';
  return message.replace(/^Invalid input:\s*/i, '');
}

/** API validation issues by field, in words ("Email": "must be a valid email address"). */
export function fieldIssues(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError) || !Array.isArray(error.details.issues)) return {};
  const out: Record<string, string> = {};
  for (const i of error.details.issues as { path?: string; field?: string; message?: string }[]) {
    const field = issueField(i.path ?? i.field);
    if (field && !out[field]) out[field] = plainIssue(i.message ?? 'is not valid');
  }
  return out;
}

export function describeError(error: unknown): { message: string; issues: string[] } {
  if (error instanceof ApiError) {
    const byField = fieldIssues(error);
    const issues = Object.entries(byField).map(([f, m]) => `${fieldWords[f] ?? f}: ${m}`);
    const reason = typeof error.details.reason === 'string' ? refusalHints[error.details.reason] : undefined;
    const retry = error.status === 429 ? ' Please wait a moment and try again.' : '';
    // With issues listed, the raw message would say the same thing twice (and in machine terms).
    const base =
      issues.length > 0
        ? 'Some details need fixing:'
        : error.code === 'PAYLOAD_TOO_LARGE' && error.status === 413
          ? 'That is more than we can take at once; shorten the text or remove some rows.'
          : error.message;
    return {
      message: `${base}${retry}${reason && !base.includes(reason) ? ` ${reason}` : ''}`,
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
