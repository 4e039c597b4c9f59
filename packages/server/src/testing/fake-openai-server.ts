// A loopback HTTP server speaking OpenAI's real chat-completions wire protocol (JSON and SSE), scripted
// per test and recording every request, so adapter tests exercise the official SDK end to end.
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the server received it; header names are lower-case. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
}

/** What a handler does with one request; `hang` holds the reply until the client disconnects. */
export interface RecordingServerHandler {
  (req: RecordedRequest, res: ServerResponse): void | 'hang';
}

/** The plumbing both fake servers share: recording, waiting and holding requests open. */
export interface RecordingServer {
  readonly origin: string;
  readonly requests: RecordedRequest[];
  /** Requests the client abandoned while the server held them open. */
  readonly abandoned: number;
  /** Resolves once at least `count` requests have arrived. */
  waitForRequests(count: number): Promise<void>;
  /** Resolves once at least `count` held requests were abandoned by the client. */
  waitForAbandoned(count: number): Promise<void>;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Starts a node:http server on 127.0.0.1 with an ephemeral port. */
export async function startRecordingServer(handle: RecordingServerHandler): Promise<RecordingServer> {
  const requests: RecordedRequest[] = [];
  let abandoned = 0;
  const waiters: Array<() => void> = [];
  const wake = (): void => {
    for (const w of waiters.splice(0)) w();
  };
  const until = (ready: () => boolean): Promise<void> =>
    new Promise((resolve) => {
      const check = (): void => {
        if (ready()) resolve();
        else waiters.push(check);
      };
      check();
    });

  const server: Server = createServer((req, res) => {
    void readBody(req).then((text) => {
      let body: unknown = text;
      try {
        body = text ? (JSON.parse(text) as unknown) : undefined;
      } catch {
        // Keep the raw text: a test may assert that the client sent malformed JSON.
      }
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers))
        if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
      const recorded: RecordedRequest = { method: req.method ?? 'GET', path: req.url ?? '/', headers, body };
      requests.push(recorded);
      wake();
      if (handle(recorded, res) === 'hang') {
        res.on('close', () => {
          abandoned++;
          wake();
        });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    get abandoned() {
      return abandoned;
    },
    waitForRequests: (count) => until(() => requests.length >= count),
    waitForAbandoned: (count) => until(() => abandoned >= count),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Writes one server-sent event; `event` is omitted for OpenAI, which sends bare `data:` lines. */
export function writeSse(res: ServerResponse, data: unknown, event?: string): void {
  res.write(
    `${event ? `event: ${event}\n` : ''}data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`,
  );
}

export interface FakeToolCall {
  id?: string;
  name: string;
  /** Serialised with JSON.stringify unless already a string (a string lets a test send broken JSON). */
  arguments: unknown;
}

export interface FakeOpenAiReply {
  text?: string;
  toolCalls?: FakeToolCall[];
  /** Model named in the reply; default the requested one. */
  model?: string;
  /** Default `tool_calls` when there are tool calls, else `stop`. */
  finishReason?: string;
  /** `null` leaves usage out (as some local servers do); default 10 prompt / 5 completion tokens. */
  usage?: { prompt_tokens: number; completion_tokens: number } | null;
  /** A non-2xx status sends an OpenAI error body instead of a completion. */
  status?: number;
  errorMessage?: string;
  headers?: Record<string, string>;
  /** Hold the request open until the client gives up (to provoke client timeouts). */
  hang?: boolean;
  /** Characters per streamed text delta; default 4. */
  chunkSize?: number;
  /** Streaming only: send this many chunks, then hold the stream open without finishing. */
  stallAfterChunks?: number;
}

export interface FakeOpenAiServer {
  /** Base URL for the SDK, with the `/v1` path. */
  readonly baseUrl: string;
  readonly requests: RecordedRequest[];
  readonly abandoned: number;
  /** Queues replies, used once each in order; when the queue is empty the default reply is used. */
  enqueue(...replies: FakeOpenAiReply[]): void;
  /** Sets the reply (or a function of the request) used when the queue is empty. */
  setDefault(reply: FakeOpenAiReply | ((req: RecordedRequest) => FakeOpenAiReply)): void;
  waitForRequests(count: number): Promise<void>;
  waitForAbandoned(count: number): Promise<void>;
  close(): Promise<void>;
}

function chunks(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

function argsText(call: FakeToolCall): string {
  return typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments);
}

export interface FakeOpenAiServerOptions {
  /** Every reply waits this long first (real time), like a model server's fixed per-call latency. */
  delayMs?: number;
  /** Calls served at once (others queue), like a model server's parallel slots; default unlimited. */
  concurrency?: number;
}

/** An `/embeddings` reply: a small vector per input, 1 token per 4 characters (at least 1). */
function embeddingsReply(body: { model?: string; input?: unknown }): unknown {
  const inputs = Array.isArray(body.input) ? (body.input as unknown[]) : [body.input];
  const texts = inputs.map((t) => String(t));
  const tokens = texts.reduce((n, t) => n + Math.max(1, Math.ceil(t.length / 4)), 0);
  return {
    object: 'list',
    model: body.model ?? 'fake-embedding',
    data: texts.map((t, index) => ({
      object: 'embedding',
      index,
      embedding: [t.length, index, [...t].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 997, 7)],
    })),
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  };
}

/** Starts the fake OpenAI-compatible server (POST /v1/chat/completions and /v1/embeddings). */
export async function startFakeOpenAiServer(
  defaultReply: FakeOpenAiReply = { text: 'Hello from the fake server.' },
  options: FakeOpenAiServerOptions = {},
): Promise<FakeOpenAiServer> {
  const queue: FakeOpenAiReply[] = [];
  let fallback: FakeOpenAiReply | ((req: RecordedRequest) => FakeOpenAiReply) = defaultReply;
  let seq = 0;

  const answer = (req: RecordedRequest, res: ServerResponse): void | 'hang' => {
    if (req.method === 'POST' && req.path === '/v1/embeddings') {
      res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': `req_fake_${++seq}` });
      res.end(JSON.stringify(embeddingsReply((req.body ?? {}) as { model?: string; input?: unknown })));
      return;
    }
    if (req.method !== 'POST' || req.path !== '/v1/chat/completions') {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          error: {
            message: `Unknown path ${req.path}`,
            type: 'invalid_request_error',
            param: null,
            code: null,
          },
        }),
      );
      return;
    }
    const reply = queue.shift() ?? (typeof fallback === 'function' ? fallback(req) : fallback);
    if (reply.hang) return 'hang';
    const body = (req.body ?? {}) as {
      model?: string;
      stream?: boolean;
      stream_options?: { include_usage?: boolean };
    };
    const id = `chatcmpl-fake-${++seq}`;
    const model = reply.model ?? body.model ?? 'fake-model';
    const created = 1_767_225_600;
    const headers = { 'x-request-id': `req_fake_${seq}`, ...reply.headers };
    if (reply.status && reply.status >= 300) {
      res.writeHead(reply.status, { 'content-type': 'application/json', ...headers });
      res.end(
        JSON.stringify({
          error: {
            message: reply.errorMessage ?? `fake error ${reply.status}`,
            type: 'fake_error',
            param: null,
            code: null,
          },
        }),
      );
      return;
    }
    const toolCalls = (reply.toolCalls ?? []).map((c, i) => ({
      id: c.id ?? `call_fake_${i}`,
      name: c.name,
      args: argsText(c),
    }));
    const finish = reply.finishReason ?? (toolCalls.length ? 'tool_calls' : 'stop');
    const usage =
      reply.usage === null
        ? undefined
        : {
            prompt_tokens: reply.usage?.prompt_tokens ?? 10,
            completion_tokens: reply.usage?.completion_tokens ?? 5,
            total_tokens: (reply.usage?.prompt_tokens ?? 10) + (reply.usage?.completion_tokens ?? 5),
          };

    if (!body.stream) {
      res.writeHead(200, { 'content-type': 'application/json', ...headers });
      res.end(
        JSON.stringify({
          id,
          object: 'chat.completion',
          created,
          model,
          choices: [
            {
              index: 0,
              message: {
                role: 'assistant',
                content: reply.text ?? (toolCalls.length ? null : ''),
                refusal: null,
                ...(toolCalls.length
                  ? {
                      tool_calls: toolCalls.map((c) => ({
                        id: c.id,
                        type: 'function',
                        function: { name: c.name, arguments: c.args },
                      })),
                    }
                  : {}),
              },
              logprobs: null,
              finish_reason: finish,
            },
          ],
          ...(usage ? { usage } : {}),
        }),
      );
      return;
    }

    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', ...headers });
    const chunk = (delta: unknown, finishReason: string | null = null): unknown => ({
      id,
      object: 'chat.completion.chunk',
      created,
      model,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    });
    const events: unknown[] = [chunk({ role: 'assistant', content: '' })];
    for (const piece of chunks(reply.text ?? '', reply.chunkSize ?? 4))
      events.push(chunk({ content: piece }));
    toolCalls.forEach((c, index) => {
      events.push(
        chunk({
          tool_calls: [{ index, id: c.id, type: 'function', function: { name: c.name, arguments: '' } }],
        }),
      );
      // Arguments arrive in pieces, as they do from the real API.
      const half = Math.ceil(c.args.length / 2);
      for (const piece of [c.args.slice(0, half), c.args.slice(half)]) {
        if (piece) events.push(chunk({ tool_calls: [{ index, function: { arguments: piece } }] }));
      }
    });
    if (reply.stallAfterChunks !== undefined) {
      for (const e of events.slice(0, reply.stallAfterChunks)) writeSse(res, e);
      return 'hang';
    }
    events.push(chunk({}, finish));
    if (usage && body.stream_options?.include_usage) {
      events.push({ id, object: 'chat.completion.chunk', created, model, choices: [], usage });
    }
    for (const e of events) writeSse(res, e);
    writeSse(res, '[DONE]');
    res.end();
    return;
  };
  const delayMs = options.delayMs ?? 0;
  const slots = options.concurrency ?? Infinity;
  let busy = 0;
  const waiting: Array<() => void> = [];
  const serve = (req: RecordedRequest, res: ServerResponse): void => {
    busy++;
    setTimeout(() => {
      answer(req, res);
      busy--;
      waiting.shift()?.();
    }, delayMs);
  };
  const base = await startRecordingServer((req, res) => {
    if (delayMs <= 0 && slots === Infinity) return answer(req, res);
    if (busy < slots) serve(req, res);
    else waiting.push(() => serve(req, res));
  });

  return {
    baseUrl: `${base.origin}/v1`,
    requests: base.requests,
    get abandoned() {
      return base.abandoned;
    },
    enqueue: (...replies) => {
      queue.push(...replies);
    },
    setDefault: (reply) => {
      fallback = reply;
    },
    waitForRequests: (count) => base.waitForRequests(count),
    waitForAbandoned: (count) => base.waitForAbandoned(count),
    close: () => base.close(),
  };
}
