// HTTP: our JWT-protected route (GET /api/v1/me on the whole platform: helmet, CORS, zod
// validation and serialization, bearer verification with jose, session and tenant lookup) next to
// bare Fastify serving the same body, both driven by autocannon; servers run in child processes so
// the load generator does not share their event loop.
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { serveChild } from '../child.js';
import type { BenchContext } from '../context.js';
import type { CellSpec, Runner } from '../harness.js';

/** CPU time (user + system, ms) a process has used, from /proc; undefined where there is none. */
function cpuMs(pid: number | undefined): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    // utime and stime are fields 14 and 15 of stat (11 and 12 after the command name), in ticks.
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return undefined;
  }
}

function load(url: string, headers: Record<string, string>, seconds: number, server: ChildProcess): Runner {
  return async () => {
    const cpuBefore = cpuMs(server.pid);
    const r = await autocannon({ url, connections: 32, pipelining: 1, duration: seconds, headers });
    const cpuAfter = cpuMs(server.pid);
    if (r.non2xx > 0 || r.errors > 0) throw new Error(`${r.non2xx} non-2xx answers and ${r.errors} errors`);
    return {
      value: r.requests.average,
      extra: {
        p50ms: r.latency.p50,
        p99ms: r.latency.p99,
        requests: r.requests.total,
        // The server's own CPU per answer: on a busy machine autocannon may starve before the server
        // does, and this figure does not depend on how many requests it managed to send.
        ...(cpuBefore !== undefined && cpuAfter !== undefined && r.requests.total > 0
          ? { serverCpuUsPerRequest: Math.round(((cpuAfter - cpuBefore) * 1000) / r.requests.total) }
          : {}),
      },
    };
  };
}

export function httpCells(ctx: BenchContext): CellSpec[] {
  const seconds = ctx.quick ? 3 : 10;
  const children: ChildProcess[] = [];
  let ours: Runner = async () => ({ value: NaN });
  let bare: Runner = async () => ({ value: NaN });
  return [
    {
      id: 'http.authenticated-route',
      suite: 'http',
      metric:
        'Authenticated route GET /api/v1/me (JWT, whole platform) vs bare Fastify, same body, autocannon 32 connections',
      unit: 'req/s',
      higherIsBetter: true,
      goal: { ratio: 0.5, text: '≥ 0.5×' },
      notes: `${seconds} s per repeat; servers in child processes on the same 2 cores as autocannon; the platform runs embedded (SQLite FULL). Each request presents the same token: its signature is checked once and remembered until it expires; session, user and organisation come from the in-process cache (re-read after auth.sessionCheckSeconds, at once after a change in this process). serverCpuUsPerRequest is the server process's CPU per answer (from /proc), which a busy machine distorts less than req/s.`,
      async setup() {
        // The platform finds its agent specs and web assets next to its modules: run it from source.
        const platform = await serveChild(
          join(import.meta.dirname, '..', 'http', 'platform-server.ts'),
          [ctx.tmpDir()],
          true,
        );
        children.push(platform.child);
        const peer = await serveChild(
          join(import.meta.dirname, '..', 'http', 'bare-fastify-server.ts'),
          [String(platform.info.body)],
          false,
        );
        children.push(peer.child);
        const route = String(platform.info.route);
        ours = load(
          `${String(platform.info.url)}${route}`,
          { authorization: `Bearer ${String(platform.info.token)}` },
          seconds,
          platform.child,
        );
        bare = load(`${String(peer.info.url)}${route}`, {}, seconds, peer.child);
      },
      async teardown() {
        for (const c of children) c.kill('SIGTERM');
      },
      ours: () => ours(),
      peers: { 'bare fastify': () => bare() },
    },
  ];
}
