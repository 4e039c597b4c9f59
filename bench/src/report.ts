// Writes bench/results/<date>-<sha>.json and .md: metric · ours · best peer · ratio · goal · pass.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { fmt, type CellResult } from './harness.js';

export interface RunInfo {
  mode: 'quick' | 'full';
  repeats: number;
  startedAt: string;
  durationSeconds: number;
  settings: Record<string, string>;
  /** Free text printed under the title (e.g. "the machine was shared with other builds"). */
  note?: string;
  /** A run of selected cells (`--only`): its files are marked `-partial`. */
  partial?: boolean;
}

function gitSha(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return 'nogit';
  }
}

function range(s: { median: number; min: number; max: number }): string {
  return `${fmt(s.median)} (${fmt(s.min)}–${fmt(s.max)})`;
}

export function toMarkdown(results: CellResult[], info: RunInfo): string {
  const lines = [
    `# Bench run ${info.startedAt} (${info.mode}, 1 warm-up + ${info.repeats} repeats, median (min–max))`,
    '',
    `Machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.versions.node}. Run took ${info.durationSeconds.toFixed(0)} s.`,
    '',
    ...(info.note ? [`> ${info.note}`, ''] : []),
    'Settings:',
    '',
    ...Object.entries(info.settings).map(([k, v]) => `- ${k}: ${v}`),
    '',
    'Ratio: ours ÷ best peer when higher is better, best peer ÷ ours when lower is better (> 1 means ours is ahead).',
    '',
    '| metric | unit | ours | best peer | ratio | goal | pass |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const r of results) {
    const peer = r.bestPeer ? `${r.bestPeer}: ${range(r.peers[r.bestPeer]!)}` : '—';
    const ours = r.error ? `error: ${r.error}` : range(r.ours);
    const ratio = r.ratio === undefined ? '—' : `${r.ratio.toFixed(2)}×`;
    const pass = r.pass === undefined ? '—' : r.pass ? 'yes' : '**no**';
    lines.push(
      `| ${r.metric} | ${r.unit} | ${ours} | ${peer} | ${ratio} | ${r.goal ?? '—'}${r.goalRatio ? ` (${r.goalRatio.ratio.toFixed(2)}× vs ${r.goalRatio.versus})` : ''} | ${pass} |`,
    );
  }
  const notes = results.filter((r) => r.notes || r.ours.extra);
  if (notes.length) {
    lines.push('', '## Details', '');
    for (const r of notes) {
      const extra = r.ours.extra
        ? ' ours: ' +
          Object.entries(r.ours.extra)
            .map(([k, v]) => `${k}=${fmt(v)}`)
            .join(' ')
        : '';
      const peerExtra = Object.entries(r.peers)
        .filter(([, s]) => s.extra)
        .map(
          ([n, s]) =>
            ` ${n}: ` +
            Object.entries(s.extra!)
              .map(([k, v]) => `${k}=${fmt(v)}`)
              .join(' '),
        )
        .join(';');
      lines.push(
        `- **${r.id}**:${extra}${peerExtra ? `;${peerExtra}` : ''}${r.notes ? ` — ${r.notes}` : ''}`,
      );
    }
  }
  return lines.join('\n') + '\n';
}

export function writeResults(
  dir: string,
  results: CellResult[],
  info: RunInfo,
): { json: string; md: string } {
  mkdirSync(dir, { recursive: true });
  const base = `${info.startedAt.slice(0, 10)}-${gitSha()}-${info.mode}${info.partial ? '-partial' : ''}`;
  const json = join(dir, `${base}.json`);
  const md = join(dir, `${base}.md`);
  writeFileSync(
    json,
    JSON.stringify({ ...info, node: process.versions.node, cores: cpus().length, results }, null, 2),
  );
  writeFileSync(md, toMarkdown(results, info));
  return { json, md };
}
