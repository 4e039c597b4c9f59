// WowVision Prime runs the `pr-review` workflow for every opened pull request: the vision rules decide
// per file (validate), a violation opens the violation issue(s) and the rejection comment, an approved
// low-risk PR is deployed (recorded) with the approval comment, and a high-risk one first gets the
// domain check and an architect's review (user task, 2 h SLA) in parallel.
import type { Bus, Subscription } from '../../bus/bus.js';
import type { Clock } from '../../clock.js';
import type { Engine } from '../../engine/engine.js';
import type { TaskContext } from '../../engine/engine-types.js';
import { PlatformError, isPlatformError, type JsonValue } from '../../errors.js';
import type { Ids } from '../../ids.js';
import type { Logger } from '../../components/observability/logger.js';
import type { Store } from '../../store/store.js';
import type { RepoHost } from '../../agents/wowvision/repo-host.js';
import { PHASE_POLICIES, RIGHT_TAGLINE, WRONG_TAGLINES, type Phase } from '../../agents/wowvision/vision.js';
import { approvalComment, rejectionComment, violationIssue } from '../../agents/wowvision/vision-formats.js';
import {
  RULE_ACCEPT_CONFIDENCE,
  evaluateVisionRules,
  type RuleDecision,
} from '../../agents/wowvision/vision-rules.js';
import type { WowVisionPrime } from '../../agents/wowvision/wowvision-prime.js';
import { EffectLedger } from '../effect-ledger.js';

export const PR_REVIEW_DEFINITION = 'pr-review';
/** One record per validation: every file's rule decision. */
export const PR_REVIEWS = 'pr_reviews';
/** One record per domain check: what contradicts the product's facts (only `domain_valid` is a variable). */
export const PR_DOMAIN_CHECKS = 'pr_domain_checks';
/** Deployments recorded by the deploy step (and marked rolled back by its compensation). */
export const PR_DEPLOYMENTS = 'pr_deployments';
/** Bus consumer group that turns `github.pr.opened` into workflow instances. */
export const PR_REVIEW_GROUP = 'wowvision-pr-review';

/** Paths whose changes always get a human review. */
const SENSITIVE_PATHS = [/^\.github\//, /(^|\/)migrations?\//, /(^|\/)security\//, /^infra\//, /^deploy\//];
/** More added lines than this in one PR makes it high risk. */
const LARGE_CHANGE_LINES = 400;

export interface PrFile {
  path: string;
  additions?: number;
  content?: string;
}

export interface PrViolation {
  file: string;
  reason: string;
  rule: string;
  confidence: number;
  citations: string[];
  [key: string]: JsonValue;
}

export interface PrReviewRecord {
  prNumber: number;
  head: string;
  phase: Phase;
  author: string;
  decisions: Array<{ file: string } & RuleDecision>;
  riskLevel: 'high' | 'low';
  riskReasons: string[];
  at: number;
}

export interface PrDomainFinding {
  file: string;
  line: number;
  message: string;
  [key: string]: JsonValue;
}

export interface PrDomainCheck {
  prNumber: number;
  head: string;
  findings: PrDomainFinding[];
  at: number;
}

export interface PrDeployment {
  prNumber: number;
  head: string;
  url: string;
  status: 'deployed' | 'rolled_back';
  deployedAt: number;
  rolledBackAt: number | null;
}

export interface PrReviewWorkflowDeps {
  engine: Engine;
  wowvision: { agent: WowVisionPrime; host: RepoHost; delegatePullRequests?: () => void };
  /** Subscribe to `github.pr.opened` now (default) or later through `listen()`. */
  listen?: boolean;
  bus: Bus;
  store: Store;
  clock: Clock;
  ids: Ids;
  logger: Logger;
  /** The vision phase PRs are checked against (default phase 1). */
  phase?: Phase;
}

export interface PrReviewWorkflow {
  /** Starts the review of an opened PR (payload of `github.pr.opened`); a repeated delivery starts nothing. */
  start(payload: Record<string, unknown>): Promise<{ instanceId: string; started: boolean }>;
  /** Starts consuming `github.pr.opened` (already done unless registered with `listen: false`). */
  listen(): Promise<void>;
  /** Stops consuming `github.pr.opened`. */
  stop(): Promise<void>;
}

/** Domain facts of the product (PRODUCT.md) that text in a PR must not contradict. */
const DOMAIN_FACTS: Array<{ pattern: RegExp; expected: number; message: (n: number) => string }> = [
  {
    pattern: /\b(\d+)[- ]day (?:free )?trial/gi,
    expected: 7,
    message: (n) => `says a ${n}-day trial; trials last 7 days`,
  },
  {
    pattern: /\b(\d+)[- ]hours? (?:of )?grace/gi,
    expected: 24,
    message: (n) => `says ${n} hours of grace; the grace period is 24 hours`,
  },
  {
    pattern: /\b(\d+) marketing agents/gi,
    expected: 7,
    message: (n) => `says ${n} marketing agents; there are 7`,
  },
  {
    pattern: /\b(\d+) education agents/gi,
    expected: 7,
    message: (n) => `says ${n} education agents; there are 7`,
  },
  { pattern: /\b(\d+) sales agents/gi, expected: 5, message: (n) => `says ${n} sales agents; there are 5` },
];

const text = (v: unknown): string => (typeof v === 'string' ? v : '');

function prNumberOf(v: JsonValue | undefined): number {
  const n = typeof v === 'string' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) {
    throw new PlatformError(
      'VALIDATION',
      `pr_number must be a positive integer (got ${JSON.stringify(v ?? null)})`,
      { retryable: false, details: { field: 'pr_number' } },
    );
  }
  return n;
}

