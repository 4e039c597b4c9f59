// `waooaw workflow deploy|start|list|show|signal|cancel|retry|migrate|export|tasks`: operate the
// workflow engine on the configured store. A running platform picks up instances started here on its
// next poll.
import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { Engine } from '../../engine/engine.js';
import type { UserTaskStatus } from '../../engine/engine-store.js';
import { PlatformError, type JsonValue } from '../../errors.js';
import { createStoreFromConfig, migrateFromConfig } from '../../store/create-store.js';
import { configFrom, print, printJson } from './shared.js';

async function withEngine<T>(cmd: Command, fn: (engine: Engine) => Promise<T>): Promise<T> {
  const config = configFrom(cmd);
  const store = await createStoreFromConfig(config);
  try {
    await migrateFromConfig(config, store);
    const engine = new Engine({ store: store.engine });
    const result = await fn(engine);
    // Let the lease hand-back to the workers finish before the store closes.
    await engine.idle();
    return result;
  } finally {
    await store.close();
  }
}

function parseJsonOption(value: string | undefined, name: string): Record<string, JsonValue> {
  if (value === undefined) return {};
  try {
    const parsed: unknown = JSON.parse(value);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new Error('not an object');
    return parsed as Record<string, JsonValue>;
  } catch (err) {
    throw new PlatformError('VALIDATION', `${name} must be a JSON object (${(err as Error).message})`, {
      details: { field: name },
    });
  }
}

function readSource(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new PlatformError('NOT_FOUND', `Cannot read ${file}: ${(err as Error).message}`, {
      details: { file },
    });
  }
}

const TASK_STATUSES: readonly UserTaskStatus[] = ['open', 'completed', 'expired', 'cancelled'];

