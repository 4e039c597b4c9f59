// Typed client for the marketplace API (/api/v1). Types come from the server's zod contracts (types
// only, so zod stays out of the bundle); the path table below is checked against the contract's
// route table at compile time. Signed-in calls carry the access token and refresh it once on 401.
import type {
  Accepted,
  ActivityItem,
  ActivityQuery,
  AgentProfile,
  CatalogueFacets,
  CataloguePage,
  CatalogueQuery,
  Dashboard,
  Deliverable,
  DeliverableListQuery,
  DeliverableSummary,
  DemoResult,
  Eligibility,
  Hire,
  LogInRequest,
  MailMessage,
  Me,
  Invoice,
  Page,
  Plan,
  Review,
  Session,
  SignUpRequest,
  StartTrialRequest,
  Trial,
  TrialListQuery,
  UpsertReviewRequest,
  marketplaceRoutes,
  MarketplaceRouteName,
  inputRoutes,
  InputRouteName,
  PageFetchResult,
  SkillInfo,
  TableReadResult,
  Ok,
} from '@waooaw/server/contracts';
import { clearSession, getSession, setSession } from './session.js';

/** Paths of the routes this client calls, mirrored from the contract (a mismatch fails `tsc`). */
export const paths = {
  signUp: '/api/v1/auth/signup',
  logIn: '/api/v1/auth/login',
  refresh: '/api/v1/auth/refresh',
  logOut: '/api/v1/auth/logout',
  verifyEmail: '/api/v1/auth/verify-email',
  resendVerification: '/api/v1/auth/resend-verification',
  requestPasswordReset: '/api/v1/auth/password-reset',
  confirmPasswordReset: '/api/v1/auth/password-reset/confirm',
  me: '/api/v1/me',
  outbox: '/api/v1/mail/outbox',
  listAgents: '/api/v1/agents',
  facets: '/api/v1/agents/facets',
  agentProfile: '/api/v1/agents/:agentId',
  agentReviews: '/api/v1/agents/:agentId/reviews',
  runDemo: '/api/v1/agents/:agentId/demo',
  activity: '/api/v1/activity',
  activityStream: '/api/v1/activity/stream',
  tenantActivity: '/api/v1/tenant/activity',
  eligibility: '/api/v1/trials/eligibility',
  startTrial: '/api/v1/trials',
  listTrials: '/api/v1/trials',
  getTrial: '/api/v1/trials/:id',
  cancelTrial: '/api/v1/trials/:id/cancel',
  convertTrial: '/api/v1/trials/:id/convert',
  listHires: '/api/v1/hires',
  cancelHire: '/api/v1/hires/:id/cancel',
  pauseHire: '/api/v1/hires/:id/pause',
  resumeHire: '/api/v1/hires/:id/resume',
  getReview: '/api/v1/hires/:id/review',
  upsertReview: '/api/v1/hires/:id/review',
  listDeliverables: '/api/v1/deliverables',
  getDeliverable: '/api/v1/deliverables/:id',
  downloadDeliverable: '/api/v1/deliverables/:id/download',
  exportDeliverables: '/api/v1/deliverables/export',
  dashboard: '/api/v1/dashboard',
  listInvoices: '/api/v1/invoices',
  getInvoice: '/api/v1/invoices/:id',
  getInvoicePdf: '/api/v1/invoices/:id/pdf',
  skillInfo: '/api/v1/skills/:skillId',
} as const satisfies { [K in MarketplaceRouteName]?: (typeof marketplaceRoutes)[K]['path'] };

/** Paths of the form input helpers, mirrored from the contract. */
export const inputPaths = {
  fetchPage: '/api/v1/inputs/page',
  readTable: '/api/v1/inputs/table',
} as const satisfies { [K in InputRouteName]: (typeof inputRoutes)[K]['path'] };

/** An error answer from the API (`{error:{code,message,details}}`) or a network failure (`NETWORK`). */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

type Query = Record<string, string | number | boolean | undefined>;

