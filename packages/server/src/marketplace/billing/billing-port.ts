// The billing port: issues an invoice for a hire's billing period. The default adapter records manual
// invoices (paid by bank transfer, marked paid by an admin); Stripe or Razorpay adapters implement
// the same port when a provider is reachable.
import type { Entity } from '../../store/entity-repository.js';
import type { Store } from '../../store/store.js';
import type { InvoiceRecord } from '../../store/marketplace-records.js';
import type { PaymentInstructions } from './invoice-terms.js';

export interface InvoiceRequest {
  tenantId: string;
  hireId: string;
  currency: string;
  lines: Array<{ description: string; amount: number }>;
  periodStart: number;
  periodEnd: number;
}

export interface BillingPort {
  /** Adapter name stored on each invoice (`manual`, `stripe`, `razorpay`). */
  readonly provider: string;
  /**
   * Issues (and for a payment provider, charges or sends) the invoice, stored in `tx` so it commits
   * with the hire change that caused it. Idempotent per hire and period start.
   */
  issue(request: InvoiceRequest, tx: Store): Promise<Entity<InvoiceRecord>>;
  /** Records a payment received outside the platform; CONFLICT unless the invoice is open. */
  markPaid(invoiceId: string, tx: Store): Promise<Entity<InvoiceRecord>>;
  /** How the customer pays this invoice (bank details for manual invoices, a payment link for a card provider). */
  paymentInstructions(invoice: Entity<InvoiceRecord>): PaymentInstructions;
}
