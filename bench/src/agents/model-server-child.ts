// Child process for the component-overhead cell: the fake OpenAI server (the real chat-completions
// wire protocol) on loopback, answering every request with a valid decision. It runs apart from the
// bench so that its own work is not on the measured event loop, as a model server never is. Prints {baseUrl}.
// Optional arguments: a fixed latency per call in ms and the calls it serves at once (the models suite).
import { startFakeOpenAiServer } from '@waooaw/server/testing';

const [delayMs, concurrency] = process.argv.slice(2).map(Number);
const server = await startFakeOpenAiServer(
  {
    text: JSON.stringify({ approved: true, reason: 'Meets the checklist.', confidence: 0.9, citations: [] }),
    usage: { prompt_tokens: 40, completion_tokens: 20 },
  },
  {
    ...(delayMs ? { delayMs } : {}),
    ...(concurrency ? { concurrency } : {}),
  },
);
// The server records requests for tests; a bench sends hundreds of thousands, so forget them.
setInterval(() => server.requests.splice(0), 1000).unref();
process.stdout.write(JSON.stringify({ baseUrl: server.baseUrl }) + '\n');
process.on('SIGTERM', () => {
  void server.close().finally(() => process.exit(0));
});
