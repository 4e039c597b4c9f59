// The live demo: runs an agent's offline demo skill on a visitor's input without an account. Bounded
// by input size, a per-IP daily count and a platform-wide daily count (on top of the per-minute HTTP
// rate limit); it never calls a model, so a demo costs nothing but CPU.
import type { DemoResult } from '../../contracts/contracts.js';
import { parseSkillInput, runSkill } from '../../skills/registry.js';
import type { Clock } from '../../clock.js';
import { PlatformError } from '../../errors.js';
import type { Store } from '../../store/store.js';
import { hashSecret } from '../accounts/secret-token.js';
import type { AgentStats } from '../catalogue/agent-stats.js';
import type { CatalogueService } from '../catalogue/catalogue-service.js';
import type { MarketplaceLimits } from '../deps.js';
import { Collections, type DemoUsageRecord } from '../records.js';
import { nextUtcMidnight, utcDay } from '../time.js';

export interface DemoServiceOptions {
  store: Store;
  clock: Clock;
  catalogue: CatalogueService;
  stats: AgentStats;
  limits: Pick<MarketplaceLimits, 'demoMaxInputBytes' | 'demoPerIpPerDay' | 'demoGlobalPerDay'>;
}

export class DemoService {
  constructor(private readonly o: DemoServiceOptions) {}

  async run(agentId: string, input: unknown, ip: string): Promise<DemoResult> {
    const entry = this.o.catalogue.entry(agentId);
    if (!entry.demo)
      throw new PlatformError('PRECONDITION_FAILED', `${entry.name} has no live demo`, {
        details: { reason: 'no-demo', agentId },
      });
    if (this.o.catalogue.status(entry, await this.o.stats.get(agentId)) === 'offline') {
      throw new PlatformError('PRECONDITION_FAILED', `${entry.name} is offline`, {
        details: { reason: 'agent-unavailable', agentId },
      });
    }
    const bytes = Buffer.byteLength(JSON.stringify(input ?? null), 'utf8');
    if (bytes > this.o.limits.demoMaxInputBytes) {
      throw new PlatformError(
        'PAYLOAD_TOO_LARGE',
        `Demo input is ${bytes} bytes; the limit is ${this.o.limits.demoMaxInputBytes}`,
        {
          details: { field: 'input', bytes, limit: this.o.limits.demoMaxInputBytes },
        },
      );
    }
    const skillId = entry.demo.skillId;
    // Validation first: a malformed input should not use up the visitor's runs.
    parseSkillInput(skillId, input);
    const now = this.o.clock.now();
    const remainingToday = await this.spend(hashSecret(ip), now);
    const started = performance.now();
    // Direct, not through the skill runner (decision 0076): an anonymous teaser has no tenant or agent
    // instance to charge and is never given a model writer, so it costs nothing; its limit is the
    // per-IP run count above.
    const result = await runSkill(skillId, input, { now });
    return {
      agentId: entry.id,
      skillId,
      summary: result.summary,
      markdown: result.markdown,
      output: result.output,
      checks: result.checks,
      method: result.method,
      confidence: result.confidence,
      durationMs: Math.round((performance.now() - started) * 100) / 100,
      remainingToday,
    };
  }

  /** Counts one run against the IP's and the platform's daily allowance; returns the IP's remainder. */
  private async spend(ipHash: string, now: number): Promise<number> {
    const day = utcDay(now);
    const retryAfterSeconds = Math.ceil((nextUtcMidnight(now) - now) / 1000);
    const globalId = `all:${day}`;
    const ipId = `ip:${ipHash}:${day}`;
    const perIp = this.o.limits.demoPerIpPerDay;
    const global = this.o.limits.demoGlobalPerDay;
    return this.o.store.transaction(async (tx) => {
      for (const id of [globalId, ipId])
        await tx.documents.insert<DemoUsageRecord>({
          collection: Collections.demoUsage,
          id,
          key: id,
          data: { count: 0 },
        });
      const ipDoc = await tx.documents.modify<DemoUsageRecord>(Collections.demoUsage, ipId, (u) => {
        if (u.count >= perIp) {
          throw new PlatformError(
            'RATE_LIMITED',
            `Demo limit reached: ${perIp} runs per day from one network; try again tomorrow or start a free trial`,
            {
              details: { reason: 'demo-daily-limit', limit: perIp, retryAfterSeconds },
            },
          );
        }
        return { count: u.count + 1 };
      });
      await tx.documents.modify<DemoUsageRecord>(Collections.demoUsage, globalId, (u) => {
        if (u.count >= global) {
          throw new PlatformError(
            'BUDGET_EXHAUSTED',
            'Live demos have used today’s budget; try again tomorrow',
            { details: { reason: 'demo-daily-budget', retryAfterSeconds } },
          );
        }
        return { count: u.count + 1 };
      });
      return perIp - ipDoc.data.count;
    });
  }
}
