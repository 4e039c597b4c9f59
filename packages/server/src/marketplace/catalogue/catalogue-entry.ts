// One agent on sale, as the marketplace needs it: identity, price, skills, demo. Built from the agent
// specs (default-catalogue.ts); tests may pass their own entries.
import type { Industry } from '../../contracts/contracts.js';

export interface CatalogueSkill {
  id: string;
  title: string;
  description: string;
  /** True when the skill does its work without a model. */
  offline: boolean;
}

export interface CatalogueVersion {
  version: string;
  status: string;
  releasedAt: number | null;
  notes: string;
}

export interface CatalogueEntry {
  id: string;
  /** Role name, e.g. "Content Marketing Agent". */
  name: string;
  industry: Industry;
  specialty: string;
  description: string;
  /** Industries the agent serves (e.g. "fintech", "d2c brands"); searched, not shown as filters. */
  industries?: string[];
  /** One-line promise from the spec; searched with the description. */
  tagline?: string;
  tier: 'standard' | 'premium';
  /** Monthly price in major units of `currency`. */
  price: { amount: number; currency: string };
  skills: CatalogueSkill[];
  /** Badges the spec grants (earned badges such as "Top Rated" are added from real data). */
  badges: string[];
  /** Declared response time, e.g. "2h". */
  responseTime: string;
  versions: CatalogueVersion[];
  /** Retired agents stay listed as offline and cannot start trials. */
  lifecycle: 'active' | 'deprecated' | 'retired';
  /** The skill the live demo runs, with an example input; null when the agent has no demo. */
  demo: { skillId: string; exampleInput: unknown } | null;
}
