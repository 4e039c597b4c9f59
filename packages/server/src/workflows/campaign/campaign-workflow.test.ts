import { afterEach, describe, expect, it } from 'vitest';
import type { Trial } from '../../contracts/contracts.js';
import { BpmnError } from '../../engine/bpmn-error.js';
import type { Engine } from '../../engine/engine.js';
import type { HistoryEvent } from '../../engine/history-events.js';
import { createIds } from '../../ids.js';
import { setup } from '../../api/testing/marketplace-harness.js';
import { silentLogger } from '../../components/observability/logger.js';
import { CAMPAIGN_LAUNCHES, registerCampaignWorkflow, type CampaignLaunch } from './campaign-workflow.js';
import { readReferenceWorkflows } from '../../assets/reference-workflow-files.js';
import { deployReferenceWorkflows } from '../deploy-reference-workflows.js';
import { workflowTestKit, type WorkflowTestKit } from '../testing/workflow-test-kit.js';
import { testSkillRunner } from '../../runtime/testing/test-skill-runner.js';

const UNDO: Record<string, string> = {
  blog: 'content.unpublish_blog',
  social: 'social.delete_posts',
  email: 'email.cancel_campaign',
};

describe('campaign workflow', () => {
  let kit: WorkflowTestKit;
  let engine: Engine;
  afterEach(async () => {
    await kit?.close();
  });

  async function open(): Promise<Trial> {
    kit = await workflowTestKit();
    engine = kit.engine();
    await deployReferenceWorkflows(engine, await readReferenceWorkflows(['campaign']));
    const h = kit.harness;
    registerCampaignWorkflow({
      engine,
      marketplace: h.marketplace.services,
      store: h.store,
      clock: h.clock,
      ids: createIds(() => h.clock.now()),
      logger: silentLogger,
      skills: testSkillRunner({ store: h.store, clock: h.clock, ids: createIds(() => h.clock.now()) }),
    });
    await engine.open();
    const session = await h.customer('mia@clinic.test');
    const res = await h.call('POST', '/api/v1/trials', {
      token: session.accessToken,
      body: { agentId: 'content-marketing', setup: { ...setup, approvalMode: 'auto_publish' } },
    });
    return res.json() as Trial;
  }

  async function campaignDeliverables(trialId: string) {
    const page = await kit.harness.store.deliverables.list({
      limit: 50,
      where: { trialId },
    });
    return page.items
      .filter((d) => d.data.skillId !== 'content.brief-outline')
      .map((d) => ({
        id: d.id,
        skill: d.data.skillId,
        title: d.data.title,
        status: d.data.status,
        comment: d.data.reviewComment,
      }));
  }

  async function start(trial: Trial, topic: string): Promise<string> {
    const { instanceId } = await engine.startInstance('campaign', {
      variables: {
        topic,
        keywords: ['diabetes diet', 'low sugar'],
        audience: 'patients',
        trial_id: trial.id,
      },
    });
    await kit.settle();
    return instanceId;
  }

  it('drafts blog, posts and e-mail with the marketing skills into the customer dashboard, then launches on approval', async () => {
    const trial = await open();
    const instanceId = await start(trial, 'Eating well with diabetes');
    const [task] = await engine.listUserTasks({ instanceId, status: 'open' });
    expect(task).toMatchObject({
      title: 'Approve Campaign Launch: Eating well with diabetes',
      role: 'marketing-manager',
    });
    const drafts = await campaignDeliverables(trial.id);
    expect(drafts.map((d) => [d.skill, d.title, d.status]).sort()).toEqual([
      ['content.article-draft', 'Blog post: Eating well with diabetes', 'published'],
      ['email.sequence', 'E-mail sequence: Eating well with diabetes', 'published'],
      ['social.post-variants', 'Social posts: Eating well with diabetes', 'published'],
    ]);
    const view = await engine.getInstance(instanceId);
    const social = drafts.find((d) => d.skill === 'social.post-variants')!;
    expect(view.variables).toMatchObject({
      blog_url: `/deliverables/${drafts.find((d) => d.skill === 'content.article-draft')!.id}`,
      word_count: 1200,
      post_ids: [`${social.id}#linkedin`, `${social.id}#x`, `${social.id}#instagram`],
      campaign_id: drafts.find((d) => d.skill === 'email.sequence')!.id,
    });

    await engine.completeUserTask(task!.taskId, { approved: true, comment: 'go' }, 'manager-1');
    await kit.settle();
    const done = await engine.getInstance(instanceId);
    expect(done.status).toBe('completed');
    expect(done.variables.launched_at).toBe(new Date(kit.harness.clock.now()).toISOString());
    const [launch] = (await kit.harness.store.documents.list<CampaignLaunch>(CAMPAIGN_LAUNCHES)).items;
    expect(launch!.data).toMatchObject({
      topic: 'Eating well with diabetes',
      tenantId: launch!.tenantId,
      agentId: 'content-marketing',
    });
    expect(launch!.data.deliverableIds.sort()).toEqual(drafts.map((d) => d.id).sort());
    const feed = await kit.harness.store.activity.list({
      where: { kind: 'approval' },
    });
    expect(feed.items.map((d) => d.data.privateAction)).toEqual([
      'launched the campaign "Eating well with diabetes"',
    ]);
  });

  it('a rejection withdraws the drafts in reverse order of their creation', async () => {
    const trial = await open();
    const instanceId = await start(trial, 'Sugar-free festive sweets');
    const [task] = await engine.listUserTasks({ instanceId, status: 'open' });
    await engine.completeUserTask(task!.taskId, { approved: false, comment: 'off brand' }, 'manager-1');
    await kit.settle();
    expect((await engine.getInstance(instanceId)).status).toBe('compensated');

    const history = await engine.history(instanceId);
    const scheduled = new Map(
      history.flatMap((e: HistoryEvent) =>
        e.type === 'activity.scheduled' ? [[e.activityId, e] as const] : [],
      ),
    );
    const completed = history.flatMap((e: HistoryEvent) =>
      e.type === 'activity.completed' ? [scheduled.get(e.activityId)!] : [],
    );
    const drafted = completed.filter((a) => !a.compensationOf && UNDO[a.elementId]).map((a) => a.elementId);
    const undone = completed.filter((a) => a.compensationOf).map((a) => a.taskType);
    expect(drafted).toHaveLength(3);
    expect(undone).toEqual([...drafted].reverse().map((el) => UNDO[el]));

    const drafts = await campaignDeliverables(trial.id);
    expect(drafts.map((d) => [d.status, d.comment])).toEqual(
      Array.from({ length: 3 }, () => [
        'rejected',
        'Campaign "Sugar-free festive sweets" was not launched: off brand',
      ]),
    );
    expect((await kit.harness.store.documents.list(CAMPAIGN_LAUNCHES)).items).toEqual([]);
  });

  it('a failed launch also withdraws the drafts', async () => {
    const trial = await open();
    engine.registerHandler('campaign.launch', () => {
      throw new BpmnError('LAUNCH_REFUSED', 'the ad platform refused the campaign');
    });
    const instanceId = await start(trial, 'Walking after meals');
    const [task] = await engine.listUserTasks({ instanceId, status: 'open' });
    await engine.completeUserTask(task!.taskId, { approved: true }, 'manager-1');
    await kit.settle();
    expect((await engine.getInstance(instanceId)).status).toBe('compensated');
    expect((await campaignDeliverables(trial.id)).map((d) => d.status)).toEqual([
      'rejected',
      'rejected',
      'rejected',
    ]);
  });

  it('a campaign without a customer is compensated with a reason naming the field', async () => {
    await open();
    const { instanceId } = await engine.startInstance('campaign', { variables: { topic: 'Nobody asked' } });
    await kit.settle();
    expect((await engine.getInstance(instanceId)).status).toBe('compensated');
    const started = (await engine.history(instanceId)).find((e) => e.type === 'compensation.started');
    expect(started).toMatchObject({ reason: { code: 'VALIDATION', details: { field: 'trial_id' } } });
  });
});
