// Where to go after signing up / verifying / logging in. Only same-site paths are accepted so a
// crafted `?next=` cannot send the user to another origin.
const KEY = 'waooaw.next';

/** A safe in-app path from untrusted input, or the fallback. */
export function safeNext(value: string | null | undefined, fallback = '/dashboard'): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.includes('\\')) return fallback;
  return value;
}

/** Remembers the destination across the email-verification detour (the mail link cannot carry it). */
export function rememberNext(path: string): void {
  try {
    window.sessionStorage.setItem(KEY, safeNext(path));
  } catch {
    // storage blocked: the user lands on the dashboard instead
  }
}

export function takeNext(fallback = '/dashboard'): string {
  try {
    const v = window.sessionStorage.getItem(KEY);
    window.sessionStorage.removeItem(KEY);
    return safeNext(v, fallback);
  } catch {
    return fallback;
  }
}

/** Turns a same-origin absolute URL (from a mail) into an in-app path; other URLs stay as they are. */
export function inAppPath(url: string): { internal: boolean; href: string } {
  try {
    const u = new URL(url, window.location.origin);
    if (u.origin === window.location.origin) return { internal: true, href: u.pathname + u.search + u.hash };
    return { internal: false, href: u.href };
  } catch {
    return { internal: false, href: url };
  }
}
