import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import { freePort } from '../testing/local-services.js';
import { runCli } from './main.js';

const run = promisify(execFile);
const tsx = createRequire(import.meta.url).resolve('tsx');
const main = new URL('./main.ts', import.meta.url).pathname;

async function waooaw(args: string[], env: Record<string, string> = {}) {
  const cwd = mkdtempSync(join(tmpdir(), 'cli-'));
  try {
    const r = await run(process.execPath, ['--import', tsx, main, ...args], {
      cwd,
      env: { PATH: process.env.PATH ?? '', ...env },
      encoding: 'utf8',
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr, cwd };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr, cwd };
  }
}

// Each case is a separate process; they are independent, so run them side by side.
// A CLI process starts through tsx: seconds on a quiet machine, tens of seconds on a busy one.
describe.concurrent('waooaw CLI', { timeout: 180_000 }, () => {
  it('lists every command in --help and has --help on subcommands', async () => {
    const help = await waooaw(['--help']);
    expect(help.code).toBe(0);
    for (const cmd of ['start', 'migrate', 'doctor', 'dlq']) expect(help.stdout).toContain(cmd);
    const dlq = await waooaw(['dlq', '--help']);
    for (const sub of ['list', 'show', 'retry', 'discard']) expect(dlq.stdout).toContain(sub);
  });

  it('stops with a message naming the key of a bad config value', async () => {
    const r = await waooaw(['migrate'], { PORT: 'not-a-port' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('CONFIG_INVALID');
    expect(r.stderr).toContain('PORT');
  });

  it('migrates the embedded SQLite store and is a no-op the second time', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'cli-db-'));
    const env = { WAOOAW_SQLITE_PATH: join(cwd, 'w.db') };
    const first = await waooaw(['migrate'], env);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/applied 0001-core-documents/);
    const second = await waooaw(['migrate'], env);
    expect(second.stdout).toMatch(/Up to date/);
  });

  it('doctor says what is wrong and how to fix it when PostgreSQL is down', async () => {
    const port = await freePort();
    const r = await waooaw(['doctor'], { DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/w` });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✖ store/);
    expect(r.stdout).toContain('Start PostgreSQL');
    expect(r.stdout).toMatch(/✔ config/);
  });

  it('doctor passes on the embedded defaults', async () => {
    const r = await waooaw(['doctor']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('All good.');
  });

  it('dlq retry without an id or --match is a clear CLI error; list on an empty queue says so', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'cli-dlq-'));
    const env = { WAOOAW_SQLITE_PATH: join(cwd, 'w.db') };
    const retry = await waooaw(['dlq', 'retry'], env);
    expect(retry.code).toBe(2);
    expect(retry.stderr).toContain('Give a dead-letter id or --match');
    const list = await waooaw(['dlq', 'list'], env);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain('empty');
  });

  it('workflow deploy → start → list → show, and clear errors for a bad file or bad --vars', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'cli-wf-'));
    const env = { WAOOAW_SQLITE_PATH: join(cwd, 'w.db') };
    const file = join(cwd, 'wait.yaml');
    writeFileSync(
      file,
      'workflow:\n  id: wait-for-go\n  tasks:\n    - { id: go, type: message_event, name: go }\n  flow:\n    - start -> go\n    - go -> end\n',
    );
    expect((await waooaw(['workflow', 'deploy', file], env)).stdout).toContain(
      'Deployed wait-for-go version 1',
    );
    const started = await waooaw(
      ['workflow', 'start', 'wait-for-go', '--key', 'k1', '--vars', '{"x":1}'],
      env,
    );
    expect(started.code).toBe(0);
    const id = /Started (\S+)/.exec(started.stdout)![1]!;
    expect((await waooaw(['workflow', 'list'], env)).stdout).toContain(id);
    expect(JSON.parse((await waooaw(['workflow', 'show', id], env)).stdout)).toMatchObject({
      instanceId: id,
      businessKey: 'k1',
      variables: { x: 1 },
    });
    const badVars = await waooaw(['workflow', 'start', 'wait-for-go', '--vars', '[1]'], env);
    expect(badVars.code).toBe(2);
    expect(badVars.stderr).toContain('--vars must be a JSON object');
    const missing = await waooaw(['workflow', 'deploy', join(cwd, 'nope.yaml')], env);
    expect(missing.stderr).toContain('Cannot read');
  }, 120_000);

  it('workflow tasks list → tasks complete (its data become variables) → export as BPMN that re-imports', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'cli-tasks-'));
    const env = { WAOOAW_SQLITE_PATH: join(cwd, 'w.db') };
    const file = join(cwd, 'approve.yaml');
    writeFileSync(
      file,
      [
        'workflow:',
        '  id: approve',
        '  tasks:',
        '    - { id: review, type: user_task, title: Review }',
        '    - { id: decide, type: exclusive_gateway }',
        '  flow:',
        '    - start -> review',
        '    - review -> decide',
        '    - { from: decide, to: end, when: approved }',
        '    - { from: decide, to: review, default: true }',
        '',
      ].join('\n'),
    );
    expect((await waooaw(['workflow', 'deploy', file], env)).stdout).toContain('Deployed approve version 1');
    const id = /Started (\S+)/.exec((await waooaw(['workflow', 'start', 'approve'], env)).stdout)![1]!;
    const listed = JSON.parse(
      (await waooaw(['workflow', 'tasks', 'list', '--instance', id, '--json'], env)).stdout,
    ) as Array<{ taskId: string; elementId: string }>;
    expect(listed.map((t) => t.elementId)).toEqual(['review']);
    const done = await waooaw(
      ['workflow', 'tasks', 'complete', listed[0]!.taskId, '--vars', '{"approved":true}', '--actor', 'maria'],
      env,
    );
    expect(done.stdout).toContain(`Completed ${listed[0]!.taskId}: ${id} is completed`);
    expect(JSON.parse((await waooaw(['workflow', 'show', id], env)).stdout)).toMatchObject({
      status: 'completed',
      variables: { approved: true },
    });
    const again = await waooaw(['workflow', 'tasks', 'complete', listed[0]!.taskId], env);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('is completed');
    const out = join(cwd, 'approve.bpmn');
    expect((await waooaw(['workflow', 'export', 'approve', '--out', out], env)).stdout).toContain(
      `Wrote approve to ${out}`,
    );
    const xml = readFileSync(out, 'utf8');
    expect(xml).toContain('<bpmn:userTask id="review"');
    expect(xml).toContain('<bpmndi:BPMNDiagram');
    // The export deploys back as a definition of the same id (in a fresh store).
    const fresh = { WAOOAW_SQLITE_PATH: join(cwd, 'fresh.db') };
    expect((await waooaw(['workflow', 'deploy', out], fresh)).stdout).toContain('Deployed approve version 1');
  }, 400_000);
});

// In-process: the option is refused before any platform is built, so no child process is needed.
describe('waooaw start --health-port', () => {
  it('is refused outside the worker role, where the HTTP port already serves the probes', async () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const code = await runCli(['start', '--role', 'api', '--health-port', '9464']);
      expect(code).toBe(2);
      const written = stderr.mock.calls.map((c) => String(c[0])).join('');
      expect(written).toContain('CONFIG_INVALID');
      expect(written).toContain('--role worker only');
    } finally {
      stderr.mockRestore();
    }
  });
});
