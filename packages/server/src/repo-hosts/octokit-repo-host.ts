// GitHub mode: the RepoHost port over the REST API with @octokit/rest. Errors become PlatformErrors
// at this edge (401/403 → UNAUTHENTICATED/FORBIDDEN, 404 → NOT_FOUND, 5xx/network → UNAVAILABLE).
import { Octokit } from '@octokit/rest';
import { PlatformError } from '../errors.js';
import type { ChangedFile, HostedIssue, RepoHost } from '../agents/wowvision/repo-host.js';

export interface OctokitRepoHostOptions {
  token: string;
  /** owner/name */
  repo: string;
  baseUrl?: string;
}

function translate(err: unknown): PlatformError {
  const status = (err as { status?: number }).status;
  const message = (err as Error).message ?? String(err);
  if (status === 401)
    return new PlatformError('UNAUTHENTICATED', `GitHub rejected the token: ${message}`, { cause: err });
  if (status === 403) return new PlatformError('FORBIDDEN', `GitHub refused: ${message}`, { cause: err });
  if (status === 404) return new PlatformError('NOT_FOUND', `GitHub: ${message}`, { cause: err });
  if (status === 422) return new PlatformError('VALIDATION', `GitHub: ${message}`, { cause: err });
  return new PlatformError('UNAVAILABLE', `GitHub unavailable: ${message}`, { cause: err });
}

async function call<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw translate(err);
  }
}

type ApiIssue = {
  number: number;
  title: string;
  body?: string | null;
  labels: Array<string | { name?: string }>;
  state: string;
  html_url?: string;
};

function toHosted(i: ApiIssue, comments: HostedIssue['comments'] = []): HostedIssue {
  return {
    number: i.number,
    title: i.title,
    body: i.body ?? '',
    labels: i.labels.map((l) => (typeof l === 'string' ? l : (l.name ?? ''))).filter(Boolean),
    state: i.state === 'closed' ? 'closed' : 'open',
    comments,
    ...(i.html_url ? { url: i.html_url } : {}),
  };
}

export function createOctokitRepoHost(options: OctokitRepoHostOptions): RepoHost {
  const [owner, repo] = options.repo.split('/') as [string, string];
  const octokit = new Octokit({
    auth: options.token,
    ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
    request: { retries: 0 },
  });
  return {
    mode: 'github',
    async createIssue(draft) {
      const res = await call(() =>
        octokit.rest.issues.create({
          owner,
          repo,
          title: draft.title,
          body: draft.body,
          labels: draft.labels,
        }),
      );
      return { number: res.data.number, url: res.data.html_url };
    },
    async comment(number, body) {
      await call(() => octokit.rest.issues.createComment({ owner, repo, issue_number: number, body }));
    },
    async closeIssue(number, closingComment) {
      if (closingComment)
        await call(() =>
          octokit.rest.issues.createComment({ owner, repo, issue_number: number, body: closingComment }),
        );
      await call(() => octokit.rest.issues.update({ owner, repo, issue_number: number, state: 'closed' }));
    },
    async getIssue(number) {
      try {
        const res = await call(() => octokit.rest.issues.get({ owner, repo, issue_number: number }));
        const comments = await call(() =>
          octokit.rest.issues.listComments({ owner, repo, issue_number: number, per_page: 100 }),
        );
        return toHosted(
          res.data as ApiIssue,
          comments.data.map((c) => ({
            author: c.user?.login ?? 'unknown',
            body: c.body ?? '',
            at: Date.parse(c.created_at),
          })),
        );
      } catch (err) {
        if ((err as PlatformError).code === 'NOT_FOUND') return undefined;
        throw err;
      }
    },
    async listIssues(opts = {}) {
      const res = await call(() =>
        octokit.rest.issues.listForRepo({
          owner,
          repo,
          state: opts.state ?? 'open',
          per_page: 100,
          ...(opts.label ? { labels: opts.label } : {}),
        }),
      );
      return res.data.map((i) => toHosted(i as ApiIssue));
    },
    async pullRequestFiles(number) {
      const res = await call(() =>
        octokit.rest.pulls.listFiles({ owner, repo, pull_number: number, per_page: 100 }),
      );
      return res.data.map((f): ChangedFile => ({
        path: f.filename,
        status:
          f.status === 'removed'
            ? 'removed'
            : f.status === 'added'
              ? 'added'
              : f.status === 'renamed'
                ? 'renamed'
                : 'modified',
        additions: f.additions,
      }));
    },
    async fileContent(path, ref) {
      try {
        const res = await call(() => octokit.rest.repos.getContent({ owner, repo, path, ref }));
        const data = res.data as { type?: string; content?: string; encoding?: string };
        if (data.type !== 'file' || typeof data.content !== 'string') return undefined;
        return Buffer.from(data.content, (data.encoding as BufferEncoding) ?? 'base64').toString('utf8');
      } catch (err) {
        if ((err as PlatformError).code === 'NOT_FOUND') return undefined;
        throw err;
      }
    },
  };
}
