// The signed-in session (tokens, user, tenant), kept in localStorage so a reload stays signed in,
// with a tiny subscription so React components re-render when it changes (sign in/out, refresh).
import { useSyncExternalStore } from 'react';
import type { Session, Tenant, User } from '@waooaw/server/contracts';

const KEY = 'waooaw.session';
const listeners = new Set<() => void>();
let cached: Session | undefined;
let loaded = false;

function read(): Session | undefined {
  if (loaded) return cached;
  loaded = true;
  try {
    const raw = window.localStorage.getItem(KEY);
    cached = raw ? (JSON.parse(raw) as Session) : undefined;
  } catch {
    cached = undefined;
  }
  return cached;
}

function emit(): void {
  for (const l of listeners) l();
}

/** The current session, if signed in. */
export function getSession(): Session | undefined {
  return read();
}

export function setSession(session: Session): void {
  cached = session;
  loaded = true;
  try {
    window.localStorage.setItem(KEY, JSON.stringify(session));
  } catch {
    // storage full or blocked: the session still lives for this page
  }
  emit();
}

/** Replaces the user/tenant (after verifying the email, renaming the organisation). */
export function updateSessionIdentity(identity: { user: User; tenant: Tenant }): void {
  const s = read();
  if (s) setSession({ ...s, user: identity.user, tenant: identity.tenant });
}

export function clearSession(): void {
  cached = undefined;
  loaded = true;
  try {
    window.localStorage.removeItem(KEY);
  } catch {
    // nothing to remove
  }
  emit();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  const onStorage = (e: StorageEvent) => {
    if (e.key === KEY) {
      loaded = false; // another tab signed in or out
      listener();
    }
  };
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
}

/** React hook: the session or undefined; re-renders on change. */
export function useSession(): Session | undefined {
  return useSyncExternalStore(subscribe, read, () => undefined);
}
