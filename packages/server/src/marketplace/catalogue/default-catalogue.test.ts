import { describe, expect, it } from 'vitest';
import { allAgentIds } from '../../skills/agent-ids.js';
import { parseSkillInput, runSkill } from '../../skills/registry.js';
import { loadAgentSpecs } from '../../assets/agent-spec-files.js';
import { defaultCatalogue } from './default-catalogue.js';

const specs = loadAgentSpecs();
const catalogue = defaultCatalogue({ currency: 'INR', specs });

describe('defaultCatalogue', () => {
  it('lists the 19 agents once each, Marketing 7 / Education 7 / Sales 5', () => {
    expect(catalogue.map((e) => e.id)).toEqual([...allAgentIds]);
    const count = (industry: string) => catalogue.filter((e) => e.industry === industry).length;
    expect([count('marketing'), count('education'), count('sales')]).toEqual([7, 7, 5]);
  });

  it('uses role names, never personal names, and positive prices in the configured currency', () => {
    for (const e of catalogue) {
      expect(e.name).toMatch(/Agent$/);
      expect(e.price.amount).toBeGreaterThan(0);
      expect(e.price.currency).toBe('INR');
    }
    expect(defaultCatalogue({ currency: 'USD', specs })[0]?.price.currency).toBe('USD');
  });

  it('shows the skills the registry holds for each agent, with the tier they imply', () => {
    for (const e of catalogue) {
      expect(e.skills.length, e.id).toBeGreaterThan(0);
      expect(e.tier).toBe(e.skills.length >= 10 ? 'premium' : 'standard');
    }
  });

  it('gives every agent a demo whose example input is valid and runs offline', async () => {
    for (const e of catalogue) {
      expect(e.demo, e.id).not.toBeNull();
      expect(() => parseSkillInput(e.demo!.skillId, e.demo!.exampleInput), e.id).not.toThrow();
      const result = await runSkill(e.demo!.skillId, e.demo!.exampleInput, { now: Date.UTC(2026, 0, 5) });
      expect(result.markdown.length, e.id).toBeGreaterThan(0);
    }
  });

  it('takes name, price and demo from each agent spec, but never a performance badge the spec claims', () => {
    for (const spec of specs) {
      const e = catalogue.find((x) => x.id === spec.id)!;
      expect(e.name).toBe(spec.roleTitle);
      expect(e.price.amount).toBe(spec.price.monthly);
      expect(e.demo?.skillId).toBe(spec.demoSkill);
      for (const b of e.badges) expect(b).not.toMatch(/top rated|popular/i);
    }
    expect(specs.some((s) => /top rated/i.test(s.listing.badge ?? ''))).toBe(true);
  });
});
