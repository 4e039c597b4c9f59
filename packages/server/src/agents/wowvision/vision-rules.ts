// WowVision Prime's deterministic rules, evaluated in the digest's order (§4.5). The first rule that
// applies decides; below 0.95 confidence the caller falls through to the model tier.
// Note the documented consequence of the order: a change under 50 added lines is approved by rule 7
// before the tagline check (rule 8) runs.
import {
  CORE_VISION,
  PHASE_POLICIES,
  RIGHT_TAGLINE,
  TRUSTED_AUTHORS,
  WRONG_TAGLINES,
  extensionOf,
  isConfigFile,
  isDocFile,
  type Phase,
} from './vision.js';
import { secretContentReason, secretFileReason } from './secret-rules.js';

export interface FileChange {
  path: string;
  author?: string;
  /** Content of the file after the change (or the added lines). */
  content?: string;
  addedLines?: number;
  /** Epoch ms of the commit. */
  committedAt?: number;
  sha?: string;
  commitMessage?: string;
}

export interface RuleDecision {
  approved: boolean;
  confidence: number;
  reason: string;
  rule: string;
  citations: string[];
}

export const RULE_ACCEPT_CONFIDENCE = 0.95;

function coreViolation(change: FileChange, phase: Phase): string | undefined {
  const ext = extensionOf(change.path);
  if (phase === 'phase1_foundation' && ext === '.py' && !change.path.startsWith('waooaw/')) {
    return `Python file outside waooaw/ in Phase 1 (${CORE_VISION.constraints[0]})`;
  }
  if (ext === '.env') return 'A .env file would commit secrets; only .env.example is allowed';
  return secretFileReason(change.path) ?? secretContentReason(change.content);
}

export function evaluateVisionRules(change: FileChange, phase: Phase = 'phase1_foundation'): RuleDecision {
  const ext = extensionOf(change.path);
  const policy = PHASE_POLICIES[phase];

  const core = coreViolation(change, phase);
  if (core)
    return {
      approved: false,
      confidence: 1,
      reason: core,
      rule: 'core-constraint',
      citations: ['L1 core constraints'],
    };

  if (policy.forbidden.includes(ext)) {
    return {
      approved: false,
      confidence: 1,
      reason: `${phase} forbids ${ext} files`,
      rule: 'phase-forbidden',
      citations: [`L2 ${phase} policy`],
    };
  }
  if (policy.allowed.includes(ext)) {
    return {
      approved: true,
      confidence: 1,
      reason: `${phase} allows ${ext} files`,
      rule: 'phase-allowed',
      citations: [`L2 ${phase} policy`],
    };
  }
  if (ext === '.md' || ext === '.markdown') {
    return {
      approved: true,
      confidence: 1,
      reason: 'Documentation is always allowed',
      rule: 'markdown',
      citations: [],
    };
  }
  if (isConfigFile(change.path)) {
    return {
      approved: true,
      confidence: 1,
      reason: 'Configuration files are allowed',
      rule: 'config',
      citations: [],
    };
  }
  if (['waooaw/', 'tests/', 'docs/'].some((p) => change.path.startsWith(p))) {
    return {
      approved: true,
      confidence: 1,
      reason: 'Path is under waooaw/, tests/ or docs/',
      rule: 'trusted-path',
      citations: [],
    };
  }
  if (change.author && (TRUSTED_AUTHORS as readonly string[]).includes(change.author)) {
    return {
      approved: true,
      confidence: 0.99,
      reason: `Trusted author ${change.author}`,
      rule: 'trusted-author',
      citations: [],
    };
  }
  if (change.addedLines !== undefined && change.addedLines < 50) {
    return {
      approved: true,
      confidence: 0.97,
      reason: `Small change (${change.addedLines} lines added)`,
      rule: 'small-change',
      citations: [],
    };
  }
  const content = (change.content ?? '').toLowerCase();
  if (content.includes(RIGHT_TAGLINE)) {
    return {
      approved: true,
      confidence: 1,
      reason: `Uses the tagline "${CORE_VISION.tagline}"`,
      rule: 'tagline-right',
      citations: ['L1 tagline'],
    };
  }
  const wrong = WRONG_TAGLINES.find((t) => content.includes(t));
  if (wrong) {
    return {
      approved: false,
      confidence: 1,
      reason: `Uses a wrong tagline "${wrong}" instead of "${CORE_VISION.tagline}"`,
      rule: 'tagline-wrong',
      citations: ['L1 tagline'],
    };
  }
  if (change.committedAt !== undefined) {
    const hour = new Date(change.committedAt).getUTCHours();
    if (hour >= 9 && hour < 18) {
      return {
        approved: true,
        confidence: 0.95,
        reason: 'Change made during working hours (09:00–18:00 UTC)',
        rule: 'working-hours',
        citations: [],
      };
    }
  }
  // Documentation other than markdown (.rst, .txt) is allowed by the L2 rule "docs always allowed".
  if (isDocFile(change.path)) {
    return {
      approved: true,
      confidence: 1,
      reason: 'Documentation is always allowed',
      rule: 'docs',
      citations: [],
    };
  }
  return {
    approved: true,
    confidence: 0.5,
    reason: 'No deterministic rule applies; needs the model tier',
    rule: 'undecided',
    citations: [],
  };
}
