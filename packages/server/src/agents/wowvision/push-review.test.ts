// Pushes straight to the default branch are reviewed after the fact: a `.env`, a private key, a token in
// a config file or a forbidden file type opens a violation issue — in local mode (a real git repository
// watched through the bus) and in GitHub mode (the signed push webhook, a fake GitHub API).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type PlatformApp } from '../../api/app.js';
import { registerGithubWebhook } from '../../api/webhooks/github-webhook-route.js';
import type { Bus } from '../../bus/bus.js';
import { createBus } from '../../bus/create-bus.js';
import { FakeClock } from '../../clock.js';
import { silentLogger } from '../../components/observability/logger.js';
import { loadConfig } from '../../config.js';
import { createIds } from '../../ids.js';
import { createGitCliSource } from '../../repo-hosts/git-cli-source.js';
import { createOctokitRepoHost } from '../../repo-hosts/octokit-repo-host.js';
import { storeTargets, type OpenedStore } from '../../testing/backends.js';
import { eventually } from '../../testing/eventually.js';
import { commitFiles } from '../../testing/git-repo.js';
import { startFakeGithub, type FakeGithub } from '../../testing/fake-github-server.js';
import { mapGithubEvent, signGithubPayload } from './github-events.js';
import { secretContentReason, secretFileReason } from './secret-rules.js';
import { createWowVisionService, type WowVisionService } from './wowvision-service.js';

const SECRETS = {
  env: 'OPENAI_API_KEY=sk-proj-abcdefghijklmnopqrstuvwxyz0123456789ABCD\n',
  aws: 'AKIAIOSFODNN7EXAMPLE',
  pem: '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7bq\n-----END RSA PRIVATE KEY-----\n',
  github: 'ghp_0123456789abcdefghijklmnopqrstuvwxyzAB',
};

describe('secret rules', () => {
  it('names secret files and secret content, and leaves examples and ordinary files alone', () => {
    for (const p of ['.env', 'deploy/.env.production', 'keys/id_ed25519', 'tls/server.pem', 'a/b.p12'])
      expect(secretFileReason(p), p).toBeDefined();
    for (const p of ['.env.example', 'src/env.ts', 'keys/id_ed25519.pub', 'README.md'])
      expect(secretFileReason(p), p).toBeUndefined();
    expect(secretContentReason(SECRETS.pem)).toBe('The file contains a private key');
    expect(secretContentReason(`aws = "${SECRETS.aws}"`)).toBe('The file contains an AWS access key');
    expect(secretContentReason(`token: ${SECRETS.github}`)).toBe('The file contains a GitHub token');
    expect(secretContentReason('const key = process.env.OPENAI_API_KEY;')).toBeUndefined();
  });

  it('marks a push to the default branch, with the files it added or changed', () => {
    const body = (ref: string) => ({
      ref,
      repository: { full_name: 'waooaw/platform', default_branch: 'trunk' },
      commits: [
        { id: 'a1', added: ['.env', 'x.ts'], modified: [], removed: ['old.md'] },
        { id: 'a2', added: [], modified: ['x.ts', 'config/app.yaml'], removed: ['.env'] },
      ],
      head_commit: { id: 'a2', author: { username: 'mallory' } },
    });
    const pushed = (ref: string) =>
      mapGithubEvent('push', body(ref))!.find((e) => e.type === 'github.commit.pushed')!;
    expect(pushed('refs/heads/trunk').payload).toMatchObject({
      defaultBranch: true,
      files: ['.env', 'x.ts', 'config/app.yaml'],
    });
    expect(pushed('refs/heads/feature').payload.defaultBranch).toBe(false);
  });
});

const commit = (repo: string, files: Record<string, string>, message: string) =>
  commitFiles(repo, files, message, { author: 'mallory' });

const titles = (issues: Array<{ title: string }>) => issues.map((i) => i.title).sort();

