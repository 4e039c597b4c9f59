// How agents in a multi-agent job work with their peers through the durable protocol (decision 0047):
// the Email agent consults the Brand agent's voice check, Content hands its blog post to Social, and Lead
// Generation hands qualified leads to the SDR. Every interaction is linked to its job (store.jobLinks)
// under a per-step key, so the job's timeline reads it back and a retried step reuses it.
import type { Clock } from '../../clock.js';
import { isPlatformError } from '../../errors.js';
import { runSkill } from '../../skills/registry.js';
import { AgentId } from '../../skills/agent-ids.js';
import type { StoredInteraction } from '../../store/repositories/workforce-protocol.js';
import type { Store } from '../../store/store.js';
import type { QualifiedLead } from '../../marketplace/jobs/job-ports.js';
import type { AgentProtocol } from '../protocol/agent-protocol.js';

export interface JobRef {
  jobId: string;
  tenantId: string;
}

export interface JobPeersDeps {
  store: Store;
  protocol: AgentProtocol;
  clock: Clock;
}

const HOUR = 3_600_000;

export type JobPeers = ReturnType<typeof createJobPeers>;

export function createJobPeers(deps: JobPeersDeps) {
  const { store, protocol, clock } = deps;

  /** The interaction linked to `job` under `key`, started by `start` the first time. */
  async function once(
    job: JobRef,
    key: string,
    start: () => Promise<StoredInteraction<unknown>>,
  ): Promise<StoredInteraction> {
    const linked = await store.jobLinks.get(job.jobId, key);
    if (linked) return protocol.get(linked.ref);
    const started = await start();
    const { link } = await store.jobLinks.add({ ...job, key, kind: 'interaction', ref: started.id });
    return protocol.get(link.ref);
  }

  /** Runs a transition; when another worker made it first (CONFLICT), answers the interaction as it is now. */
  async function step(id: string, fn: () => Promise<StoredInteraction<unknown>>): Promise<StoredInteraction> {
    try {
      await fn();
    } catch (err) {
      if (!isPlatformError(err, 'CONFLICT')) throw err;
    }
    return protocol.get(id);
  }

  return {
    /** The Email agent asks the Brand agent to voice-check its copy; the Brand agent answers with its skill. */
    async reviewEmail(
      job: JobRef,
      draft: { brandName: string; text: string },
    ): Promise<{ passed: boolean; summary: string }> {
      let consult = await once(job, 'consult:email-voice', () =>
        protocol.consult(
          AgentId.email,
          AgentId.brand,
          `Does this e-mail copy speak in ${draft.brandName}'s voice?`,
          { deadlineMs: HOUR, context: { jobId: job.jobId, text: draft.text } },
        ),
      );
      if (consult.status === 'open') {
        // The peers' answers run their skills directly, not through the skill runner (decision 0076):
        // they are protocol replies of an agent type, not a tenant's instance, given no model writer,
        // so they cost nothing to charge; the campaign's own drafts are charged to its run.
        const result = await runSkill(
          'brand.voice-check',
          { text: draft.text, guide: { brandName: draft.brandName } },
          { now: clock.now() },
        );
        const failed = result.checks.filter((c) => !c.passed).map((c) => c.name);
        const answer = { passed: failed.length === 0, summary: result.summary, failed };
        consult = await step(consult.id, () => protocol.answer(consult.id, AgentId.brand, answer));
      }
      const answer = consult.data.answer as { passed?: unknown; summary?: unknown } | undefined;
      if (!answer) return { passed: false, summary: `The Brand agent did not answer (${consult.status})` };
      return { passed: answer.passed === true, summary: String(answer.summary ?? '') };
    },

    /** Content hands its blog post to Social, who accepts and returns a teaser post for it. */
    async handBlogToSocial(
      job: JobRef,
      blog: { topic: string; deliverableId: string; keywords: string[] },
    ): Promise<void> {
      let handoff = await once(job, 'handoff:blog-social', () =>
        protocol.handoff(
          AgentId.content,
          AgentId.social,
          { jobId: job.jobId, deliverableId: blog.deliverableId, topic: blog.topic },
          { requiredArtifacts: ['teaser'], slaMinutes: 60 },
        ),
      );
      if (handoff.status === 'pending')
        handoff = await step(handoff.id, () => protocol.acceptHandoff(handoff.id, AgentId.social));
      if (handoff.status !== 'accepted') return;
      const teaser = await runSkill(
        'social.post-variants',
        {
          message: `New on the blog: ${blog.topic}`.slice(0, 1000),
          hashtags: blog.keywords.slice(0, 10),
          platforms: ['linkedin'],
        },
        { now: clock.now() },
      );
      await step(handoff.id, () =>
        protocol.completeHandoff(handoff.id, AgentId.social, {
          teaser: JSON.parse(JSON.stringify(teaser.output)) as unknown,
        }),
      );
    },

    /**
     * Lead Generation hands its qualified leads to the SDR, who accepts them; `complete` closes the
     * handoff once the SDR's own task exists. Answers the handoff id (once per job and task).
     */
    async handLeadsToSdr(
      job: JobRef,
      fromTaskId: string,
      leads: QualifiedLead[],
    ): Promise<{ handoffId: string; accepted: boolean }> {
      let handoff = await once(job, `handoff:leads:${fromTaskId}`, () =>
        protocol.handoff(
          AgentId.leadGen,
          AgentId.sdr,
          { jobId: job.jobId, fromTaskId, leads },
          { requiredArtifacts: ['taskId'], slaMinutes: 240 },
        ),
      );
      if (handoff.status === 'pending')
        handoff = await step(handoff.id, () => protocol.acceptHandoff(handoff.id, AgentId.sdr));
      return { handoffId: handoff.id, accepted: handoff.status === 'accepted' };
    },

    /** The SDR completes a lead handoff with the task it created for the leads. */
    async completeLeadHandoff(handoffId: string, sdrTaskId: string): Promise<void> {
      const handoff = await protocol.get(handoffId);
      if (handoff.status !== 'accepted' && handoff.status !== 'pending') return;
      await step(handoffId, () => protocol.completeHandoff(handoffId, AgentId.sdr, { taskId: sdrTaskId }));
    },
  };
}
