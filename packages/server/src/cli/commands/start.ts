// `waooaw start`: the embedded all-in-one platform by default; `--role api|worker` for scale-out.
// A worker serves no API; `--health-port` gives it probes and /metrics on a port of their own.
// SIGTERM or SIGINT stops gracefully (the platform drains); a second signal exits at once.
import type { Command } from 'commander';
import { listenProbes, type ProbeServer } from '../../api/probe-server.js';
import { PlatformError } from '../../errors.js';
import { createPlatform, PLATFORM_VERSION } from '../../platform.js';
import { configFrom, print } from './shared.js';

interface StartOptions {
  role?: 'all' | 'api' | 'worker';
  port?: string;
  host?: string;
  healthPort?: string;
}

export function registerStartCommand(program: Command): void {
  program
    .command('start')
    .description(
      'start the platform (embedded: SQLite + in-process bus; with DATABASE_URL and REDIS_URL: shared PostgreSQL + Redis)',
    )
    .option('--role <role>', 'all (default) | api | worker')
    .option('--port <port>', 'HTTP port (default 3000; 0 picks a free one)')
    .option('--host <host>', 'HTTP host (default 127.0.0.1)')
    .option(
      '--health-port <port>',
      'worker role: serve /health, /health/live, /health/ready and /metrics here',
    )
    .action(async (opts: StartOptions, cmd: Command) => {
      const startedAt = Date.now();
      const config = configFrom(cmd, {
        ...(opts.role ? { role: opts.role } : {}),
        http: {
          ...(opts.port ? { port: Number(opts.port) } : {}),
          ...(opts.host ? { host: opts.host } : {}),
        },
      });
      const healthPort = opts.healthPort === undefined ? undefined : Number(opts.healthPort);
      if (healthPort !== undefined && (config.role !== 'worker' || !Number.isInteger(healthPort)))
        throw new PlatformError(
          'CONFIG_INVALID',
          '--health-port takes a port number and applies to --role worker only (api and all serve the probes on the HTTP port)',
        );
      const platform = await createPlatform(config);
      const { url, metricsUrl } = await platform.start();
      let probes: ProbeServer | undefined;
      if (healthPort !== undefined)
        probes = await listenProbes({
          host: config.http.host,
          port: healthPort,
          checks: [
            { name: 'store', ping: () => platform.store.ping() },
            { name: 'bus', ping: () => platform.bus.ping() },
          ],
          info: {
            role: config.role,
            version: PLATFORM_VERSION,
            startedAt,
            isDraining: () => platform.draining,
          },
          logger: platform.logger,
          metrics: platform.metrics,
          // With a metrics port of its own, /metrics is served there and not among the probes.
          metricsRoute: config.metrics.port === undefined ? { token: config.metrics.token } : false,
        });
      const mode = config.store.databaseUrl ? 'PostgreSQL' : `SQLite (${config.store.sqlitePath})`;
      const busKind = config.bus.redisUrl ? 'Redis Streams' : 'in-process bus';
      print(`WAOOAW ${config.role} running — store: ${mode}; bus: ${busKind}`);
      if (url) print(`Open ${url}  (health: ${url}/health, API docs: ${url}/docs)`);
      if (probes)
        print(`Probes on ${probes.url}  (/health/live, /health/ready${metricsUrl ? '' : ', /metrics'})`);
      if (metricsUrl) print(`Metrics on ${metricsUrl}`);
      let stopping = false;
      const stop = async (signal: string) => {
        if (stopping) {
          platform.logger.warn({ signal }, 'second signal: exiting without finishing the drain');
          process.exit(1);
        }
        stopping = true;
        platform.logger.info({ signal, drainTimeoutMs: config.drainTimeoutMs }, 'stopping');
        // Should closing hang after the drain deadline (a backend that never answers), exit anyway.
        setTimeout(() => {
          platform.logger.error('stop did not finish in time; exiting');
          process.exit(1);
        }, config.drainTimeoutMs + 15_000).unref();
        await platform.stop();
        await probes?.close();
        process.exit(0);
      };
      process.on('SIGINT', () => void stop('SIGINT'));
      process.on('SIGTERM', () => void stop('SIGTERM'));
    });
}
