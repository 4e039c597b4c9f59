// The `campaign` workflow for a customer's marketing agent (a trial or a hire): the blog draft, the
// social posts and the e-mail sequence are made in parallel by the marketing skills and land in the
// customer's dashboard as deliverables; a manager approves the launch. A rejection (or a failed
// launch) withdraws the three deliverables again, in reverse order of creation (compensation).
import type { SkillRunner } from '../../runtime/skill-runner.js';
import type { Clock } from '../../clock.js';
import type { Engine } from '../../engine/engine.js';
import type { TaskContext } from '../../engine/engine-types.js';
import { PlatformError, type JsonValue } from '../../errors.js';
import type { Ids } from '../../ids.js';
import type { MarketplaceServices } from '../../marketplace/services.js';
import { iso } from '../../marketplace/time.js';
import type { Logger } from '../../components/observability/logger.js';
import type { Store } from '../../store/store.js';
import { EffectLedger } from '../effect-ledger.js';

export const CAMPAIGN_DEFINITION = 'campaign';
/** One record per launched campaign. */
export const CAMPAIGN_LAUNCHES = 'campaign_launches';

export interface CampaignLaunch {
  topic: string;
  tenantId: string;
  agentId: string;
  deliverableIds: string[];
  launchedAt: number;
}

export interface CampaignWorkflowDeps {
  engine: Engine;
  marketplace: Pick<MarketplaceServices, 'deliverables' | 'activity'>;
  store: Store;
  clock: Clock;
  ids: Ids;
  logger: Logger;
  /** Runs the drafting skills through the runtime, charged to the trial or hire and to the run (decision 0076). */
  skills: Pick<SkillRunner, 'run'>;
  /** How the campaign's agents work with their peers when the campaign runs as a job (`job_id` set). */
  peers?: CampaignPeers | undefined;
}

/** Whose job a campaign step works for: the job id and its tenant. */
export interface CampaignJobRef {
  jobId: string;
  tenantId: string;
}

/**
 * The protocol seam of a campaign run as a multi-agent job (decision 0047): the Email agent consults
 * the Brand agent's voice check before its sequence is delivered, and the Content agent hands its blog
 * post to the Social agent. Each call is idempotent per job, so a retried step asks once.
 */
export interface CampaignPeers {
  reviewEmail(
    job: CampaignJobRef,
    draft: { brandName: string; text: string },
  ): Promise<{ passed: boolean; summary: string }>;
  handBlogToSocial(
    job: CampaignJobRef,
    blog: { topic: string; deliverableId: string; keywords: string[] },
  ): Promise<void>;
}

/** Whose campaign it is: the trial or hire whose dashboard gets the drafts. */
interface Target {
  tenantId: string;
  agentId: string;
  instanceName: string;
  trialId: string | null;
  hireId: string | null;
  companyName: string;
  industry: string;
}

const text = (v: JsonValue | undefined): string => (typeof v === 'string' ? v.trim() : '');
const clip = (s: string, n: number): string => (s.length > n ? s.slice(0, n).trim() : s);

/** The job a step works for, when the campaign runs as one and peers are wired. */
function jobOf(ctx: TaskContext, target: Target): CampaignJobRef | undefined {
  const jobId = text(ctx.variables.job_id);
  return jobId ? { jobId, tenantId: target.tenantId } : undefined;
}

