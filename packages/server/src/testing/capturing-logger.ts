// A real pino logger (same redaction and format as production) whose lines are kept in memory, for
// tests that read what an operator would read in the platform log (the offline password-reset link).
import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../components/observability/logger.js';

export interface CapturingLogger {
  logger: Logger;
  /** Every line written so far, parsed. */
  lines: Array<Record<string, unknown>>;
}

export function createCapturingLogger(level = 'info'): CapturingLogger {
  const lines: Array<Record<string, unknown>> = [];
  const logger = createLogger({
    level,
    destination: new Writable({
      write(line: Buffer, _encoding, done) {
        lines.push(JSON.parse(line.toString()) as Record<string, unknown>);
        done();
      },
    }),
  });
  return { logger, lines };
}

/** The newest offline password-reset link logged for `email` (the mailer's "no SMTP" line). */
export function loggedResetLink(
  lines: ReadonlyArray<Record<string, unknown>>,
  email: string,
): string | undefined {
  const line = [...lines]
    .reverse()
    .find((l) => l.mailKind === 'password-reset' && l.mailTo === email.toLowerCase());
  return line && /: (\S+) \(no SMTP/.exec(String(line.msg))?.[1];
}
