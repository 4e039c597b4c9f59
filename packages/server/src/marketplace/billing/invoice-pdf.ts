// The invoice as a PDF (pdfkit): seller and buyer, the lines, the tax included, the total written in the
// invoice's locale and how to pay. DejaVu Sans is embedded because the PDF standard fonts cannot write
// most currency signs (₹, ₩, ₺…); the font ships as an npm package, nothing is fetched at run time.
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import type { Invoice } from '../../contracts/contracts.js';
import { formatDate, formatMoney } from './invoice-terms.js';

const require = createRequire(import.meta.url);
const FONT = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
const FONT_BOLD = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf');

const INK = '#1f2933';
const MUTED = '#52606d';

export function renderInvoicePdf(invoice: Invoice): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    info: { Title: `Invoice ${invoice.number}`, Author: invoice.seller.name },
  });
  const done = new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('body', FONT);
  doc.registerFont('bold', FONT_BOLD);
  const money = (amount: number) => formatMoney(amount, invoice.total.currency, invoice.locale);
  const date = (isoText: string) => formatDate(Date.parse(isoText), invoice.locale);
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;

  doc.font('bold').fontSize(20).fillColor(INK).text(invoice.seller.name);
  doc.font('body').fontSize(9).fillColor(MUTED);
  for (const line of invoice.seller.addressLines) doc.text(line);
  if (invoice.seller.taxId) doc.text(`Tax ID: ${invoice.seller.taxId}`);
  if (invoice.seller.email) doc.text(invoice.seller.email);
  doc.moveDown(1.5);

  doc.font('bold').fontSize(14).fillColor(INK).text(`Invoice ${invoice.number}`);
  doc.font('body').fontSize(10).fillColor(INK);
  doc.text(`Status: ${invoice.status === 'paid' ? 'paid' : invoice.status === 'void' ? 'void' : 'due'}`);
  doc.text(`Issued: ${date(invoice.issuedAt)}`);
  doc.text(`Due: ${date(invoice.dueAt)}`);
  if (invoice.paidAt) doc.text(`Paid: ${date(invoice.paidAt)}`);
  doc.text(`Period: ${date(invoice.periodStart)} – ${date(invoice.periodEnd)}`);
  doc.moveDown();

  doc.font('bold').text('Bill to');
  doc.font('body');
  if (invoice.buyer.organisation) doc.text(invoice.buyer.organisation);
  if (invoice.buyer.name) doc.text(invoice.buyer.name);
  if (invoice.buyer.email) doc.text(invoice.buyer.email);
  doc.moveDown(1.5);

  const amountX = left + width - 140;
  const row = (label: string, amount: string, font: 'body' | 'bold' = 'body') => {
    const y = doc.y;
    doc.font(font).text(label, left, y, { width: width - 150 });
    const after = doc.y;
    doc.text(amount, amountX, y, { width: 140, align: 'right' });
    doc.y = Math.max(after, doc.y);
    doc.x = left;
  };
  row('Description', 'Amount', 'bold');
  doc
    .moveTo(left, doc.y + 2)
    .lineTo(left + width, doc.y + 2)
    .strokeColor(MUTED)
    .stroke();
  doc.moveDown(0.5);
  for (const line of invoice.lines) row(line.description, money(line.amount));
  doc.moveDown(0.5);
  if (invoice.tax.ratePercent > 0) {
    row('Subtotal (before tax)', money(invoice.subtotal.amount));
    row(`${invoice.tax.name} ${invoice.tax.ratePercent}% (included)`, money(invoice.tax.amount.amount));
  } else {
    row(`${invoice.tax.name}: none charged`, money(0));
  }
  row('Total', invoice.totalText, 'bold');
  doc.moveDown(1.5);

  doc.font('bold').text('How to pay');
  doc.font('body').text(invoice.payment.summary);
  for (const d of invoice.payment.details) doc.text(`${d.label}: ${d.value}`);
  if (invoice.payment.url) doc.text(invoice.payment.url, { link: invoice.payment.url, underline: true });
  doc.end();
  return done;
}
