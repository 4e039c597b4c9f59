// WowVision Prime: the guardian that reviews repository changes against the vision. Deterministic rules
// decide at ≥ 0.95 confidence; below that the injected model tier decides (or, without one, the change is
// escalated to a human). Works the same in local mode and GitHub mode through the RepoHost port.
import type { Clock } from '../../clock.js';
import type { Ids } from '../../ids.js';
import type { Logger } from '../../components/observability/logger.js';
import { silentLogger } from '../../components/observability/logger.js';
import { withSpan } from '../../components/observability/tracing.js';
import type { Store } from '../../store/store.js';
import type { RepoHost } from './repo-host.js';
import { shouldWake, type VisionEvent } from './should-wake.js';
import type { Phase } from './vision.js';
import {
  approvalComment,
  closingComment,
  dailyReportIssue,
  escalationIssue,
  parseHumanReply,
  rejectionComment,
  violationIssue,
} from './vision-formats.js';
import {
  evaluateVisionRules,
  RULE_ACCEPT_CONFIDENCE,
  type FileChange,
  type RuleDecision,
} from './vision-rules.js';

export const WOWVISION_ID = 'wowvision-prime';
export const WOWVISION_NAME = 'WowVision Prime';
const DECISIONS = 'wowvision_decisions';

export type DecisionMethod = 'deterministic' | 'llm' | 'escalated' | 'human';

export interface VisionDecision {
  id: string;
  filePath: string;
  sha: string;
  author: string;
  approved: boolean;
  confidence: number;
  reason: string;
  rule: string;
  method: DecisionMethod;
  citations: string[];
  cost: number;
  decidedAt: number;
  issueNumber?: number;
  prNumber?: number;
}

/** The model tier: asked only when the rules are below 0.95 confidence. */
export type ModelTier = (change: FileChange, rules: RuleDecision) => Promise<RuleDecision & { cost: number }>;

export interface WowVisionOptions {
  host: RepoHost;
  store: Store;
  clock: Clock;
  ids: Ids;
  phase?: Phase;
  modelTier?: ModelTier;
  logger?: Logger;
}

export interface WowVisionEvent {
  type: string;
  payload: Record<string, unknown>;
}

export type WowVisionOutcome =
  | { woke: false }
  | { woke: true; kind: 'file'; decision: VisionDecision }
  | {
      woke: true;
      kind: 'pr';
      number: number;
      approved: boolean;
      decisions: VisionDecision[];
      issues: number[];
    }
  | { woke: true; kind: 'reply'; number: number; verdict: string }
  /** A push to the default branch: the violations found after the fact and their issues. */
  | { woke: true; kind: 'push'; decisions: VisionDecision[]; issues: number[] }
  | { woke: true; kind: 'commit' };

const s = (v: unknown) => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));