export function withParams(path: string, params: Record<string, string>, query?: Query): string {
  const filled = path.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== '') qs.set(k, String(v));
  const s = qs.toString();
  return s ? `${filled}?${s}` : filled;
}

async function errorFrom(res: Response): Promise<ApiError> {
  try {
    const body = (await res.json()) as {
      error?: { code?: string; message?: string; details?: Record<string, unknown> };
    };
    if (body.error?.code)
      return new ApiError(
        res.status,
        body.error.code,
        body.error.message ?? res.statusText,
        body.error.details ?? {},
      );
  } catch {
    // not JSON: fall through to a generic error
  }
  return new ApiError(res.status, 'HTTP_' + String(res.status), `${res.status} ${res.statusText}`);
}

let refreshing: Promise<boolean> | undefined;

/** Rotates the refresh token once; concurrent 401s share one refresh. */
async function refreshSession(): Promise<boolean> {
  const current = getSession();
  if (!current) return false;
  refreshing ??= (async () => {
    try {
      const res = await fetch(paths.refresh, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ refreshToken: current.refreshToken }),
      });
      if (!res.ok) {
        clearSession();
        return false;
      }
      setSession((await res.json()) as Session);
      return true;
    } catch {
      return false;
    } finally {
      refreshing = undefined;
    }
  })();
  return refreshing;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  auth?: boolean;
  signal?: AbortSignal;
}

