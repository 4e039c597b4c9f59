// The catalogue: agent cards with filters, full-text search, sorting and cursor pagination, tab counts,
// facets and the profile. Status, rating, retention and the activity line come from real data only.
import type { z } from 'zod';
import type {
  AgentCard,
  AgentProfile,
  AgentStatus,
  CatalogueFacets,
  CataloguePage,
  CatalogueQuerySchema,
  DemoInfo,
  IndustryCounts,
  SkillInfo,
} from '../../contracts/contracts.js';
import { skillRegistry } from '../../skills/registry.js';
import type { Clock } from '../../clock.js';
import { isDisabled, type Config } from '../../config.js';
import { PlatformError } from '../../errors.js';
import type { ActivityService } from '../activity/activity-service.js';
import type { MarketplaceLimits } from '../deps.js';
import type { AgentStatsRecord } from '../records.js';
import type { ReviewService } from '../reviews/review-service.js';
import { DAY, MINUTE, iso, isoOrNull } from '../time.js';
import { emptyStats, median, type AgentStats } from './agent-stats.js';
import type { CatalogueEntry } from './catalogue-entry.js';
import { inputJsonSchema, skillForm } from './skill-form.js';
import { createCatalogueSearch, type CatalogueSearch } from './catalogue-search.js';

/** An agent that produced something this recently shows as "working". */
export const WORKING_WINDOW_MS = 15 * MINUTE;
/** "Popular" needs this many trials and hires, and customers who stayed (a hire still active). */
export const POPULAR_MIN_ENGAGEMENTS = 3;

/** Earned by real demand: enough trials and hires, and at least one hire still active. */
function isPopular(stats: AgentStatsRecord): boolean {
  return stats.trials + stats.hires >= POPULAR_MIN_ENGAGEMENTS && stats.activeHires > 0;
}

/** Annual plans cost ten months: two months free. */
export const ANNUAL_MONTHS_CHARGED = 10;

export interface CatalogueServiceOptions {
  entries: readonly CatalogueEntry[];
  stats: AgentStats;
  reviews: ReviewService;
  activity: ActivityService;
  clock: Clock;
  config: Pick<Config, 'disabled'>;
  limits: Pick<MarketplaceLimits, 'trialDays' | 'demoMaxInputBytes'>;
}

/** The validated query; optional fields may be absent. */
export type ParsedQuery = Partial<Omit<z.output<typeof CatalogueQuerySchema>, 'limit'>> & { limit: number };

function encodeOffset(offset: number): string {
  return Buffer.from(`o:${offset}`, 'utf8').toString('base64url');
}

function decodeOffset(cursor: string): number {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const m = /^o:(\d{1,6})$/.exec(text);
  if (!m)
    throw new PlatformError('BAD_REQUEST', 'cursor is not valid for this listing', {
      details: { field: 'cursor' },
    });
  return Number(m[1]);
}

function initials(name: string): string {
  const words = name
    .replace(/\bAgent\b/i, '')
    .split(/\s+/)
    .filter(Boolean);
  return (words.length >= 2 ? words[0]![0]! + words[1]![0]! : (words[0] ?? name).slice(0, 2)).toUpperCase();
}

export class CatalogueService {
  private readonly byId: ReadonlyMap<string, CatalogueEntry>;
  private readonly search: CatalogueSearch;

  constructor(private readonly o: CatalogueServiceOptions) {
    this.byId = new Map(o.entries.map((e) => [e.id, e]));
    this.search = createCatalogueSearch(o.entries);
  }

  get entries(): readonly CatalogueEntry[] {
    return this.o.entries;
  }

  /** The entry; NOT_FOUND for an unknown agent. */
  entry(agentId: string): CatalogueEntry {
    const e = this.byId.get(agentId);
    if (!e) throw new PlatformError('NOT_FOUND', `agent ${agentId} not found`, { details: { agentId } });
    return e;
  }

  find(agentId: string): CatalogueEntry | undefined {
    return this.byId.get(agentId);
  }

  /** available / working / offline from the kill switch, lifecycle and the last real work. */
  status(entry: CatalogueEntry, stats: AgentStatsRecord): AgentStatus {
    if (entry.lifecycle === 'retired' || isDisabled(this.o.config, `agent-${entry.id}`)) return 'offline';
    if (stats.lastWorkAt !== null && this.o.clock.now() - stats.lastWorkAt < WORKING_WINDOW_MS)
      return 'working';
    return 'available';
  }

