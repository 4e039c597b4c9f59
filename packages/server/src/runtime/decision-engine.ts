// Decision tiers, cheapest first: cache → deterministic rules (accepted at ≥ 0.95) → memory of
// similar past decisions → model (budgeted, rate-limited, fair-shared, behind a breaker). Whatever
// cannot be decided safely gets a conservative fallback (not approved) and a human is asked.
// Every decision leaves a receipt: outcome, method, confidence, citations, cost, tokens, latency.
import type { Bus } from '../bus/bus.js';
import type { Clock } from '../clock.js';
import { PlatformError, isPlatformError, toPlatformError, type JsonValue } from '../errors.js';
import type { Ids } from '../ids.js';
import { generateObject } from '../models/generate-object.js';
import type { ModelProvider, ModelRequest } from '../models/model-provider.js';
import type { PriceTable } from '../models/pricing.js';
import { estimateRequestTokens } from '../models/tokens.js';
import type { Logger } from '../components/observability/logger.js';
import type { Metrics } from '../components/observability/metrics.js';
import { withSpan } from '../components/observability/tracing.js';
import { budgetScope, toMicros, type BudgetManager } from '../components/budgets/budget-manager.js';
import type { FairShareQueue } from '../components/budgets/fair-share-queue.js';
import type { SlidingWindowRateLimiter } from '../components/budgets/rate-limiter.js';
import type { CacheHierarchy } from '../components/cache/cache-hierarchy.js';
import type { KillSwitch } from '../components/kill-switch/kill-switch.js';
import type { ResiliencePolicy } from '../components/resilience/resilience-policy.js';
import { canonicalJson } from '../components/security/canonical-json.js';
import { PrivacyGuard, guardEveryCall } from '../components/privacy/privacy-guard.js';
import type { PrivacyReport } from '../components/privacy/privacy-model-provider.js';
import type { DeferredWrites, Store } from '../store/store.js';
import type { DecisionMemory, RememberedDecision } from './decision-memory.js';
import {
  modelDecisionSchema,
  requestHash,
  type DecisionMethod,
  type DecisionOutcome,
  type DecisionReceipt,
  type DecisionRequest,
  type DecisionRule,
  type DegradeStep,
} from './decision.js';
import type { CreateEscalationInput, Escalation } from './escalations.js';

export type DegradePolicyStep = DegradeStep['step'];

export interface DecisionOptions {
  /** A rule is accepted at or above this confidence (default 0.95). */
  ruleThreshold?: number;
  /** A past decision is reused at or above this similarity (default 0.9). */
  memoryThreshold?: number;
  /** Model id for decisions; the provider's default when absent. */
  model?: string;
  /** Used by the `cheaper-model` degrade step when the budget cannot cover `model`. */
  cheaperModel?: string;
  /** Upper bound on the model's answer (default 512 tokens); the reservation covers it. */
  maxOutputTokens?: number;
  /** Instructions for the model; a conservative default names the role and the answer format. */
  systemPrompt?: string;
  /** How long decisions stay cached (default 1 h). */
  cacheTtlMs?: number;
  /** What to do, in order, when a budget is exhausted (default cheaper-model → ask-human → stop). */
  degrade?: DegradePolicyStep[];
  /** Model answers below this confidence are kept but also sent to a human (default 0.6). */
  escalateBelow?: number;
}

/** Who is deciding. */
export interface DecisionSubject {
  agentId: string;
  agentType: string;
  /** Role title, for the model prompt. */
  role: string;
  tenantId: string | null;
  rules: readonly DecisionRule[];
  options: DecisionOptions;
  /** Deciding inside a wake: the receipt's transaction is deferred to the wake's closing commit (0089). */
  writes?: DeferredWrites;
}

export interface DecisionEngineDeps {
  store: Store;
  clock: Clock;
  ids: Ids;
  models?: ModelProvider;
  prices: PriceTable;
  cache: CacheHierarchy;
  memory: DecisionMemory;
  budgets: BudgetManager;
  rateLimiter: SlidingWindowRateLimiter;
  fairShare: FairShareQueue;
  /** Wraps every model call: retry of transient failures, breaker (and a timeout, if it has one). */
  modelPolicy: ResiliencePolicy;
  /** Deadline per model call, passed to the provider as `timeoutMs`; the provider's default when absent. */
  modelTimeoutMs?: number;
  escalate: (input: CreateEscalationInput) => Promise<Escalation>;
  killSwitch: KillSwitch;
  /**
   * Masks personal data before every model call and restores it in the answer; a guard without the
   * tenant's names when absent (masking is never off).
   */
  privacy?: PrivacyGuard;
  bus?: Bus;
  metrics?: Metrics;
  logger?: Logger;
}

