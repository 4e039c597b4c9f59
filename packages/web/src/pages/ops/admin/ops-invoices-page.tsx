// Every organisation's invoices, by status; admins record the payment of a manual invoice (audited
// server-side). Amounts are written as the server writes them, as on the customer's invoice.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { AdminInvoice } from '@waooaw/server/contracts';
import { listAllInvoices, markInvoicePaid } from './ops-admin-api.js';
import { ActionStatus, PagedState, useIsAdmin, usePaged, useTenantScope, when } from './ops-admin-ui.js';
import { StatusFilter, TenantLink } from './ops-records-tables.js';
import { OpsTable } from './ops-table.js';

const STATUSES = ['open', 'paid', 'void'] as const;
type Status = (typeof STATUSES)[number];

function MarkPaid({ invoice, onDone }: { invoice: AdminInvoice; onDone: (m: string) => void }) {
  const client = useQueryClient();
  const mark = useMutation({
    mutationFn: () => markInvoicePaid(invoice.id),
    onSuccess: async (i) => {
      onDone(`Invoice ${i.number} marked paid.`);
      await client.invalidateQueries({ queryKey: ['ops', 'invoices'] });
    },
  });
  return (
    <>
      <button
        type="button"
        className="btn btn-sm btn-success"
        disabled={mark.isPending}
        aria-label={`Mark ${invoice.number} paid`}
        onClick={() => mark.mutate()}
      >
        Mark paid
      </button>
      {mark.error ? <ActionStatus error={mark.error} /> : null}
    </>
  );
}

export function OpsInvoicesPage() {
  const admin = useIsAdmin();
  const { tenantId, banner } = useTenantScope();
  const [status, setStatus] = useState<Status | ''>('');
  const [done, setDone] = useState<string>();
  const { query, items } = usePaged(['invoices', status, tenantId], (cursor) =>
    listAllInvoices({
      limit: 50,
      ...(status ? { status } : {}),
      ...(tenantId ? { tenantId } : {}),
      ...(cursor ? { cursor } : {}),
    }),
  );
  return (
    <section aria-labelledby="ops-invoices">
      <h1 id="ops-invoices">Invoices</h1>
      {banner}
      <StatusFilter id="invoice-status" value={status} options={STATUSES} onChange={setStatus} />
      <ActionStatus done={done} />
      {items.length > 0 && (
        <OpsTable
          rows={items}
          rowKey={(i) => i.id}
          columns={[
            { header: 'Invoice', cell: (i) => <span className="mono">{i.number}</span> },
            { header: 'Organisation', cell: (i) => <TenantLink tenantId={i.tenantId} /> },
            { header: 'Buyer', cell: (i) => i.buyer.organisation },
            { header: 'Due', cell: (i) => when(i.dueAt) },
            { header: 'Total', num: true, cell: (i) => i.totalText },
            {
              header: 'Status',
              cell: (i) => (
                <>
                  <span className={`invoice-status invoice-${i.status}`}>{i.status}</span>
                  {i.paidAt && <div className="muted small">{when(i.paidAt)}</div>}
                </>
              ),
            },
            admin && {
              header: 'Actions',
              cell: (i) => i.status === 'open' && <MarkPaid invoice={i} onDone={setDone} />,
            },
          ]}
        />
      )}
      <PagedState query={query} count={items.length} empty="No invoices." />
    </section>
  );
}
