// Server data through TanStack Query: one client, and one place that names every query key and how it
// loads, so pages share cached answers and an action refreshes exactly what it changed.
import { QueryClient, infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import type { CatalogueQuery, Dashboard } from '@waooaw/server/contracts';
import {
  ApiError,
  checkEligibility,
  getAgentProfile,
  getDashboard,
  getDeliverable,
  getFacets,
  getInvoice,
  listAgents,
  listDeliverables,
  listInvoices,
  listOutbox,
  listTenantActivity,
} from './api.js';

/** How often the dashboard polls while its tab is visible. */
export const DASHBOARD_REFRESH_MS = 4000;

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // A 4xx (not found, forbidden, validation) will not change on retry; a network blip or 5xx may.
        retry: (failures, error) => failures < 2 && !(error instanceof ApiError && error.status < 500),
        // Pages refresh on navigation and the dashboard polls; a focus refetch would only add noise.
        refetchOnWindowFocus: false,
      },
    },
  });
}

/** Queries that need no account. */
export const publicQueries = {
  facets: () => queryOptions({ queryKey: ['catalogue', 'facets'], queryFn: getFacets, staleTime: 60_000 }),
  agents: (query: CatalogueQuery) =>
    infiniteQueryOptions({
      queryKey: ['catalogue', 'agents', query],
      queryFn: ({ pageParam, signal }) =>
        listAgents(pageParam ? { ...query, cursor: pageParam } : query, signal),
      initialPageParam: '',
      getNextPageParam: (last) => last.nextCursor ?? undefined,
    }),
  agent: (agentId: string) =>
    queryOptions({ queryKey: ['agents', agentId], queryFn: () => getAgentProfile(agentId) }),
};

/** How the user is engaged with each agent (an open trial or an active hire), from the dashboard. */
export function engagementsOf(dashboard: Dashboard | undefined): Map<string, 'trial' | 'hired'> {
  const out = new Map<string, 'trial' | 'hired'>();
  for (const a of dashboard?.agents ?? []) {
    const t = a.trial;
    if (a.hire && a.hire.status !== 'cancelled') out.set(a.agentId, 'hired');
    else if (
      !a.hire &&
      (t.status === 'ACTIVE' || t.status === 'PROVISIONING' || t.inGrace) &&
      !out.has(a.agentId)
    )
      out.set(a.agentId, 'trial');
  }
  return out;
}

/**
 * Queries of the signed-in user, keyed under ['user', userId] so that one invalidation after an action
 * refreshes the dashboard, inbox and deliverables together, and logging out drops them all.
 */
export const userQueries = {
  all: (userId: string) => ['user', userId] as const,
  dashboard: (userId: string) =>
    queryOptions({ queryKey: ['user', userId, 'dashboard'], queryFn: getDashboard }),
  activity: (userId: string) =>
    queryOptions({
      queryKey: ['user', userId, 'activity'],
      queryFn: () => listTenantActivity({ limit: 10 }),
    }),
  /** All deliverables, or one trial's (its instance page). */
  deliverables: (userId: string, trialId?: string) =>
    queryOptions({
      queryKey: ['user', userId, 'deliverables', trialId ?? 'all'],
      queryFn: () => listDeliverables(trialId ? { limit: 50, trialId } : { limit: 50 }),
    }),
  deliverable: (userId: string, id: string) =>
    queryOptions({
      queryKey: ['user', userId, 'deliverable', id],
      queryFn: () => getDeliverable(id),
      // The body changes only through a decision, which invalidates it.
      staleTime: Infinity,
    }),
  invoices: (userId: string) =>
    queryOptions({ queryKey: ['user', userId, 'invoices'], queryFn: () => listInvoices({ limit: 50 }) }),
  invoice: (userId: string, id: string) =>
    queryOptions({ queryKey: ['user', userId, 'invoice', id], queryFn: () => getInvoice(id) }),
  outbox: (userId: string) =>
    queryOptions({ queryKey: ['user', userId, 'outbox'], queryFn: () => listOutbox({ limit: 50 }) }),
  eligibility: (userId: string, agentId: string, emailVerified: boolean) =>
    queryOptions({
      queryKey: ['user', userId, 'eligibility', agentId, emailVerified],
      queryFn: () => checkEligibility(agentId),
    }),
};
