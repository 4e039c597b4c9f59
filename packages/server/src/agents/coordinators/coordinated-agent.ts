// What a coordinator needs to know about the agents it routes to: the part of an agent spec
// (agents/specs/*.yaml) that names the agent, its domain and its skills.

/** The three marketplace domains, each with its coordinator. */
export const COORDINATED_DOMAINS = ['marketing', 'education', 'sales'] as const;
export type CoordinatedDomain = (typeof COORDINATED_DOMAINS)[number];

/** How many agents each domain's catalogue holds (PRODUCT.md: Marketing 7 / Education 7 / Sales 5). */
export const AGENTS_PER_DOMAIN: Readonly<Record<CoordinatedDomain, number>> = Object.freeze({
  marketing: 7,
  education: 7,
  sales: 5,
});

/** Structural subset of a loaded agent spec; any spec object with these fields can be passed. */
export interface CoordinatedAgentSpec {
  readonly id: string;
  readonly domain: string;
  readonly specialty?: string | undefined;
  /** Skills in the spec's order; the first is the agent's primary skill. */
  readonly skills: ReadonlyArray<{ readonly id: string }>;
}

export function isCoordinatedDomain(value: unknown): value is CoordinatedDomain {
  return typeof value === 'string' && (COORDINATED_DOMAINS as readonly string[]).includes(value);
}