function phaseOf(v: JsonValue | undefined, fallback: Phase): Phase {
  if (v === undefined || v === null || v === '') return fallback;
  if (typeof v === 'string' && Object.hasOwn(PHASE_POLICIES, v)) return v as Phase;
  throw new PlatformError(
    'VALIDATION',
    `phase must be one of ${Object.keys(PHASE_POLICIES).join(', ')} (got ${JSON.stringify(v)})`,
    { retryable: false, details: { field: 'phase' } },
  );
}

/** Registers the PR-review handlers and routes WowVision's `github.pr.opened` events to the workflow. */
export async function registerPrReviewWorkflow(deps: PrReviewWorkflowDeps): Promise<PrReviewWorkflow> {
  const { engine, store, clock, ids, logger } = deps;
  const { host, agent } = deps.wowvision;
  const defaultPhase = deps.phase ?? 'phase1_foundation';
  const ledger = new EffectLedger({ store, clock, ids });

  /** The PR's files with their content at `head`: as listed in `files_changed`, or asked from the host. */
  async function filesOf(listed: JsonValue | undefined, prNumber: number, head: string): Promise<PrFile[]> {
    if (listed !== undefined && listed !== null && !Array.isArray(listed)) {
      throw new PlatformError(
        'VALIDATION',
        'files_changed must be a list of paths or of {path, additions, content}',
        { retryable: false, details: { field: 'files_changed' } },
      );
    }
    const given: PrFile[] = (listed ?? []).map((f, i) => {
      if (typeof f === 'string' && f) return { path: f };
      if (f && typeof f === 'object' && !Array.isArray(f) && typeof f.path === 'string' && f.path) {
        return {
          path: f.path,
          ...(typeof f.additions === 'number' ? { additions: f.additions } : {}),
          ...(typeof f.content === 'string' ? { content: f.content } : {}),
        };
      }
      throw new PlatformError(
        'VALIDATION',
        `files_changed[${i}] must be a path or {path, additions, content}`,
        { retryable: false, details: { field: `files_changed[${i}]` } },
      );
    });
    const files: PrFile[] = given.length
      ? given
      : (await host.pullRequestFiles(prNumber))
          .filter((f) => f.status !== 'removed')
          .map((f) => ({ path: f.path, additions: f.additions }));
    const out: PrFile[] = [];
    for (const f of files) {
      const content = f.content ?? (await host.fileContent(f.path, head));
      out.push({
        ...f,
        ...(content !== undefined ? { content } : {}),
        ...(f.additions === undefined && content !== undefined
          ? { additions: content.split('\n').length }
          : {}),
      });
    }
    return out;
  }

  const headOf = (ctx: TaskContext, prNumber: number): string => text(ctx.variables.head) || `pr/${prNumber}`;

  engine.registerHandler('wowvision.validate_pr', async (ctx) => {
    const prNumber = prNumberOf(ctx.input.pr_number);
    const phase = phaseOf(ctx.input.phase, defaultPhase);
    const head = headOf(ctx, prNumber);
    const author = text(ctx.input.author);
    const files = await filesOf(ctx.input.files_changed, prNumber, head);
    const decisions = files.map((f) => ({
      file: f.path,
      ...evaluateVisionRules(
        {
          path: f.path,
          author,
          sha: head,
          ...(f.additions !== undefined ? { addedLines: f.additions } : {}),
          ...(f.content !== undefined ? { content: f.content } : {}),
        },
        phase,
      ),
    }));
    // Rules that are sure (≥ 0.95) decide; a file they cannot decide goes to the architect instead.
    const violations: PrViolation[] = decisions
      .filter((d) => !d.approved && d.confidence >= RULE_ACCEPT_CONFIDENCE)
      .map((d) => ({
        file: d.file,
        reason: d.reason,
        rule: d.rule,
        confidence: d.confidence,
        citations: d.citations,
      }));
    const riskReasons = [
      ...decisions.filter((d) => d.confidence < RULE_ACCEPT_CONFIDENCE).map((d) => `${d.file}: ${d.reason}`),
      ...files
        .filter((f) => SENSITIVE_PATHS.some((p) => p.test(f.path)))
        .map((f) => `${f.path}: sensitive path`),
    ];
    const added = files.reduce((n, f) => n + (f.additions ?? 0), 0);
    if (added > LARGE_CHANGE_LINES) riskReasons.push(`${added} lines added (over ${LARGE_CHANGE_LINES})`);
    const review: PrReviewRecord = {
      prNumber,
      head,
      phase,
      author,
      decisions,
      riskLevel: riskReasons.length ? 'high' : 'low',
      riskReasons,
      at: clock.now(),
    };
    // Pure apart from this record, which is idempotent by key: a re-run records nothing new.
    await store.documents.insert<PrReviewRecord>({
      collection: PR_REVIEWS,
      id: ids.next('prr'),
      key: ctx.idempotencyKey,
      data: review,
    });
    return {
      vision_approved: violations.length === 0,
      violations,
      risk_level: review.riskLevel,
      risk_reasons: riskReasons,
    };
  });

  engine.registerHandler('wowdomain.validate_domain_knowledge', async (ctx) => {
    const prNumber = prNumberOf(ctx.input.pr_number);
    const head = headOf(ctx, prNumber);
    const files = await filesOf(ctx.input.files_changed, prNumber, head);
    const findings: PrDomainFinding[] = [];
    for (const f of files) {
      (f.content ?? '').split('\n').forEach((line, i) => {
        const lower = line.toLowerCase();
        const wrong = WRONG_TAGLINES.find((t) => lower.includes(t));
        if (wrong && !lower.includes(RIGHT_TAGLINE))
          findings.push({
            file: f.path,
            line: i + 1,
            message: `uses "${wrong}" instead of the tagline "Agents Earn Your Business"`,
          });
        for (const fact of DOMAIN_FACTS) {
          for (const m of line.matchAll(fact.pattern)) {
            const n = Number(m[1]);
            if (n !== fact.expected) findings.push({ file: f.path, line: i + 1, message: fact.message(n) });
          }
        }
      });
    }
    await store.documents.insert<PrDomainCheck>({
      collection: PR_DOMAIN_CHECKS,
      id: ids.next('prd'),
      key: ctx.idempotencyKey,
      data: { prNumber, head, findings, at: clock.now() },
    });
    return { domain_valid: findings.length === 0, domain_findings: findings };
  });

  engine.registerHandler('wowdeploy.deploy_pr', async (ctx) => {
    const prNumber = prNumberOf(ctx.input.pr_number);
    const head = headOf(ctx, prNumber);
    const inserted = await store.documents.insert<PrDeployment>({
      collection: PR_DEPLOYMENTS,
      id: ids.next('dep'),
      key: ctx.idempotencyKey,
      data: {
        prNumber,
        head,
        url: `deployments/pr-${prNumber}@${head.slice(0, 7)}`,
        status: 'deployed',
        deployedAt: clock.now(),
        rolledBackAt: null,
      },
    });
    const deployment = inserted.document;
    const review = await latestReview(prNumber);
    const architect = ctx.variables.architect_review_decision;
    const approvedBy =
      architect && typeof architect === 'object' && !Array.isArray(architect) ? text(architect.comment) : '';
    const body = approvalComment({
      confidence: review?.decisions.length ? Math.min(...review.decisions.map((d) => d.confidence)) : 1,
      method: architect ? 'deterministic, human' : 'deterministic',
      reason: `${review?.decisions.length ?? 0} file(s) consistent with the vision${architect ? `; architect review approved${approvedBy ? ` (${approvedBy})` : ''}` : ''}; deployed as ${deployment.data.url}`,
    });
    await commentOnce(`${ctx.idempotencyKey}:comment`, prNumber, body);
    return {
      deployment_url: deployment.data.url,
      deployment_status: deployment.data.status,
      deployment_id: deployment.id,
    };
  });

  engine.registerHandler('wowdeploy.rollback_deployment', async (ctx) => {
    const output = ctx.input.output;
    const id =
      output && typeof output === 'object' && !Array.isArray(output) ? text(output.deployment_id) : '';
    if (!id)
      throw new PlatformError('VALIDATION', 'rollback needs the deployment_id of the deploy step', {
        retryable: false,
        details: { field: 'output.deployment_id' },
      });
    const doc = await store.documents.modify<PrDeployment>(PR_DEPLOYMENTS, id, (d) =>
      d.status === 'rolled_back' ? d : { ...d, status: 'rolled_back', rolledBackAt: clock.now() },
    );
    return { deployment_status: doc.data.status };
  });

  engine.registerHandler('wowvision.create_violation_issue', async (ctx) => {
    const prNumber = prNumberOf(ctx.input.pr_number);
    const head = headOf(ctx, prNumber);
    const violations = await violationsOf(ctx, prNumber, head);
    const issues: number[] = [];
    for (const [i, v] of violations.entries()) {
      // The issue carries its decision id: a step re-run after a crash finds the issue it opened.
      const decisionId = `${ctx.idempotencyKey}#${i}`;
      const draft = violationIssue({
        filePath: v.file,
        sha: head,
        author: text(ctx.variables.author),
        reason: v.reason,
        confidence: v.confidence,
        method: v.rule === 'review' ? 'human' : 'deterministic',
        citations: v.citations,
        commitMessage: text(ctx.variables.title),
        decisionId,
      });
      const number = await ledger.once<number>(`${decisionId}:issue`, {
        run: async () => (await host.createIssue(draft)).number,
        find: async () =>
          (await host.listIssues({ label: 'vision-violation', state: 'all' })).find((x) =>
            x.body.includes(`decision_id: ${decisionId})`),
          )?.number,
      });
      issues.push(number);
    }
    await commentOnce(
      `${ctx.idempotencyKey}:comment`,
      prNumber,
      rejectionComment({
        violations: violations.map((v) => ({ file: v.file, message: v.reason })),
        ...(issues[0] !== undefined ? { issueNumber: issues[0] } : {}),
      }),
    );
    return { issue_number: issues[0] ?? null, issue_numbers: issues };
  });

  /** The rule violations, or — when the review branch failed — what the architect or the domain check said. */
  async function violationsOf(ctx: TaskContext, prNumber: number, head: string): Promise<PrViolation[]> {
    const listed = Array.isArray(ctx.input.violations) ? ctx.input.violations : [];
    const fromRules = listed.flatMap((v): PrViolation[] =>
      v && typeof v === 'object' && !Array.isArray(v) && typeof v.file === 'string'
        ? [
            {
              file: v.file,
              reason: text(v.reason),
              rule: text(v.rule),
              confidence: typeof v.confidence === 'number' ? v.confidence : 1,
              citations: Array.isArray(v.citations) ? v.citations.map(String) : [],
            },
          ]
        : [],
    );
    if (fromRules.length) return fromRules;
    const out: PrViolation[] = [];
    const decision = ctx.variables.architect_review_decision;
    if (decision && typeof decision === 'object' && !Array.isArray(decision) && decision.approved !== true) {
      out.push({
        file: `PR #${prNumber}`,
        reason: `Architect review rejected it: ${text(decision.comment) || 'no reason given'}`,
        rule: 'review',
        confidence: 1,
        citations: [],
      });
    }
    const checks = await store.documents.list<PrDomainCheck>(PR_DOMAIN_CHECKS, {
      order: 'desc',
      limit: 1,
      where: { prNumber, head },
    });
    for (const f of checks.items[0]?.data.findings ?? []) {
      out.push({
        file: f.file,
        reason: `Domain check: ${f.message} (line ${f.line})`,
        rule: 'review',
        confidence: 1,
        citations: ['PRODUCT.md'],
      });
    }
    return out.length
      ? out
      : [
          {
            file: `PR #${prNumber}`,
            reason: 'The review did not pass',
            rule: 'review',
            confidence: 1,
            citations: [],
          },
        ];
  }

  async function latestReview(prNumber: number): Promise<PrReviewRecord | undefined> {
    const page = await store.documents.list<PrReviewRecord>(PR_REVIEWS, {
      order: 'desc',
      limit: 1,
      where: { prNumber },
    });
    return page.items[0]?.data;
  }

  /** A PR comment once per key; a re-run finds a comment with the same body already there. */
  async function commentOnce(key: string, prNumber: number, body: string): Promise<void> {
    await ledger.once<boolean>(key, {
      run: async () => {
        await host.comment(prNumber, body);
        return true;
      },
      find: async () =>
        (await host.getIssue(prNumber))?.comments.some((c) => c.body === body) ? true : undefined,
    });
  }

  async function start(payload: Record<string, unknown>): Promise<{ instanceId: string; started: boolean }> {
    const prNumber = prNumberOf(payload.number as JsonValue);
    const head = text(payload.head) || `pr/${prNumber}`;
    const instanceId = `pr-review:${prNumber}:${head.slice(0, 12)}`;
    try {
      await engine.startInstance(PR_REVIEW_DEFINITION, {
        instanceId,
        businessKey: `pr:${prNumber}`,
        actor: agent.id,
        variables: {
          pr_number: prNumber,
          author: text(payload.author),
          title: text(payload.title),
          head,
          repo: text(payload.repo),
          files_changed: [],
          phase: defaultPhase,
        },
      });
      return { instanceId, started: true };
    } catch (err) {
      // The same PR head delivered again (at-least-once bus): the review already runs.
      if (isPlatformError(err, 'CONFLICT')) return { instanceId, started: false };
      throw err;
    }
  }

  // WowVision's own consumer would review a PR inline; here the workflow does it, so the service hands
  // `github.pr.opened` over and this consumer (same wake rule, deduplicated) starts the workflow.
  deps.wowvision.delegatePullRequests?.();
  const wakes = (event: { type: string; payload: Record<string, unknown> }) => agent.shouldWake(event);
  let subscription: Subscription | undefined;
  async function listen(): Promise<void> {
    if (subscription) return;
    subscription = await deps.bus.subscribe({
      pattern: 'github.pr.opened',
      group: PR_REVIEW_GROUP,
      handler: async (delivery) => {
        const payload = (delivery.message.payload ?? {}) as Record<string, unknown>;
        if (!wakes({ type: delivery.message.topic, payload })) return;
        // No dedupe mark needed: the instance id is derived from the PR head, so a redelivery starts nothing.
        const { instanceId, started } = await start(payload);
        logger.info({ instanceId, started, pr: payload.number }, 'PR review workflow');
      },
    });
  }
  // The platform defers listening to its worker start (the bus may be down while it is built).
  if (deps.listen !== false) await listen();

  return {
    start,
    listen,
    async stop() {
      await subscription?.close();
      subscription = undefined;
    },
  };
}
