// WowVision Prime's outputs in the exact formats of the design digest §4.4: violation issue,
// PR approval / rejection comments, escalation issue and daily report. Pure string builders.

export interface ViolationInput {
  filePath?: string;
  sha?: string;
  author?: string;
  reason?: string;
  /** 0..1 */
  confidence?: number;
  method?: string;
  citations?: string[];
  commitMessage?: string;
  decisionId?: string;
}

export interface IssueDraft {
  title: string;
  body: string;
  labels: string[];
}

const orUnknown = (v: string | undefined) => (v === undefined || v === '' ? 'unknown' : v);

/** `98.00%` — confidence as a percentage with two decimals. */
export function formatConfidence(confidence: number | undefined): string {
  return confidence === undefined || !Number.isFinite(confidence)
    ? 'unknown'
    : `${(confidence * 100).toFixed(2)}%`;
}

export function shortSha(sha: string | undefined): string {
  return sha ? sha.slice(0, 7) : 'unknown';
}

export function violationIssue(v: ViolationInput): IssueDraft {
  const citations =
    v.citations && v.citations.length ? v.citations.map((c) => `- ${c}`).join('\n') : 'No citations';
  const body = [
    '## Vision violation detected',
    '',
    `**File:** \`${orUnknown(v.filePath)}\``,
    `**Commit:** \`${shortSha(v.sha)}\``,
    `**Author:** ${orUnknown(v.author)}`,
    `**Reason:** ${orUnknown(v.reason)}`,
    `**Confidence:** ${formatConfidence(v.confidence)}`,
    `**Method:** ${orUnknown(v.method)}`,
    '',
    '### Citations',
    citations,
    '',
    '### Commit message',
    v.commitMessage ? v.commitMessage : 'No commit message',
    '',
    '### Your decision',
    'Reply with one of:',
    '- `APPROVE: <why>` — the change is consistent with the vision',
    '- `REJECT: <why>` — the change must be reverted',
    '- `MODIFY: <what to change>` — the change needs edits',
    '',
    `— WowVision Prime (decision_id: ${orUnknown(v.decisionId)})`,
  ].join('\n');
  return {
    title: `🚨 Vision Violation: ${orUnknown(v.filePath)}`,
    body,
    labels: ['vision-violation', 'agent-escalation'],
  };
}

export interface ApprovalInput {
  confidence: number;
  method: string;
  reason: string;
}

export function approvalComment(a: ApprovalInput): string {
  return [
    '## ✅ WowVision Prime: APPROVED',
    '',
    '| | |',
    '|---|---|',
    '| **Status** | APPROVED |',
    `| **Confidence** | ${formatConfidence(a.confidence)} |`,
    `| **Method** | ${a.method} |`,
    `| **Reason** | ${a.reason} |`,
    '',
    'This change is consistent with the WAOOAW vision.',
  ].join('\n');
}

export interface RejectionInput {
  violations: Array<{ file: string; message: string }>;
  issueNumber?: number;
}

export function rejectionComment(r: RejectionInput): string {
  const n = r.violations.length;
  return [
    '## ❌ WowVision Prime: REJECTED',
    '',
    `Found ${n} violation(s):`,
    '',
    ...r.violations.map((v) => `- \`${v.file}\`: ${v.message}`),
    '',
    r.issueNumber !== undefined
      ? `Details and discussion: #${r.issueNumber}`
      : 'Details and discussion: see the vision-violation issue',
    '',
    '### Next Steps',
    '1. Fix the files listed above, or',
    '2. Reply on the linked issue with `APPROVE:`, `REJECT:` or `MODIFY:` and a reason.',
  ].join('\n');
}

export interface EscalationInput {
  agent: string;
  reason: string;
  context: Record<string, unknown>;
  urgency: 'low' | 'normal' | 'high' | 'critical';
}

