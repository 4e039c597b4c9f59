// `waooaw dlq list|show|retry|discard`: operate the bus's dead-letter queue.
import type { Command } from 'commander';
import { createBus } from '../../bus/create-bus.js';
import type { Bus } from '../../bus/bus.js';
import { PlatformError } from '../../errors.js';
import { createStoreFromConfig, migrateFromConfig } from '../../store/create-store.js';
import { configFrom, print, printJson } from './shared.js';

async function withBus<T>(cmd: Command, fn: (bus: Bus) => Promise<T>): Promise<T> {
  const config = configFrom(cmd);
  const store = await createStoreFromConfig(config);
  try {
    await migrateFromConfig(config, store);
    const bus = await createBus(config, { store });
    try {
      return await fn(bus);
    } finally {
      await bus.close();
    }
  } finally {
    await store.close();
  }
}

export function registerDlqCommand(program: Command): void {
  const dlq = program.command('dlq').description('inspect and operate the dead-letter queue');
  dlq
    .command('list')
    .description('list dead letters, oldest first')
    .option('--group <group>', 'only this consumer group')
    .option(
      '--reason <reason>',
      'only this reason (max-deliveries, invalid-signature, unsigned, invalid-message)',
    )
    .option('--limit <n>', 'how many', '50')
    .option('--json', 'print JSON')
    .action(
      async (opts: { group?: string; reason?: string; limit: string; json?: boolean }, cmd: Command) => {
        await withBus(cmd, async (bus) => {
          const page = await bus.dlq.list({
            ...(opts.group ? { group: opts.group } : {}),
            ...(opts.reason ? { reason: opts.reason } : {}),
            limit: Number(opts.limit),
          });
          if (opts.json) return printJson(page);
          if (!page.items.length) return print('The dead-letter queue is empty.');
          for (const d of page.items) {
            const last = d.errors.at(-1)?.message ?? '';
            print(
              `${d.id}  ${new Date(d.deadAt).toISOString()}  ${d.group}  ${d.message.topic}  ${d.reason}  x${d.deliveries}  ${last}`,
            );
          }
          print(`${page.items.length} shown${page.nextCursor ? ' (more: use --limit)' : ''}.`);
        });
      },
    );
  dlq
    .command('show <id>')
    .description('show one dead letter with its message and error history')
    .action(async (id: string, _opts: unknown, cmd: Command) => {
      await withBus(cmd, async (bus) => {
        const d = await bus.dlq.get(id);
        if (!d) throw new PlatformError('NOT_FOUND', `No dead letter ${id}`);
        printJson(d);
      });
    });
  dlq
    .command('retry [id]')
    .description('re-deliver one dead letter, or every one whose last error matches --match')
    .option('--match <pattern>', 'regular expression over the last error message or reason')
    .action(async (id: string | undefined, opts: { match?: string }, cmd: Command) => {
      if (!id && !opts.match)
        throw new PlatformError('VALIDATION', 'Give a dead-letter id or --match <pattern>');
      await withBus(cmd, async (bus) => {
        if (id) {
          await bus.dlq.retry(id);
          print(`Re-queued ${id}.`);
        } else {
          print(`Retrying dead letters matching /${opts.match}/ …`);
          const n = await bus.dlq.retryMatching(new RegExp(opts.match!));
          print(`Re-queued ${n}.`);
        }
      });
    });
  dlq
    .command('discard <id>')
    .description('remove a dead letter for good, with a reason kept in the audit trail')
    .requiredOption('--reason <text>', 'why it is discarded')
    .action(async (id: string, opts: { reason: string }, cmd: Command) => {
      await withBus(cmd, async (bus) => {
        await bus.dlq.discard(id, opts.reason);
        print(`Discarded ${id}.`);
      });
    });
}
