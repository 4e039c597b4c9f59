// Local mode's event source port: a git checkout whose new commits become the same platform events
// GitHub mode produces (file.created|updated|deleted per file + commit.pushed). Local "pull requests"
// are branches named `pr/<number>`, compared with the default branch. The git CLI adapter lives in
// repo-hosts/git-cli-source.ts.
import type { PlatformEvent } from './github-events.js';
import type { ChangedFile } from './repo-host.js';

export interface LocalCommit {
  sha: string;
  author: string;
  email: string;
  committedAt: number;
  message: string;
  files: ChangedFile[];
}

export interface LocalGitSource {
  readonly repoPath: string;
  /** Commits after `sinceSha` on `ref` (oldest first), at most `limit`; all of them when sinceSha is absent. */
  commitsSince(
    sinceSha: string | undefined,
    options?: { ref?: string; limit?: number },
  ): Promise<LocalCommit[]>;
  head(ref?: string): Promise<string | undefined>;
  fileContent(path: string, ref: string): Promise<string | undefined>;
  /** Files changed on branch `pr/<number>` against the default branch. */
  branchFiles(number: number): Promise<ChangedFile[]>;
  /** `pr/<n>` branches that exist. */
  pullRequestBranches(): Promise<number[]>;
  defaultBranch(): Promise<string>;
}

export function commitEvents(repo: string, c: LocalCommit): PlatformEvent[] {
  const base = { repo, sha: c.sha, author: c.author, message: c.message, committedAt: c.committedAt };
  const type = {
    added: 'github.file.created',
    modified: 'github.file.updated',
    renamed: 'github.file.updated',
    removed: 'github.file.deleted',
  } as const;
  return [
    ...c.files.map((f): PlatformEvent => ({
      type: type[f.status],
      priority: 3,
      payload: { ...base, path: f.path, additions: f.additions },
    })),
    // The watcher reads the default branch only, so every local commit is a push to it.
    {
      type: 'github.commit.pushed',
      priority: 3,
      payload: {
        ...base,
        commits: 1,
        defaultBranch: true,
        files: c.files.filter((f) => f.status !== 'removed').map((f) => f.path),
      },
    },
  ];
}
