// The `daily-report` workflow (cron 0 9 * * *): generate publishes the agent runtime's daily report of
// every working agent for the previous UTC day (and WowVision Prime's daily report issue), send mails
// the digest to the platform's operators and admins through the mail port (the outbox by default).
import type { AgentRuntime } from '../../runtime/agent-runtime.js';
import type { RepoHost } from '../../agents/wowvision/repo-host.js';
import { WOWVISION_NAME, type WowVisionPrime } from '../../agents/wowvision/wowvision-prime.js';
import type { Clock } from '../../clock.js';
import type { Engine } from '../../engine/engine.js';
import type { TaskContext } from '../../engine/engine-types.js';
import { PlatformError, type JsonValue } from '../../errors.js';
import type { Ids } from '../../ids.js';
import type { MarketplaceServices } from '../../marketplace/services.js';
import { DAY, utcDay } from '../../marketplace/time.js';
import type { Logger } from '../../components/observability/logger.js';
import type { Store } from '../../store/store.js';
import { EffectLedger } from '../effect-ledger.js';
import { sendMailOnce } from '../send-mail-once.js';

export const DAILY_REPORT_DEFINITION = 'daily-report';

export interface DailyReportDigest {
  date: string;
  agents: Array<{
    agentId: string;
    title: string;
    deliverableId: string;
    decisions: number;
    cost: number;
    escalations: number;
  }>;
  wowvisionIssue: number | null;
  markdown: string;
  [key: string]: JsonValue;
}

export interface DailyReportWorkflowDeps {
  engine: Engine;
  runtime: Pick<AgentRuntime, 'list' | 'publishDailyReport' | 'artifacts'>;
  marketplace: Pick<MarketplaceServices, 'mailer'>;
  /** When present, WowVision Prime's daily report issue is filed too. */
  wowvision?: { agent: WowVisionPrime; host: RepoHost } | undefined;
  store: Store;
  clock: Clock;
  ids: Ids;
  logger: Logger;
}

/** Registers `report.generate` and `report.send_email`. */
export function registerDailyReportWorkflow(deps: DailyReportWorkflowDeps): void {
  const { engine, runtime, store, clock, ids, logger } = deps;
  const ledger = new EffectLedger({ store, clock, ids });

  /** The day reported on: `date` when given, else the UTC day before the instance started (stable on re-runs). */
  async function dayOf(ctx: TaskContext): Promise<string> {
    const given = ctx.input.date;
    if (given !== undefined) {
      if (
        typeof given !== 'string' ||
        !/^\d{4}-\d{2}-\d{2}$/.test(given) ||
        Number.isNaN(Date.parse(`${given}T00:00:00Z`))
      ) {
        throw new PlatformError('VALIDATION', `date must be YYYY-MM-DD (got ${JSON.stringify(given)})`, {
          retryable: false,
          details: { field: 'date' },
        });
      }
      return given;
    }
    return utcDay((await engine.getInstance(ctx.instanceId)).startedAt - DAY);
  }

  engine.registerHandler('report.generate', async (ctx) => {
    const date = await dayOf(ctx);
    const agents: DailyReportDigest['agents'] = [];
    for (const instance of runtime.list()) {
      if (instance.lifecycle === 'retired') continue;
      // One daily-report deliverable per agent and day, whoever runs the step and however often.
      const existing = (
        await runtime.artifacts.list({ agentId: instance.id, type: 'daily-report', limit: 20 })
      ).items.find((d) => d.metadata.date === date);
      if (existing) {
        agents.push({
          agentId: instance.id,
          title: existing.title,
          deliverableId: existing.deliverableId,
          decisions: 0,
          cost: 0,
          escalations: 0,
        });
        continue;
      }
      const { report, deliverable } = await runtime.publishDailyReport(instance.id, date);
      agents.push({
        agentId: instance.id,
        title: report.title,
        deliverableId: deliverable.deliverableId,
        decisions: report.cost.total.count,
        cost: report.cost.total.cost,
        escalations: report.quality.escalations,
      });
    }
    let wowvisionIssue: number | null = null;
    if (deps.wowvision) {
      const { agent, host } = deps.wowvision;
      const title = `📊 ${WOWVISION_NAME} Daily Report - ${date}`;
      const filed = (await host.listIssues({ label: 'daily-report', state: 'all' })).find(
        (i) => i.title === title,
      );
      wowvisionIssue = filed
        ? filed.number
        : (await agent.dailyReport(Date.parse(`${date}T12:00:00Z`))).number;
    }
    const markdown = [
      `# Daily report - ${date}`,
      '',
      agents.length ? '| agent | decisions | cost | escalations |' : 'No agent was working.',
      ...(agents.length
        ? [
            '|---|---|---|---|',
            ...agents.map((a) => `| ${a.title} | ${a.decisions} | ${a.cost.toFixed(4)} | ${a.escalations} |`),
          ]
        : []),
      '',
      wowvisionIssue === null ? '' : `WowVision Prime's report: issue #${wowvisionIssue}`,
    ]
      .join('\n')
      .trim();
    const digest: DailyReportDigest = { date, agents, wowvisionIssue, markdown };
    return { report: digest };
  });

  engine.registerHandler('report.send_email', async (ctx) => {
    const report = ctx.input.report;
    if (
      !report ||
      typeof report !== 'object' ||
      Array.isArray(report) ||
      typeof report.date !== 'string' ||
      typeof report.markdown !== 'string'
    ) {
      throw new PlatformError(
        'VALIDATION',
        'report must be the output of report.generate ({date, markdown, …})',
        { retryable: false, details: { field: 'report' } },
      );
    }
    const staff = [];
    for (const role of ['admin', 'operator'] as const) {
      staff.push(...(await store.accounts.list({ limit: 200, where: { role } })).items);
    }
    if (staff.length === 0)
      logger.warn({ date: report.date }, 'daily report not mailed: no operator or admin account');
    for (const user of staff) {
      await sendMailOnce(
        { ledger, mailer: deps.marketplace.mailer, ids },
        `${ctx.idempotencyKey}:${user.id}`,
        {
          userId: user.id,
          tenantId: user.tenantId,
          to: user.data.email,
          kind: 'other',
          subject: `📊 Daily report - ${report.date}`,
          text: report.markdown,
        },
      );
    }
    return { sent: staff.length };
  });
}
