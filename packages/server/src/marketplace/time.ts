// Time helpers shared by the marketplace services.

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** Epoch ms → ISO-8601 UTC string (the API's timestamp form). */
export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** Epoch ms or null → ISO string or null. */
export function isoOrNull(ms: number | null | undefined): string | null {
  return ms === null || ms === undefined ? null : iso(ms);
}

/** `YYYY-MM-DD` of the UTC day containing `ms`. */
export function utcDay(ms: number): string {
  return iso(ms).slice(0, 10);
}

/** Start of the next UTC day after `ms`. */
export function nextUtcMidnight(ms: number): number {
  return Math.floor(ms / DAY) * DAY + DAY;
}
