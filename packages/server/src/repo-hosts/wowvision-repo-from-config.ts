// Picks WowVision's repository from config: GitHub (Octokit) when a token and repo are set, else the
// local checkout at `wowvision.repoPath` read with the git CLI (or no repository events at all).
import type { WowVisionRepo } from '../agents/wowvision/wowvision-service.js';
import type { Config } from '../config.js';
import { createGitCliSource } from './git-cli-source.js';
import { createOctokitRepoHost } from './octokit-repo-host.js';

export function wowVisionRepoFromConfig(config: Pick<Config, 'github' | 'wowvision'>): WowVisionRepo {
  const { token, repo, apiUrl } = config.github;
  if (token && repo) return { mode: 'github', host: createOctokitRepoHost({ token, repo, baseUrl: apiUrl }) };
  const path = config.wowvision.repoPath;
  return path ? { mode: 'local', git: createGitCliSource(path) } : { mode: 'local' };
}
