// Child process for the HTTP cell's peer: bare Fastify (no plugins, no auth, default logger off)
// answering the same JSON body our authenticated route returns. Prints {url}.
import Fastify from 'fastify';

const body = JSON.parse(process.argv[2] ?? '{}') as unknown;
const app = Fastify({ logger: false });
app.get('/api/v1/me', async () => body);
const url = await app.listen({ host: '127.0.0.1', port: 0 });
process.stdout.write(JSON.stringify({ url }) + '\n');
process.on('SIGTERM', () => {
  void app.close().finally(() => process.exit(0));
});