/** Who pays for a metered model call; the type labels the cost metric (`unknown` when absent). */
type Payer = Pick<DecisionSubject, 'agentId' | 'tenantId'> & { agentType?: string };

/** A type alias (not an interface) so it is assignable to JsonValue. */
type CachedDecision = {
  outcome: { approved: boolean; reason: string; confidence: number; citations: string[] };
  decisionId: string;
};

interface Draft {
  outcome: DecisionOutcome;
  method: DecisionMethod;
  source: string | null;
  cost: number;
  tokens: { input: number; output: number };
  escalationId: string | null;
  offline: boolean;
  degrade: DegradeStep[];
  model?: string;
  provider?: string;
  privacy?: PrivacyReport;
  /** A model call's real cost, charged in the same transaction as the receipt. */
  settlement?: Settlement;
}

interface Settlement {
  reservationId: string;
  tokens: number;
  money: number;
}

const CONSERVATIVE_CONFIDENCE = 0.9;

/** Callers of the model tier learn which failures mean "the model was never reached". */
const NOT_REACHED = new Set([
  'UNAVAILABLE',
  'CIRCUIT_OPEN',
  'RATE_LIMITED',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_REQUEST',
  'DISABLED',
]);

export class DecisionEngine {
  private readonly privacy: PrivacyGuard;

  constructor(private readonly deps: DecisionEngineDeps) {
    this.privacy = deps.privacy ?? new PrivacyGuard();
  }

  /** The model provider for a handler of this tenant: every call masked like the engine's own. */
  modelsFor(tenantId: string | null): ModelProvider | undefined {
    return this.deps.models && guardEveryCall(this.privacy, this.deps.models, tenantId);
  }

  /** Decides in an `agent.decide` span that names the agent and, once known, the method and cost. */
  decide(subject: DecisionSubject, request: DecisionRequest): Promise<DecisionReceipt> {
    const attributes = {
      'agent.type': subject.agentType,
      'agent.id': subject.agentId,
      'decision.kind': request.kind,
      ...(subject.tenantId ? { 'tenant.id': subject.tenantId } : {}),
    };
    return withSpan('agent.decide', attributes, async (span) => {
      const receipt = await this.decideNow(subject, request);
      span.setAttributes({
        'decision.id': receipt.id,
        'decision.method': receipt.method,
        'decision.approved': receipt.approved,
        'decision.cost': receipt.cost,
      });
      return receipt;
    });
  }

  private async decideNow(subject: DecisionSubject, request: DecisionRequest): Promise<DecisionReceipt> {
    const started = performance.now();
    const decisionId = this.deps.ids.next('dec');
    const hash = requestHash(subject.agentType, request);
    const cacheKey = `decision:${subject.agentId}:${hash}`;
    const opts = subject.options;

    const draft = await this.resolve(subject, request, decisionId, cacheKey);
    const receipt: DecisionReceipt = {
      id: decisionId,
      agentId: subject.agentId,
      agentType: subject.agentType,
      tenantId: subject.tenantId,
      kind: request.kind,
      requestHash: hash,
      ...draft.outcome,
      method: draft.method,
      cost: draft.cost,
      tokens: draft.tokens,
      latencyMs: performance.now() - started,
      escalationId: draft.escalationId,
      source: draft.source,
      offline: draft.offline,
      degrade: draft.degrade,
      privacy: draft.privacy ?? null,
      createdAt: this.deps.clock.now(),
    };

    // Only trustworthy answers are reused: never a fallback, never the offline model's canned reply.
    const reusable =
      (draft.method === 'deterministic' || draft.method === 'memory' || draft.method === 'model') &&
      !draft.offline;
    if (reusable && !request.fresh) {
      const cached: CachedDecision = { outcome: { ...draft.outcome }, decisionId };
      void this.deps.cache.set(cacheKey, cached, opts.cacheTtlMs ?? 3_600_000);
    }
    // One transaction (one share of a group commit) for the model call's charge, the memory of the
    // answer and the receipt: a receipt exists exactly when its cost was charged.
    let settled: Parameters<BudgetManager['afterSettle']>[0] | undefined;
    let remembered: RememberedDecision | undefined;
    const deferred = subject.writes && { defer: subject.writes };
    try {
      await this.deps.store.transaction(async (tx) => {
        if (draft.settlement) {
          const { reservationId, tokens, money } = draft.settlement;
          settled = await this.deps.budgets.settleWithin(tx, reservationId, { tokens, money });
        }
        if (draft.method === 'model' && !draft.offline) {
          remembered = await this.deps.memory.persist(tx, {
            decisionId,
            agentId: subject.agentId,
            tenantId: subject.tenantId,
            kind: request.kind,
            subject: request.subject,
            outcome: draft.outcome,
          });
        }
        await this.appendReceipt(tx, receipt, subject, draft, request.runId ?? null);
      }, deferred);
    } catch (err) {
      // The model was paid for either way: charge it on its own (else the reservation expires).
      if (draft.settlement) {
        const { reservationId, tokens, money } = draft.settlement;
        await this.deps.budgets.settle(reservationId, { tokens, money }).catch(() => undefined);
      }
      throw err;
    }
    if (settled) await this.deps.budgets.afterSettle(settled);
    if (remembered) await this.deps.memory.index(remembered);
    this.deps.metrics?.decisions.inc({ agent: subject.agentType, method: receipt.method });
    if (receipt.cost > 0)
      this.deps.metrics?.decisionCost.inc({ agent: subject.agentType, method: receipt.method }, receipt.cost);
    return receipt;
  }

