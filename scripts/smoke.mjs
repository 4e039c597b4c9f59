// Smoke test of the compiled server: start `waooaw start` from dist with plain Node, wait for the first
// 200 on /health, check the probes, sign up, log in, read /me and the agent catalogue, then stop it with
// SIGTERM and expect a clean exit. Exits 1 on the first failure, naming it.
//
//   node scripts/smoke.mjs [--node <binary>] [--app <install dir>] [--startup-only]
//
// --node   the Node binary that runs the server (default: this one); CI passes Node 22 from the registry
// --app    a directory holding packages/server/dist (default: this checkout); CI passes a production install
// --startup-only  only measure spawn → first 200 on /health; prints {"startupMs":…} (the bench uses it)
// The server gets a temporary SQLite file and a free loopback port; DATABASE_URL / REDIS_URL in the
// environment, when set, select PostgreSQL / Redis instead.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    node: { type: 'string', default: process.execPath },
    app: { type: 'string', default: fileURLToPath(new URL('..', import.meta.url)) },
    'startup-only': { type: 'boolean', default: false },
    timeout: { type: 'string', default: '60000' },
  },
});
const timeoutMs = Number(args.timeout);
const main = join(resolve(args.app), 'packages', 'server', 'dist', 'cli', 'main.js');
const say = (line) => process.stdout.write(`smoke: ${line}\n`);

function freePort() {
  return new Promise((done, fail) => {
    const server = createServer().once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

/** Starts the compiled server and resolves once /health answers 200, with the time that took. */
async function startServer() {
  if (!existsSync(main)) throw new Error(`${main} is missing: run \`npm run build\` first`);
  const dir = mkdtempSync(join(tmpdir(), 'waooaw-smoke-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const child = spawn(args.node, [main, 'start', '--port', String(port), '--host', '127.0.0.1'], {
    cwd: dir,
    env: {
      ...process.env,
      WAOOAW_SQLITE_PATH: join(dir, 'smoke.db'),
      WAOOAW_JWT_SECRET: randomBytes(32).toString('hex'),
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk) => (output = (output + chunk.toString()).slice(-4000));
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise((done) => child.once('exit', (code, signal) => done({ code, signal })));
  const server = {
    child,
    url,
    exited,
    output: () => output,
    cleanUp: () => rmSync(dir, { recursive: true, force: true }),
  };
  let early;
  void exited.then((e) => (early = e));
  while (performance.now() - started < timeoutMs) {
    if (early) {
      server.cleanUp();
      throw new Error(`server exited (${early.code ?? early.signal}) before /health answered:\n${output}`);
    }
    const status = await fetch(`${url}/health`).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200) return { ...server, startupMs: performance.now() - started };
    await new Promise((r) => setTimeout(r, 10)); // polling an external process: no clock to fake
  }
  child.kill('SIGKILL');
  server.cleanUp();
  throw new Error(`/health did not answer 200 within ${timeoutMs} ms:\n${output}`);
}

/** Stops the server with SIGTERM and expects exit code 0 within 20 s. */
async function stopServer(server) {
  server.child.kill('SIGTERM');
  const timer = setTimeout(() => server.child.kill('SIGKILL'), 20_000);
  const { code, signal } = await server.exited;
  clearTimeout(timer);
  server.cleanUp();
  if (code !== 0) throw new Error(`server exited with ${code ?? signal} on SIGTERM:\n${server.output()}`);
}

async function call(server, method, path, { body, token, expect = 200 } = {}) {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      ...(body ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  if (res.status !== expect)
    throw new Error(`${method} ${path}: ${res.status} (expected ${expect}): ${text}`);
  return text ? JSON.parse(text) : undefined;
}

async function exercise(server) {
  const ready = await call(server, 'GET', '/health/ready');
  if (ready.status !== 'ok') throw new Error(`/health/ready says ${JSON.stringify(ready)}`);
  await call(server, 'GET', '/health/live');
  say('/health, /health/live and /health/ready answer 200');

  const email = `smoke-${randomBytes(4).toString('hex')}@example.com`;
  const password = 'smoke-test-passphrase';
  await call(server, 'POST', '/api/v1/auth/signup', {
    body: { email, password, name: 'Smoke Test', organisationName: 'Smoke Test Ltd' },
    expect: 202,
  });
  const session = await call(server, 'POST', '/api/v1/auth/login', { body: { email, password } });
  const me = await call(server, 'GET', '/api/v1/me', { token: session.accessToken });
  if (me.user.email !== email) throw new Error(`/api/v1/me answered for ${me.user.email}, not ${email}`);
  say(`signed up and logged in as ${email}`);

  const catalogue = await call(server, 'GET', '/api/v1/agents?limit=50');
  if (!(catalogue.total > 0 && catalogue.items.length > 0)) throw new Error('the agent catalogue is empty');
  say(`listed ${catalogue.items.length} of ${catalogue.total} agents`);
}

const version = await new Promise((done) => {
  const c = spawn(args.node, ['--version'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  c.stdout.on('data', (d) => (out += d));
  c.once('exit', () => done(out.trim()));
  c.once('error', () => done('unknown'));
});
try {
  const server = await startServer();
  if (args['startup-only']) {
    await stopServer(server);
    process.stdout.write(`${JSON.stringify({ startupMs: server.startupMs, node: version })}\n`);
  } else {
    say(`compiled server on Node ${version} answered /health 200 after ${Math.round(server.startupMs)} ms`);
    try {
      await exercise(server);
    } finally {
      await stopServer(server);
    }
    say('stopped cleanly on SIGTERM');
    say(`passed on Node ${version}`);
  }
} catch (err) {
  process.stderr.write(`smoke: FAILED: ${err.message}\n`);
  process.exitCode = 1;
}
