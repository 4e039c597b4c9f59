// Invoices as the customer sees them: listed and read within their organisation, with the seller and
// buyer, the tax included in the price, the total written in the configured locale and how to pay;
// the same view is rendered as a PDF. Issuing and marking paid stay with the billing port.
import type { Invoice, Page } from '../../contracts/contracts.js';
import type { Entity } from '../../store/entity-repository.js';
import type { InvoiceRecord } from '../../store/marketplace-records.js';
import type { Store } from '../../store/store.js';
import type { Principal } from '../principal.js';
import { getOwned } from '../tenant-docs.js';
import { iso, isoOrNull } from '../time.js';
import type { BillingPort } from './billing-port.js';
import { renderInvoicePdf } from './invoice-pdf.js';
import { addressLines, formatMoney, splitTax, type BillingSettings } from './invoice-terms.js';

export interface InvoiceServiceOptions {
  store: Store;
  billing: BillingPort;
  settings: BillingSettings;
}

export class InvoiceService {
  constructor(private readonly o: InvoiceServiceOptions) {}

  async list(principal: Principal, query: { cursor?: string; limit: number }): Promise<Page<Invoice>> {
    const page = await this.o.store.invoices.list({
      tenantId: principal.tenantId,
      order: 'desc',
      limit: query.limit,
      ...(query.cursor ? { cursor: query.cursor } : {}),
    });
    const items: Invoice[] = [];
    for (const d of page.items) items.push(await this.view(d));
    return { items, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
  }

  async get(principal: Principal, id: string): Promise<Invoice> {
    return this.view(await getOwned(this.o.store.invoices, id, principal.tenantId, 'invoice'));
  }

  /** The invoice as a PDF document, with its file name. */
  async pdf(principal: Principal, id: string): Promise<{ fileName: string; content: Buffer }> {
    const invoice = await this.get(principal, id);
    return { fileName: `${invoice.number}.pdf`, content: await renderInvoicePdf(invoice) };
  }

  countOpen(tenantId: string): Promise<number> {
    return this.o.store.invoices.count({ tenantId, where: { status: 'open' } });
  }

  /** Admin: records a payment received outside the platform (any tenant). */
  async markPaid(id: string): Promise<Invoice> {
    return this.view(await this.o.store.transaction((tx) => this.o.billing.markPaid(id, tx)));
  }

  async view(doc: Entity<InvoiceRecord>): Promise<Invoice> {
    const i = doc.data;
    const { settings } = this.o;
    const split = splitTax(i.total, settings.tax);
    const money = (amount: number) => ({ amount, currency: i.currency });
    const hire = await this.o.store.hires.get(i.hireId);
    const user = hire ? await this.o.store.accounts.get(hire.data.userId) : undefined;
    const tenant = doc.tenantId ? await this.o.store.tenants.get(doc.tenantId) : undefined;
    return {
      id: doc.id,
      number: i.number,
      hireId: i.hireId,
      status: i.status,
      total: money(i.total),
      lines: i.lines,
      periodStart: iso(i.periodStart),
      periodEnd: iso(i.periodEnd),
      issuedAt: iso(i.issuedAt),
      dueAt: iso(i.dueAt),
      paidAt: isoOrNull(i.paidAt),
      provider: i.provider,
      subtotal: money(split.net),
      tax: { name: split.name, ratePercent: split.ratePercent, amount: money(split.tax) },
      locale: settings.locale,
      totalText: formatMoney(i.total, i.currency, settings.locale),
      seller: {
        name: settings.seller.name,
        addressLines: addressLines(settings.seller.address),
        taxId: settings.seller.taxId ?? null,
        email: settings.seller.email ?? null,
      },
      buyer: {
        organisation: tenant?.data.name ?? '',
        name: user?.data.name ?? null,
        email: user?.data.email ?? null,
      },
      payment: this.o.billing.paymentInstructions(doc),
    };
  }
}
