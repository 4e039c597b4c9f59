// Every organisation's invoices, by status; admins record the payment of a manual invoice (audited
// server-side). Amounts are written as the server writes them, as on the customer's invoice.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { AdminInvoice } from '@waooaw/server/contracts';
import { listAllInvoices, markInvoicePaid } from './ops-admin-api.js';
import { ActionStatus, PagedState, useIsAdmin, usePaged, when } from './ops-admin-ui.js';
import { StatusFilter, TenantLink } from './ops-records-tables.js';

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
  const [status, setStatus] = useState<Status | ''>('');
  const [done, setDone] = useState<string>();
  const { query, items } = usePaged(['invoices', status], (cursor) =>
    listAllInvoices({ limit: 50, ...(status ? { status } : {}), ...(cursor ? { cursor } : {}) }),
  );
  return (
    <section aria-labelledby="ops-invoices">
      <h1 id="ops-invoices">Invoices</h1>
      <StatusFilter id="invoice-status" value={status} options={STATUSES} onChange={setStatus} />
      <ActionStatus done={done} />
      {items.length > 0 && (
        <div className="ops-table-wrap">
          <table className="ops-table">
            <thead>
              <tr>
                <th scope="col">Invoice</th>
                <th scope="col">Organisation</th>
                <th scope="col">Buyer</th>
                <th scope="col">Due</th>
                <th scope="col" className="num">
                  Total
                </th>
                <th scope="col">Status</th>
                {admin && <th scope="col">Actions</th>}
              </tr>
            </thead>
            <tbody>
              {items.map((i) => (
                <tr key={i.id}>
                  <td className="mono">{i.number}</td>
                  <td>
                    <TenantLink tenantId={i.tenantId} />
                  </td>
                  <td>{i.buyer.organisation}</td>
                  <td>{when(i.dueAt)}</td>
                  <td className="num">{i.totalText}</td>
                  <td>
                    <span className={`invoice-status invoice-${i.status}`}>{i.status}</span>
                    {i.paidAt && <div className="muted small">{when(i.paidAt)}</div>}
                  </td>
                  {admin && <td>{i.status === 'open' && <MarkPaid invoice={i} onDone={setDone} />}</td>}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <PagedState query={query} count={items.length} empty="No invoices." />
    </section>
  );
}
