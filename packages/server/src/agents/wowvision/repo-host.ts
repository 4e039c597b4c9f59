// Where WowVision Prime writes issues and comments. Local mode stores them in the platform (shown in the
// UI/API); GitHub mode uses the REST API through Octokit. Both answer the same port.
import type { IssueDraft } from './vision-formats.js';

export interface HostedIssue {
  number: number;
  title: string;
  body: string;
  labels: string[];
  state: 'open' | 'closed';
  comments: Array<{ author: string; body: string; at: number }>;
  url?: string;
}

export interface ChangedFile {
  path: string;
  status: 'added' | 'modified' | 'removed' | 'renamed';
  additions: number;
}

export interface RepoHost {
  readonly mode: 'local' | 'github';
  createIssue(draft: IssueDraft): Promise<{ number: number; url?: string }>;
  /** Comments on an issue or a pull request (GitHub treats PRs as issues for comments). */
  comment(number: number, body: string): Promise<void>;
  closeIssue(number: number, closingComment?: string): Promise<void>;
  getIssue(number: number): Promise<HostedIssue | undefined>;
  listIssues(options?: { label?: string; state?: 'open' | 'closed' | 'all' }): Promise<HostedIssue[]>;
  /** Files of a pull request (GitHub) or of a branch against its base (local). */
  pullRequestFiles(number: number): Promise<ChangedFile[]>;
  /** A file's text at a ref; undefined when absent or binary. */
  fileContent(path: string, ref: string): Promise<string | undefined>;
}
