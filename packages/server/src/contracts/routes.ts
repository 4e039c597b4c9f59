// Every marketplace route as method + path + who may call it, the input helper routes, the web paths
// mails link to and the activity stream's event names — for clients and the OpenAPI document.
import type { Role } from './accounts.js';

/** Every marketplace route. `auth`: none, any signed-in user, or the roles allowed. */
export const marketplaceRoutes = {
  signUp: { method: 'POST', path: '/api/v1/auth/signup', auth: 'none' },
  logIn: { method: 'POST', path: '/api/v1/auth/login', auth: 'none' },
  refresh: { method: 'POST', path: '/api/v1/auth/refresh', auth: 'none' },
  logOut: { method: 'POST', path: '/api/v1/auth/logout', auth: 'none' },
  verifyEmail: { method: 'POST', path: '/api/v1/auth/verify-email', auth: 'none' },
  resendVerification: { method: 'POST', path: '/api/v1/auth/resend-verification', auth: 'user' },
  requestPasswordReset: { method: 'POST', path: '/api/v1/auth/password-reset', auth: 'none' },
  confirmPasswordReset: { method: 'POST', path: '/api/v1/auth/password-reset/confirm', auth: 'none' },
  me: { method: 'GET', path: '/api/v1/me', auth: 'user' },
  updateTenant: { method: 'PATCH', path: '/api/v1/tenant', auth: 'user' },
  outbox: { method: 'GET', path: '/api/v1/mail/outbox', auth: 'user' },
  listAgents: { method: 'GET', path: '/api/v1/agents', auth: 'none' },
  facets: { method: 'GET', path: '/api/v1/agents/facets', auth: 'none' },
  agentProfile: { method: 'GET', path: '/api/v1/agents/:agentId', auth: 'none' },
  agentReviews: { method: 'GET', path: '/api/v1/agents/:agentId/reviews', auth: 'none' },
  runDemo: { method: 'POST', path: '/api/v1/agents/:agentId/demo', auth: 'none' },
  skillInfo: { method: 'GET', path: '/api/v1/skills/:skillId', auth: 'none' },
  activity: { method: 'GET', path: '/api/v1/activity', auth: 'none' },
  activityStream: { method: 'GET', path: '/api/v1/activity/stream', auth: 'none' },
  tenantActivity: { method: 'GET', path: '/api/v1/tenant/activity', auth: 'user' },
  eligibility: { method: 'GET', path: '/api/v1/trials/eligibility', auth: 'user' },
  startTrial: { method: 'POST', path: '/api/v1/trials', auth: 'user' },
  listTrials: { method: 'GET', path: '/api/v1/trials', auth: 'user' },
  getTrial: { method: 'GET', path: '/api/v1/trials/:id', auth: 'user' },
  updateTrialSetup: { method: 'PATCH', path: '/api/v1/trials/:id/setup', auth: 'user' },
  cancelTrial: { method: 'POST', path: '/api/v1/trials/:id/cancel', auth: 'user' },
  convertTrial: { method: 'POST', path: '/api/v1/trials/:id/convert', auth: 'user' },
  extendTrial: { method: 'POST', path: '/api/v1/admin/trials/:id/extend', auth: ['admin'] },
  adminTrials: { method: 'GET', path: '/api/v1/admin/trials', auth: ['operator', 'admin'] },
  listHires: { method: 'GET', path: '/api/v1/hires', auth: 'user' },
  getHire: { method: 'GET', path: '/api/v1/hires/:id', auth: 'user' },
  cancelHire: { method: 'POST', path: '/api/v1/hires/:id/cancel', auth: 'user' },
  pauseHire: { method: 'POST', path: '/api/v1/hires/:id/pause', auth: 'user' },
  resumeHire: { method: 'POST', path: '/api/v1/hires/:id/resume', auth: 'user' },
  getReview: { method: 'GET', path: '/api/v1/hires/:id/review', auth: 'user' },
  upsertReview: { method: 'PUT', path: '/api/v1/hires/:id/review', auth: 'user' },
  listInvoices: { method: 'GET', path: '/api/v1/invoices', auth: 'user' },
  getInvoice: { method: 'GET', path: '/api/v1/invoices/:id', auth: 'user' },
  getInvoicePdf: { method: 'GET', path: '/api/v1/invoices/:id/pdf', auth: 'user' },
  markInvoicePaid: { method: 'POST', path: '/api/v1/admin/invoices/:id/mark-paid', auth: ['admin'] },
  listDeliverables: { method: 'GET', path: '/api/v1/deliverables', auth: 'user' },
  getDeliverable: { method: 'GET', path: '/api/v1/deliverables/:id', auth: 'user' },
  downloadDeliverable: { method: 'GET', path: '/api/v1/deliverables/:id/download', auth: 'user' },
  exportDeliverables: { method: 'GET', path: '/api/v1/deliverables/export', auth: 'user' },
  listApprovals: { method: 'GET', path: '/api/v1/approvals', auth: 'user' },
  getApproval: { method: 'GET', path: '/api/v1/approvals/:id', auth: 'user' },
  decideApproval: { method: 'POST', path: '/api/v1/approvals/:id/decision', auth: 'user' },
  approveAll: { method: 'POST', path: '/api/v1/approvals/approve-all', auth: 'user' },
  dashboard: { method: 'GET', path: '/api/v1/dashboard', auth: 'user' },
} as const satisfies Record<
  string,
  {
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
    path: string;
    auth: 'none' | 'user' | readonly Role[];
  }
>;
export type MarketplaceRouteName = keyof typeof marketplaceRoutes;

/** Input helpers for forms (registered beside the marketplace, with their own per-IP limit). */
export const inputRoutes = {
  fetchPage: { method: 'POST', path: '/api/v1/inputs/page', auth: 'none' },
  readTable: { method: 'POST', path: '/api/v1/inputs/table', auth: 'none' },
} as const;
export type InputRouteName = keyof typeof inputRoutes;

/** Pages of the web app that mails link to; each takes `?token=`. */
export const webPaths = {
  verifyEmail: '/verify-email',
  resetPassword: '/reset-password',
  dashboard: '/dashboard',
  invoices: '/invoices',
} as const;

/** Server-sent event names on `/api/v1/activity/stream` (data is one ActivityItem as JSON). */
export const ACTIVITY_EVENT = 'activity';