  private async appendReceipt(
    tx: Store,
    receipt: DecisionReceipt,
    subject: DecisionSubject,
    draft: Draft,
    runId: string | null,
  ): Promise<void> {
    const hash = receipt.requestHash;
    await tx.runtimeDecisions.append({
      id: receipt.id,
      agentId: receipt.agentId,
      tenantId: receipt.tenantId,
      kind: receipt.kind,
      requestHash: hash,
      approved: receipt.approved,
      reason: receipt.reason,
      confidence: receipt.confidence,
      citations: receipt.citations,
      method: receipt.method,
      costMicros: toMicros(receipt.cost),
      inputTokens: receipt.tokens.input,
      outputTokens: receipt.tokens.output,
      latencyMs: receipt.latencyMs,
      escalationId: receipt.escalationId,
      runId,
      extra: {
        agentType: subject.agentType,
        source: draft.source,
        offline: draft.offline,
        degrade: draft.degrade as unknown as JsonValue,
        model: draft.model ?? null,
        provider: draft.provider ?? null,
        privacy: (draft.privacy ?? null) as unknown as JsonValue,
      },
      createdAt: receipt.createdAt,
    });
  }

  private async resolve(
    subject: DecisionSubject,
    request: DecisionRequest,
    decisionId: string,
    cacheKey: string,
  ): Promise<Draft> {
    const none = {
      cost: 0,
      tokens: { input: 0, output: 0 },
      escalationId: null,
      offline: false,
      degrade: [] as DegradeStep[],
    };
    const opts = subject.options;

    if (!request.fresh) {
      const cached = await this.deps.cache.get<CachedDecision>(cacheKey);
      if (cached) return { ...none, outcome: cached.outcome, method: 'cache', source: cached.decisionId };
    }

    const threshold = opts.ruleThreshold ?? 0.95;
    const below: Array<{ rule: string; outcome: DecisionOutcome }> = [];
    for (const rule of subject.rules) {
      let outcome: DecisionOutcome | undefined;
      try {
        outcome = rule.evaluate(request);
      } catch (err) {
        // A broken rule has no opinion; the next tier decides.
        this.deps.logger?.warn({ err, rule: rule.name, agentId: subject.agentId }, 'decision rule threw');
      }
      if (!outcome) continue;
      if (outcome.confidence >= threshold)
        return { ...none, outcome, method: 'deterministic', source: rule.name };
      below.push({ rule: rule.name, outcome });
    }

    if (!request.fresh && !this.deps.killSwitch.isDisabled('memory')) {
      const similar = await this.deps.memory.findSimilar(
        subject.agentId,
        request.kind,
        request.subject,
        opts.memoryThreshold ?? 0.9,
      );
      if (similar) {
        const outcome = {
          ...similar.outcome,
          citations: [...similar.outcome.citations, `memory:${similar.decisionId}`],
        };
        return { ...none, outcome, method: 'memory', source: similar.decisionId };
      }
    }

    if (!this.deps.models) return this.fallback(subject, request, decisionId, 'no model is configured', []);
    if (this.deps.killSwitch.isDisabled('model'))
      return this.fallback(subject, request, decisionId, 'the model tier is switched off', []);

    const rate = this.deps.rateLimiter.tryAcquire(budgetScope.agent(subject.agentId));
    if (!rate.allowed)
      return this.fallback(
        subject,
        request,
        decisionId,
        `rate limit reached (retry in ${rate.retryAfterMs} ms)`,
        [],
        { escalate: false },
      );

    const modelRequest = this.prompt(subject, request, below);
    try {
      return await this.callModel(subject, request, modelRequest, opts.model);
    } catch (err) {
      const e = toPlatformError(err);
      if (e.code === 'BUDGET_EXHAUSTED')
        return this.degrade(subject, request, decisionId, modelRequest, e.details.scope);
      if (e.code === 'DISABLED')
        return this.fallback(
          subject,
          request,
          decisionId,
          'budgets are switched off, so no metered model call is made',
          [],
        );
      const why =
        e.code === 'VALIDATION'
          ? `the model's answer failed validation (${e.message})`
          : `the model call failed (${e.code}: ${e.message})`;
      return this.fallback(subject, request, decisionId, why, []);
    }
  }

