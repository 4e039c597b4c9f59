// A real git repository for tests: write files and commit them as a named author at a fixed time.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Writes `files` (path → content) into `repo` and commits them all with `message`. */
export function commitFiles(
  repo: string,
  files: Record<string, string>,
  message: string,
  options: { author?: string; date?: string } = {},
): void {
  for (const [p, c] of Object.entries(files)) {
    mkdirSync(dirname(join(repo, p)), { recursive: true });
    writeFileSync(join(repo, p), c);
  }
  const author = options.author ?? 'eve';
  const date = options.date ?? '2026-11-24T22:00:00Z';
  const env = {
    ...process.env,
    GIT_AUTHOR_NAME: author,
    GIT_AUTHOR_EMAIL: `${author}@x`,
    GIT_COMMITTER_NAME: author,
    GIT_COMMITTER_EMAIL: `${author}@x`,
    GIT_AUTHOR_DATE: date,
    GIT_COMMITTER_DATE: date,
  };
  execFileSync('git', ['-C', repo, 'add', '.'], { env });
  execFileSync('git', ['-C', repo, 'commit', '-q', '-m', message], { env });
}
