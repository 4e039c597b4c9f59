// Every migration of the platform. Ranges per feature keep names from clashing:
// 0001–0009 core store · 0010–0019 bus · 0020–0039 engine · 0040–0059 agent runtime
// 0060–0079 workforce · 0080–0089 marketplace · 0090–0099 security (audit trail, secrets) · 0100–0109 work orders. Add one import and one array entry per file;
// the order of this list does not matter (they apply in name order).
import type { Migration } from '../migrator.js';
import { workforceProtocol } from './0060-workforce-protocol.js';
import { workforceReputation } from './0070-workforce-reputation.js';
import { workforceCoordinators } from './0071-workforce-coordinators.js';
import { coreDocuments } from './0001-core-documents.js';
import { busOutbox } from './0010-bus-outbox.js';
import { engineDefinitions } from './0020-engine-definitions.js';
import { engineInstances } from './0021-engine-instances.js';
import { engineWork } from './0022-engine-work.js';
import { engineTasksVariables } from './0023-engine-tasks-variables.js';
import { engineExternalJobs } from './0024-engine-external-jobs.js';
import { runtimeBudgets } from './0040-runtime-budgets.js';
import { runtimeDecisions } from './0041-runtime-decisions.js';
import { runtimeWorkTables } from './0042-runtime-work-tables.js';
import { runtimeWorkDocumentsToTables } from './0043-runtime-work-documents-to-tables.js';
import { marketplaceTables } from './0080-marketplace-tables.js';
import { marketplaceDocumentsToTables } from './0081-marketplace-documents-to-tables.js';
import { auditTrail } from './0090-audit-trail.js';
import { secretsStore } from './0091-secrets.js';
import { workOrders } from './0100-work-orders.js';
import { workInstancesBackfill } from './0101-work-instances-backfill.js';
import { workSchedules } from './0105-work-schedules.js';
import { workWebhooks } from './0106-work-webhooks.js';
import { jobsTables } from './0115-jobs.js';
import { inboxItems } from './0110-inbox-items.js';
import { staffAccounts } from './0120-staff-accounts.js';
import { marketplaceRowLevelSecurity } from './0096-marketplace-row-level-security.js';
import { decisionRunCosts } from './0140-decision-run-costs.js';
import { tenantRowLevelSecurity } from './0145-tenant-row-level-security.js';
import { busOutboxLean } from './0153-bus-outbox-lean.js';
export type { Migration } from '../migrator.js';

export const migrations: Migration[] = [
  workforceProtocol,
  workforceReputation,
  workforceCoordinators,
  coreDocuments,
  busOutbox,
  engineDefinitions,
  engineInstances,
  engineWork,
  engineTasksVariables,
  engineExternalJobs,
  runtimeBudgets,
  runtimeDecisions,
  runtimeWorkTables,
  runtimeWorkDocumentsToTables,
  marketplaceTables,
  marketplaceDocumentsToTables,
  auditTrail,
  secretsStore,
  workOrders,
  workInstancesBackfill,
  workSchedules,
  workWebhooks,
  jobsTables,
  inboxItems,
  staffAccounts,
  marketplaceRowLevelSecurity,
  decisionRunCosts,
  tenantRowLevelSecurity,
  busOutboxLean,
];
