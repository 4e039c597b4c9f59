// The catalogue as a whole: the 19 shipped specs against the skill registry, and every demo input.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadAgentSpecs } from '../assets/agent-spec-files.js';
import { allAgentIds } from './agent-ids.js';
import { listSkills, parseSkillInput, runSkill, skillRegistry } from './registry.js';

const specs = loadAgentSpecs();
const ctx = { now: Date.UTC(2026, 0, 15) };

describe('agent catalogue', () => {
  it('ships the 19 marketplace agents, 7 / 7 / 5 by domain', () => {
    expect(specs.map((s) => s.id).sort()).toEqual([...allAgentIds].sort());
    const count = (d: string) => specs.filter((s) => s.domain === d).length;
    expect([count('marketing'), count('education'), count('sales')]).toEqual([7, 7, 5]);
  });

  it('prices in rupees within the marketplace range, annual with two months free', () => {
    for (const s of specs) {
      expect(s.price.currency).toBe('INR');
      expect(s.price.monthly).toBeGreaterThanOrEqual(8000);
      expect(s.price.monthly).toBeLessThanOrEqual(18000);
      expect(s.price.annual).toBe(s.price.monthly * 10);
      expect(s.price.premium?.monthly ?? 0).toBeGreaterThanOrEqual(14000);
    }
  });

  it('references only registered skills, and the registry agrees with every spec', () => {
    for (const s of specs) {
      for (const k of s.skills) {
        const skill = skillRegistry.get(k.id);
        expect(skill, `${s.id} → ${k.id}`).toBeDefined();
        expect(skill?.agentIds, `${k.id} should list ${s.id}`).toContain(s.id);
        expect(k.offline).toBe(true);
      }
      expect(
        listSkills({ agentId: s.id })
          .map((k) => k.id)
          .sort(),
      ).toEqual([...s.tiers.premium].sort());
    }
  });

  it('uses every registered skill in at least one spec', () => {
    const used = new Set(specs.flatMap((s) => s.skills.map((k) => k.id)));
    expect([...skillRegistry.keys()].filter((id) => !used.has(id))).toEqual([]);
  });

  it('runs every demo sample offline into a checked deliverable', async () => {
    for (const s of specs) {
      for (const [skillId, input] of Object.entries(s.listing.sampleInput)) {
        expect(() => parseSkillInput(skillId, input), `${s.id} sample for ${skillId}`).not.toThrow();
        const r = await runSkill(skillId, input, ctx);
        expect(r.method, skillId).toBe('offline');
        expect(r.summary).not.toMatch(/\n/);
        expect(r.summary.length).toBeGreaterThan(5);
        expect(r.markdown).toMatch(/^#|^>/m);
        expect(r.checks.length).toBeGreaterThan(0);
        expect(r.confidence).toBeGreaterThanOrEqual(0);
        expect(r.confidence).toBeLessThanOrEqual(1);
        expect(() => JSON.stringify(r.output)).not.toThrow();
      }
    }
  });
});

describe('skill registry', () => {
  it('bounds every array, string and number in every input schema', () => {
    const problems: string[] = [];
    for (const [id, s] of skillRegistry) {
      const walk = (n: unknown, path: string) => {
        if (!n || typeof n !== 'object') return;
        const o = n as Record<string, unknown>;
        const fixed = o['const'] !== undefined || o['enum'] !== undefined;
        if (o['type'] === 'array' && o['maxItems'] === undefined && o['prefixItems'] === undefined)
          problems.push(`${id}${path}: unbounded array`);
        if (o['type'] === 'string' && o['maxLength'] === undefined && !fixed)
          problems.push(`${id}${path}: unbounded string`);
        if ((o['type'] === 'number' || o['type'] === 'integer') && o['maximum'] === undefined && !fixed)
          problems.push(`${id}${path}: unbounded number`);
        for (const [k, v] of Object.entries(o)) walk(v, `${path}.${k}`);
      };
      walk(z.toJSONSchema(s.inputSchema, { io: 'input', unrepresentable: 'any' }), '');
    }
    expect(problems).toEqual([]);
  });

  it('rejects bad input with VALIDATION naming the field, and unknown skills with NOT_FOUND', async () => {
    await expect(runSkill('seo.page-audit', { html: 42 }, ctx)).rejects.toMatchObject({
      code: 'VALIDATION',
      details: { field: 'html', skillId: 'seo.page-audit' },
    });
    await expect(
      runSkill('crm.dedupe', { contacts: [{ email: 'x'.repeat(400) }] }, ctx),
    ).rejects.toMatchObject({ code: 'VALIDATION', details: { field: 'contacts[0].email' } });
    await expect(runSkill('no.such-skill', {}, ctx)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('survives hostile keys that shadow Object.prototype', async () => {
    const hostile = ['constructor', '__proto__', 'toString', 'hasOwnProperty'];
    for (const k of hostile) {
      await expect(runSkill('english.spelling', { text: `${k} ${k}` }, ctx)).resolves.toBeDefined();
      await expect(
        runSkill('english.vocabulary-profile', { text: `${k} ${k} ${k} ${k} and more words here` }, ctx),
      ).resolves.toBeDefined();
      const conv = await runSkill(
        'math.unit-convert',
        { conversions: [{ value: 1, from: k, to: 'm' }] },
        ctx,
      );
      expect((conv.output as { conversions: { error: string | null }[] }).conversions[0]?.error).toMatch(
        /unknown unit/,
      );
      const p = await runSkill(
        'email.personalization-check',
        { body: `Hi {{${k}}}`, recipients: [{ name: 'A' }] },
        ctx,
      );
      expect((p.output as { failures: unknown[] }).failures).toHaveLength(1);
      const lead = await runSkill('sdr.lead-score', { leads: [{ company: 'X', signals: [k] }] }, ctx);
      expect(Number.isFinite((lead.output as { leads: { score: number }[] }).leads[0]?.score)).toBe(true);
      await expect(
        runSkill(
          'ae.pipeline-forecast',
          { deals: [{ id: '1', amount: 1, stage: k, closeDate: '2026-02-01' }] },
          ctx,
        ),
      ).rejects.toMatchObject({ code: 'VALIDATION' });
    }
  });
});
