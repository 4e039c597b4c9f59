import { describe, expect, it } from 'vitest';
import {
  approvalComment,
  closingComment,
  dailyReportIssue,
  escalationIssue,
  formatConfidence,
  parseHumanReply,
  rejectionComment,
  violationIssue,
} from './vision-formats.js';

describe('violationIssue', () => {
  it('has the exact title, exactly two labels and every required field', () => {
    const issue = violationIssue({
      filePath: 'agents/x.py',
      sha: '0123456789abcdef',
      author: 'eve',
      reason: 'Python in phase 1',
      confidence: 1,
      method: 'deterministic',
      citations: ['L1 core constraints'],
      commitMessage: 'add agent',
      decisionId: 'dec_42',
    });
    expect(issue.title).toBe('🚨 Vision Violation: agents/x.py');
    expect(issue.labels).toEqual(['vision-violation', 'agent-escalation']);
    for (const s of [
      'agents/x.py',
      '0123456',
      'eve',
      'Python in phase 1',
      '100.00%',
      'deterministic',
      'L1 core constraints',
      'add agent',
      'APPROVE',
      'REJECT',
      'MODIFY',
      'WowVision Prime',
      'dec_42',
    ]) {
      expect(issue.body).toContain(s);
    }
    expect(issue.body).not.toContain('0123456789');
  });
  it('shows "unknown", "No citations" and "No commit message" for missing fields', () => {
    const issue = violationIssue({});
    expect(issue.title).toBe('🚨 Vision Violation: unknown');
    expect(issue.body).toContain('No citations');
    expect(issue.body).toContain('No commit message');
    expect(issue.body.match(/unknown/g)!.length).toBeGreaterThanOrEqual(6);
  });
});

describe('PR comments', () => {
  it('approval has ✅, APPROVED, status/confidence/method/reason and NN.NN%', () => {
    const c = approvalComment({ confidence: 0.98, method: 'deterministic', reason: 'docs only' });
    for (const s of [
      '✅',
      'APPROVED',
      'Status',
      'Confidence',
      '98.00%',
      'Method',
      'deterministic',
      'Reason',
      'docs only',
    ])
      expect(c).toContain(s);
  });
  it('rejection has ❌, REJECTED, the violation count with files, the issue link and Next Steps', () => {
    const c = rejectionComment({
      violations: [
        { file: 'a.py', message: 'Python' },
        { file: 'b.py', message: 'Python' },
      ],
      issueNumber: 17,
    });
    for (const s of ['❌', 'REJECTED', '2 violation(s)', 'a.py', 'b.py', '#17', 'Next Steps'])
      expect(c).toContain(s);
  });
  it('formats confidence with two decimals', () => {
    expect(formatConfidence(0.5)).toBe('50.00%');
    expect(formatConfidence(0.9999)).toBe('99.99%');
  });
});

describe('escalation and daily report', () => {
  it('escalation issue has the title and three labels', () => {
    const e = escalationIssue({
      agent: 'WowVision Prime',
      reason: 'low confidence',
      context: { file: 'x' },
      urgency: 'high',
    });
    expect(e.title).toBe('🚨 WowVision Prime Escalation: low confidence');
    expect(e.labels).toEqual(['WowVision Prime-escalation', 'urgency-high', 'needs-human-review']);
    expect(e.body).toContain('"file": "x"');
  });
  it('daily report has title, labels and every section with computed shares', () => {
    const r = dailyReportIssue({
      agentName: 'WowVision Prime',
      agentId: 'wowvision-prime',
      date: '2026-11-24',
      activity: { wakeCycles: 4, tasks: 10, decisions: 8, issuesCreated: 1, prsReviewed: 2 },
      cost: {
        total: 0.01,
        byMethod: { deterministic: { count: 6, cost: 0 }, llm: { count: 2, cost: 0.01 } },
      },
      quality: { averageConfidence: 0.9, approvals: 6, rejections: 2, escalations: 1 },
      topViolations: [{ file: 'a.py', reason: 'Python', count: 2 }],
    });
    expect(r.title).toBe('📊 WowVision Prime Daily Report - 2026-11-24');
    expect(r.labels).toEqual(['daily-report', 'agent:wowvision-prime']);
    for (const s of [
      '## Activity',
      '## Cost',
      '## Quality',
      '## Top violations',
      '| deterministic | 6 | 75.0% |',
      '| llm | 2 | 25.0% |',
      '90.00%',
      'a.py',
    ])
      expect(r.body).toContain(s);
  });
});

describe('human replies', () => {
  it('parses APPROVE/REJECT/MODIFY and builds the closing comment', () => {
    expect(parseHumanReply('Looks fine.\nAPPROVE: docs')).toEqual({ verdict: 'APPROVE', text: 'docs' });
    expect(parseHumanReply('REJECT: no python')).toEqual({ verdict: 'REJECT', text: 'no python' });
    expect(parseHumanReply('I approve')).toBeUndefined();
    expect(closingComment({ verdict: 'APPROVE', text: 'ok' })).toContain('✅ APPROVED');
    expect(closingComment({ verdict: 'REJECT', text: 'no' })).toContain('❌ REJECTED');
  });
});
