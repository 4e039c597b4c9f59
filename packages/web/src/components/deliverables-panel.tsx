// Every deliverable the customer's agents produced — kept after cancelling — with a viewer, a
// per-item download and "Export all" as a ZIP.
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { DeliverableStatus, DeliverableSummary } from '@waooaw/server/contracts';
import { downloadDeliverable, exportDeliverables } from '../api.js';
import { timeAgo } from '../format.js';
import { userQueries } from '../queries.js';
import { useSession } from '../session.js';
import { DeliverableView, MethodBadge } from './deliverable-view.js';
import { ErrorAlert } from './error-alert.js';

const statusLabel: Record<DeliverableStatus, string> = {
  pending_approval: 'Awaiting approval',
  approved: 'Approved',
  rejected: 'Rejected',
  published: 'Published',
};
const statusClass: Record<DeliverableStatus, string> = {
  pending_approval: 'pill-provisioning',
  approved: 'pill-active',
  rejected: 'pill-cancelled',
  published: 'pill-converted',
};

function DeliverableRow({
  item,
  now,
  selected,
  onToggle,
}: {
  item: DeliverableSummary;
  now: number;
  selected: boolean;
  onToggle: () => void;
}) {
  const userId = useSession()?.user.id ?? '';
  // Loaded the first time the row is opened, then kept.
  const [opened, setOpened] = useState(selected);
  const body = useQuery({ ...userQueries.deliverable(userId, item.id), enabled: opened });
  const full = body.data;
  const [error, setError] = useState<unknown>(undefined);
  const [downloading, setDownloading] = useState(false);
  const base = `dl-${item.id}`;

  const toggle = () => {
    onToggle();
    setOpened(true);
  };
  const download = async () => {
    setDownloading(true);
    setError(undefined);
    try {
      await downloadDeliverable(item.id);
    } catch (err) {
      setError(err);
    } finally {
      setDownloading(false);
    }
  };

  return (
    <li data-testid="deliverable" data-selected={selected} aria-labelledby={`${base}-title`}>
      <div className="spread">
        <strong id={`${base}-title`}>{item.title}</strong>
        <span className={`pill ${statusClass[item.status]}`}>{statusLabel[item.status]}</span>
      </div>
      <div className="sub">
        {item.instanceName} · {item.agentName} · {timeAgo(item.createdAt, now)}
      </div>
      <p className="small" style={{ margin: '0.4rem 0' }}>
        {item.summary}
      </p>
      <div className="row">
        <MethodBadge method={item.method} />
        <button
          type="button"
          className="btn btn-sm"
          aria-expanded={selected}
          aria-controls={`${base}-body`}
          onClick={toggle}
        >
          {selected ? 'Hide' : 'View'}
        </button>
        <button
          type="button"
          className="btn btn-sm btn-ghost"
          onClick={() => void download()}
          disabled={downloading}
          aria-label={`Download ${item.title}`}
        >
          {downloading ? 'Downloading…' : 'Download'}
        </button>
      </div>
      <ErrorAlert error={error ?? body.error} />
      {selected && (
        <div id={`${base}-body`} className="viewer">
          {full ? (
            <>
              <DeliverableView
                summary={full.summary}
                markdown={full.markdown}
                checks={full.checks}
                method={full.method}
                confidence={full.confidence}
              />
              {full.reviewComment && (
                <p className="small muted" style={{ marginTop: '0.5rem' }}>
                  Your comment: {full.reviewComment}
                </p>
              )}
            </>
          ) : (
            !body.error && <p className="muted small">Loading…</p>
          )}
        </div>
      )}
    </li>
  );
}

/** `poll`: refresh interval in ms while the tab is visible; `trialId`: one engagement's only. */
export function DeliverablesPanel({
  now,
  poll,
  trialId,
}: {
  now: number;
  poll: number | false;
  trialId?: string;
}) {
  const userId = useSession()?.user.id ?? '';
  const list = useQuery({ ...userQueries.deliverables(userId, trialId), refetchInterval: poll });
  const [selected, setSelected] = useState<string | undefined>(undefined);
  const [exporting, setExporting] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const items = list.data?.items ?? [];

  const exportAll = async () => {
    setExporting(true);
    setError(undefined);
    try {
      await exportDeliverables(trialId);
    } catch (err) {
      setError(err);
    } finally {
      setExporting(false);
    }
  };

  return (
    <section className="panel" aria-labelledby="deliverables-title">
      <div className="panel-head">
        <h2 id="deliverables-title">
          Deliverables <span className="pill">{items.length}</span>
        </h2>
        <button
          type="button"
          className="btn btn-sm"
          onClick={() => void exportAll()}
          disabled={exporting || items.length === 0}
        >
          {exporting ? 'Preparing ZIP…' : 'Export all (ZIP)'}
        </button>
      </div>
      <ErrorAlert error={error ?? list.error} />
      {list.data && items.length === 0 && (
        <p className="muted small">
          Your agents’ work appears here as soon as it is ready. You keep all of it, even after cancelling.
        </p>
      )}
      <ul className="list" data-testid="deliverables">
        {items.map((d) => (
          <DeliverableRow
            key={d.id}
            item={d}
            now={now}
            selected={selected === d.id}
            onToggle={() => setSelected(selected === d.id ? undefined : d.id)}
          />
        ))}
      </ul>
      {list.data?.nextCursor && (
        <p className="small muted">Showing the latest 50 — use Export all to get everything.</p>
      )}
    </section>
  );
}
