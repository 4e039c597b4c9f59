// Routes a "describe what you need" request (a `request` job) to the tenant's agent, deterministically and
// without a model: the skill whose title and description share the most words with the request (ties by
// skill id), then among the tenant's active instances whose agent offers it the coordinator's ranking —
// free capacity, then reputation, then id — and the coordinator records the routed work (its capacity).
import { PlatformError } from '../../errors.js';
import { getSkill } from '../../skills/registry.js';
import { COORDINATED_DOMAINS } from '../coordinators/coordinated-agent.js';
import type { Coordinators } from '../coordinators/coordinators.js';
import type { DomainCoordinator } from '../coordinators/domain-coordinator.js';
import { rankInstances } from '../coordinators/routing-rules.js';
import type { RequestRouter, RoutedStep } from '../../marketplace/jobs/job-ports.js';

const STOP = new Set(
  'the and for with that this from your our you are can into about what need needs want please some more than then them they their have has any all its'.split(
    ' ',
  ),
);

/** Lower-case word stems (≥ 3 letters, a trailing s dropped) of `text`, without stop words. */
export function words(text: string): Set<string> {
  return new Set(
    (text.toLowerCase().match(/[a-z][a-z0-9-]{2,}/g) ?? [])
      .flatMap((w) => w.split('-'))
      .filter((w) => w.length >= 3 && !STOP.has(w))
      .map((w) => (w.length > 4 && w.endsWith('s') ? w.slice(0, -1) : w)),
  );
}

/** How well `skillId` matches the request's words: shared words of its id, title and description. */
function matchScore(request: Set<string>, skillId: string): number {
  const skill = getSkill(skillId);
  const own = words(`${skillId.replace(/[.]/g, ' ')} ${skill.title} ${skill.description}`);
  const title = words(`${skillId.replace(/[.]/g, ' ')} ${skill.title}`);
  let score = 0;
  for (const w of request) if (own.has(w)) score += title.has(w) ? 2 : 1;
  return score;
}

/** The best skill of `coordinator` for the request: highest score, then smallest id. */
function bestSkill(coordinator: DomainCoordinator, request: Set<string>): { skill: string; score: number } {
  let best = { skill: '', score: 0 };
  for (const skill of coordinator.skills()) {
    const score = matchScore(request, skill);
    if (score > best.score) best = { skill, score };
  }
  return best;
}

export function createRequestRouter(coordinators: Coordinators): RequestRouter {
  return {
    async route(request): Promise<RoutedStep[]> {
      const asked = words(request.description);
      const domains = request.domain ? [request.domain] : [...COORDINATED_DOMAINS];
      let choice: { coordinator: DomainCoordinator; skill: string; score: number } | undefined;
      for (const domain of domains) {
        const coordinator = coordinators.get(domain);
        const best = bestSkill(coordinator, asked);
        if (best.score > (choice?.score ?? 0)) choice = { coordinator, ...best };
      }
      if (!choice)
        throw new PlatformError(
          'VALIDATION',
          'No agent skill matches this request: say what you need in more words',
          {
            details: { field: 'description', domain: request.domain ?? null },
          },
        );
      const { coordinator, skill } = choice;
      const offering = coordinator.agents.filter((a) => coordinator.offers(skill, a.id)).map((a) => a.id);
      const candidates = request.instances.filter(
        (i) => i.status === 'active' && offering.includes(i.agentId),
      );
      if (candidates.length === 0)
        throw new PlatformError(
          'PRECONDITION_FAILED',
          `This needs ${skill}: start a trial or hire of ${offering.join(' or ')} first`,
          { details: { skill, agents: offering, domain: coordinator.domain } },
        );
      // The coordinator's own ranking (free slots, reputation, id) over the tenant's agents.
      const snapshot = await coordinator.snapshot();
      const load = new Map(snapshot.capacity.map((c) => [c.instanceId, c.inFlight]));
      const agentIds = [...new Set(candidates.map((c) => c.agentId))];
      const scores = await coordinator.reputation.scores(agentIds);
      const trust = new Map([...scores].map(([id, s]) => [id, s.score]));
      const roster = coordinator.roster.filter((r) => agentIds.includes(r.agentId));
      const ranked = rankInstances({ skill, agentId: null }, roster, load, trust);
      const agentId = ranked[0]?.agentId ?? [...agentIds].sort()[0]!;
      const instance = candidates
        .filter((c) => c.agentId === agentId)
        .sort((a, b) => (a.id < b.id ? -1 : 1))[0]!;
      const routeKey = `${request.jobId}:${skill}`;
      const result = await coordinator.route({
        skill,
        taskId: routeKey,
        tenantId: request.tenantId,
        agentId,
        source: `job:${request.jobId}`,
      });
      const free = snapshot.capacity.find((c) => c.agentId === agentId)?.free ?? 0;
      const reason = [
        `best skill match (${choice.score}) for the request`,
        `${free} free slot(s)`,
        `reputation ${(trust.get(agentId) ?? 0).toFixed(2)}`,
        result.status === 'queued' ? 'queued until a slot frees' : 'assigned',
      ].join('; ');
      return [{ skill, agentId, instanceId: instance.id, reason, routeKey, domain: coordinator.domain }];
    },

    async finished(step, success) {
      await coordinators.get(step.domain).complete(step.routeKey, { success });
    },

    async release(step) {
      await coordinators.get(step.domain).cancel(step.routeKey);
    },
  };
}