  private prompt(
    subject: DecisionSubject,
    request: DecisionRequest,
    below: Array<{ rule: string; outcome: DecisionOutcome }>,
  ): ModelRequest {
    const system =
      subject.options.systemPrompt ??
      `You are ${subject.role}. Decide the case below. Answer only with JSON: {"approved": boolean, "reason": string, "confidence": number between 0 and 1, "citations": string[]}. ` +
        'Approve only when you are sure; when unsure, do not approve and say why.';
    const lines = [`Decision: ${request.kind}`, `Case: ${request.subject}`];
    if (request.facts && Object.keys(request.facts).length > 0)
      lines.push(`Facts: ${canonicalJson(request.facts)}`);
    for (const b of below)
      lines.push(
        `Rule ${b.rule} (not conclusive, confidence ${b.outcome.confidence}): ${b.outcome.approved ? 'approve' : 'reject'} — ${b.outcome.reason}`,
      );
    return {
      system,
      messages: [{ role: 'user', content: lines.join('\n') }],
      maxTokens: subject.options.maxOutputTokens ?? 512,
      temperature: 0,
    };
  }

  /**
   * One budgeted model call: a fair-share slot, a reservation of the most the call can cost on the
   * agent, tenant and run budgets, the call under the model policy, then settlement of the real cost
   * — or, with `deferSettle`, the settlement handed back for the caller to commit with its receipt.
   * A call that may have reached the model (bad answer, deadline) is charged its full reservation.
   */
  private async metered<T>(
    subject: Payer,
    scope: { runId?: string | undefined; priority?: 'high' | 'medium' | 'low' | undefined },
    modelRequest: ModelRequest,
    model: string | undefined,
    call: (
      models: ModelProvider,
      request: ModelRequest,
    ) => Promise<{ value: T; usage: { inputTokens: number; outputTokens: number }; costMoney: number }>,
    deferSettle = false,
  ): Promise<{
    value: T;
    tokens: { input: number; output: number };
    cost: number;
    privacy: PrivacyReport;
    settlement?: Settlement;
  }> {
    if (!this.deps.models)
      throw new PlatformError('UNAVAILABLE', 'No model is configured', { retryable: false });
    // Every model call passes here: the provider it gets masks personal data and refuses tools not offered.
    const models = await this.privacy.guard(this.deps.models, subject.tenantId);
    const modelId = model ?? models.defaultModel;
    const maxOut = modelRequest.maxTokens ?? 512;
    const inputEstimate = estimateRequestTokens(modelRequest);
    const money = this.deps.prices.cost(modelId, { inputTokens: inputEstimate, outputTokens: maxOut }).amount;
    const scopes = [budgetScope.agent(subject.agentId)];
    if (subject.tenantId) scopes.push(budgetScope.tenant(subject.tenantId));
    if (scope.runId) scopes.push(budgetScope.run(scope.runId));

    const release = await this.deps.fairShare.acquire(scope.priority ?? 'medium');
    try {
      const reservation = await this.deps.budgets.reserve({ scopes, tokens: inputEstimate + maxOut, money });
      let result: Awaited<ReturnType<typeof call>>;
      try {
        const deadline = modelRequest.timeoutMs ?? this.deps.modelTimeoutMs;
        result = await this.deps.modelPolicy.execute((signal) =>
          call(models, {
            ...modelRequest,
            maxTokens: maxOut,
            model: modelId,
            ...(deadline === undefined ? {} : { timeoutMs: deadline }),
            ...(signal ? { signal } : {}),
          }),
        );
      } catch (err) {
        if (isPlatformError(err) && NOT_REACHED.has(err.code))
          await this.deps.budgets.release(reservation.id);
        else {
          await this.deps.budgets.settle(reservation.id, {
            tokens: reservation.tokens,
            money: reservation.money,
          });
          this.countCost(subject, reservation.money);
        }
        throw err;
      }
      const tokens = { input: result.usage.inputTokens, output: result.usage.outputTokens };
      this.countCost(subject, result.costMoney);
      const settlement = {
        reservationId: reservation.id,
        tokens: tokens.input + tokens.output,
        money: result.costMoney,
      };
      const privacy = models.report();
      if (deferSettle) return { value: result.value, tokens, cost: result.costMoney, privacy, settlement };
      await this.deps.budgets.settle(reservation.id, settlement);
      return { value: result.value, tokens, cost: result.costMoney, privacy };
    } finally {
      release();
    }
  }