  async list(query: ParsedQuery): Promise<CataloguePage> {
    const all = await this.o.stats.all();
    const cards = this.o.entries.map((e) => this.card(e, all.get(e.id) ?? emptyStats(), all));
    const scores = this.search.search(query.q ?? '');
    const searching = scores !== undefined;
    const scored = cards
      .map((card, index) => ({ card, index, score: scores ? (scores.get(card.id) ?? 0) : 1 }))
      .filter((x) => x.score > 0)
      .filter((x) => this.matches(x.card, query));
    const counts: IndustryCounts = { all: scored.length, marketing: 0, education: 0, sales: 0 };
    for (const x of scored) counts[x.card.industry] += 1;
    const filtered = query.industry ? scored.filter((x) => x.card.industry === query.industry) : scored;
    const sort = query.sort ?? (searching ? 'relevance' : undefined);
    filtered.sort((a, b) => {
      const byIndex = a.index - b.index;
      switch (sort) {
        case 'relevance':
          return b.score - a.score || byIndex;
        case 'top_rated':
          return (
            (b.card.rating.average ?? -1) - (a.card.rating.average ?? -1) ||
            b.card.rating.count - a.card.rating.count ||
            byIndex
          );
        case 'price_asc':
          return a.card.price.amount - b.card.price.amount || byIndex;
        case 'price_desc':
          return b.card.price.amount - a.card.price.amount || byIndex;
        case 'popular':
          return b.card.popularity - a.card.popularity || byIndex;
        default:
          return byIndex;
      }
    });
    const offset = query.cursor ? decodeOffset(query.cursor) : 0;
    const items = filtered.slice(offset, offset + query.limit).map((x) => x.card);
    const next = offset + query.limit;
    return {
      items,
      ...(next < filtered.length ? { nextCursor: encodeOffset(next) } : {}),
      total: filtered.length,
      counts,
      online: cards.filter((c) => c.status !== 'offline').length,
    };
  }

  async facets(): Promise<CatalogueFacets> {
    const counts: IndustryCounts = { all: this.o.entries.length, marketing: 0, education: 0, sales: 0 };
    const specialties = new Map<
      string,
      { specialty: string; industry: CatalogueEntry['industry']; count: number }
    >();
    const skills = new Map<string, { id: string; title: string; agentCount: number }>();
    for (const e of this.o.entries) {
      counts[e.industry] += 1;
      const sp = specialties.get(e.specialty) ?? { specialty: e.specialty, industry: e.industry, count: 0 };
      sp.count += 1;
      specialties.set(e.specialty, sp);
      for (const s of e.skills) {
        const sk = skills.get(s.id) ?? { id: s.id, title: s.title, agentCount: 0 };
        sk.agentCount += 1;
        skills.set(s.id, sk);
      }
    }
    const prices = this.o.entries.map((e) => e.price.amount);
    return {
      counts,
      specialties: [...specialties.values()],
      skills: [...skills.values()].sort((a, b) => a.title.localeCompare(b.title)),
      price: {
        min: prices.length ? Math.min(...prices) : 0,
        max: prices.length ? Math.max(...prices) : 0,
        currency: this.o.entries[0]?.price.currency ?? 'INR',
      },
    };
  }

  async profile(agentId: string): Promise<AgentProfile> {
    const entry = this.entry(agentId);
    const all = await this.o.stats.all();
    const stats = all.get(agentId) ?? emptyStats();
    const [reviews, activity] = await Promise.all([
      this.o.reviews.listForAgent(agentId, { limit: 5 }),
      this.o.activity.listPublic({ agentId, limit: 10 }),
    ]);
    const h = stats.ratingHistogram;
    return {
      ...this.card(entry, stats, all),
      description: entry.description,
      skillDetails: entry.skills.map((s) => ({
        id: s.id,
        title: s.title,
        description: s.description,
        offline: s.offline,
      })),
      ratingDistribution: { 1: h[0], 2: h[1], 3: h[2], 4: h[3], 5: h[4] },
      reviews: reviews.items,
      recentActivity: activity.items,
      versions: entry.versions.map((v) => ({
        version: v.version,
        status: v.status,
        releasedAt: isoOrNull(v.releasedAt),
        notes: v.notes,
      })),
      measuredResponseMs: median(stats.responseSamples),
      pricing: {
        monthly: { amount: entry.price.amount, currency: entry.price.currency },
        annual: { amount: entry.price.amount * ANNUAL_MONTHS_CHARGED, currency: entry.price.currency },
        annualMonthsFree: 12 - ANNUAL_MONTHS_CHARGED,
      },
      trialDays: this.o.limits.trialDays,
      demo: this.demoInfo(entry),
    };
  }

