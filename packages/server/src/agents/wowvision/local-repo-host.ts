// Local mode: "issues" and "PR comments" live in the platform's store (collection wowvision_issues),
// numbered like GitHub's, so the same WowVision logic runs without GitHub.
import type { Clock } from '../../clock.js';
import { PlatformError } from '../../errors.js';
import type { Store } from '../../store/store.js';
import type { ChangedFile, HostedIssue, RepoHost } from './repo-host.js';
import type { IssueDraft } from './vision-formats.js';

const ISSUES = 'wowvision_issues';
const COUNTER = 'wowvision_counters';

export interface LocalRepoHostOptions {
  store: Store;
  clock: Clock;
  /** Reads files and PR (branch) changes from the local git checkout. */
  git?: {
    fileContent(path: string, ref: string): Promise<string | undefined>;
    branchFiles(number: number): Promise<ChangedFile[]>;
  };
}

export function createLocalRepoHost(options: LocalRepoHostOptions): RepoHost {
  const { store, clock } = options;
  async function nextNumber(): Promise<number> {
    await store.documents.insert({ collection: COUNTER, id: 'issues', key: 'issues', data: { last: 0 } });
    const doc = await store.documents.modify<{ last: number }>(COUNTER, 'issues', (c) => ({
      last: c.last + 1,
    }));
    return doc.data.last;
  }
  async function load(number: number): Promise<HostedIssue> {
    const doc = await store.documents.get<HostedIssue>(ISSUES, String(number));
    if (!doc) throw new PlatformError('NOT_FOUND', `No issue #${number}`);
    return doc.data;
  }
  return {
    mode: 'local',
    async createIssue(draft: IssueDraft) {
      const number = await nextNumber();
      const issue: HostedIssue = {
        number,
        title: draft.title,
        body: draft.body,
        labels: draft.labels,
        state: 'open',
        comments: [],
      };
      await store.documents.insert({ collection: ISSUES, id: String(number), data: issue });
      return { number };
    },
    async comment(number, body) {
      // PR comments in local mode are kept on a record per PR number too.
      const existing = await store.documents.get<HostedIssue>(ISSUES, String(number));
      if (!existing) {
        await store.documents.insert({
          collection: ISSUES,
          id: String(number),
          data: {
            number,
            title: `Pull request #${number}`,
            body: '',
            labels: ['pull-request'],
            state: 'open',
            comments: [],
          } satisfies HostedIssue,
        });
      }
      await store.documents.modify<HostedIssue>(ISSUES, String(number), (i) => ({
        ...i,
        comments: [...i.comments, { author: 'WowVision-Prime', body, at: clock.now() }],
      }));
    },
    async closeIssue(number, closingComment) {
      await load(number);
      await store.documents.modify<HostedIssue>(ISSUES, String(number), (i) => ({
        ...i,
        state: 'closed',
        comments: closingComment
          ? [...i.comments, { author: 'WowVision-Prime', body: closingComment, at: clock.now() }]
          : i.comments,
      }));
    },
    async getIssue(number) {
      return (await store.documents.get<HostedIssue>(ISSUES, String(number)))?.data;
    },
    async listIssues(opts = {}) {
      const out: HostedIssue[] = [];
      let cursor: string | undefined;
      do {
        const page = await store.documents.list<HostedIssue>(ISSUES, {
          limit: 200,
          ...(cursor ? { cursor } : {}),
        });
        out.push(...page.items.map((d) => d.data));
        cursor = page.nextCursor;
      } while (cursor);
      return out
        .filter((i) => !opts.label || i.labels.includes(opts.label))
        .filter((i) => !opts.state || opts.state === 'all' || i.state === opts.state)
        .sort((a, b) => a.number - b.number);
    },
    async pullRequestFiles(number) {
      return options.git ? options.git.branchFiles(number) : [];
    },
    async fileContent(path, ref) {
      return options.git ? options.git.fileContent(path, ref) : undefined;
    },
  };
}
