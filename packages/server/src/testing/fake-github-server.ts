// A local fake of the GitHub REST API (the routes WowVision uses), speaking the real wire format on
// loopback: JSON bodies, token auth, status codes and error bodies as GitHub sends them.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export interface FakeIssue {
  number: number;
  title: string;
  body: string;
  labels: string[];
  state: 'open' | 'closed';
  comments: Array<{ id: number; body: string; user: string; created_at: string }>;
  isPull?: boolean;
}

export interface FakeGithub {
  url: string;
  token: string;
  issues: Map<number, FakeIssue>;
  pullFiles: Map<number, Array<{ filename: string; status: string; additions: number }>>;
  files: Map<string, string>;
  requests: Array<{ method: string; path: string; body: unknown; authorization?: string }>;
  /** Make the next N requests fail with this status. */
  failNext(status: number, count?: number): void;
  close(): Promise<void>;
}

export async function startFakeGithub(
  options: { token?: string; owner?: string; repo?: string } = {},
): Promise<FakeGithub> {
  const token = options.token ?? 'ghp_fake_token';
  const base = `/repos/${options.owner ?? 'waooaw'}/${options.repo ?? 'platform'}`;
  const issues = new Map<number, FakeIssue>();
  const pullFiles = new Map<number, Array<{ filename: string; status: string; additions: number }>>();
  const files = new Map<string, string>();
  const requests: FakeGithub['requests'] = [];
  let next = 1;
  let commentId = 1000;
  let failures: { status: number; count: number } | undefined;
  let url = '';

  const issueJson = (i: FakeIssue) => ({
    number: i.number,
    title: i.title,
    body: i.body,
    state: i.state,
    labels: i.labels.map((name) => ({ name })),
    html_url: `${url}/html${base}/issues/${i.number}`,
    comments: i.comments.length,
  });
  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'x-github-media-type': 'github.v3',
    });
    res.end(JSON.stringify(body));
  };
  const readBody = async (req: IncomingMessage): Promise<unknown> => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    return text ? JSON.parse(text) : undefined;
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const u = new URL(req.url ?? '/', 'http://x');
    const body = await readBody(req);
    const authorization = req.headers.authorization;
    requests.push({
      method: req.method ?? 'GET',
      path: u.pathname + u.search,
      body,
      ...(authorization ? { authorization } : {}),
    });
    if (failures && failures.count > 0) {
      failures.count--;
      return send(res, failures.status, { message: `Fake failure ${failures.status}` });
    }
    if (authorization !== `token ${token}` && authorization !== `Bearer ${token}`) {
      return send(res, 401, {
        message: 'Bad credentials',
        documentation_url: 'https://docs.github.com/rest',
      });
    }
    const path = u.pathname;
    if (!path.startsWith(base)) return send(res, 404, { message: 'Not Found' });
    const rest = path.slice(base.length);
    let m: RegExpExecArray | null;
    if (rest === '/issues' && req.method === 'POST') {
      const b = body as { title?: string; body?: string; labels?: string[] };
      if (!b?.title)
        return send(res, 422, {
          message: 'Validation Failed',
          errors: [{ field: 'title', code: 'missing_field' }],
        });
      const issue: FakeIssue = {
        number: next++,
        title: b.title,
        body: b.body ?? '',
        labels: b.labels ?? [],
        state: 'open',
        comments: [],
      };
      issues.set(issue.number, issue);
      return send(res, 201, issueJson(issue));
    }
    if (rest === '/issues' && req.method === 'GET') {
      const state = u.searchParams.get('state') ?? 'open';
      const label = u.searchParams.get('labels');
      const list = [...issues.values()].filter(
        (i) => (state === 'all' || i.state === state) && (!label || i.labels.includes(label)),
      );
      return send(res, 200, list.map(issueJson));
    }
    if ((m = /^\/issues\/(\d+)$/.exec(rest))) {
      const issue = issues.get(Number(m[1]));
      if (!issue) return send(res, 404, { message: 'Not Found' });
      if (req.method === 'PATCH') {
        const b = body as { state?: 'open' | 'closed' };
        if (b?.state) issue.state = b.state;
      }
      return send(res, 200, issueJson(issue));
    }
    if ((m = /^\/issues\/(\d+)\/comments$/.exec(rest))) {
      const n = Number(m[1]);
      let issue = issues.get(n);
      if (!issue && pullFiles.has(n)) {
        issue = {
          number: n,
          title: `PR ${n}`,
          body: '',
          labels: [],
          state: 'open',
          comments: [],
          isPull: true,
        };
        issues.set(n, issue);
      }
      if (!issue) return send(res, 404, { message: 'Not Found' });
      if (req.method === 'POST') {
        const b = body as { body?: string };
        if (!b?.body) return send(res, 422, { message: 'Validation Failed' });
        const c = {
          id: commentId++,
          body: b.body,
          user: 'WowVision-Prime',
          created_at: new Date().toISOString(),
        };
        issue.comments.push(c);
        return send(res, 201, { id: c.id, body: c.body, user: { login: c.user }, created_at: c.created_at });
      }
      return send(
        res,
        200,
        issue.comments.map((c) => ({
          id: c.id,
          body: c.body,
          user: { login: c.user },
          created_at: c.created_at,
        })),
      );
    }
    if ((m = /^\/pulls\/(\d+)\/files$/.exec(rest))) {
      const list = pullFiles.get(Number(m[1]));
      return list ? send(res, 200, list) : send(res, 404, { message: 'Not Found' });
    }
    if ((m = /^\/contents\/(.+)$/.exec(rest))) {
      const content = files.get(decodeURIComponent(m[1]!));
      if (content === undefined) return send(res, 404, { message: 'Not Found' });
      return send(res, 200, {
        type: 'file',
        encoding: 'base64',
        content: Buffer.from(content).toString('base64'),
        path: m[1],
      });
    }
    return send(res, 404, { message: 'Not Found' });
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => send(res, 500, { message: (err as Error).message }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  return {
    url,
    token,
    issues,
    pullFiles,
    files,
    requests,
    failNext(status, count = 1) {
      failures = { status, count };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
