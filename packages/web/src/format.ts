// Display formatting shared by the pages: money, relative time, countdowns, numbers.

/** "₹15,000" — currency code from the API (INR by default), Indian digit grouping for INR. */
export function formatMoney(amount: number, currency = 'INR'): string {
  try {
    return new Intl.NumberFormat(currency === 'INR' ? 'en-IN' : 'en', {
      style: 'currency',
      currency,
      maximumFractionDigits: 0,
    }).format(amount);
  } catch {
    return `${currency} ${Math.round(amount)}`;
  }
}

/** "just now", "4 min ago", "3 h ago", "2 d ago" relative to `now`. */
export function timeAgo(iso: string | number, now = Date.now()): string {
  const t = typeof iso === 'number' ? iso : Date.parse(iso);
  if (!Number.isFinite(t)) return '';
  const s = Math.max(0, Math.round((now - t) / 1000));
  if (s < 45) return 'just now';
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.round(m / 60);
  if (h < 24) return `${h} h ago`;
  return `${Math.round(h / 24)} d ago`;
}

/** "6 d 23 h left", "5 h 12 min left", "ended". */
export function countdown(untilIso: string, now = Date.now()): string {
  const ms = Date.parse(untilIso) - now;
  if (!Number.isFinite(ms)) return '';
  if (ms <= 0) return 'ended';
  const min = Math.floor(ms / 60_000);
  const d = Math.floor(min / 1440);
  const h = Math.floor((min % 1440) / 60);
  if (d > 0) return `${d} d ${h} h left`;
  return `${h} h ${min % 60} min left`;
}

/** "in 5 min", "in 23 h", "in 2 d" (or "now" once past). */
export function timeUntil(iso: string, now = Date.now()): string {
  const t = Date.parse(iso);
  if (!Number.isFinite(t)) return '';
  const m = Math.round((t - now) / 60_000);
  if (m <= 0) return 'now';
  if (m < 60) return `in ${m} min`;
  const h = Math.round(m / 60);
  if (h < 48) return `in ${h} h`;
  return `in ${Math.round(h / 24)} d`;
}

/** "1 deliverable", "3 deliverables" (`many` when the plural is not just an added "s"). */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