export function registerWorkflowCommand(program: Command): void {
  const wf = program.command('workflow').description('deploy definitions and operate workflow instances');
  wf.command('deploy <file>')
    .description(
      'deploy a definition from a YAML, BPMN 2.0 XML or JSON file (a new version unless unchanged)',
    )
    .option('--process <id>', 'BPMN process id when the file holds several')
    .action(async (file: string, opts: { process?: string }, cmd: Command) => {
      const source = readSource(file);
      const t = source.trimStart();
      const format = t.startsWith('<') ? 'bpmn' : t.startsWith('{') ? 'json' : 'yaml';
      await withEngine(cmd, async (engine) => {
        const r = await engine.deploy(
          { format, source, ...(opts.process ? { processId: opts.process } : {}) },
          { createdBy: 'cli' },
        );
        print(
          r.created
            ? `Deployed ${r.definitionId} version ${r.version}.`
            : `${r.definitionId} version ${r.version} is identical; nothing deployed.`,
        );
      });
    });
  wf.command('start <definitionId>')
    .description('start an instance')
    .option('--vars <json>', 'initial variables as a JSON object')
    .option('--key <businessKey>', 'business key for message correlation')
    .option('--version <n>', 'definition version (latest by default)')
    .action(
      async (definitionId: string, opts: { vars?: string; key?: string; version?: string }, cmd: Command) => {
        const variables = parseJsonOption(opts.vars, '--vars');
        await withEngine(cmd, async (engine) => {
          const v = await engine.startInstance(definitionId, {
            variables,
            actor: 'cli',
            ...(opts.key ? { businessKey: opts.key } : {}),
            ...(opts.version ? { version: Number(opts.version) } : {}),
          });
          print(`Started ${v.instanceId} (${v.definitionId} v${v.version}): ${v.status}`);
        });
      },
    );
  wf.command('list')
    .description('list instances, newest first')
    .option('--definition <id>', 'only this definition')
    .option(
      '--status <status>',
      'active | waiting | suspended | completed | failed | cancelled | compensated',
    )
    .option('--limit <n>', 'how many', '50')
    .option('--json', 'print JSON')
    .action(
      async (opts: { definition?: string; status?: string; limit: string; json?: boolean }, cmd: Command) => {
        await withEngine(cmd, async (engine) => {
          const page = await engine.listInstances({
            limit: Number(opts.limit),
            ...(opts.definition ? { definitionId: opts.definition } : {}),
            ...(opts.status ? { state: opts.status as never } : {}),
          });
          if (opts.json) return printJson(page);
          if (!page.items.length) return print('No instances.');
          for (const i of page.items)
            print(
              `${i.instanceId}  ${i.definitionId} v${i.version}  ${i.state.padEnd(11)} ${i.businessKey ?? ''}`,
            );
        });
      },
    );
  wf.command('show <instanceId>')
    .description(
      'show an instance: state, variables, tokens, incidents, tasks, timers (--history for every step)',
    )
    .option('--history', 'print the full history')
    .action(async (instanceId: string, opts: { history?: boolean }, cmd: Command) => {
      await withEngine(cmd, async (engine) => {
        printJson(await engine.getInstance(instanceId));
        if (opts.history) printJson(await engine.history(instanceId));
      });
    });
  wf.command('signal <messageName>')
    .description('correlate a message to the instance waiting for it (buffered when nobody waits yet)')
    .option('--key <businessKey>', 'business key of the instance')
    .option('--payload <json>', 'message payload as a JSON object')
    .action(async (name: string, opts: { key?: string; payload?: string }, cmd: Command) => {
      const payload = parseJsonOption(opts.payload, '--payload');
      await withEngine(cmd, async (engine) => {
        const r = await engine.correlate(name, { payload, ...(opts.key ? { businessKey: opts.key } : {}) });
        print(
          r.status === 'buffered'
            ? `Buffered ${r.messageId} until ${new Date(r.expiresAt).toISOString()}.`
            : `${r.status} to ${r.instanceId}.`,
        );
      });
    });
  wf.command('cancel <instanceId>')
    .description('cancel an instance')
    .option('--reason <text>', 'why')
    .option('--compensate', 'undo completed tasks in reverse order')
    .action(async (instanceId: string, opts: { reason?: string; compensate?: boolean }, cmd: Command) => {
      await withEngine(cmd, async (engine) => {
        const r = await engine.cancel(instanceId, {
          actor: 'cli',
          ...(opts.reason ? { reason: opts.reason } : {}),
          ...(opts.compensate ? { compensate: true } : {}),
        });
        print(
          r.queued
            ? `Cancel queued for ${instanceId} (another worker holds it).`
            : `Cancelled ${instanceId}: ${r.instance?.status ?? ''}`,
        );
      });
    });
  wf.command('retry <instanceId>')
    .description('retry the incident of a failed instance')
    .option('--incident <id>', 'a specific incident')
    .action(async (instanceId: string, opts: { incident?: string }, cmd: Command) => {
      await withEngine(cmd, async (engine) => {
        const r = await engine.retryIncident(instanceId, {
          actor: 'cli',
          ...(opts.incident ? { incidentId: opts.incident } : {}),
        });
        print(
          r.queued ? `Retry queued for ${instanceId}.` : `Retried ${instanceId}: ${r.instance?.status ?? ''}`,
        );
      });
    });
  wf.command('export <definitionId>')
    .description('print a deployed definition as BPMN 2.0 XML (with diagram)')
    .option('--version <n>', 'definition version (latest by default)')
    .option('--out <file>', 'write to this file instead of standard output')
    .action(async (definitionId: string, opts: { version?: string; out?: string }, cmd: Command) => {
      await withEngine(cmd, async (engine) => {
        const xml = await engine.exportBpmn(
          definitionId,
          opts.version === undefined ? undefined : Number(opts.version),
        );
        if (opts.out) {
          writeFileSync(opts.out, xml);
          print(`Wrote ${definitionId} to ${opts.out}.`);
        } else process.stdout.write(xml.endsWith('\n') ? xml : `${xml}\n`);
      });
    });
  const tasks = wf.command('tasks').description('list and complete user tasks');
  tasks
    .command('list')
    .description('list user tasks, oldest first')
    .option('--instance <id>', 'only this instance')
    .option('--status <status>', 'open | completed | expired | cancelled', 'open')
    .option('--assignee <user>', 'only tasks assigned to this user')
    .option('--role <role>', 'only tasks for this role')
    .option('--json', 'print JSON')
    .action(
      async (
        opts: { instance?: string; status: string; assignee?: string; role?: string; json?: boolean },
        cmd: Command,
      ) => {
        if (!TASK_STATUSES.includes(opts.status as UserTaskStatus))
          throw new PlatformError('VALIDATION', `--status must be one of ${TASK_STATUSES.join(', ')}`, {
            details: { field: '--status' },
          });
        await withEngine(cmd, async (engine) => {
          const list = await engine.listUserTasks({
            status: opts.status as UserTaskStatus,
            ...(opts.instance ? { instanceId: opts.instance } : {}),
            ...(opts.assignee ? { assignee: opts.assignee } : {}),
            ...(opts.role ? { role: opts.role } : {}),
          });
          if (opts.json) return printJson(list);
          if (!list.length) return print('No user tasks.');
          for (const t of list)
            print(
              `${t.taskId}  ${t.instanceId}  ${t.elementId}  ${t.status.padEnd(9)} ${t.assignee ?? t.role ?? ''}  ${t.title}`,
            );
        });
      },
    );
  tasks
    .command('complete <taskId>')
    .description('complete an open user task; its data become process variables')
    .option('--vars <json>', 'completion data as a JSON object')
    .option('--actor <name>', 'who completes it', 'cli')
    .action(async (taskId: string, opts: { vars?: string; actor: string }, cmd: Command) => {
      const data = parseJsonOption(opts.vars, '--vars');
      await withEngine(cmd, async (engine) => {
        const r = await engine.completeUserTask(taskId, data, opts.actor);
        print(
          r.queued
            ? `Completion of ${taskId} queued (another worker holds the instance).`
            : `Completed ${taskId}: ${r.instance?.instanceId ?? ''} is ${r.instance?.status ?? ''}`,
        );
      });
    });
  wf.command('migrate <instanceId> <toVersion>')
    .description('move an instance to another version of its definition')
    .option('--map <json>', 'element id mapping old → new as a JSON object')
    .action(async (instanceId: string, toVersion: string, opts: { map?: string }, cmd: Command) => {
      const mapping = parseJsonOption(opts.map, '--map') as Record<string, string>;
      await withEngine(cmd, async (engine) => {
        const r = await engine.migrate(instanceId, Number(toVersion), mapping, 'cli');
        print(
          r.queued
            ? `Migration queued for ${instanceId}.`
            : `Migrated ${instanceId} to version ${toVersion}.`,
        );
      });
    });
}
