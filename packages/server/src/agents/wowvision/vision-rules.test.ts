import { describe, expect, it } from 'vitest';
import { shouldWake } from './should-wake.js';
import { evaluateVisionRules } from './vision-rules.js';

const at = (h: number) => Date.UTC(2026, 10, 24, h, 30);

describe('shouldWake', () => {
  it('wakes for created and updated source files', () => {
    expect(shouldWake({ type: 'github.file.created', path: 'src/app.ts' })).toBe(true);
    expect(shouldWake({ type: 'github.file.updated', path: 'agents/x.py' })).toBe(true);
  });
  it('stays asleep for READMEs at any depth, config files and lock files', () => {
    expect(shouldWake({ type: 'github.file.created', path: 'README.md' })).toBe(false);
    expect(shouldWake({ type: 'github.file.updated', path: 'docs/deep/readme.md' })).toBe(false);
    for (const p of ['a.yaml', 'b.yml', 'c.json', 'd.toml', 'e.ini', '.env', 'x/.env.example']) {
      expect(shouldWake({ type: 'github.file.created', path: p }), p).toBe(false);
    }
    expect(shouldWake({ type: 'github.file.updated', path: 'package-lock.md' })).toBe(false);
    expect(shouldWake({ type: 'github.file.updated', path: 'src/blocking.ts' })).toBe(false);
  });
  it('wakes for opened PRs and human replies only', () => {
    expect(shouldWake({ type: 'github.pr.opened' })).toBe(true);
    expect(shouldWake({ type: 'github.issue.comment', body: 'APPROVE: looks fine' })).toBe(true);
    expect(shouldWake({ type: 'github.issue.comment', body: 'see vision-violation above' })).toBe(true);
    expect(shouldWake({ type: 'github.issue.comment', body: 'I approve' })).toBe(false);
  });
  it('ignores bot commits', () => {
    expect(shouldWake({ type: 'github.commit.pushed', author: 'alice' })).toBe(true);
    for (const a of ['dependabot[bot]', 'github-actions', 'Renovate-Bot', 'somebot']) {
      expect(shouldWake({ type: 'github.commit.pushed', author: a }), a).toBe(false);
    }
  });
  it('ignores deletes, closes, branches, unknown and missing types', () => {
    for (const type of [
      'github.file.deleted',
      'github.pr.closed',
      'github.branch.created',
      'custom.event',
      undefined,
    ]) {
      expect(shouldWake(type === undefined ? {} : { type }), String(type)).toBe(false);
    }
  });
});

describe('evaluateVisionRules (in the digest order)', () => {
  it('1: rejects Python outside waooaw/ in phase 1 as a core violation, and .env files', () => {
    expect(evaluateVisionRules({ path: 'agents/x.py' })).toMatchObject({
      approved: false,
      confidence: 1,
      rule: 'core-constraint',
    });
    expect(evaluateVisionRules({ path: '.env' })).toMatchObject({ approved: false, confidence: 1 });
  });
  it('2: applies the phase policy — phase 1 forbids .py even under waooaw/, allows .yaml', () => {
    expect(evaluateVisionRules({ path: 'waooaw/core.py' })).toMatchObject({
      approved: false,
      rule: 'phase-forbidden',
      confidence: 1,
    });
    expect(evaluateVisionRules({ path: 'config/app.yaml' })).toMatchObject({
      approved: true,
      rule: 'phase-allowed',
      confidence: 1,
    });
    expect(evaluateVisionRules({ path: 'waooaw/core.py' }, 'phase2_platform')).toMatchObject({
      approved: true,
      rule: 'phase-allowed',
    });
  });
  it('3–5: markdown, config and trusted paths are approved with full confidence', () => {
    expect(evaluateVisionRules({ path: 'notes.markdown' })).toMatchObject({
      approved: true,
      rule: 'markdown',
      confidence: 1,
    });
    expect(evaluateVisionRules({ path: 'setup.ini' })).toMatchObject({
      approved: true,
      rule: 'config',
      confidence: 1,
    });
    expect(evaluateVisionRules({ path: 'tests/a.ts' })).toMatchObject({
      approved: true,
      rule: 'trusted-path',
      confidence: 1,
    });
  });
  it('6–7: trusted authors (0.99) then small changes (0.97)', () => {
    expect(evaluateVisionRules({ path: 'src/a.ts', author: 'dlai-sd', addedLines: 500 })).toMatchObject({
      confidence: 0.99,
      rule: 'trusted-author',
    });
    expect(evaluateVisionRules({ path: 'src/a.ts', author: 'eve', addedLines: 49 })).toMatchObject({
      confidence: 0.97,
      rule: 'small-change',
    });
  });
  it('7 before 8: a small change with a wrong tagline is approved, as the digest documents', () => {
    expect(
      evaluateVisionRules({ path: 'src/hero.tsx', addedLines: 3, content: 'The best agent marketplace' }),
    ).toMatchObject({ approved: true, rule: 'small-change' });
  });
  it('8: tagline right approves, wrong rejects, on large changes', () => {
    expect(
      evaluateVisionRules({
        path: 'src/hero.tsx',
        addedLines: 80,
        content: 'WAOOAW — Agents Earn Your Business',
      }),
    ).toMatchObject({ approved: true, rule: 'tagline-right' });
    expect(
      evaluateVisionRules({ path: 'src/hero.tsx', addedLines: 80, content: 'AI agents for hire, today' }),
    ).toMatchObject({ approved: false, rule: 'tagline-wrong', confidence: 1 });
  });
  it('9–10: working hours approve at 0.95; otherwise 0.5 falls through to the model', () => {
    expect(evaluateVisionRules({ path: 'src/a.ts', addedLines: 80, committedAt: at(10) })).toMatchObject({
      confidence: 0.95,
      rule: 'working-hours',
    });
    expect(evaluateVisionRules({ path: 'src/a.ts', addedLines: 80, committedAt: at(18) })).toMatchObject({
      confidence: 0.5,
      rule: 'undecided',
    });
    expect(evaluateVisionRules({ path: 'src/a.ts', addedLines: 80, committedAt: at(8) })).toMatchObject({
      confidence: 0.5,
    });
  });
});