/** Seconds-since-epoch expiry of a JWT, read without verifying (the server verifies). */
function tokenExpiry(token: string): number | undefined {
  try {
    const payload = JSON.parse(atob((token.split('.')[1] ?? '').replace(/-/g, '+').replace(/_/g, '/'))) as {
      exp?: unknown;
    };
    return typeof payload.exp === 'number' ? payload.exp : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Before a signed-in call: refreshes an access token that has expired (or is about to), and forgets a
 * session whose refresh token has expired — so a stale session costs no 401 in the console.
 */
async function freshSession(): Promise<void> {
  const session = getSession();
  if (!session) return;
  if (Date.parse(session.refreshExpiresAt) <= Date.now()) {
    clearSession();
    return;
  }
  const exp = tokenExpiry(session.accessToken);
  if (exp !== undefined && exp * 1000 <= Date.now() + 5000) await refreshSession();
}

/** Sends a request; with `auth`, adds the bearer token and retries once after refreshing it. */
export async function request(url: string, options: RequestOptions = {}): Promise<Response> {
  if (options.auth) {
    await freshSession();
    if (!getSession()) throw new ApiError(401, 'UNAUTHENTICATED', 'Please log in again.');
  }
  const send = async (): Promise<Response> => {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const session = options.auth ? getSession() : undefined;
    if (session) headers.authorization = `Bearer ${session.accessToken}`;
    try {
      return await fetch(url, {
        method: options.method ?? 'GET',
        headers,
        body: options.body === undefined ? null : JSON.stringify(options.body),
        signal: options.signal ?? null,
      });
    } catch (cause) {
      if ((cause as Error).name === 'AbortError') throw cause;
      throw new ApiError(0, 'NETWORK', 'Cannot reach the server. Check your connection and try again.');
    }
  };
  let res = await send();
  if (res.status === 401 && options.auth && getSession() && (await refreshSession())) res = await send();
  if (!res.ok) {
    const err = await errorFrom(res);
    if (res.status === 401 && options.auth) clearSession();
    throw err;
  }
  return res;
}

export async function json<T>(url: string, options: RequestOptions = {}): Promise<T> {
  const res = await request(url, options);
  return (await res.json()) as T;
}

// ─── auth ────────────────────────────────────────────────────────────────────────────────────────

/**
 * Creates the account and its organisation, then signs in with the same password (the email still
 * needs verifying). Sign-up answers alike for a taken email — its owner is mailed instead — and then
 * the log-in is refused: undefined, and the page says to check the mail.
 */
export async function signUp(body: SignUpRequest): Promise<Session | undefined> {
  await json<{ accepted: true }>(paths.signUp, { method: 'POST', body });
  try {
    return await logIn({ email: body.email, password: body.password });
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return undefined;
    throw err;
  }
}

export async function logIn(body: LogInRequest): Promise<Session> {
  const session = await json<Session>(paths.logIn, { method: 'POST', body });
  setSession(session);
  return session;
}

/** Revokes the refresh token (best effort) and forgets the session locally. */
export async function logOut(): Promise<void> {
  const session = getSession();
  clearSession();
  if (session)
    await request(paths.logOut, { method: 'POST', body: { refreshToken: session.refreshToken } }).catch(
      () => undefined,
    );
}

/** Spends the emailed token; answers the now-verified identity. */
export const verifyEmail = (token: string) =>
  json<Me>(paths.verifyEmail, { method: 'POST', body: { token } });
export const requestPasswordReset = (email: string) =>
  json<Accepted>(paths.requestPasswordReset, { method: 'POST', body: { email } });
export const confirmPasswordReset = (token: string, password: string) =>
  json<Ok>(paths.confirmPasswordReset, { method: 'POST', body: { token, password } });
export const resendVerification = () =>
  json<Accepted>(paths.resendVerification, { method: 'POST', body: {}, auth: true });
export const getMe = () => json<Me>(paths.me, { auth: true });
export const listOutbox = (query: { cursor?: string; limit?: number } = {}) =>
  json<Page<MailMessage>>(withParams(paths.outbox, {}, query), { auth: true });

// ─── catalogue ───────────────────────────────────────────────────────────────────────────────────

export const listAgents = (query: CatalogueQuery, signal?: AbortSignal) =>
  json<CataloguePage>(withParams(paths.listAgents, {}, query as Query), signal ? { signal } : {});
export const getFacets = () => json<CatalogueFacets>(paths.facets);
export const getAgentProfile = (agentId: string) =>
  json<AgentProfile>(withParams(paths.agentProfile, { agentId }));
export const listAgentReviews = (agentId: string, cursor?: string) =>
  json<Page<Review>>(withParams(paths.agentReviews, { agentId }, { cursor }));
export const runDemo = (agentId: string, input: unknown) =>
  json<DemoResult>(withParams(paths.runDemo, { agentId }), { method: 'POST', body: { input } });

export const getSkillInfo = (skillId: string) => json<SkillInfo>(withParams(paths.skillInfo, { skillId }));
/** Fetches a public web page by its address (server-side) for a form field. */
export const fetchPage = (url: string) =>
  json<PageFetchResult>(inputPaths.fetchPage, { method: 'POST', body: { url } });

/** Reads a CSV or Excel file into a grid (on the server, with the same CSV reader the skills use). */
export async function readTableFile(file: File): Promise<TableReadResult> {
  return json<TableReadResult>(inputPaths.readTable, {
    method: 'POST',
    body: { filename: file.name, contentBase64: await fileBase64(file) },
  });
}

/** A file's bytes as base64 (the JSON upload bodies carry files this way). */
export async function fileBase64(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

// ─── activity ────────────────────────────────────────────────────────────────────────────────────

export const listActivity = (query: ActivityQuery = {}) =>
  json<Page<ActivityItem>>(withParams(paths.activity, {}, query as Query));
export const listTenantActivity = (query: ActivityQuery = {}) =>
  json<Page<ActivityItem>>(withParams(paths.tenantActivity, {}, query as Query), { auth: true });
/** URL of the public server-sent events stream (named events `activity`, data = ActivityItem); the
 * server first replays `backlog` recent items. The stream carries every agent; filter client-side. */
export const activityStreamUrl = (backlog = 0) => withParams(paths.activityStream, {}, { backlog });

// ─── trials and hires ────────────────────────────────────────────────────────────────────────────

export const checkEligibility = (agentId: string) =>
  json<Eligibility>(withParams(paths.eligibility, {}, { agentId }), { auth: true });
export const startTrial = (body: StartTrialRequest) =>
  json<Trial>(paths.startTrial, { method: 'POST', body, auth: true });
export const listTrials = (query: TrialListQuery = {}) =>
  json<Page<Trial>>(withParams(paths.listTrials, {}, query as Query), { auth: true });
export const getTrial = (id: string) => json<Trial>(withParams(paths.getTrial, { id }), { auth: true });
export const cancelTrial = (id: string, reason?: string) =>
  json<Trial>(withParams(paths.cancelTrial, { id }), {
    method: 'POST',
    body: reason ? { reason } : {},
    auth: true,
  });
export const convertTrial = (id: string, plan: Plan) =>
  json<Hire>(withParams(paths.convertTrial, { id }), { method: 'POST', body: { plan }, auth: true });
export const listHires = () => json<Page<Hire>>(paths.listHires, { auth: true });
export const cancelHire = (id: string, reason?: string) =>
  json<Hire>(withParams(paths.cancelHire, { id }), {
    method: 'POST',
    body: reason ? { reason } : {},
    auth: true,
  });
/** Pauses an active hire (the agent stops working; billing follows the billing adapter's rules). */
export const pauseHire = (id: string) =>
  json<Hire>(withParams(paths.pauseHire, { id }), { method: 'POST', auth: true });
export const resumeHire = (id: string) =>
  json<Hire>(withParams(paths.resumeHire, { id }), { method: 'POST', auth: true });
export const upsertReview = (hireId: string, body: UpsertReviewRequest) =>
  json<Review>(withParams(paths.upsertReview, { id: hireId }), { method: 'PUT', body, auth: true });
/** The review left for a hire, or undefined when there is none yet. */
export async function getReview(hireId: string): Promise<Review | undefined> {
  try {
    return await json<Review>(withParams(paths.getReview, { id: hireId }), { auth: true });
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return undefined;
    throw err;
  }
}

// ─── deliverables ────────────────────────────────────────────────────────────────────────────────

export const listDeliverables = (query: DeliverableListQuery = {}) =>
  json<Page<DeliverableSummary>>(withParams(paths.listDeliverables, {}, query as Query), { auth: true });
export const getDeliverable = (id: string) =>
  json<Deliverable>(withParams(paths.getDeliverable, { id }), { auth: true });
export const getDashboard = () => json<Dashboard>(paths.dashboard, { auth: true });
export const listInvoices = (query: { cursor?: string; limit?: number } = {}) =>
  json<Page<Invoice>>(withParams(paths.listInvoices, {}, query), { auth: true });
export const getInvoice = (id: string) => json<Invoice>(withParams(paths.getInvoice, { id }), { auth: true });

/** Filename from a Content-Disposition header, falling back to `fallback`. */
export function filenameFrom(header: string | null, fallback: string): string {
  const star = /filename\*=UTF-8''([^;]+)/i.exec(header ?? '');
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1]);
    } catch {
      // malformed encoding: try the plain form
    }
  }
  const plain = /filename="?([^";]+)"?/i.exec(header ?? '');
  return plain?.[1] ?? fallback;
}

/** Downloads an authenticated file (bearer tokens cannot ride on a plain link) and saves it. */
export async function saveAuthenticated(url: string, fallbackName: string): Promise<string> {
  const res = await request(url, { auth: true });
  const name = filenameFrom(res.headers.get('content-disposition'), fallbackName);
  const blob = await res.blob();
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  // Revoke later: the browser needs the URL until the download has started.
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
  return name;
}

export const downloadDeliverable = (id: string) =>
  saveAuthenticated(withParams(paths.downloadDeliverable, { id }), `deliverable-${id}.md`);
export const exportDeliverables = (trialId?: string) =>
  saveAuthenticated(withParams(paths.exportDeliverables, {}, { trialId }), 'waooaw-deliverables.zip');
export const downloadInvoicePdf = (id: string, number: string) =>
  saveAuthenticated(withParams(paths.getInvoicePdf, { id }), `${number}.pdf`);