  private countCost(payer: Payer, money: number): void {
    if (money > 0)
      this.deps.metrics?.agentCost.inc(
        { agent: payer.agentType ?? 'unknown', tenant: payer.tenantId ?? 'none' },
        money,
      );
  }

  /**
   * Free text from the model for an agent's writing, metered like decisions (reserve → call →
   * settle). Fails with BUDGET_EXHAUSTED, DISABLED (budgets or model switched off), UNAVAILABLE (no
   * model) or the provider's error; callers fall back to their deterministic text.
   */
  async write(
    subject: Payer,
    input: {
      prompt: string;
      system?: string;
      maxTokens?: number;
      runId?: string;
      priority?: 'high' | 'medium' | 'low';
    },
  ): Promise<{
    text: string;
    provider: string;
    model: string;
    offline: boolean;
    cost: number;
    tokens: { input: number; output: number };
    privacy: PrivacyReport;
  }> {
    if (this.deps.killSwitch.isDisabled('model')) {
      throw new PlatformError('DISABLED', 'The model tier is switched off', {
        retryable: false,
        details: { component: 'model' },
      });
    }
    const request: ModelRequest = {
      messages: [{ role: 'user', content: input.prompt }],
      maxTokens: input.maxTokens ?? 1024,
      ...(input.system === undefined ? {} : { system: input.system }),
    };
    const r = await this.metered(
      subject,
      { runId: input.runId, priority: input.priority },
      request,
      undefined,
      async (models, req) => {
        const response = await models.generate(req);
        return { value: response, usage: response.usage, costMoney: response.costMoney };
      },
    );
    return {
      text: r.value.text,
      provider: r.value.provider,
      model: r.value.model,
      offline: r.value.offline,
      cost: r.cost,
      tokens: r.tokens,
      privacy: r.privacy,
    };
  }

  private async callModel(
    subject: DecisionSubject,
    request: DecisionRequest,
    modelRequest: ModelRequest,
    model: string | undefined,
  ): Promise<Draft> {
    const metered = await this.metered(
      subject,
      { runId: request.runId, priority: request.priority },
      modelRequest,
      model,
      async (models, req) => {
        const r = await generateObject(models, req, modelDecisionSchema, {
          maxAttempts: 1,
          name: 'decision',
        });
        return { value: r, usage: r.usage, costMoney: r.costMoney };
      },
      true,
    );
    const result = metered.value;
    const tokens = metered.tokens;
    const outcome: DecisionOutcome = {
      approved: result.object.approved,
      reason: result.object.reason,
      confidence: result.object.confidence,
      citations: result.object.citations,
    };
    const draft: Draft = {
      outcome,
      method: 'model',
      source: `${result.response.provider}:${result.response.model}`,
      cost: result.costMoney,
      tokens,
      escalationId: null,
      offline: result.response.offline,
      degrade: [],
      model: result.response.model,
      provider: result.response.provider,
      privacy: metered.privacy,
      ...(metered.settlement ? { settlement: metered.settlement } : {}),
    };
    if (outcome.confidence < (subject.options.escalateBelow ?? 0.6)) {
      const esc = await this.deps.escalate({
        agentId: subject.agentId,
        tenantId: subject.tenantId,
        reason: `Low-confidence decision (${outcome.confidence.toFixed(2)}) on ${request.kind}`,
        context: { kind: request.kind, subject: request.subject, outcome: { ...outcome } },
        urgency: 'low',
      });
      draft.escalationId = esc.id;
    }
    return draft;
  }

