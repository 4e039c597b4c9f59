import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../clock.js';
import { createSequentialIds } from '../../ids.js';
import { createSqlStore, type SqlStore } from '../../store/sql-store.js';
import { startFakeGithub, type FakeGithub } from '../../testing/fake-github-server.js';
import { createOctokitRepoHost } from '../../repo-hosts/octokit-repo-host.js';
import { createGitCliSource } from '../../repo-hosts/git-cli-source.js';
import { commitEvents } from './local-git-source.js';
import { createLocalRepoHost } from './local-repo-host.js';
import { createWowVisionPrime } from './wowvision-prime.js';

function git(repo: string, args: string[], date = '2026-11-24T20:00:00Z', author = 'alice'): string {
  return execFileSync('git', ['-C', repo, ...args], {
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: author,
      GIT_AUTHOR_EMAIL: `${author}@example.com`,
      GIT_COMMITTER_NAME: author,
      GIT_COMMITTER_EMAIL: `${author}@example.com`,
      GIT_AUTHOR_DATE: date,
      GIT_COMMITTER_DATE: date,
    },
  });
}

function write(repo: string, path: string, content: string): void {
  mkdirSync(dirname(join(repo, path)), { recursive: true });
  writeFileSync(join(repo, path), content);
}

const longWith = (line: string) =>
  Array.from({ length: 80 }, (_, i) => (i === 40 ? line : `const x${i} = ${i};`)).join('\n');

