// A clock for relative times ("3 min ago", countdowns): re-renders every `ms` so they stay current.
import { useEffect, useState } from 'react';

/** The current time in ms, refreshed every `ms`. */
export function useNow(ms = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = window.setInterval(() => setNow(Date.now()), ms);
    return () => window.clearInterval(id);
  }, [ms]);
  return now;
}
