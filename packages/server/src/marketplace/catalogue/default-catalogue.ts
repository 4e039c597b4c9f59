// The catalogue the platform sells by default: the 19 agents as their specs describe them (role,
// specialty, price, skills, demo), in catalogue order. Badges that claim performance ("Top Rated",
// "Popular") are earned from real reviews and activity, never taken from a spec.
import { allAgentIds } from '../../skills/agent-ids.js';
import type { AgentSpec } from '../../agents/specs/agent-spec.js';
import { declaredResponseTimes } from './agent-listings.js';
import type { CatalogueEntry } from './catalogue-entry.js';

const PREMIUM_SKILLS = 10;
const EARNED_BADGES = /top rated|popular|best seller/i;

export function catalogueEntryFromSpec(spec: AgentSpec, currency: string): CatalogueEntry {
  const skills = spec.skills.map((s) => ({
    id: s.id,
    title: s.name,
    description: s.description,
    offline: s.offline,
  }));
  // Badges are words; the web draws their icons (an emoji glyph may render as an empty box).
  const badge = spec.listing.badge?.replace(/[^\p{L}\p{N}\s&'+-]/gu, '').trim();
  return {
    id: spec.id,
    name: spec.roleTitle,
    industry: spec.domain,
    specialty: spec.specialty,
    description: spec.description,
    industries: spec.industries,
    tagline: spec.tagline,
    tier: skills.length >= PREMIUM_SKILLS ? 'premium' : 'standard',
    price: { amount: spec.price.monthly, currency },
    skills,
    badges: badge && !EARNED_BADGES.test(badge) ? [badge] : [],
    responseTime: (declaredResponseTimes as Record<string, string>)[spec.id] ?? '2h',
    versions: [{ version: spec.version, status: 'active', releasedAt: null, notes: 'First release' }],
    lifecycle: 'active',
    demo: { skillId: spec.demoSkill, exampleInput: spec.listing.sampleInput[spec.demoSkill] },
  };
}

/** Every agent spec as a catalogue entry, prices in `currency`, in catalogue order. */
export function defaultCatalogue(options: {
  currency: string;
  specs: readonly AgentSpec[];
}): CatalogueEntry[] {
  const specs = options.specs;
  const order = new Map<string, number>(allAgentIds.map((id, i) => [id, i]));
  return [...specs]
    .sort((a, b) => (order.get(a.id) ?? 99) - (order.get(b.id) ?? 99))
    .map((s) => catalogueEntryFromSpec(s, options.currency));
}
