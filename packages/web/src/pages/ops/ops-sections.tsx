// The sections of the operations console (issue 15): one entry per page under /ops. Each feature adds
// its own entry here; the layout draws the side navigation from this list and the router mounts each
// entry's page, loaded on first visit so customers never download console code.
import type { ComponentType } from 'react';
import type { Role } from '@waooaw/server/contracts';

export interface OpsSection {
  /** Path under /ops ('' is the overview); may hold params after the first segment (e.g. 'workflows/:id'). */
  path: string;
  /** Navigation label; sections without one are reachable by link only (detail pages). */
  label?: string;
  /** Page title for the document title. */
  title: string;
  /** Roles allowed; staff (operator and admin) when absent. */
  roles?: readonly Role[];
  load: () => Promise<ComponentType>;
}

export const opsSections: OpsSection[] = [
  {
    path: '',
    label: 'Overview',
    title: 'Operations overview',
    load: async () => (await import('./ops-overview-page.js')).OpsOverviewPage,
  },
  {
    path: 'workflows',
    label: 'Workflows',
    title: 'Workflows',
    load: async () => (await import('./workflows/ops-workflows-page.js')).OpsWorkflowsPage,
  },
  {
    path: 'workflows/definitions/:definitionId',
    title: 'Workflow definition',
    load: async () => (await import('./workflows/ops-definition-page.js')).OpsDefinitionPage,
  },
  {
    path: 'workflows/instances/:instanceId',
    title: 'Workflow instance',
    load: async () => (await import('./workflows/ops-instance-page.js')).OpsInstancePage,
  },
  {
    path: 'dlq',
    label: 'Dead letters',
    title: 'Dead-letter queue',
    load: async () => (await import('./ops-dlq-page.js')).OpsDlqPage,
  },
];
