// Helpers of the backup and restore tests: a customer with a trial, the ids of what the store holds,
// and how many trials a customer sees through the API — the "same tenants, trials and deliverables".
import type { Platform } from '../../platform.js';
import type { Store } from '../../store/store.js';
import { setup } from './marketplace-harness.js';
import { verifiedCustomer } from './test-platform.js';

export const CUSTOMER_PASSWORD = 'customer password 1';

export interface StoreSnapshot {
  tenants: string[];
  trials: string[];
  deliverables: string[];
}

/** The sorted ids of every tenant, trial and deliverable. */
export async function snapshotIds(store: Store): Promise<StoreSnapshot> {
  const all = async (repo: { list(o: { limit: number }): Promise<{ items: Array<{ id: string }> }> }) =>
    (await repo.list({ limit: 1000 })).items.map((r) => r.id).sort();
  return {
    tenants: await all(store.tenants),
    trials: await all(store.trials),
    deliverables: await all(store.deliverables),
  };
}

/** Signs a customer up, verifies them and starts a trial of the first available agent. */
export async function customerWithTrial(platform: Platform, email: string): Promise<void> {
  const token = await verifiedCustomer(platform, { email, password: CUSTOMER_PASSWORD });
  const agents = (await platform.app.inject({ method: 'GET', url: '/api/v1/agents?limit=50' })).json() as {
    items: Array<{ id: string; status: string }>;
  };
  const res = await platform.app.inject({
    method: 'POST',
    url: '/api/v1/trials',
    headers: { authorization: `Bearer ${token}` },
    payload: { agentId: agents.items.find((a) => a.status === 'available')!.id, setup },
  });
  if (res.statusCode !== 201) throw new Error(`trial not started: ${res.body}`);
}

/** How many trials the customer sees after logging in (fails the log-in loudly). */
export async function trialsSeenBy(platform: Platform, email: string): Promise<number> {
  const login = await platform.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password: CUSTOMER_PASSWORD },
  });
  const token = (login.json() as { accessToken?: string }).accessToken;
  if (!token) throw new Error(`log-in failed ${login.statusCode}: ${login.body}`);
  const trials = await platform.app.inject({
    method: 'GET',
    url: '/api/v1/trials',
    headers: { authorization: `Bearer ${token}` },
  });
  return (trials.json() as { items: unknown[] }).items.length;
}