/** Registers the campaign handlers (drafts, compensations, launch). */
export function registerCampaignWorkflow(deps: CampaignWorkflowDeps): void {
  const { engine, marketplace, store, clock, ids } = deps;
  const ledger = new EffectLedger({ store, clock, ids });

  async function targetOf(ctx: TaskContext): Promise<Target> {
    const trialId = text(ctx.variables.trial_id);
    const hireId = text(ctx.variables.hire_id);
    if (hireId) {
      const hire = await store.hires.get(hireId);
      if (!hire?.tenantId)
        throw new PlatformError('NOT_FOUND', `hire ${hireId} not found`, {
          retryable: false,
          details: { field: 'hire_id' },
        });
      const trial = await store.trials.get(hire.data.trialId);
      return {
        tenantId: hire.tenantId,
        agentId: hire.data.agentId,
        instanceName: hire.data.instanceName,
        trialId: null,
        hireId,
        companyName: trial?.data.setup.business.companyName ?? hire.data.instanceName,
        industry: trial?.data.setup.business.industry ?? '',
      };
    }
    if (trialId) {
      const trial = await store.trials.get(trialId);
      if (!trial?.tenantId)
        throw new PlatformError('NOT_FOUND', `trial ${trialId} not found`, {
          retryable: false,
          details: { field: 'trial_id' },
        });
      return {
        tenantId: trial.tenantId,
        agentId: trial.data.agentId,
        instanceName: trial.data.setup.instanceName,
        trialId,
        hireId: null,
        companyName: trial.data.setup.business.companyName,
        industry: trial.data.setup.business.industry ?? '',
      };
    }
    throw new PlatformError(
      'VALIDATION',
      'A campaign needs trial_id or hire_id: the customer whose dashboard gets the drafts',
      { retryable: false, details: { field: 'trial_id' } },
    );
  }

  function topicOf(ctx: TaskContext): { topic: string; keywords: string[]; audience: string } {
    const topic = text(ctx.input.topic);
    if (topic.length < 3)
      throw new PlatformError('VALIDATION', 'topic must have at least 3 characters', {
        retryable: false,
        details: { field: 'topic' },
      });
    const raw = ctx.input.keywords ?? [];
    if (!Array.isArray(raw))
      throw new PlatformError('VALIDATION', 'keywords must be a list of words or phrases', {
        retryable: false,
        details: { field: 'keywords' },
      });
    const keywords = raw
      .map((k) => text(k as JsonValue))
      .filter((k) => k.length >= 2)
      .map((k) => clip(k, 40));
    return { topic: clip(topic, 150), keywords, audience: clip(text(ctx.input.audience) || 'general', 120) };
  }

  /**
   * Runs a skill and records its result as a deliverable of the target, once per step: a re-run finds
   * the deliverable it made (same skill and title, made since the step started) instead of a second one.
   */
  async function draft(
    ctx: TaskContext,
    target: Target,
    skillId: string,
    title: string,
    input: unknown,
  ): Promise<{ id: string; output: JsonValue }> {
    const { result } = await deps.skills.run({
      skillId,
      input,
      payer: {
        agentId: target.hireId ?? target.trialId ?? target.agentId,
        agentType: target.agentId,
        tenantId: target.tenantId,
      },
      run: { instanceId: ctx.instanceId, definitionId: ctx.definitionId },
    });
    const id = await ledger.once<string>(ctx.idempotencyKey, {
      run: async () =>
        (
          await marketplace.deliverables.record({
            tenantId: target.tenantId,
            trialId: target.trialId,
            hireId: target.hireId,
            agentId: target.agentId,
            instanceName: target.instanceName,
            // The campaign's own approval step stands for the customer's review.
            approvalMode: 'auto_publish',
            notify: null,
            skillId,
            title,
            result,
          })
        ).id,
      find: async (startedAt) => {
        const page = await store.deliverables.list({
          tenantId: target.tenantId,
          order: 'desc',
          limit: 20,
          where: { skillId, title },
        });
        return page.items.find((d) => d.createdAt >= startedAt)?.id;
      },
    });
    return { id, output: JSON.parse(JSON.stringify(result.output ?? null)) as JsonValue };
  }

  engine.registerHandler('content.create_blog', async (ctx) => {
    const { topic, keywords, audience } = topicOf(ctx);
    const target = await targetOf(ctx);
    const { id, output } = await draft(ctx, target, 'content.article-draft', `Blog post: ${topic}`, {
      topic,
      primaryKeyword: clip(keywords[0] ?? topic, 80),
      secondaryKeywords: keywords.slice(1, 11),
      audience,
      format: 'blog',
      industry: target.industry === 'healthcare' ? 'healthcare' : 'general',
      brand: clip(target.companyName, 60),
    });
    const job = jobOf(ctx, target);
    if (job && deps.peers) await deps.peers.handBlogToSocial(job, { topic, deliverableId: id, keywords });
    const brief = output && typeof output === 'object' && !Array.isArray(output) ? output.brief : undefined;
    const words =
      brief && typeof brief === 'object' && !Array.isArray(brief) && typeof brief.wordCount === 'number'
        ? brief.wordCount
        : 1200;
    return { blog_url: `/deliverables/${id}`, word_count: words, deliverable_id: id };
  });

  engine.registerHandler('social.create_posts', async (ctx) => {
    const { topic, keywords, audience } = topicOf(ctx);
    const target = await targetOf(ctx);
    const { id, output } = await draft(ctx, target, 'social.post-variants', `Social posts: ${topic}`, {
      message: clip(
        `${target.companyName}: ${topic}${audience === 'general' ? '' : ` — for ${audience}`}`,
        1000,
      ),
      hashtags: keywords.slice(0, 10),
      platforms: ['linkedin', 'x', 'instagram'],
    });
    const variants =
      output && typeof output === 'object' && !Array.isArray(output) && Array.isArray(output.variants)
        ? output.variants
        : [];
    const postIds = variants.map((v) =>
      v && typeof v === 'object' && !Array.isArray(v) ? `${id}#${String(v.platform)}` : id,
    );
    return { post_ids: postIds, deliverable_id: id };
  });

  engine.registerHandler('email.create_campaign', async (ctx) => {
    const { topic } = topicOf(ctx);
    const target = await targetOf(ctx);
    const subject = clip(topic, 150);
    const steps = [
      { name: 'Announcement', delayDays: 1, subject },
      { name: 'Reminder', delayDays: 3, subject: `Reminder: ${subject}` },
      { name: 'Last call', delayDays: 4, subject: `Last chance: ${subject}` },
    ];
    // Before delivering, the Email agent asks the Brand agent whether the sequence speaks in the brand's voice.
    const job = jobOf(ctx, target);
    const voice =
      job && deps.peers
        ? await deps.peers.reviewEmail(job, {
            brandName: clip(target.companyName, 60),
            text: steps.map((s) => `${s.subject}.`).join(' '),
          })
        : undefined;
    const { id } = await draft(ctx, target, 'email.sequence', `E-mail sequence: ${topic}`, {
      startDate: iso(clock.now()).slice(0, 10),
      steps,
    });
    return {
      campaign_id: id,
      deliverable_id: id,
      ...(voice ? { voice_check: { passed: voice.passed, summary: voice.summary } } : {}),
    };
  });

  /** Compensation: the deliverable stays (deliverables are never deleted) but is marked rejected, with why. */
  const withdraw = (what: string) => async (ctx: TaskContext) => {
    const output = ctx.input.output;
    const id =
      output && typeof output === 'object' && !Array.isArray(output) ? text(output.deliverable_id) : '';
    if (!id)
      throw new PlatformError('VALIDATION', `${what}: the original step's deliverable_id is missing`, {
        retryable: false,
        details: { field: 'output.deliverable_id' },
      });
    const decision = ctx.variables.approve_decision;
    const comment =
      decision && typeof decision === 'object' && !Array.isArray(decision) ? text(decision.comment) : '';
    const reason = `Campaign "${text(ctx.variables.topic)}" was not launched${comment ? `: ${comment}` : ''}`;
    await store.deliverables.modify(id, (d) =>
      d.status === 'rejected' ? d : { ...d, status: 'rejected', reviewComment: reason },
    );
    return { withdrawn: id };
  };
  engine.registerHandler('content.unpublish_blog', withdraw('unpublish blog'));
  engine.registerHandler('social.delete_posts', withdraw('delete posts'));
  engine.registerHandler('email.cancel_campaign', withdraw('cancel e-mail campaign'));

  engine.registerHandler('campaign.launch', async (ctx) => {
    const target = await targetOf(ctx);
    const topic = text(ctx.variables.topic);
    const deliverableIds = [
      text(ctx.input.blog_url).replace(/^\/deliverables\//, ''),
      text(ctx.input.campaign_id),
      ...(Array.isArray(ctx.input.post_ids) ? [text(ctx.input.post_ids[0]).split('#')[0] ?? ''] : []),
    ].filter(Boolean);
    const launch = await ledger.inTransaction<JsonValue>(ctx.idempotencyKey, async (tx) => {
      const data: CampaignLaunch = {
        topic,
        tenantId: target.tenantId,
        agentId: target.agentId,
        deliverableIds,
        launchedAt: clock.now(),
      };
      await tx.documents.insert<CampaignLaunch>({
        collection: CAMPAIGN_LAUNCHES,
        id: ids.next('cmp'),
        tenantId: target.tenantId,
        data,
      });
      return { launched_at: iso(data.launchedAt) };
    });
    // The feed entry tells of a launch already recorded: once per step, and an outage there is only logged.
    await ledger
      .once<boolean>(`${ctx.idempotencyKey}:feed`, {
        run: async () => {
          await marketplace.activity.record(target.tenantId, {
            agentId: target.agentId,
            kind: 'approval',
            publicAction: 'launched an approved campaign',
            privateAction: `launched the campaign "${topic}"`,
          });
          return true;
        },
      })
      .catch((err: unknown) => deps.logger.warn({ err }, 'campaign launch not in the activity feed'));
    return launch;
  });
}
