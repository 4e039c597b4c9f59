// Invoices a customer can pay: the view with tax, the total in the configured locale and bank details;
// the PDF says the same; another organisation's invoice is not found; the mail writes the amount.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Invoice, Page, Session, Trial } from '../../contracts/contracts.js';
import { pdfText } from '../../testing/pdf-text.js';
import { createHarness, setup, type Harness } from '../testing/marketplace-harness.js';

let h: Harness;
let s: Session;
let invoice: Invoice;

beforeEach(async () => {
  h = await createHarness({
    config: {
      billing: {
        locale: 'en-IN',
        seller: { name: 'WAOOAW Labs', address: '12 MG Road; Bengaluru 560001', taxId: '29ABCDE1234F1Z5' },
        tax: { name: 'GST', ratePercent: 18 },
        bankTransfer: { accountName: 'WAOOAW Labs', accountNumber: '001122334455', bankCode: 'HDFC0000123' },
      },
    },
  });
  s = await h.customer('buyer@acme.com', 'Acme Clinics');
  const trial = (
    await h.call('POST', '/api/v1/trials', {
      token: s.accessToken,
      body: { agentId: 'content-marketing', setup },
      ip: '10.2.0.1',
    })
  ).json() as Trial;
  await h.call('POST', `/api/v1/trials/${trial.id}/convert`, {
    token: s.accessToken,
    body: { plan: 'monthly' },
  });
  const page = (await h.call('GET', '/api/v1/invoices', { token: s.accessToken })).json() as Page<Invoice>;
  invoice = page.items[0]!;
});
afterEach(async () => {
  await h.close();
});

describe('an invoice', () => {
  it('splits the included tax, writes the total in the locale and says how to pay', () => {
    expect(invoice.total).toEqual({ amount: 15000, currency: 'INR' });
    expect(invoice.subtotal.amount + invoice.tax.amount.amount).toBeCloseTo(15000, 2);
    expect(invoice.tax).toMatchObject({ name: 'GST', ratePercent: 18, amount: { amount: 2288.14 } });
    expect(invoice.totalText).toBe('₹15,000.00');
    expect(invoice.seller).toEqual({
      name: 'WAOOAW Labs',
      addressLines: ['12 MG Road', 'Bengaluru 560001'],
      taxId: '29ABCDE1234F1Z5',
      email: null,
    });
    expect(invoice.buyer).toMatchObject({ organisation: 'Acme Clinics', email: 'buyer@acme.com' });
    expect(invoice.payment).toMatchObject({ method: 'bank-transfer', reference: invoice.number });
    expect(invoice.payment.details).toContainEqual({ label: 'Account number', value: '001122334455' });
  });

  it('downloads as a PDF that shows the formatted amount, the parties and the bank details', async () => {
    const res = await h.call('GET', `/api/v1/invoices/${invoice.id}/pdf`, { token: s.accessToken });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="${invoice.number}.pdf"`);
    const text = await pdfText(res.rawPayload);
    for (const expected of [
      `Invoice ${invoice.number}`,
      'WAOOAW Labs',
      'Bengaluru 560001',
      'Acme Clinics',
      'buyer@acme.com',
      'GST 18% (included)',
      '₹2,288.14',
      '₹15,000.00',
      'Account number: 001122334455',
      `Reference: ${invoice.number}`,
    ])
      expect(text).toContain(expected);
  });

  it('is not found for another organisation, and needs a signed-in caller', async () => {
    const other = await h.customer('other@beta.com', 'Beta');
    for (const url of [`/api/v1/invoices/${invoice.id}`, `/api/v1/invoices/${invoice.id}/pdf`]) {
      expect((await h.call('GET', url, { token: other.accessToken })).statusCode).toBe(404);
      expect((await h.call('GET', url)).statusCode).toBe(401);
    }
  });

  it('is mailed with the amount written out and what to do', async () => {
    const mail = await h.lastMail(s.user.id, 'invoice');
    expect(mail?.subject).toBe(`Invoice ${invoice.number}: ₹15,000.00`);
    expect(mail?.text).toContain('Pay by bank transfer to the account below');
  });
});
