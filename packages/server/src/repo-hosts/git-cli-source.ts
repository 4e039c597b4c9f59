// The git CLI adapter of WowVision's local event source: reads a checkout with `git` (built by the
// composition root when `wowvision.repoPath` is set).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { LocalCommit, LocalGitSource } from '../agents/wowvision/local-git-source.js';
import type { ChangedFile } from '../agents/wowvision/repo-host.js';
import { PlatformError } from '../errors.js';

const run = promisify(execFile);
const MAX_FILE_BYTES = 512 * 1024;

export function createGitCliSource(repoPath: string): LocalGitSource {
  async function git(args: string[], maxBuffer = 16 * 1024 * 1024): Promise<string> {
    try {
      const { stdout } = await run('git', ['-C', repoPath, ...args], { maxBuffer, encoding: 'utf8' });
      return stdout;
    } catch (err) {
      const e = err as { stderr?: string; message: string; code?: string };
      if (e.code === 'ENOENT') throw new PlatformError('UNAVAILABLE', 'git is not installed', { cause: err });
      throw new PlatformError(
        'BAD_REQUEST',
        `git ${args[0]} failed in ${repoPath}: ${(e.stderr ?? e.message).trim()}`,
        { cause: err },
      );
    }
  }

  async function filesOf(range: string[]): Promise<ChangedFile[]> {
    const [numstat, names] = await Promise.all([
      git(['diff', '--numstat', '--no-renames', ...range]),
      git(['diff', '--name-status', '--no-renames', ...range]),
    ]);
    const additions = new Map<string, number>();
    for (const line of numstat.split('\n').filter(Boolean)) {
      const [a, , path] = line.split('\t');
      if (path) additions.set(path, a === '-' ? 0 : Number(a));
    }
    return names
      .split('\n')
      .filter(Boolean)
      .map((line): ChangedFile => {
        const [status, path = ''] = line.split('\t');
        const s = status?.[0];
        return {
          path,
          status: s === 'A' ? 'added' : s === 'D' ? 'removed' : 'modified',
          additions: additions.get(path) ?? 0,
        };
      });
  }

  const source: LocalGitSource = {
    repoPath,
    async head(ref = 'HEAD') {
      try {
        return (await git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`])).trim() || undefined;
      } catch {
        return undefined;
      }
    },
    async defaultBranch() {
      for (const b of ['main', 'master']) if (await source.head(b)) return b;
      return (await git(['rev-parse', '--abbrev-ref', 'HEAD'])).trim();
    },
    async commitsSince(sinceSha, options = {}) {
      const ref = options.ref ?? 'HEAD';
      if (!(await source.head(ref))) return [];
      const range = sinceSha ? `${sinceSha}..${ref}` : ref;
      const shas = (
        await git([
          'rev-list',
          '--reverse',
          ...(options.limit ? [`--max-count=${options.limit}`] : []),
          range,
        ])
      )
        .split('\n')
        .filter(Boolean);
      const commits: LocalCommit[] = [];
      for (const sha of shas) {
        const meta = await git(['show', '-s', '--format=%an%x00%ae%x00%ct%x00%B', sha]);
        const [author = '', email = '', ct = '0', message = ''] = meta.split('\0');
        const parent = (await git(['rev-list', '--parents', '-n', '1', sha])).trim().split(' ')[1];
        // The empty tree stands in for the parent of a root commit.
        const files = await filesOf([parent ?? '4b825dc642cb6eb9a060e54bf8d69288fbee4904', sha]);
        commits.push({ sha, author, email, committedAt: Number(ct) * 1000, message: message.trim(), files });
      }
      return commits;
    },
    async fileContent(path, ref) {
      try {
        const size = Number((await git(['cat-file', '-s', `${ref}:${path}`])).trim());
        if (size > MAX_FILE_BYTES) return undefined;
        const text = await git(['show', `${ref}:${path}`]);
        return text.includes('\0') ? undefined : text;
      } catch {
        return undefined;
      }
    },
    async branchFiles(number) {
      const branch = `pr/${number}`;
      if (!(await source.head(branch)))
        throw new PlatformError('NOT_FOUND', `No local pull request branch ${branch}`);
      return filesOf([`${await source.defaultBranch()}...${branch}`]);
    },
    async pullRequestBranches() {
      const out = await git(['for-each-ref', '--format=%(refname:short)', 'refs/heads/pr/']);
      return out
        .split('\n')
        .map((b) => /^pr\/(\d+)$/.exec(b.trim())?.[1])
        .filter((n): n is string => n !== undefined)
        .map(Number)
        .sort((a, b) => a - b);
    },
  };
  return source;
}
