// A loopback HTTP server speaking Anthropic's real Messages wire protocol (JSON and SSE with
// message_start … message_stop), scripted per test and recording every request.
import type { ServerResponse } from 'node:http';
import { startRecordingServer, writeSse } from './fake-openai-server.js';
import type { FakeToolCall, RecordedRequest } from './fake-openai-server.js';

export type { RecordedRequest } from './fake-openai-server.js';

export interface FakeAnthropicReply {
  text?: string;
  toolCalls?: FakeToolCall[];
  /** Model named in the reply; default the requested one. */
  model?: string;
  /** Default `tool_use` when there are tool calls, else `end_turn`. */
  stopReason?: string;
  /** Default 12 input / 6 output tokens. */
  usage?: { input_tokens: number; output_tokens: number };
  /** A non-2xx status sends an Anthropic error body instead of a message. */
  status?: number;
  errorMessage?: string;
  headers?: Record<string, string>;
  /** Hold the request open until the client gives up (to provoke client timeouts). */
  hang?: boolean;
  /** Characters per streamed text delta; default 4. */
  chunkSize?: number;
  /** Streaming only: send this many events, then hold the stream open without finishing. */
  stallAfterEvents?: number;
}

export interface FakeAnthropicServer {
  /** Base URL for the SDK (no `/v1`: the SDK adds it). */
  readonly baseUrl: string;
  readonly requests: RecordedRequest[];
  readonly abandoned: number;
  /** Queues replies, used once each in order; when the queue is empty the default reply is used. */
  enqueue(...replies: FakeAnthropicReply[]): void;
  setDefault(reply: FakeAnthropicReply | ((req: RecordedRequest) => FakeAnthropicReply)): void;
  waitForRequests(count: number): Promise<void>;
  waitForAbandoned(count: number): Promise<void>;
  close(): Promise<void>;
}

const errorTypes: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  529: 'overloaded_error',
};

function sendError(
  res: ServerResponse,
  status: number,
  message: string,
  headers: Record<string, string>,
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify({ type: 'error', error: { type: errorTypes[status] ?? 'api_error', message } }));
}

/** Starts the fake Anthropic server (POST /v1/messages). */
export async function startFakeAnthropicServer(
  defaultReply: FakeAnthropicReply = { text: 'Hello from the fake Anthropic server.' },
): Promise<FakeAnthropicServer> {
  const queue: FakeAnthropicReply[] = [];
  let fallback: FakeAnthropicReply | ((req: RecordedRequest) => FakeAnthropicReply) = defaultReply;
  let seq = 0;

  const base = await startRecordingServer((req, res) => {
    seq++;
    const headers = { 'request-id': `req_fake_${seq}` };
    if (req.method !== 'POST' || req.path !== '/v1/messages') {
      sendError(res, 404, `Unknown path ${req.path}`, headers);
      return;
    }
    const reply = queue.shift() ?? (typeof fallback === 'function' ? fallback(req) : fallback);
    if (reply.hang) return 'hang';
    const allHeaders = { ...headers, ...reply.headers };
    if (reply.status && reply.status >= 300) {
      sendError(res, reply.status, reply.errorMessage ?? `fake error ${reply.status}`, allHeaders);
      return;
    }
    const body = (req.body ?? {}) as { model?: string; stream?: boolean };
    const id = `msg_fake_${seq}`;
    const model = reply.model ?? body.model ?? 'fake-model';
    const toolCalls = (reply.toolCalls ?? []).map((c, i) => ({
      id: c.id ?? `toolu_fake_${i}`,
      name: c.name,
      args: typeof c.arguments === 'string' ? c.arguments : JSON.stringify(c.arguments),
      input: c.arguments,
    }));
    const stopReason = reply.stopReason ?? (toolCalls.length ? 'tool_use' : 'end_turn');
    const usage = {
      input_tokens: reply.usage?.input_tokens ?? 12,
      output_tokens: reply.usage?.output_tokens ?? 6,
    };
    const text = reply.text ?? '';

    if (!body.stream) {
      const content: unknown[] = [];
      if (text) content.push({ type: 'text', text });
      for (const c of toolCalls) content.push({ type: 'tool_use', id: c.id, name: c.name, input: c.input });
      res.writeHead(200, { 'content-type': 'application/json', ...allHeaders });
      res.end(
        JSON.stringify({
          id,
          type: 'message',
          role: 'assistant',
          model,
          content,
          stop_reason: stopReason,
          stop_sequence: null,
          usage,
        }),
      );
      return;
    }

    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', ...allHeaders });
    const events: Array<[unknown, string]> = [];
    const send = (data: unknown, event: string): void => {
      events.push([data, event]);
    };
    send(
      {
        type: 'message_start',
        message: {
          id,
          type: 'message',
          role: 'assistant',
          model,
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: { input_tokens: usage.input_tokens, output_tokens: 1 },
        },
      },
      'message_start',
    );
    send({ type: 'ping' }, 'ping');
    let index = 0;
    if (text) {
      send(
        { type: 'content_block_start', index, content_block: { type: 'text', text: '' } },
        'content_block_start',
      );
      const size = reply.chunkSize ?? 4;
      for (let i = 0; i < text.length; i += size) {
        send(
          {
            type: 'content_block_delta',
            index,
            delta: { type: 'text_delta', text: text.slice(i, i + size) },
          },
          'content_block_delta',
        );
      }
      send({ type: 'content_block_stop', index }, 'content_block_stop');
      index++;
    }
    for (const c of toolCalls) {
      send(
        {
          type: 'content_block_start',
          index,
          content_block: { type: 'tool_use', id: c.id, name: c.name, input: {} },
        },
        'content_block_start',
      );
      const half = Math.ceil(c.args.length / 2);
      for (const piece of [c.args.slice(0, half), c.args.slice(half)]) {
        if (!piece) continue;
        send(
          { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: piece } },
          'content_block_delta',
        );
      }
      send({ type: 'content_block_stop', index }, 'content_block_stop');
      index++;
    }
    send(
      {
        type: 'message_delta',
        delta: { stop_reason: stopReason, stop_sequence: null },
        usage: { output_tokens: usage.output_tokens },
      },
      'message_delta',
    );
    send({ type: 'message_stop' }, 'message_stop');
    if (reply.stallAfterEvents !== undefined) {
      for (const [data, event] of events.slice(0, reply.stallAfterEvents)) writeSse(res, data, event);
      return 'hang';
    }
    for (const [data, event] of events) writeSse(res, data, event);
    res.end();
    return;
  });

  return {
    baseUrl: base.origin,
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
