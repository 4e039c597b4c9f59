// What an invoice says besides its lines: amounts written in the tenant's currency and locale, the tax
// included in prices split out, and how to pay. One place, so the invoice view, its mail and its PDF
// say the same thing.
import type { Config } from '../../config.js';

export type BillingSettings = Config['billing'];

/** `18000, 'INR', 'en-IN'` → `₹18,000.00`; an unknown locale falls back to English. */
export function formatMoney(amount: number, currency: string, locale: string): string {
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(amount);
  } catch {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).format(amount);
  }
}

/** `Date` in the locale's long form (`6 December 2026`), in UTC like every stored instant. */
export function formatDate(ms: number, locale: string): string {
  const options: Intl.DateTimeFormatOptions = {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  };
  try {
    return new Intl.DateTimeFormat(locale, options).format(ms);
  } catch {
    return new Intl.DateTimeFormat('en', options).format(ms);
  }
}

export interface TaxSplit {
  name: string;
  ratePercent: number;
  /** The total without the tax. */
  net: number;
  tax: number;
}

/** Prices include the tax: a total of 118 at 18 % is 100 net and 18 tax (rounded to cents, summing up). */
export function splitTax(total: number, tax: BillingSettings['tax']): TaxSplit {
  const net = Math.round((total / (1 + tax.ratePercent / 100)) * 100) / 100;
  return { name: tax.name, ratePercent: tax.ratePercent, net, tax: Math.round((total - net) * 100) / 100 };
}

export interface PaymentInstructions {
  /** `bank-transfer` for manual invoices; a card provider's adapter answers `card-link` with a `url`. */
  method: 'bank-transfer' | 'card-link';
  /** What the payer quotes so the payment is matched: the invoice number. */
  reference: string;
  /** Label / value pairs to show (account name, account number, bank, bank code). */
  details: Array<{ label: string; value: string }>;
  /** A sentence that says what to do. */
  summary: string;
  url?: string;
}

/** Bank transfer instructions from configuration; without an account number, where to ask for them. */
export function bankTransferInstructions(
  settings: BillingSettings,
  invoiceNumber: string,
): PaymentInstructions {
  const bank = settings.bankTransfer;
  const details = [
    { label: 'Account name', value: bank.accountName ?? settings.seller.name },
    ...(bank.accountNumber ? [{ label: 'Account number', value: bank.accountNumber }] : []),
    ...(bank.bankName ? [{ label: 'Bank', value: bank.bankName }] : []),
    ...(bank.bankCode ? [{ label: 'Bank code (IFSC / SWIFT)', value: bank.bankCode }] : []),
    { label: 'Reference', value: invoiceNumber },
  ];
  const contact = settings.seller.email ? ` at ${settings.seller.email}` : '';
  const summary = bank.accountNumber
    ? `Pay by bank transfer to the account below, quoting ${invoiceNumber} as the reference.`
    : `Pay by bank transfer quoting ${invoiceNumber}; ask ${settings.seller.name}${contact} for the account details.`;
  return { method: 'bank-transfer', reference: invoiceNumber, details, summary };
}

/** The seller's address as lines (`\n` or `;` separated, as an environment variable allows). */
export function addressLines(address: string): string[] {
  return address
    .split(/\n|;/)
    .map((l) => l.trim())
    .filter(Boolean);
}