describe('WowVision Prime in local mode on a real git repository', () => {
  let repo: string;
  let store: SqlStore;
  beforeAll(async () => {
    repo = mkdtempSync(join(tmpdir(), 'wv-repo-'));
    git(repo, ['init', '-q', '-b', 'main']);
    write(repo, 'README.md', '# Project\n');
    write(repo, 'agents/bad.py', 'print("hi")\n');
    write(repo, 'src/hero.tsx', longWith('// AI agents for hire'));
    write(repo, 'src/ok.ts', 'export const ok = 1;\n');
    git(repo, ['add', '.']);
    git(repo, ['commit', '-q', '-m', 'first features']);
    store = await createSqlStore({ dialect: 'sqlite', path: ':memory:' });
    await store.migrate();
  });
  afterAll(async () => {
    await store.close();
    rmSync(repo, { recursive: true, force: true });
  });

  it('reviews a commit, files violation issues in the exact format, and closes one on a human APPROVE', async () => {
    const source = createGitCliSource(repo);
    const clock = new FakeClock(Date.UTC(2026, 10, 24, 21));
    const host = createLocalRepoHost({ store, clock, git: source });
    const wv = createWowVisionPrime({ host, store, clock, ids: createSequentialIds() });

    const [commit] = await source.commitsSince(undefined);
    expect(commit!.files.map((f) => f.path).sort()).toEqual([
      'README.md',
      'agents/bad.py',
      'src/hero.tsx',
      'src/ok.ts',
    ]);
    const outcomes = [];
    for (const e of commitEvents('local/repo', commit!))
      outcomes.push(await wv.handle({ type: e.type, payload: e.payload }));

    const files = outcomes.flatMap((o) => (o.woke && o.kind === 'file' ? [o.decision] : []));
    expect(files.map((d) => [d.filePath, d.approved, d.rule]).sort()).toEqual([
      ['agents/bad.py', false, 'core-constraint'],
      ['src/hero.tsx', false, 'tagline-wrong'],
      ['src/ok.ts', true, 'small-change'],
    ]);
    const issues = await host.listIssues({ label: 'vision-violation' });
    expect(issues.map((i) => i.title).sort()).toEqual([
      '🚨 Vision Violation: agents/bad.py',
      '🚨 Vision Violation: src/hero.tsx',
    ]);
    const bad = issues.find((i) => i.title.endsWith('bad.py'))!;
    expect(bad.labels).toEqual(['vision-violation', 'agent-escalation']);
    expect(bad.body).toContain(commit!.sha.slice(0, 7));
    expect(bad.body).toContain('100.00%');
    expect(bad.body).toContain('first features');

    const reply = await wv.handle({
      type: 'github.issue.comment',
      payload: { number: bad.number, body: 'APPROVE: legacy script, allowed', author: 'dlai-sd' },
    });
    expect(reply).toMatchObject({ woke: true, kind: 'reply', verdict: 'APPROVE' });
    const closed = await host.getIssue(bad.number);
    expect(closed!.state).toBe('closed');
    expect(closed!.comments.at(-1)!.body).toContain('✅ APPROVED');
    const human = (await wv.decisions()).find((d) => d.method === 'human');
    expect(human).toMatchObject({ filePath: 'agents/bad.py', approved: true });
  });

  it('reviews a local pull request branch pr/<n> and comments the rejection with a link to the issue', async () => {
    git(repo, ['checkout', '-q', '-b', 'pr/7']);
    write(repo, 'agents/new_agent.py', 'x = 1\n');
    write(repo, 'docs/intro.md', '# Intro\n');
    git(repo, ['add', '.']);
    git(repo, ['commit', '-q', '-m', 'add agent']);
    git(repo, ['checkout', '-q', 'main']);
    const source = createGitCliSource(repo);
    expect(await source.pullRequestBranches()).toEqual([7]);
    const clock = new FakeClock(Date.UTC(2026, 10, 24, 21));
    const host = createLocalRepoHost({ store, clock, git: source });
    const wv = createWowVisionPrime({ host, store, clock, ids: createSequentialIds() });
    const out = await wv.handle({ type: 'github.pr.opened', payload: { number: 7, author: 'eve' } });
    expect(out).toMatchObject({ woke: true, kind: 'pr', approved: false });
    const pr = await host.getIssue(7);
    const comment = pr!.comments.at(-1)!.body;
    expect(comment).toContain('❌');
    expect(comment).toContain('1 violation(s)');
    expect(comment).toContain('agents/new_agent.py');
    expect(comment).toMatch(/#\d+/);
    expect(comment).toContain('Next Steps');

    const report = await wv.dailyReport(clock.now());
    const issue = await host.getIssue(report.number);
    expect(issue!.title).toBe('📊 WowVision Prime Daily Report - 2026-11-24');
    expect(issue!.labels).toEqual(['daily-report', 'agent:wowvision-prime']);
    expect(issue!.body).toContain('PRs reviewed: 1');
  });
});

describe('WowVision Prime in GitHub mode against a fake GitHub API', () => {
  let gh: FakeGithub;
  let store: SqlStore;
  beforeAll(async () => {
    gh = await startFakeGithub();
    store = await createSqlStore({ dialect: 'sqlite', path: ':memory:' });
    await store.migrate();
  });
  afterAll(async () => {
    await gh.close();
    await store.close();
  });

  it('approves a clean PR with a ✅ comment carrying the confidence', async () => {
    gh.pullFiles.set(3, [{ filename: 'docs/plan.md', status: 'added', additions: 120 }]);
    const host = createOctokitRepoHost({ token: gh.token, repo: 'waooaw/platform', baseUrl: gh.url });
    const wv = createWowVisionPrime({ host, store, clock: new FakeClock(), ids: createSequentialIds() });
    const out = await wv.handle({
      type: 'github.pr.opened',
      payload: { number: 3, head: 'abc', author: 'bob' },
    });
    expect(out).toMatchObject({ approved: true });
    const comment = gh.requests.find((r) => r.method === 'POST' && r.path.endsWith('/issues/3/comments'));
    expect(comment!.authorization).toBe(`token ${gh.token}`);
    expect((comment!.body as { body: string }).body).toContain('100.00%');
  });

  it('opens violation issues with exactly two labels, comments ❌ on the PR and closes on REJECT', async () => {
    gh.pullFiles.set(5, [{ filename: 'agents/scraper.py', status: 'added', additions: 10 }]);
    gh.files.set('agents/scraper.py', 'import os\n');
    const host = createOctokitRepoHost({ token: gh.token, repo: 'waooaw/platform', baseUrl: gh.url });
    const wv = createWowVisionPrime({ host, store, clock: new FakeClock(), ids: createSequentialIds() });
    const out = await wv.handle({
      type: 'github.pr.opened',
      payload: { number: 5, head: 'def5678aa', author: 'eve' },
    });
    expect(out).toMatchObject({ approved: false });
    const created = gh.requests.find(
      (r) =>
        r.method === 'POST' &&
        r.path.endsWith('/issues') &&
        (r.body as { title: string }).title.includes('scraper.py'),
    )!;
    expect((created.body as { labels: string[] }).labels).toEqual(['vision-violation', 'agent-escalation']);
    expect((created.body as { title: string }).title).toBe('🚨 Vision Violation: agents/scraper.py');
    const issueNumber = [...gh.issues.values()].find((i) => i.title.includes('scraper.py'))!.number;
    const prComment = gh.issues.get(5)!.comments.at(-1)!.body;
    expect(prComment).toContain('REJECTED');
    expect(prComment).toContain(`#${issueNumber}`);

    await wv.handle({
      type: 'github.issue.comment',
      payload: { number: issueNumber, body: 'REJECT: no python in phase 1', author: 'dlai-sd' },
    });
    expect(gh.issues.get(issueNumber)!.state).toBe('closed');
    expect(gh.issues.get(issueNumber)!.comments.at(-1)!.body).toContain('❌ REJECTED');
  });

  it('turns a GitHub outage into UNAVAILABLE and bad credentials into UNAUTHENTICATED', async () => {
    const bad = createOctokitRepoHost({ token: 'wrong', repo: 'waooaw/platform', baseUrl: gh.url });
    await expect(bad.createIssue({ title: 't', body: 'b', labels: [] })).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });
    const host = createOctokitRepoHost({ token: gh.token, repo: 'waooaw/platform', baseUrl: gh.url });
    gh.failNext(502);
    await expect(host.comment(5, 'x')).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });
});
