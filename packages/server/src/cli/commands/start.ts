// `waooaw start`: the embedded all-in-one platform by default; `--role api|worker` for scale-out.
import type { Command } from 'commander';
import { createPlatform } from '../../platform.js';
import { configFrom, print } from './shared.js';

export function registerStartCommand(program: Command): void {
  program
    .command('start')
    .description(
      'start the platform (embedded: SQLite + in-process bus; with DATABASE_URL and REDIS_URL: shared PostgreSQL + Redis)',
    )
    .option('--role <role>', 'all (default) | api | worker')
    .option('--port <port>', 'HTTP port (default 3000; 0 picks a free one)')
    .option('--host <host>', 'HTTP host (default 127.0.0.1)')
    .action(async (opts: { role?: 'all' | 'api' | 'worker'; port?: string; host?: string }, cmd: Command) => {
      const config = configFrom(cmd, {
        ...(opts.role ? { role: opts.role } : {}),
        http: {
          ...(opts.port ? { port: Number(opts.port) } : {}),
          ...(opts.host ? { host: opts.host } : {}),
        },
      });
      const platform = await createPlatform(config);
      const { url } = await platform.start();
      const mode = config.store.databaseUrl ? 'PostgreSQL' : `SQLite (${config.store.sqlitePath})`;
      const busKind = config.bus.redisUrl ? 'Redis Streams' : 'in-process bus';
      print(`WAOOAW ${config.role} running — store: ${mode}; bus: ${busKind}`);
      if (url) print(`Open ${url}  (health: ${url}/health, API docs: ${url}/docs)`);
      let stopping = false;
      const stop = async (signal: string) => {
        if (stopping) return;
        stopping = true;
        platform.logger.info({ signal }, 'stopping');
        await platform.stop();
        process.exit(0);
      };
      process.once('SIGINT', () => void stop('SIGINT'));
      process.once('SIGTERM', () => void stop('SIGTERM'));
    });
}
