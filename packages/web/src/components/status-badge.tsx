// Availability badge: available (green), working (amber), offline (red), as in the seed design.
import type { AgentStatus } from '@waooaw/server/contracts';

const labels: Record<AgentStatus, string> = {
  available: 'Available',
  working: 'Working',
  offline: 'Offline',
};

export function StatusBadge({ status }: { status: AgentStatus }) {
  return (
    <span className={`status status-${status}`} title={`Status: ${labels[status]}`}>
      {labels[status]}
    </span>
  );
}
