import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type PlatformApp } from '../app.js';
import type { PublishInput } from '../../bus/bus.js';
import { silentLogger } from '../../components/observability/logger.js';
import { createSqlStore, type SqlStore } from '../../store/sql-store.js';
import { registerGithubWebhook } from './github-webhook-route.js';
import { signGithubPayload } from '../../agents/wowvision/github-events.js';

const secret = 'wh-secret-for-tests';
let app: PlatformApp;
let store: SqlStore;
const published: PublishInput[] = [];

beforeAll(async () => {
  store = await createSqlStore({ dialect: 'sqlite', path: ':memory:' });
  await store.migrate();
  app = await createApp({ logger: silentLogger });
  registerGithubWebhook(app, {
    secret,
    store,
    enabledEvents: ['push', 'pull_request', 'issue_comment'],
    bus: {
      async publish(input) {
        published.push(input);
        return {
          ...input,
          id: String(published.length),
          priority: input.priority ?? 3,
          headers: {},
          publishedAt: 0,
        };
      },
    },
  });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await store.close();
});

let n = 0;
function deliver(
  event: string,
  body: unknown,
  opts: { signature?: string; raw?: string; delivery?: string } = {},
) {
  const raw = opts.raw ?? JSON.stringify(body);
  return app.inject({
    method: 'POST',
    url: '/api/v1/github/webhook',
    headers: {
      'content-type': 'application/json',
      'x-github-event': event,
      'x-github-delivery': opts.delivery ?? `d-${++n}`,
      'x-hub-signature-256': opts.signature ?? signGithubPayload(secret, raw),
    },
    payload: raw,
  });
}

const repository = { full_name: 'waooaw/platform' };

describe('GitHub webhook', () => {
  it('maps a push to one event per changed file plus commit.pushed', async () => {
    published.length = 0;
    const res = await deliver('push', {
      ref: 'refs/heads/main',
      repository,
      commits: [
        {
          id: 'abc1234def',
          message: 'add',
          author: { username: 'alice' },
          added: ['a.md'],
          modified: ['b.ts'],
          removed: ['c.py'],
        },
      ],
      head_commit: { id: 'abc1234def', message: 'add', author: { username: 'alice' } },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'accepted',
      events: ['github.file.created', 'github.file.updated', 'github.file.deleted', 'github.commit.pushed'],
    });
    expect(published.map((p) => p.topic)).toEqual([
      'github.file.created',
      'github.file.updated',
      'github.file.deleted',
      'github.commit.pushed',
    ]);
    expect(published[0]!.payload).toMatchObject({ path: 'a.md', author: 'alice', sha: 'abc1234def' });
  });

  it('gives PR opened high priority and distinguishes merged from closed', async () => {
    published.length = 0;
    await deliver('pull_request', {
      action: 'opened',
      repository,
      pull_request: { number: 7, title: 'x', user: { login: 'bob' } },
    });
    await deliver('pull_request', {
      action: 'closed',
      repository,
      pull_request: { number: 7, merged: true },
    });
    await deliver('pull_request', {
      action: 'closed',
      repository,
      pull_request: { number: 8, merged: false },
    });
    expect(published.map((p) => [p.topic, p.priority])).toEqual([
      ['github.pr.opened', 4],
      ['github.pr.merged', 4],
      ['github.pr.closed', 3],
    ]);
  });

  it('answers 401 for a missing or wrong signature and publishes nothing', async () => {
    published.length = 0;
    const wrong = await deliver(
      'push',
      { repository },
      { signature: signGithubPayload('other-secret', '{}') },
    );
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('SIGNATURE_INVALID');
    const missing = await app.inject({
      method: 'POST',
      url: '/api/v1/github/webhook',
      headers: { 'content-type': 'application/json', 'x-github-event': 'push', 'x-github-delivery': 'z' },
      payload: '{}',
    });
    expect(missing.statusCode).toBe(401);
    expect(published).toHaveLength(0);
  });

  it('answers 400 for a body that is not JSON (but correctly signed)', async () => {
    const res = await deliver('push', undefined, { raw: '{not json' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('BAD_REQUEST');
  });

  it('answers 200 ignored for disabled events and for edited comments', async () => {
    published.length = 0;
    const disabled = await deliver('issues', { action: 'opened', repository, issue: { number: 1 } });
    expect(disabled.json()).toMatchObject({ status: 'ignored' });
    const edited = await deliver('issue_comment', {
      action: 'edited',
      repository,
      issue: { number: 1 },
      comment: { body: 'APPROVE: ok' },
    });
    expect(edited.json()).toMatchObject({ status: 'ignored' });
    expect(published).toHaveLength(0);
  });

  it('deduplicates a redelivered delivery id', async () => {
    published.length = 0;
    const body = {
      action: 'created',
      repository,
      issue: { number: 3 },
      comment: { id: 9, body: 'APPROVE: fine', user: { login: 'carol' } },
    };
    const first = await deliver('issue_comment', body, { delivery: 'same-id' });
    const second = await deliver('issue_comment', body, { delivery: 'same-id' });
    expect(first.json().status).toBe('accepted');
    expect(second.json().status).toBe('duplicate');
    expect(published).toHaveLength(1);
    expect(published[0]!.payload).toMatchObject({ body: 'APPROVE: fine', author: 'carol', number: 3 });
  });
});
