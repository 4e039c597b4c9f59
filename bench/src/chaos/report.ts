// Chaos results as a Markdown table and JSON under bench/results/ (…-chaos-<mode>.md/.json).
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChaosReport } from './verifier.js';

export interface ChaosRunInfo {
  mode: string;
  startedAt: string;
  seconds: number;
  seed: number;
  note?: string;
  /** A run of selected scenarios (`--only`): its files are marked `-partial`. */
  partial?: boolean;
}

export function chaosMarkdown(reports: ChaosReport[], info: ChaosRunInfo): string {
  const lines = [
    `# Chaos run ${info.startedAt} (${info.mode}, seed ${info.seed}, ${info.seconds.toFixed(0)} s)`,
    '',
    ...(info.note ? [`> ${info.note}`, ''] : []),
    'Lost = acknowledged work whose effect never happened; duplicated = an effect applied twice; duplicate attempts = deliveries beyond the first (at-least-once at work, absorbed by the idempotency key); resumed / done = time from a kill until the work that died with the worker was picked up again / finished by another worker (or the restarted process).',
    '',
    '| scenario | system | kills | expected | lost | duplicated | dup. attempts | stuck | resumed p50 / max (ms) | done p50 / max (ms) | restart p50 (ms) | gate | pass |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of reports) {
    lines.push(
      `| ${r.scenario} | ${r.system} | ${r.kills} | ${r.expected} | ${r.lost} | ${r.duplicated} | ${r.duplicateAttempts} | ${r.stuck} | ${r.resumeP50Ms} / ${r.resumeMaxMs} | ${r.recoveryP50Ms} / ${r.recoveryMaxMs} | ${r.restartP50Ms} | ${r.gate ? 'yes' : 'context'} | ${r.pass ? 'yes' : '**no**'} |`,
    );
  }
  lines.push('', '## Notes', '');
  for (const r of reports) {
    const modes = Object.entries(r.killsByMode)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
    lines.push(
      `- **${r.scenario} — ${r.system}**: ${[modes && `kills: ${modes}`, ...r.notes, r.unexpectedExits ? `${r.unexpectedExits} unexpected worker exits` : ''].filter(Boolean).join('; ')}`,
    );
  }
  return lines.join('\n') + '\n';
}

export function writeChaosResults(dir: string, reports: ChaosReport[], info: ChaosRunInfo) {
  mkdirSync(dir, { recursive: true });
  let sha = 'nogit';
  try {
    sha = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    /* not a checkout */
  }
  const base = join(
    dir,
    `${info.startedAt.slice(0, 10)}-${sha}-chaos-${info.mode}${info.partial ? '-partial' : ''}`,
  );
  writeFileSync(`${base}.json`, JSON.stringify({ ...info, reports }, null, 2));
  writeFileSync(`${base}.md`, chaosMarkdown(reports, info));
  return { json: `${base}.json`, md: `${base}.md` };
}