export function createWowVisionPrime(options: WowVisionOptions) {
  const { host, store, clock, ids } = options;
  const log = options.logger ?? silentLogger;
  const phase = options.phase ?? 'phase1_foundation';

  /** One file's decision in an `agent.decide` span, like the runtime's decisions. */
  function decide(change: FileChange): Promise<Omit<VisionDecision, 'id' | 'decidedAt'>> {
    const attributes = { 'agent.type': WOWVISION_ID, 'decision.kind': 'vision', 'file.path': change.path };
    return withSpan('agent.decide', attributes, async (span) => {
      const d = await decideNow(change);
      span.setAttributes({ 'decision.method': d.method, 'decision.approved': d.approved });
      return d;
    });
  }

  async function decideNow(change: FileChange): Promise<Omit<VisionDecision, 'id' | 'decidedAt'>> {
    const rules = evaluateVisionRules(change, phase);
    const base = {
      filePath: change.path,
      sha: change.sha ?? '',
      author: change.author ?? '',
      citations: rules.citations,
      cost: 0,
    };
    if (rules.confidence >= RULE_ACCEPT_CONFIDENCE) return { ...base, ...rules, method: 'deterministic' };
    if (options.modelTier) {
      try {
        const m = await options.modelTier(change, rules);
        return { ...base, ...m, method: 'llm' };
      } catch (err) {
        log.warn({ err, path: change.path }, 'model tier failed; escalating');
      }
    }
    // No model answer: a conservative outcome — not approved — and a human decides.
    return {
      ...base,
      approved: false,
      confidence: rules.confidence,
      reason: `${rules.reason}; a human must decide`,
      rule: rules.rule,
      method: 'escalated',
    };
  }

  async function record(d: Omit<VisionDecision, 'id' | 'decidedAt'>): Promise<VisionDecision> {
    const decision: VisionDecision = { ...d, id: ids.next('vd'), decidedAt: clock.now() };
    try {
      await store.documents.insert({ collection: DECISIONS, id: decision.id, data: decision });
    } catch (err) {
      // Recording must never stop the escalation itself.
      log.error({ err, decision: decision.id }, 'could not record a WowVision decision');
    }
    return decision;
  }

  async function attachIssue(decision: VisionDecision, issueNumber: number): Promise<void> {
    decision.issueNumber = issueNumber;
    try {
      await store.documents.update(DECISIONS, decision.id, decision);
    } catch (err) {
      log.error({ err, decision: decision.id }, 'could not link the violation issue to its decision');
    }
  }

  async function escalate(decision: VisionDecision, commitMessage: string): Promise<number> {
    const draft =
      decision.method === 'escalated'
        ? escalationIssue({
            agent: WOWVISION_NAME,
            reason: `Unclear vision compliance of ${decision.filePath}`,
            context: {
              file: decision.filePath,
              sha: decision.sha.slice(0, 7),
              author: decision.author,
              rule: decision.rule,
              confidence: decision.confidence,
            },
            urgency: 'normal',
          })
        : violationIssue({
            filePath: decision.filePath,
            sha: decision.sha,
            author: decision.author,
            reason: decision.reason,
            confidence: decision.confidence,
            method: decision.method,
            citations: decision.citations,
            commitMessage,
            decisionId: decision.id,
          });
    const { number } = await host.createIssue(draft);
    await attachIssue(decision, number);
    return number;
  }

  async function reviewFile(payload: Record<string, unknown>): Promise<VisionDecision> {
    const path = s(payload.path);
    const sha = s(payload.sha);
    const content =
      typeof payload.content === 'string'
        ? payload.content
        : sha
          ? await host.fileContent(path, sha)
          : undefined;
    const committedAt =
      typeof payload.committedAt === 'number' ? payload.committedAt : Date.parse(s(payload.timestamp));
    const change: FileChange = {
      path,
      sha,
      author: s(payload.author),
      ...(content !== undefined ? { content } : {}),
      ...(typeof payload.additions === 'number'
        ? { addedLines: payload.additions }
        : content !== undefined
          ? { addedLines: content.split('\n').length }
          : {}),
      ...(Number.isFinite(committedAt) ? { committedAt } : {}),
      commitMessage: s(payload.message),
    };
    const decision = await record(await decide(change));
    if (!decision.approved) await escalate(decision, s(payload.message));
    return decision;
  }

  async function reviewPullRequest(payload: Record<string, unknown>): Promise<WowVisionOutcome> {
    const number = Number(payload.number);
    const head = s(payload.head) || `pr/${number}`;
    const files = (await host.pullRequestFiles(number)).filter((f) => f.status !== 'removed');
    const decisions: VisionDecision[] = [];
    const issues: number[] = [];
    for (const f of files) {
      const content = await host.fileContent(f.path, head);
      const d = await record({
        ...(await decide({
          path: f.path,
          sha: s(payload.head),
          author: s(payload.author),
          addedLines: f.additions,
          ...(content !== undefined ? { content } : {}),
        })),
        prNumber: number,
      });
      decisions.push(d);
      if (!d.approved) issues.push(await escalate(d, s(payload.title)));
    }
    const rejected = decisions.filter((d) => !d.approved);
    if (rejected.length) {
      await host.comment(
        number,
        rejectionComment({
          violations: rejected.map((d) => ({ file: d.filePath, message: d.reason })),
          ...(issues[0] !== undefined ? { issueNumber: issues[0] } : {}),
        }),
      );
    } else {
      const confidence = decisions.length ? Math.min(...decisions.map((d) => d.confidence)) : 1;
      const methods = [...new Set(decisions.map((d) => d.method))].join(', ') || 'deterministic';
      await host.comment(
        number,
        approvalComment({
          confidence,
          method: methods,
          reason: decisions.length
            ? `${decisions.length} file(s) consistent with the vision`
            : 'No files to review',
        }),
      );
    }
    return { woke: true, kind: 'pr', number, approved: rejected.length === 0, decisions, issues };
  }

  /**
   * A push straight to the default branch, reviewed after the fact for what cannot wait for a pull
   * request — secrets and forbidden file types — in the files the wake filter gives no file review
   * (`.env`, config and lock files, READMEs); every other file is reviewed from its own file event.
   */
  async function reviewPush(payload: Record<string, unknown>): Promise<WowVisionOutcome> {
    if (payload.defaultBranch !== true) return { woke: true, kind: 'commit' };
    const sha = s(payload.sha);
    const author = s(payload.author);
    const files = Array.isArray(payload.files)
      ? payload.files.filter((f): f is string => typeof f === 'string' && f !== '')
      : [];
    const decisions: VisionDecision[] = [];
    const issues: number[] = [];
    for (const path of files) {
      if (shouldWake({ type: 'github.file.created', path })) continue;
      const content = sha ? await host.fileContent(path, sha) : undefined;
      const rules = evaluateVisionRules(
        { path, sha, author, ...(content === undefined ? {} : { content }) },
        phase,
      );
      if (rules.approved || rules.confidence < RULE_ACCEPT_CONFIDENCE) continue;
      const d = await record({ filePath: path, sha, author, cost: 0, ...rules, method: 'deterministic' });
      decisions.push(d);
      issues.push(await escalate(d, s(payload.message)));
    }
    return { woke: true, kind: 'push', decisions, issues };
  }

  async function handleReply(payload: Record<string, unknown>): Promise<WowVisionOutcome> {
    const number = Number(payload.number);
    const reply = parseHumanReply(s(payload.body));
    if (!reply) return { woke: false };
    const issue = await host.getIssue(number);
    if (!issue) return { woke: false };
    const linked = (
      await store.documents.list<VisionDecision>(DECISIONS, { where: { issueNumber: number }, limit: 10 })
    ).items[0];
    if (linked) {
      await record({
        ...linked.data,
        approved: reply.verdict === 'APPROVE',
        method: 'human',
        confidence: 1,
        reason: `${reply.verdict}: ${reply.text || 'no reason given'} (by ${s(payload.author) || 'a human'})`,
      });
    }
    if (reply.verdict === 'MODIFY') await host.comment(number, closingComment(reply));
    else await host.closeIssue(number, closingComment(reply));
    return { woke: true, kind: 'reply', number, verdict: reply.verdict };
  }

  return {
    id: WOWVISION_ID,
    shouldWake(event: WowVisionEvent): boolean {
      const p = event.payload;
      const ve: VisionEvent = { type: event.type, path: s(p.path), author: s(p.author), body: s(p.body) };
      return shouldWake(ve);
    },
    async handle(event: WowVisionEvent): Promise<WowVisionOutcome> {
      if (!this.shouldWake(event)) return { woke: false };
      switch (event.type) {
        case 'github.file.created':
        case 'github.file.updated':
          return { woke: true, kind: 'file', decision: await reviewFile(event.payload) };
        case 'github.pr.opened':
          return reviewPullRequest(event.payload);
        case 'github.issue.comment':
          return handleReply(event.payload);
        case 'github.commit.pushed':
          return reviewPush(event.payload);
        default:
          return { woke: true, kind: 'commit' };
      }
    },
    async decisions(options: { limit?: number } = {}): Promise<VisionDecision[]> {
      return (
        await store.documents.list<VisionDecision>(DECISIONS, { order: 'desc', limit: options.limit ?? 100 })
      ).items.map((d) => d.data);
    },
    /** Files the daily report issue for the UTC day of `day` from the recorded decisions. */
    async dailyReport(day: number = clock.now()): Promise<{ number: number }> {
      const date = new Date(day).toISOString().slice(0, 10);
      const all: VisionDecision[] = [];
      let cursor: string | undefined;
      do {
        const page = await store.documents.list<VisionDecision>(DECISIONS, {
          limit: 500,
          ...(cursor ? { cursor } : {}),
        });
        all.push(...page.items.map((i) => i.data));
        cursor = page.nextCursor;
      } while (cursor);
      const today = all.filter((d) => new Date(d.decidedAt).toISOString().startsWith(date));
      const byMethod: Record<string, { count: number; cost: number }> = {};
      for (const d of today) {
        const m = (byMethod[d.method] ??= { count: 0, cost: 0 });
        m.count++;
        m.cost += d.cost;
      }
      const violations = new Map<string, { file: string; reason: string; count: number }>();
      for (const d of today.filter((x) => !x.approved)) {
        const v = violations.get(d.filePath) ?? { file: d.filePath, reason: d.reason, count: 0 };
        v.count++;
        violations.set(d.filePath, v);
      }
      const draft = dailyReportIssue({
        agentName: WOWVISION_NAME,
        agentId: WOWVISION_ID,
        date,
        activity: {
          wakeCycles: today.length,
          tasks: today.length,
          decisions: today.length,
          issuesCreated: today.filter((d) => d.issueNumber !== undefined).length,
          prsReviewed: new Set(today.filter((d) => d.prNumber !== undefined).map((d) => d.prNumber)).size,
        },
        cost: { total: today.reduce((t, d) => t + d.cost, 0), byMethod },
        quality: {
          averageConfidence: today.length ? today.reduce((t, d) => t + d.confidence, 0) / today.length : 0,
          approvals: today.filter((d) => d.approved).length,
          rejections: today.filter((d) => !d.approved && d.method !== 'escalated').length,
          escalations: today.filter((d) => d.method === 'escalated').length,
        },
        topViolations: [...violations.values()].sort((a, b) => b.count - a.count).slice(0, 5),
      });
      return host.createIssue(draft);
    },
  };
}

export type WowVisionPrime = ReturnType<typeof createWowVisionPrime>;
