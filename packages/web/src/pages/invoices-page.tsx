// The organisation's invoices: a list (number, period, total, status) and one invoice with its lines, the
// tax included, how to pay and the PDF. Amounts are written as the server writes them (its locale), so the
// page, the mail and the PDF agree.
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import type { Invoice } from '@waooaw/server/contracts';
import { downloadInvoicePdf } from '../api.js';
import { ErrorAlert } from '../components/error-alert.js';
import { userQueries } from '../queries.js';
import { useSession } from '../session.js';

const statusText: Record<Invoice['status'], string> = { open: 'Due', paid: 'Paid', void: 'Void' };

function money(amount: number, invoice: Invoice): string {
  try {
    return new Intl.NumberFormat(invoice.locale, {
      style: 'currency',
      currency: invoice.total.currency,
    }).format(amount);
  } catch {
    return `${invoice.total.currency} ${amount.toFixed(2)}`;
  }
}

function day(iso: string, locale: string): string {
  try {
    return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(Date.parse(iso));
  } catch {
    return iso.slice(0, 10);
  }
}

function SignedOut() {
  return (
    <section className="narrow panel">
      <h1>Invoices</h1>
      <p className="muted">
        <Link to="/login?next=/invoices">Log in</Link> to see your organisation's invoices.
      </p>
    </section>
  );
}

export function InvoicesPage() {
  const session = useSession();
  const invoices = useQuery({ ...userQueries.invoices(session?.user.id ?? ''), enabled: !!session });
  if (!session) return <SignedOut />;
  const items = invoices.data?.items ?? [];
  return (
    <section className="panel" aria-labelledby="invoices-title">
      <h1 id="invoices-title">Invoices</h1>
      {invoices.error && <ErrorAlert error={invoices.error} />}
      {invoices.isPending && <p className="muted small">Loading…</p>}
      {invoices.data && items.length === 0 && (
        <p className="muted">No invoices yet: the first one is issued when you hire an agent.</p>
      )}
      {items.length > 0 && (
        <table className="invoice-table">
          <thead>
            <tr>
              <th scope="col">Invoice</th>
              <th scope="col">Period</th>
              <th scope="col">Due</th>
              <th scope="col" className="num">
                Total
              </th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {items.map((i) => (
              <tr key={i.id}>
                <td>
                  <Link to={`/invoices/${i.id}`}>{i.number}</Link>
                </td>
                <td>
                  {day(i.periodStart, i.locale)} – {day(i.periodEnd, i.locale)}
                </td>
                <td>{day(i.dueAt, i.locale)}</td>
                <td className="num">{i.totalText}</td>
                <td>
                  <span className={`invoice-status invoice-${i.status}`}>{statusText[i.status]}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function InvoicePage() {
  const session = useSession();
  const { invoiceId = '' } = useParams();
  const invoice = useQuery({ ...userQueries.invoice(session?.user.id ?? '', invoiceId), enabled: !!session });
  const [download, setDownload] = useState<{ busy: boolean; error?: unknown }>({ busy: false });
  if (!session) return <SignedOut />;
  const i = invoice.data;
  const save = async () => {
    if (!i) return;
    setDownload({ busy: true });
    try {
      await downloadInvoicePdf(i.id, i.number);
      setDownload({ busy: false });
    } catch (error) {
      setDownload({ busy: false, error });
    }
  };
  return (
    <section className="panel invoice" aria-labelledby="invoice-title">
      <p className="small">
        <Link to="/invoices">← All invoices</Link>
      </p>
      {invoice.error && <ErrorAlert error={invoice.error} />}
      {invoice.isPending && <p className="muted small">Loading…</p>}
      {i && (
        <>
          <header className="spread">
            <h1 id="invoice-title">Invoice {i.number}</h1>
            <button
              className="btn btn-primary"
              type="button"
              onClick={() => void save()}
              disabled={download.busy}
            >
              {download.busy ? 'Preparing the PDF…' : 'Download PDF'}
            </button>
          </header>
          {download.error !== undefined && <ErrorAlert error={download.error} />}
          <dl className="kv">
            <div>
              <dt>Total</dt>
              <dd>{i.totalText}</dd>
            </div>
            <div>
              <dt>Status</dt>
              <dd>{statusText[i.status]}</dd>
            </div>
            <div>
              <dt>Due</dt>
              <dd>{day(i.dueAt, i.locale)}</dd>
            </div>
            <div>
              <dt>Issued</dt>
              <dd>{day(i.issuedAt, i.locale)}</dd>
            </div>
          </dl>
          <div className="two-col invoice-parties">
            <div>
              <h2>From</h2>
              <p>
                {i.seller.name}
                {i.seller.addressLines.map((l) => (
                  <span key={l}>
                    <br />
                    {l}
                  </span>
                ))}
                {i.seller.taxId && (
                  <>
                    <br />
                    Tax ID: {i.seller.taxId}
                  </>
                )}
              </p>
            </div>
            <div>
              <h2>Bill to</h2>
              <p>
                {i.buyer.organisation}
                {i.buyer.name && (
                  <>
                    <br />
                    {i.buyer.name}
                  </>
                )}
                {i.buyer.email && (
                  <>
                    <br />
                    {i.buyer.email}
                  </>
                )}
              </p>
            </div>
          </div>
          <table className="invoice-table">
            <caption className="sr-only">Invoice lines</caption>
            <thead>
              <tr>
                <th scope="col">Description</th>
                <th scope="col" className="num">
                  Amount
                </th>
              </tr>
            </thead>
            <tbody>
              {i.lines.map((l, n) => (
                <tr key={n}>
                  <td>{l.description}</td>
                  <td className="num">{money(l.amount, i)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              {i.tax.ratePercent > 0 ? (
                <>
                  <tr>
                    <th scope="row">Subtotal (before tax)</th>
                    <td className="num">{money(i.subtotal.amount, i)}</td>
                  </tr>
                  <tr>
                    <th scope="row">
                      {i.tax.name} {i.tax.ratePercent}% (included)
                    </th>
                    <td className="num">{money(i.tax.amount.amount, i)}</td>
                  </tr>
                </>
              ) : (
                <tr>
                  <th scope="row">{i.tax.name}: none charged</th>
                  <td className="num">{money(0, i)}</td>
                </tr>
              )}
              <tr>
                <th scope="row">Total</th>
                <td className="num">
                  <strong>{i.totalText}</strong>
                </td>
              </tr>
            </tfoot>
          </table>
          {i.status === 'open' && (
            <section aria-labelledby="pay-title">
              <h2 id="pay-title">How to pay</h2>
              <p>{i.payment.summary}</p>
              <dl className="pay-details">
                {i.payment.details.map((d) => (
                  <div key={d.label}>
                    <dt>{d.label}</dt>
                    <dd>{d.value}</dd>
                  </div>
                ))}
              </dl>
              {i.payment.url && (
                <a className="btn btn-primary" href={i.payment.url}>
                  Pay online
                </a>
              )}
            </section>
          )}
        </>
      )}
    </section>
  );
}
