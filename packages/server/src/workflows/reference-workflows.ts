// The reference workflows shipped with the platform, as files next to this module. The engine never
// reads files itself (no I/O in the engine): callers read `url` and pass the text to `engine.deploy`.
import type { DefinitionFormat } from '../engine/definitions/parse-definition.js';

export interface ReferenceWorkflow {
  /** Definition id inside the file. */
  id: string;
  format: DefinitionFormat;
  /** Location of the file (a `file:` URL next to this module). */
  url: URL;
  description: string;
}

const file = (name: string): URL => new URL(`./${name}`, import.meta.url);

export const referenceWorkflows: readonly ReferenceWorkflow[] = [
  {
    id: 'pr-review',
    format: 'bpmn',
    url: file('pr-review/pr-review.bpmn'),
    description:
      'WowVision PR review: validate → deploy, or a violation issue; high risk adds a domain check and an architect review (2 h SLA)',
  },
  {
    id: 'trial',
    format: 'yaml',
    url: file('trial/trial.yaml'),
    description:
      '7-day trial: provision, daily engagement, reminders 2 d / 1 d / 6 h before the end, 24 h grace, then convert / nurture / churn',
  },
  {
    id: 'hire',
    format: 'yaml',
    url: file('hire/hire.yaml'),
    description: 'Hire renewals: at the end of each billing period, the next period and its invoice',
  },
  {
    id: 'campaign',
    format: 'yaml',
    url: file('campaign/campaign.yaml'),
    description:
      'Campaign creation: blog, social and email in parallel → approval → launch, compensated on rejection or failure',
  },
  {
    id: 'daily-report',
    format: 'yaml',
    url: file('daily-report/daily-report.yaml'),
    description: 'Daily report at 09:00 (cron 0 9 * * *): generate, then e-mail',
  },
];

/** A reference workflow's text, as read from its file. */
export interface ReferenceWorkflowSource {
  id: string;
  format: DefinitionFormat;
  source: string;
}
