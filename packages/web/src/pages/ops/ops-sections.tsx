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
  // People and money records (issue 15 item 2): organisations, staff, trials, hires, invoices, audit,
  // the inbox across organisations, WowVision and the agents — pages under ./admin/.
  {
    path: 'tenants',
    label: 'Organisations',
    title: 'Organisations',
    load: async () => (await import('./admin/ops-tenants-page.js')).OpsTenantsPage,
  },
  {
    path: 'tenants/:tenantId',
    title: 'Organisation',
    load: async () => (await import('./admin/ops-tenant-page.js')).OpsTenantPage,
  },
  {
    path: 'staff',
    label: 'Staff',
    title: 'Staff accounts',
    roles: ['admin'],
    load: async () => (await import('./admin/ops-staff-page.js')).OpsStaffPage,
  },
  {
    path: 'trials',
    label: 'Trials',
    title: 'Trials',
    load: async () => (await import('./admin/ops-trials-page.js')).OpsTrialsPage,
  },
  {
    path: 'hires',
    label: 'Hires',
    title: 'Hires',
    load: async () => (await import('./admin/ops-hires-page.js')).OpsHiresPage,
  },
  {
    path: 'invoices',
    label: 'Invoices',
    title: 'Invoices',
    load: async () => (await import('./admin/ops-invoices-page.js')).OpsInvoicesPage,
  },
  {
    path: 'audit',
    label: 'Audit trail',
    title: 'Audit trail',
    roles: ['admin'],
    load: async () => (await import('./admin/ops-audit-page.js')).OpsAuditPage,
  },
  {
    path: 'inbox',
    label: 'Inbox',
    title: 'Inbox across organisations',
    load: async () => (await import('./admin/ops-inbox-page.js')).OpsInboxPage,
  },
  {
    path: 'wowvision',
    label: 'WowVision',
    title: 'WowVision issues',
    load: async () => (await import('./admin/ops-wowvision-page.js')).OpsWowVisionPage,
  },
  {
    path: 'agents',
    label: 'Agents',
    title: 'Agents and versions',
    load: async () => (await import('./admin/ops-agents-page.js')).OpsAgentsPage,
  },
  {
    path: 'costs',
    label: 'Costs',
    title: 'Costs and budgets',
    load: async () => (await import('./ops-costs-page.js')).OpsCostsPage,
  },
];
