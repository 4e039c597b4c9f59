// The catalogue the platform sells by default: the 19 agent listings, each with the skills the skill
// registry holds for that agent (Standard tier below ten skills, Premium from ten), in catalogue order.
import { listSkills, skillRegistry } from '../../agents/skills/registry.js';
import { agentListings, type AgentListing } from './agent-listings.js';
import type { CatalogueEntry } from './catalogue-entry.js';

const PREMIUM_SKILLS = 10;

export function catalogueEntryFromListing(listing: AgentListing, currency: string): CatalogueEntry {
  const skills = listSkills({ agentId: listing.id }).map((s) => ({ id: s.id, title: s.title, description: s.description, offline: true }));
  return {
    id: listing.id,
    name: listing.name,
    industry: listing.industry,
    specialty: listing.specialty,
    description: listing.description,
    tier: skills.length >= PREMIUM_SKILLS ? 'premium' : 'standard',
    price: { amount: listing.monthlyPrice, currency },
    skills,
    badges: [],
    responseTime: listing.responseTime,
    versions: [{ version: '1.0.0', status: 'active', releasedAt: null, notes: 'First release' }],
    lifecycle: 'active',
    // A demo whose skill is not registered (yet) is left out rather than failing at run time.
    demo: skillRegistry.has(listing.demo.skillId) ? listing.demo : null,
  };
}

/** Every listed agent as a catalogue entry, prices in `currency`. */
export function defaultCatalogue(options: { currency: string }): CatalogueEntry[] {
  return agentListings.map((l) => catalogueEntryFromListing(l, options.currency));
}
