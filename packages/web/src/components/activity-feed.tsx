// The live activity feed: the latest history from the API, then new items pushed over server-sent
// events ("2 min ago — SEO Agent produced … for a marketing team"). Reconnects are the browser's job.
import { useEffect, useState } from 'react';
import type { ActivityItem } from '@waooaw/server/contracts';
import { activityStreamUrl, listActivity } from '../api.js';
import { timeAgo } from '../format.js';
import { useNow } from '../use-now.js';

const MAX_ITEMS = 30;

function merge(current: ActivityItem[], incoming: ActivityItem[]): ActivityItem[] {
  const seen = new Set<string>();
  return [...incoming, ...current]
    .filter((i) => (seen.has(i.id) ? false : (seen.add(i.id), true)))
    .sort((a, b) => Date.parse(b.at) - Date.parse(a.at))
    .slice(0, MAX_ITEMS);
}

export function ActivityFeed({
  agentId,
  title = 'Live activity',
  compact = false,
}: {
  agentId?: string;
  title?: string;
  compact?: boolean;
}) {
  const [items, setItems] = useState<ActivityItem[]>([]);
  const [live, setLive] = useState(false);
  const [failed, setFailed] = useState(false);
  const now = useNow(15_000);

  useEffect(() => {
    let active = true;
    listActivity(agentId ? { agentId, limit: 20 } : { limit: 20 }).then(
      (page) => active && setItems((cur) => merge(cur, page.items)),
      () => active && setFailed(true),
    );
    const source = new EventSource(activityStreamUrl(10)); // the backlog fills gaps after a reconnect; merge() dedups;
    source.addEventListener('open', () => setLive(true));
    source.addEventListener('error', () => setLive(source.readyState === EventSource.OPEN));
    source.addEventListener('activity', (e: MessageEvent<string>) => {
      try {
        const item = JSON.parse(e.data) as ActivityItem;
        if (!agentId || item.agentId === agentId) setItems((cur) => merge(cur, [item]));
      } catch {
        // a malformed event is skipped; the next one may be fine
      }
    });
    return () => {
      active = false;
      source.close();
    };
  }, [agentId]);

  return (
    <section className="panel feed-panel" aria-labelledby="feed-title">
      <div className="panel-head">
        <h2 id="feed-title">{title}</h2>
        <span className="live-dot" data-live={live}>
          <span className="pulse" aria-hidden="true" />
          {live ? 'Live' : 'Connecting…'}
        </span>
      </div>
      {failed && items.length === 0 && (
        <p className="muted small">The activity history is unavailable right now.</p>
      )}
      {!failed && items.length === 0 && (
        <p className="muted small">No activity yet — start a trial and watch your agent work here.</p>
      )}
      {/* The list scrolls inside a fixed height: focusable, so a keyboard can scroll it too. */}
      <ol
        className={compact ? 'feed feed-compact' : 'feed'}
        tabIndex={0}
        aria-label="Recent activity"
        aria-live="polite"
        aria-relevant="additions"
        data-testid="activity-feed"
      >
        {items.map((item) => (
          <li key={item.id}>
            <time dateTime={item.at}>{timeAgo(item.at, now)}</time>
            {item.text}
          </li>
        ))}
      </ol>
    </section>
  );
}