  /** Budget exhausted: cheaper model → ask a human → stop, each step recorded. */
  private async degrade(
    subject: DecisionSubject,
    request: DecisionRequest,
    decisionId: string,
    modelRequest: ModelRequest,
    scope: unknown,
  ): Promise<Draft> {
    const steps: DegradeStep[] = [];
    const policy = subject.options.degrade ?? ['cheaper-model', 'ask-human', 'stop'];
    const publish = () =>
      this.deps.bus?.publish({
        topic: 'budget.degraded',
        payload: {
          agentId: subject.agentId,
          tenantId: subject.tenantId,
          scope: String(scope),
          decisionId,
          steps: steps.map((s) => ({ ...s })),
        },
        from: subject.agentId,
        priority: 4,
      });
    for (const step of policy) {
      if (step === 'cheaper-model') {
        if (!subject.options.cheaperModel) {
          steps.push({ step, outcome: 'unavailable', detail: 'no cheaper model configured' });
          continue;
        }
        try {
          const draft = await this.callModel(subject, request, modelRequest, subject.options.cheaperModel);
          steps.push({ step, outcome: 'used', detail: subject.options.cheaperModel });
          await publish();
          return { ...draft, degrade: steps };
        } catch (err) {
          const e = toPlatformError(err);
          if (e.code === 'BUDGET_EXHAUSTED') {
            steps.push({ step, outcome: 'exhausted', detail: subject.options.cheaperModel });
            continue;
          }
          steps.push({ step, outcome: 'failed', detail: `${e.code}: ${e.message}` });
          await publish();
          return this.fallback(subject, request, decisionId, `the cheaper model failed (${e.code})`, steps);
        }
      }
      if (step === 'ask-human') {
        const draft = await this.fallback(
          subject,
          request,
          decisionId,
          `budget ${String(scope)} is exhausted`,
          steps,
          {
            urgency: 'high',
            key: `budget-exhausted:${subject.agentId}:${String(scope)}:${new Date(this.deps.clock.now()).toISOString().slice(0, 10)}`,
          },
        );
        steps.push({
          step,
          outcome: 'escalated',
          ...(draft.escalationId ? { detail: draft.escalationId } : {}),
        });
        await publish();
        return { ...draft, degrade: steps };
      }
      steps.push({ step: 'stop', outcome: 'stopped' });
      await publish();
      return this.fallback(
        subject,
        request,
        decisionId,
        `budget ${String(scope)} is exhausted; model calls stopped`,
        steps,
        { escalate: false },
      );
    }
    steps.push({ step: 'stop', outcome: 'stopped', detail: 'degrade policy exhausted' });
    await publish();
    return this.fallback(subject, request, decisionId, `budget ${String(scope)} is exhausted`, steps, {
      escalate: false,
    });
  }

  /** Not approved, with a human asked (unless told not to). */
  private async fallback(
    subject: DecisionSubject,
    request: DecisionRequest,
    decisionId: string,
    why: string,
    steps: DegradeStep[],
    options: { escalate?: boolean; urgency?: 'medium' | 'high'; key?: string } = {},
  ): Promise<Draft> {
    let escalationId: string | null = null;
    if (options.escalate !== false) {
      const esc = await this.deps.escalate({
        agentId: subject.agentId,
        tenantId: subject.tenantId,
        reason: `Decision needs a human: ${why}`.slice(0, 300),
        context: { kind: request.kind, subject: request.subject, facts: request.facts ?? {}, decisionId },
        urgency: options.urgency ?? 'medium',
        decisionId,
        ...(options.key === undefined ? {} : { key: options.key }),
      });
      escalationId = esc.id;
    }
    return {
      // Confidence that *not approving* is safe; the approval itself is left to the human.
      outcome: {
        approved: false,
        reason: `Conservative fallback: ${why}`,
        confidence: CONSERVATIVE_CONFIDENCE,
        citations: [],
      },
      method: 'conservative_fallback',
      source: null,
      cost: 0,
      tokens: { input: 0, output: 0 },
      escalationId,
      offline: false,
      degrade: steps,
    };
  }
}
