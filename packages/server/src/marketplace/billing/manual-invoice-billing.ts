// Manual-invoice billing: numbered invoices (INV-2026-000001) due in 14 days, stored and visible to the
// tenant, marked paid by an admin when the transfer arrives. No payment provider is contacted.
import type { Clock } from '../../clock.js';
import { PlatformError } from '../../errors.js';
import type { Ids } from '../../ids.js';
import { Collections } from '../records.js';
import type { InvoiceRecord } from '../../store/marketplace-records.js';
import { DAY } from '../time.js';
import type { BillingPort } from './billing-port.js';
import { bankTransferInstructions, type BillingSettings } from './invoice-terms.js';

const PAYMENT_TERMS_MS = 14 * DAY;

export function createManualInvoiceBilling(deps: {
  clock: Clock;
  ids: Ids;
  settings: BillingSettings;
}): BillingPort {
  return {
    provider: 'manual',
    async issue(request, tx) {
      const existing = await tx.invoices.getForPeriod(request.hireId, request.periodStart);
      if (existing) return existing;
      const year = new Date(deps.clock.now()).getUTCFullYear();
      // One counter per year; modify() retries on concurrent increments, so numbers never repeat.
      await tx.documents.insert({
        collection: Collections.counters,
        id: `invoice-${year}`,
        key: `counter:invoice-${year}`,
        data: { value: 0 },
      });
      const counter = await tx.documents.modify<{ value: number }>(
        Collections.counters,
        `invoice-${year}`,
        (c) => ({ value: c.value + 1 }),
      );
      const now = deps.clock.now();
      const total = Math.round(request.lines.reduce((sum, l) => sum + l.amount, 0) * 100) / 100;
      const data: InvoiceRecord = {
        number: `INV-${year}-${String(counter.data.value).padStart(6, '0')}`,
        hireId: request.hireId,
        status: 'open',
        currency: request.currency,
        lines: request.lines,
        total,
        periodStart: request.periodStart,
        periodEnd: request.periodEnd,
        issuedAt: now,
        dueAt: now + PAYMENT_TERMS_MS,
        paidAt: null,
        provider: 'manual',
      };
      const inserted = await tx.invoices.insert({
        id: deps.ids.next('inv'),
        tenantId: request.tenantId,
        data,
      });
      return inserted.entity;
    },
    paymentInstructions(invoice) {
      return bankTransferInstructions(deps.settings, invoice.data.number);
    },
    async markPaid(invoiceId, tx) {
      const doc = await tx.invoices.get(invoiceId);
      if (!doc)
        throw new PlatformError('NOT_FOUND', `invoice ${invoiceId} not found`, { details: { invoiceId } });
      if (doc.data.status !== 'open')
        throw new PlatformError('CONFLICT', `invoice ${doc.data.number} is ${doc.data.status}`, {
          details: { invoiceId, status: doc.data.status },
        });
      return tx.invoices.update(
        invoiceId,
        { ...doc.data, status: 'paid', paidAt: deps.clock.now() },
        { expectedVersion: doc.version },
      );
    },
  };
}