export function escalationIssue(e: EscalationInput): IssueDraft {
  const body = [
    `## ${e.agent} needs a human decision`,
    '',
    `**Reason:** ${e.reason}`,
    `**Urgency:** ${e.urgency}`,
    '',
    '### Context',
    '```json',
    JSON.stringify(e.context, null, 2),
    '```',
    '',
    'Reply with `APPROVE: <why>`, `REJECT: <why>` or `MODIFY: <what to change>`.',
  ].join('\n');
  return {
    title: `🚨 ${e.agent} Escalation: ${e.reason}`,
    body,
    labels: [`${e.agent}-escalation`, `urgency-${e.urgency}`, 'needs-human-review'],
  };
}

export interface DailyReportInput {
  agentName: string;
  agentId: string;
  /** YYYY-MM-DD */
  date: string;
  activity: {
    wakeCycles: number;
    tasks: number;
    decisions: number;
    issuesCreated: number;
    prsReviewed: number;
  };
  cost: { total: number; byMethod: Record<string, { count: number; cost: number }> };
  quality: { averageConfidence: number; approvals: number; rejections: number; escalations: number };
  topViolations: Array<{ file: string; reason: string; count: number }>;
  currency?: string;
}

export function dailyReportIssue(d: DailyReportInput): IssueDraft {
  const money = (n: number) => `${d.currency ?? '$'}${n.toFixed(4)}`;
  const totalDecisions = Object.values(d.cost.byMethod).reduce((s, m) => s + m.count, 0) || 1;
  const methods = Object.entries(d.cost.byMethod).map(
    ([m, v]) =>
      `| ${m} | ${v.count} | ${((v.count / totalDecisions) * 100).toFixed(1)}% | ${money(v.cost)} |`,
  );
  const body = [
    `## Activity`,
    `- Wake cycles: ${d.activity.wakeCycles}`,
    `- Tasks: ${d.activity.tasks}`,
    `- Decisions: ${d.activity.decisions}`,
    `- Issues created: ${d.activity.issuesCreated}`,
    `- PRs reviewed: ${d.activity.prsReviewed}`,
    '',
    '## Cost',
    `Total: ${money(d.cost.total)}`,
    '',
    '| method | decisions | share | cost |',
    '|---|---|---|---|',
    ...(methods.length ? methods : ['| — | 0 | 0% | 0 |']),
    '',
    '## Quality',
    `- Average confidence: ${formatConfidence(d.quality.averageConfidence)}`,
    `- Approvals: ${d.quality.approvals}`,
    `- Rejections: ${d.quality.rejections}`,
    `- Escalations: ${d.quality.escalations}`,
    '',
    '## Top violations',
    ...(d.topViolations.length
      ? d.topViolations.map((v) => `- \`${v.file}\` — ${v.reason} (${v.count}×)`)
      : ['None']),
  ].join('\n');
  return {
    title: `📊 ${d.agentName} Daily Report - ${d.date}`,
    body,
    labels: ['daily-report', `agent:${d.agentId}`],
  };
}

export type HumanReply = { verdict: 'APPROVE' | 'REJECT' | 'MODIFY'; text: string };

/** Reads `APPROVE: …`, `REJECT: …` or `MODIFY: …` from a human's comment (first marker wins). */
export function parseHumanReply(comment: string): HumanReply | undefined {
  const m = /\b(APPROVE|REJECT|MODIFY):\s*([\s\S]*)/.exec(comment);
  if (!m) return undefined;
  return { verdict: m[1] as HumanReply['verdict'], text: (m[2] ?? '').trim() };
}

/** The comment that closes a violation issue after a human reply. */
export function closingComment(reply: HumanReply): string {
  switch (reply.verdict) {
    case 'APPROVE':
      return `✅ APPROVED by a human reviewer: ${reply.text || 'no reason given'}`;
    case 'REJECT':
      return `❌ REJECTED by a human reviewer: ${reply.text || 'no reason given'}`;
    case 'MODIFY':
      return `✏️ MODIFY requested: ${reply.text || 'no details given'}`;
  }
}
