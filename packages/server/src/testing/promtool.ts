// Finds Prometheus's promtool for the checks of /metrics and deploy/prometheus: `PROMTOOL` or PATH.
// Outside CI a missing promtool skips those checks; under CI=true it is an error (.ci/run provides it
// from Debian's `prometheus` package), so the checks cannot silently stop running.
import { execFileSync } from 'node:child_process';

export const isCi = ['1', 'true'].includes(String(process.env.CI).toLowerCase());

/** The promtool command, or undefined when this machine has none. */
export function findPromtool(): string | undefined {
  const candidate = process.env.PROMTOOL || 'promtool';
  try {
    execFileSync(candidate, ['--version'], { stdio: 'ignore' });
    return candidate;
  } catch {
    return undefined;
  }
}

/** Runs promtool; resolves with its output, or throws with it when promtool reports a problem. */
export function promtool(command: string, args: string[], input?: string): string {
  try {
    return execFileSync(command, args, {
      encoding: 'utf8',
      stdio: ['pipe', 'pipe', 'pipe'],
      ...(input === undefined ? {} : { input }),
    });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    throw new Error(`promtool ${args.join(' ')} failed:\n${e.stdout ?? ''}${e.stderr ?? e.message}`);
  }
}
