// Replays the golden histories in this folder. To re-record after an intended change of the history
// format: RECORD_HISTORIES=1 npx vitest run packages/server/src/engine/histories — and review the diff.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PlatformError } from '../../errors.js';
import { BpmnError } from '../bpmn-error.js';
import { parseDefinition } from '../definitions/parse-definition.js';
import { timers, workflow } from '../definitions/builder.js';
import { replay } from '../instance-state.js';
import { referenceWorkflows } from '../../workflows/reference-workflows.js';
import { PENDING, Simulator } from '../simulator.js';
import { finalOf, rerun, type GoldenHistory } from './golden-history.js';

const HOUR = 3_600_000;
const folder = new URL('./', import.meta.url);

async function reference(id: string) {
  const w = referenceWorkflows.find((x) => x.id === id)!;
  return (await parseDefinition({ format: w.format, source: readFileSync(w.url, 'utf8') })).model;
}

/** Scenarios recorded into golden files: each drives a simulator and returns it. */
const scenarios: Record<string, { description: string; run: () => Promise<Simulator> }> = {
  'trial-nurture': {
    description: '7-day trial, engagement over 7 days, three reminders, grace expires, nurture',
    async run() {
      const sim = new Simulator({
        handlers: {
          'trial.provision': () => ({ trial_id: 'T-1', trial_ends_at: '2026-01-08T00:00:00.000Z' }),
          'trial.daily_engagement': (i) => ({ day_number: i.day_number as number, engagement_score: (i.day_number as number) * 1.5 }),
          'trial.send_reminder': () => undefined,
          'trial.check_conversion': () => ({ converted: false, payment_status: 'none' }),
          'trial.nurture': () => undefined,
        },
      });
      sim.deploy(await reference('trial'));
      sim.start('trial', { customer_id: 'c-1', agent_type: 'seo' }, { businessKey: 'c-1', instanceId: 'trial-1' });
      sim.advance(9 * 24 * HOUR);
      return sim;
    },
  },
  'pr-review-high-risk': {
    description: 'PR review, high risk: domain check and architect review in parallel, SLA escalation, approval, deploy',
    async run() {
      const sim = new Simulator({
        handlers: {
          'wowvision.validate_pr': () => ({ vision_approved: true, violations: [], risk_level: 'high' }),
          'wowdomain.validate_domain_knowledge': () => ({ domain_valid: true }),
          'wowdeploy.deploy_pr': () => ({ deployment_url: 'https://deploy/42', deployment_status: 'ok' }),
        },
      });
      sim.deploy(await reference('pr-review'));
      sim.start('pr-review', { pr_number: 42, author: 'dev', files_changed: ['src/a.ts'], phase: 'build' }, { instanceId: 'pr-42' });
      sim.advance(3 * HOUR);
      sim.completeTask(sim.openTasks()[0]!.taskId, { approved: true, comment: 'ok' }, 'architect');
      return sim;
    },
  },
  'campaign-rejected': {
    description: 'Campaign: drafts in parallel, rejected at approval, compensated in reverse order',
    async run() {
      const sim = new Simulator({
        handlers: {
          'content.create_blog': () => ({ blog_url: '/b', word_count: 800 }),
          'social.create_posts': () => ({ post_ids: ['p'] }),
          'email.create_campaign': () => ({ campaign_id: 'c' }),
          'content.unpublish_blog': () => undefined,
          'social.delete_posts': () => undefined,
          'email.cancel_campaign': () => undefined,
        },
      });
      sim.deploy(await reference('campaign'));
      sim.start('campaign', { topic: 'launch' }, { instanceId: 'campaign-1' });
      sim.completeTask(sim.openTasks()[0]!.taskId, { approved: false }, 'manager');
      return sim;
    },
  },
  'retry-incident-retry': {
    description: 'A task fails twice with retry timers, raises an incident, is retried by an operator and completes',
    async run() {
      let up = false;
      const sim = new Simulator({
        handlers: {
          pay: () => {
            if (!up) throw new PlatformError('UNAVAILABLE', 'down');
            return { paid: true };
          },
        },
      });
      sim.deploy(workflow('pay').start().service('pay', 'pay', { retry: { maxAttempts: 2, initialDelay: 'PT5S' } }).end().build());
      sim.start('pay', {}, { instanceId: 'pay-1' });
      sim.advance(5000);
      up = true;
      sim.send('pay-1', { kind: 'retryIncident', actor: 'operator' });
      return sim;
    },
  },
  'race-subprocess-call': {
    description: 'Event-based gateway won by a message, a sub-process error caught on its boundary, and a call activity',
    async run() {
      const sim = new Simulator({
        handlers: { fail: () => PENDING, check: () => { throw new BpmnError('NOPE'); }, inner: (i) => ({ y: (i.x as number) + 1 }) },
      });
      sim.deploy(workflow('callee').start().service('inner', 'inner').end().build());
      sim.deploy(
        workflow('combo')
          .start()
          .eventGateway('race')
          .messageCatch('go', 'go.now')
          .subProcess('sub', (s) => s.start('s0').service('check', 'check').end('s1'))
          .callActivity('call', 'callee', { input: { x: 'n' } })
          .end('done')
          .from('race')
          .timerCatch('late', timers.duration('PT1H'))
          .end('timeout')
          .boundary('caught', 'sub', { error: { code: 'NOPE', codeVariable: 'code' } })
          .to('call')
          .build(),
      );
      sim.start('combo', { n: 1 }, { businessKey: 'k', instanceId: 'combo-1' });
      sim.correlate('go.now', 'k', { via: 'message' });
      return sim;
    },
  },
};

const recording = process.env.RECORD_HISTORIES === '1';

describe('golden histories', () => {
  if (recording) {
    it('records the scenarios', async () => {
      for (const [name, s] of Object.entries(scenarios)) {
        const sim = await s.run();
        const histories = Object.fromEntries([...sim.instances].map(([id, i]) => [id, i.history]));
        const golden: GoldenHistory = {
          name,
          description: s.description,
          definitions: sim.deployed(),
          steps: sim.steps,
          histories,
          final: Object.fromEntries(Object.entries(histories).map(([id, h]) => [id, finalOf(id, h)])),
        };
        writeFileSync(new URL(`${name}.json`, folder), `${JSON.stringify(golden, null, 1)}\n`);
      }
    });
    return;
  }

  const files = readdirSync(folder).filter((f) => f.endsWith('.json'));

  it('has a golden file for every scenario', () => {
    expect(files.map((f) => f.replace(/\.json$/, '')).sort()).toEqual(Object.keys(scenarios).sort());
  });

  for (const file of files) {
    const golden = JSON.parse(readFileSync(new URL(file, folder), 'utf8')) as GoldenHistory;

    it(`${golden.name}: replaying the history rebuilds the recorded state`, () => {
      for (const [id, history] of Object.entries(golden.histories)) {
        expect(finalOf(id, history)).toEqual(golden.final[id]);
        expect(replay(id, history).seq).toBe(history.length);
      }
    });

    it(`${golden.name}: re-running the recorded inputs decides exactly the recorded events`, () => {
      expect(rerun(golden)).toEqual(golden.histories);
    });
  }
});
