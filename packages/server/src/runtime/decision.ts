// Decision types shared by the tiers, the receipt every decision leaves, and the schema a model's
// answer must satisfy before it is trusted.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { JsonValue } from '../errors.js';
import { canonicalJson } from '../components/security/canonical-json.js';
import type { PrivacyReport } from '../components/privacy/privacy-model-provider.js';

/**
 * How a decision was reached: `cache` (same request seen), `deterministic` (a rule at ≥ the
 * threshold), `memory` (a similar past decision), `model`, or `conservative_fallback` (nothing
 * trustworthy was available: not approved, and a human is asked).
 */
export type DecisionMethod = 'cache' | 'deterministic' | 'memory' | 'model' | 'conservative_fallback';

export interface DecisionRequest {
  /** What is being decided, e.g. `pr-review`, `publish-post`; rules and memory are per kind. */
  kind: string;
  /** Human-readable statement of the case; the memory tier compares these. */
  subject: string;
  /** Structured facts the rules read; part of the cache key. */
  facts?: Record<string, JsonValue>;
  /** Workflow run whose budget also pays for a model call. */
  runId?: string;
  /** Share under contention for model calls; default `medium`. */
  priority?: 'high' | 'medium' | 'low';
  /** Skip the cache and memory tiers (default false). */
  fresh?: boolean;
}

export interface DecisionOutcome {
  approved: boolean;
  reason: string;
  /** 0..1. */
  confidence: number;
  citations: string[];
}

/** A deterministic rule. Returns nothing when it has no opinion; below the threshold it falls through. */
export interface DecisionRule {
  name: string;
  evaluate(request: DecisionRequest): DecisionOutcome | undefined;
}

export interface DegradeStep {
  step: 'cheaper-model' | 'ask-human' | 'stop';
  outcome: 'used' | 'unavailable' | 'exhausted' | 'escalated' | 'stopped' | 'failed';
  detail?: string;
}

/** The receipt stored for every decision. */
export interface DecisionReceipt extends DecisionOutcome {
  id: string;
  agentId: string;
  agentType: string;
  tenantId: string | null;
  kind: string;
  requestHash: string;
  method: DecisionMethod;
  /** Money in the price table's currency. */
  cost: number;
  tokens: { input: number; output: number };
  latencyMs: number;
  /** Set when a human was asked. */
  escalationId: string | null;
  /** The rule, past decision or provider behind the answer. */
  source: string | null;
  /** True when the answer came from the offline scripted provider. */
  offline: boolean;
  /** Steps taken because a budget was exhausted, in order. */
  degrade: DegradeStep[];
  /** Set when a model was called: personal data masked per kind (counts only) and tool calls refused. */
  privacy: PrivacyReport | null;
  createdAt: number;
}

/** What a model must answer; invalid answers never become decisions. */
export const modelDecisionSchema = z.object({
  approved: z.boolean(),
  reason: z.string().min(10, 'must explain the decision in at least 10 characters').max(2000),
  confidence: z.number().min(0).max(1),
  citations: z.array(z.string().max(500)).max(20).default([]),
});

/** Stable hash of what identifies a request (kind, subject, facts), independent of key order. */
export function requestHash(agentType: string, request: DecisionRequest): string {
  return createHash('sha256')
    .update(
      canonicalJson({ agentType, kind: request.kind, subject: request.subject, facts: request.facts ?? {} }),
    )
    .digest('hex')
    .slice(0, 32);
}