for (const target of storeTargets()) {
  describe.skipIf(!target.open)(`WowVision on direct pushes (${target.kind})`, () => {
    const clock = new FakeClock(Date.UTC(2026, 10, 24, 22));
    const config = loadConfig({ env: {} });
    let opened: OpenedStore;
    let bus: Bus;

    beforeAll(async () => {
      opened = await target.open!({ clock });
      await opened.store.migrate();
      bus = await createBus(config, { store: opened.store, clock });
    });
    afterAll(async () => {
      await bus?.close();
      await opened?.cleanup();
    });

    it('local mode: a commit on the default branch with secrets opens one violation issue per secret file', async () => {
      const repo = mkdtempSync(join(tmpdir(), 'wv-push-'));
      execFileSync('git', ['-C', repo, 'init', '-q', '-b', 'main']);
      commit(
        repo,
        {
          '.env': SECRETS.env,
          '.env.example': 'OPENAI_API_KEY=\n',
          'config/app.json': JSON.stringify({ aws: SECRETS.aws }),
          'deploy/server.pem': SECRETS.pem,
          'src/ok.ts': 'export const ok = 1;\n',
          'README.md': '# Project\n',
        },
        'quick fix straight to main',
      );
      const svc = createWowVisionService({
        repo: { mode: 'local', git: createGitCliSource(repo) },
        store: opened.store,
        bus,
        clock,
        ids: createIds(() => clock.now()),
      });
      try {
        await svc.start();
        const issues = await eventually(
          () => svc.host.listIssues({ label: 'vision-violation' }),
          (l) => l.length >= 3,
          { what: 'violation issues for the pushed secrets' },
        );
        expect(titles(issues)).toEqual([
          '🚨 Vision Violation: .env',
          '🚨 Vision Violation: config/app.json',
          '🚨 Vision Violation: deploy/server.pem',
        ]);
        const byTitle = new Map(issues.map((i) => [i.title, i.body]));
        expect(byTitle.get('🚨 Vision Violation: config/app.json')).toContain('an AWS access key');
        // The issue says what kind of secret it is, never the secret.
        for (const i of issues)
          for (const s of Object.values(SECRETS)) expect(i.body).not.toContain(s.trim());
        const decisions = await svc.agent.decisions();
        expect(decisions.filter((d) => !d.approved).map((d) => d.rule)).toEqual([
          'core-constraint',
          'core-constraint',
          'core-constraint',
        ]);
      } finally {
        await svc.stop();
        rmSync(repo, { recursive: true, force: true });
      }
    });

    describe('GitHub mode', () => {
      let gh: FakeGithub;
      let app: PlatformApp;
      let svc: WowVisionService;
      const secret = 'wh-secret-for-tests';
      let n = 0;
      const push = (ref: string, commits: unknown[], head: string) => {
        const raw = JSON.stringify({
          ref,
          repository: { full_name: 'waooaw/platform', default_branch: 'main' },
          commits,
          head_commit: { id: head, message: 'hotfix', author: { username: 'mallory' } },
        });
        return app.inject({
          method: 'POST',
          url: '/api/v1/github/webhook',
          headers: {
            'content-type': 'application/json',
            'x-github-event': 'push',
            'x-github-delivery': `push-${target.kind}-${++n}`,
            'x-hub-signature-256': signGithubPayload(secret, raw),
          },
          payload: raw,
        });
      };

      beforeAll(async () => {
        gh = await startFakeGithub();
        svc = createWowVisionService({
          repo: {
            mode: 'github',
            host: createOctokitRepoHost({ token: gh.token, repo: 'waooaw/platform', baseUrl: gh.url }),
          },
          store: opened.store,
          bus,
          clock,
          ids: createIds(() => clock.now()),
        });
        await svc.start();
        app = await createApp({ logger: silentLogger });
        registerGithubWebhook(app, { secret, store: opened.store, bus });
        await app.ready();
      });
      afterAll(async () => {
        await app?.close();
        await svc?.stop();
        await gh?.close();
      });

      it('a signed push webhook to the default branch opens violation issues for a .env and a token in YAML', async () => {
        gh.files.set('.env', SECRETS.env);
        gh.files.set('config/settings.yaml', `github:\n  token: ${SECRETS.github}\n`);
        gh.files.set('src/app.ts', 'export const a = 1;\n');
        const res = await push(
          'refs/heads/main',
          [
            {
              id: 'c1',
              message: 'hotfix',
              author: { username: 'mallory' },
              added: ['.env', 'src/app.ts'],
              modified: [],
            },
            {
              id: 'c2',
              message: 'config',
              author: { username: 'mallory' },
              added: [],
              modified: ['config/settings.yaml'],
            },
          ],
          'c2',
        );
        expect(res.statusCode).toBe(200);
        expect(res.json()).toMatchObject({ status: 'accepted' });
        const opened = () => [...gh.issues.values()].filter((i) => i.labels.includes('vision-violation'));
        const issues = await eventually(
          () => Promise.resolve(opened()),
          (l) => l.length >= 2,
          { what: 'violation issues on the fake GitHub' },
        );
        expect(titles(issues)).toEqual([
          '🚨 Vision Violation: .env',
          '🚨 Vision Violation: config/settings.yaml',
        ]);
        for (const i of issues)
          for (const s of Object.values(SECRETS)) expect(i.body).not.toContain(s.trim());
      });

      it('a push to another branch leaves the secrets to the pull-request review', async () => {
        const before = gh.issues.size;
        const outcome = await svc.agent.handle({
          type: 'github.commit.pushed',
          payload: { defaultBranch: false, files: ['.env'], sha: 'f1', author: 'mallory' },
        });
        expect(outcome).toEqual({ woke: true, kind: 'commit' });
        expect(gh.issues.size).toBe(before);
      });
    });
  });
}
