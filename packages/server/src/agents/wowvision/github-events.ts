// Maps GitHub webhook deliveries to platform events (design digest §2.2): a push gives one file event
// per changed file plus one commit.pushed; PR opened is high priority; closed+merged → pr.merged (high),
// closed unmerged → pr.closed; edited issues and edited comments are ignored.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Priority } from '../../bus/bus.js';

export interface PlatformEvent {
  type: string;
  priority: Priority;
  payload: Record<string, string | number | boolean | null | string[]>;
}

const HIGH: Priority = 4;
const NORMAL: Priority = 3;

/** Verifies `X-Hub-Signature-256: sha256=<hex>` over the raw body; constant-time compare. */
export function verifyGithubSignature(secret: string, rawBody: Buffer, header: string | undefined): boolean {
  if (!header || !header.startsWith('sha256=')) return false;
  const expected = Buffer.from(createHmac('sha256', secret).update(rawBody).digest('hex'), 'utf8');
  const given = Buffer.from(header.slice('sha256='.length), 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export function signGithubPayload(secret: string, rawBody: Buffer | string): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (typeof v === 'object' && v !== null ? (v as Json) : {});
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const strs = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

function pushEvents(body: Json): PlatformEvent[] {
  const repo = str(obj(body.repository).full_name);
  const ref = str(body.ref);
  const events: PlatformEvent[] = [];
  const commits = Array.isArray(body.commits) ? body.commits.map(obj) : [];
  for (const c of commits) {
    const author = str(obj(c.author).username) || str(obj(c.author).name);
    const base = { repo, ref, sha: str(c.id), author, message: str(c.message), timestamp: str(c.timestamp) };
    for (const path of strs(c.added))
      events.push({ type: 'github.file.created', priority: NORMAL, payload: { ...base, path } });
    for (const path of strs(c.modified))
      events.push({ type: 'github.file.updated', priority: NORMAL, payload: { ...base, path } });
    for (const path of strs(c.removed))
      events.push({ type: 'github.file.deleted', priority: NORMAL, payload: { ...base, path } });
  }
  const head = obj(body.head_commit);
  // Files added or changed anywhere in the push (a secret added then removed was still pushed).
  const files = [...new Set(commits.flatMap((c) => [...strs(c.added), ...strs(c.modified)]))];
  const defaultBranch = str(obj(body.repository).default_branch);
  events.push({
    type: 'github.commit.pushed',
    priority: NORMAL,
    payload: {
      repo,
      ref,
      defaultBranch: defaultBranch
        ? ref === `refs/heads/${defaultBranch}`
        : /^refs\/heads\/(main|master)$/.test(ref),
      files,
      sha: str(head.id) || str(body.after),
      author: str(obj(head.author).username) || str(obj(head.author).name) || str(obj(body.pusher).name),
      message: str(head.message),
      commits: commits.length,
    },
  });
  return events;
}

function prEvents(body: Json): PlatformEvent[] {
  const pr = obj(body.pull_request);
  const payload = {
    repo: str(obj(body.repository).full_name),
    number: typeof pr.number === 'number' ? pr.number : Number(body.number ?? 0),
    title: str(pr.title),
    author: str(obj(pr.user).login),
    head: str(obj(pr.head).sha),
    labels: Array.isArray(pr.labels) ? pr.labels.map((l) => str(obj(l).name)).filter(Boolean) : [],
  };
  switch (str(body.action)) {
    case 'opened':
    case 'reopened':
      return [{ type: 'github.pr.opened', priority: HIGH, payload }];
    case 'synchronize':
      return [{ type: 'github.pr.updated', priority: NORMAL, payload }];
    case 'closed':
      return pr.merged === true
        ? [{ type: 'github.pr.merged', priority: HIGH, payload }]
        : [{ type: 'github.pr.closed', priority: NORMAL, payload }];
    default:
      return [];
  }
}

function issueEvents(body: Json): PlatformEvent[] {
  const issue = obj(body.issue);
  const payload = {
    repo: str(obj(body.repository).full_name),
    number: Number(issue.number ?? 0),
    title: str(issue.title),
    author: str(obj(issue.user).login),
  };
  switch (str(body.action)) {
    case 'opened':
      return [{ type: 'github.issue.opened', priority: NORMAL, payload }];
    case 'closed':
      return [{ type: 'github.issue.closed', priority: NORMAL, payload }];
    default:
      return []; // edited and the rest are ignored
  }
}

function commentEvents(body: Json): PlatformEvent[] {
  if (str(body.action) !== 'created') return []; // edited / deleted comments are ignored
  const issue = obj(body.issue);
  const comment = obj(body.comment);
  return [
    {
      type: 'github.issue.comment',
      priority: NORMAL,
      payload: {
        repo: str(obj(body.repository).full_name),
        number: Number(issue.number ?? 0),
        author: str(obj(comment.user).login),
        body: str(comment.body),
        commentId: Number(comment.id ?? 0),
      },
    },
  ];
}

const mappers: Record<string, (body: Json) => PlatformEvent[]> = {
  push: pushEvents,
  pull_request: prEvents,
  issues: issueEvents,
  issue_comment: commentEvents,
};

export const SUPPORTED_GITHUB_EVENTS = Object.keys(mappers);

/** Platform events for one delivery; [] for actions we ignore. Unknown event names give undefined. */
export function mapGithubEvent(eventName: string, body: unknown): PlatformEvent[] | undefined {
  const mapper = mappers[eventName];
  return mapper ? mapper(obj(body)) : undefined;
}
