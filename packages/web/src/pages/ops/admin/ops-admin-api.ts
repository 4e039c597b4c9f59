// The console's calls for people and money records (issue 15): organisations, staff accounts, trials,
// hires, invoices, the audit trail, the inbox across organisations, WowVision and the agents. Paths
// are checked against the server's contract tables at compile time, as in api.ts.
import type {
  AdminAgent,
  AdminHire,
  AdminHireListQuery,
  AdminInvoice,
  AdminInvoiceListQuery,
  AdminTenant,
  AdminTenantDetail,
  AdminTenantListQuery,
  AuditEntryView,
  AuditQuery,
  AuditVerificationView,
  InboxAnswerRequest,
  InboxItem,
  InboxListQuery,
  Invoice,
  InviteStaffRequest,
  Page,
  StaffUserView,
  TenantErasure,
  Trial,
  TrialListQuery,
  UpdateStaffRequest,
  marketplaceRoutes,
  operationsRoutes,
  opsAdminRoutes,
  securityRoutes,
  workRoutes,
} from '@waooaw/server/contracts';
import { json, saveAuthenticated, withParams } from '../../../api.js';

type Query = Record<string, string | number | boolean | undefined>;

export const opsPaths = {
  listTenants: '/api/v1/admin/tenants',
  getTenant: '/api/v1/admin/tenants/:tenantId',
  listAllHires: '/api/v1/admin/hires',
  listAllInvoices: '/api/v1/admin/invoices',
  listAgentVersions: '/api/v1/admin/agents',
} as const satisfies { [K in keyof typeof opsAdminRoutes]: (typeof opsAdminRoutes)[K]['path'] };

export const staffPaths = {
  listStaff: '/api/v1/admin/users',
  inviteStaff: '/api/v1/admin/users',
  updateStaff: '/api/v1/admin/users/:id',
  exportTenant: '/api/v1/admin/tenants/:tenantId/export',
  eraseTenant: '/api/v1/admin/tenants/:tenantId/erase',
} as const satisfies { [K in keyof typeof operationsRoutes]: (typeof operationsRoutes)[K]['path'] };

const adminPaths = {
  adminTrials: '/api/v1/admin/trials',
  extendTrial: '/api/v1/admin/trials/:id/extend',
  markInvoicePaid: '/api/v1/admin/invoices/:id/mark-paid',
} as const satisfies {
  [K in 'adminTrials' | 'extendTrial' | 'markInvoicePaid']: (typeof marketplaceRoutes)[K]['path'];
};

const auditPaths = {
  listAudit: '/api/v1/admin/audit',
  verifyAudit: '/api/v1/admin/audit/verify',
} as const satisfies { [K in 'listAudit' | 'verifyAudit']: (typeof securityRoutes)[K]['path'] };

const inboxPaths = {
  listInbox: '/api/v1/inbox',
  answerInboxItem: '/api/v1/inbox/:itemId/answer',
} as const satisfies { [K in 'listInbox' | 'answerInboxItem']: (typeof workRoutes)[K]['path'] };

/** WowVision's routes live in the operator API (`/api/v1/ops`), typed here from its answers. */
const wowvisionPaths = {
  issues: '/api/v1/ops/wowvision/issues',
  comment: '/api/v1/ops/wowvision/issues/:number/comments',
} as const;

export interface WowVisionIssue {
  number: number;
  title: string;
  body: string;
  labels: string[];
  state: 'open' | 'closed';
  comments: Array<{ author: string; body: string; at: number }>;
}

const get = <T>(path: string, query: object = {}) =>
  json<T>(withParams(path, {}, query as Query), { auth: true });
const post = <T>(path: string, params: Record<string, string>, body: unknown = {}) =>
  json<T>(withParams(path, params), { method: 'POST', body, auth: true });

// ─── organisations ───────────────────────────────────────────────────────────────────────────────

export const listTenants = (query: AdminTenantListQuery) =>
  get<Page<AdminTenant>>(opsPaths.listTenants, query);
export const getTenant = (tenantId: string) =>
  json<AdminTenantDetail>(withParams(opsPaths.getTenant, { tenantId }), { auth: true });
export const exportTenant = (tenantId: string) =>
  saveAuthenticated(withParams(staffPaths.exportTenant, { tenantId }), `waooaw-${tenantId}.json`);
export const eraseTenant = (tenantId: string, reason: string) =>
  post<TenantErasure>(staffPaths.eraseTenant, { tenantId }, { reason });

// ─── staff accounts ──────────────────────────────────────────────────────────────────────────────

export const listStaff = () => get<{ items: StaffUserView[] }>(staffPaths.listStaff);
export const inviteStaff = (body: InviteStaffRequest) =>
  post<StaffUserView>(staffPaths.inviteStaff, {}, body);
export const updateStaff = (id: string, body: UpdateStaffRequest) =>
  json<StaffUserView>(withParams(staffPaths.updateStaff, { id }), { method: 'PATCH', body, auth: true });

// ─── trials, hires, invoices ─────────────────────────────────────────────────────────────────────

export const listAllTrials = (query: TrialListQuery) => get<Page<Trial>>(adminPaths.adminTrials, query);
export const extendTrial = (id: string, days: number, reason: string) =>
  post<Trial>(adminPaths.extendTrial, { id }, { days, reason });
export const listAllHires = (query: AdminHireListQuery) => get<Page<AdminHire>>(opsPaths.listAllHires, query);
export const listAllInvoices = (query: AdminInvoiceListQuery) =>
  get<Page<AdminInvoice>>(opsPaths.listAllInvoices, query);
export const markInvoicePaid = (id: string) => post<Invoice>(adminPaths.markInvoicePaid, { id });

// ─── audit, inbox, WowVision, agents ─────────────────────────────────────────────────────────────

export const listAudit = (query: AuditQuery) => get<Page<AuditEntryView>>(auditPaths.listAudit, query);
export const verifyAudit = () => post<AuditVerificationView>(auditPaths.verifyAudit, {});
export const listInbox = (query: InboxListQuery) => get<Page<InboxItem>>(inboxPaths.listInbox, query);
export const answerInbox = (itemId: string, body: InboxAnswerRequest) =>
  post<InboxItem>(inboxPaths.answerInboxItem, { itemId }, body);
export const listWowVisionIssues = (state: 'open' | 'closed' | 'all') =>
  get<{ mode: 'local' | 'github'; items: WowVisionIssue[] }>(wowvisionPaths.issues, { state });
export const replyWowVision = (issue: number, body: string) =>
  post<{ outcome: Record<string, unknown> }>(wowvisionPaths.comment, { number: String(issue) }, { body });
export const listAgentVersions = () => get<{ items: AdminAgent[] }>(opsPaths.listAgentVersions);