  /** A skill with its input's JSON Schema and form; NOT_FOUND for an unknown skill. */
  skillInfo(skillId: string): SkillInfo {
    const skill = skillRegistry.get(skillId);
    if (!skill) throw new PlatformError('NOT_FOUND', `skill ${skillId} not found`, { details: { skillId } });
    return {
      id: skill.id,
      title: skill.title,
      description: skill.description,
      inputSchema: inputJsonSchema(skill),
      form: skillForm(skill),
    };
  }

  demoInfo(entry: CatalogueEntry): DemoInfo | null {
    if (!entry.demo) return null;
    const skill = skillRegistry.get(entry.demo.skillId);
    if (!skill) return null;
    return {
      skillId: skill.id,
      title: skill.title,
      description: skill.description,
      exampleInput: entry.demo.exampleInput,
      inputSchema: inputJsonSchema(skill),
      form: skillForm(skill),
      maxInputBytes: this.o.limits.demoMaxInputBytes,
    };
  }

  card(
    entry: CatalogueEntry,
    stats: AgentStatsRecord,
    all: ReadonlyMap<string, AgentStatsRecord>,
  ): AgentCard {
    const now = this.o.clock.now();
    const average =
      stats.ratingCount > 0 ? Math.round((stats.ratingSum / stats.ratingCount) * 10) / 10 : null;
    const weekly = stats.recentDeliverables.filter((t) => t > now - 7 * DAY).length;
    const popularity = stats.trials + stats.hires;
    const badges = [...entry.badges];
    if (average !== null && average >= 4.5 && stats.ratingCount >= 3) badges.push('Top Rated');
    if (isPopular(stats) && this.popularityRank(popularity, all) < 3) badges.push('Popular');
    if (stats.ratingCount === 0) badges.push('New');
    return {
      id: entry.id,
      name: entry.name,
      initials: initials(entry.name),
      industry: entry.industry,
      specialty: entry.specialty,
      tier: entry.tier,
      status: this.status(entry, stats),
      rating: { average, count: stats.ratingCount },
      retentionPercent:
        stats.hires > 0 ? Math.round((100 * (stats.hires - stats.churnedHires)) / stats.hires) : null,
      skills: entry.skills.map((s) => ({ id: s.id, title: s.title })),
      activityLine:
        weekly > 0
          ? `Produced ${weekly} deliverable${weekly === 1 ? '' : 's'} this week`
          : stats.lastWorkAt !== null
            ? `Last worked ${iso(stats.lastWorkAt).slice(0, 10)}`
            : null,
      price: { amount: entry.price.amount, currency: entry.price.currency, period: 'month' },
      badges: [...new Set(badges)],
      responseTime: entry.responseTime,
      popularity,
    };
  }

  private popularityRank(popularity: number, all: ReadonlyMap<string, AgentStatsRecord>): number {
    let higher = 0;
    for (const s of all.values()) if (s.trials + s.hires > popularity) higher += 1;
    return higher;
  }

  private matches(card: AgentCard, q: ParsedQuery): boolean {
    if (q.specialty && !card.specialty.toLowerCase().includes(q.specialty.toLowerCase())) return false;
    if (q.skill) {
      const needle = q.skill.toLowerCase();
      if (!card.skills.some((s) => s.id === needle || s.title.toLowerCase().includes(needle))) return false;
    }
    if (q.status && card.status !== q.status) return false;
    if (
      q.minRating !== undefined &&
      q.minRating > 0 &&
      (card.rating.average === null || card.rating.average < q.minRating)
    )
      return false;
    if (q.minPrice !== undefined && card.price.amount < q.minPrice) return false;
    if (q.maxPrice !== undefined && card.price.amount > q.maxPrice) return false;
    return true;
  }
}
