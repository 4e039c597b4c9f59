// Invoices of the caller's organisation: list, one invoice with how to pay, and its PDF.
import { z } from 'zod';
import {
  IdParamsSchema,
  InvoicePageSchema,
  InvoiceSchema,
  PageQuerySchema,
} from '../../contracts/contracts.js';
import { attachment, bearer, defined, errors, type RouteContext, type RouteScope } from '../route-kit.js';

export function registerInvoiceRoutes(app: RouteScope, ctx: RouteContext): void {
  const { invoices } = ctx.services;
  const tags = ['billing'];

  app.get(
    '/invoices',
    {
      schema: {
        tags,
        summary: "Your organisation's invoices, newest first",
        security: bearer,
        querystring: PageQuerySchema,
        response: { 200: InvoicePageSchema, ...errors(401) },
      },
    },
    async (request) =>
      invoices.list(ctx.auth.user(request), { ...defined(request.query), limit: request.query.limit }),
  );

  app.get(
    '/invoices/:id',
    {
      schema: {
        tags,
        summary: 'One invoice: lines, tax, the total in your currency and how to pay',
        security: bearer,
        params: IdParamsSchema,
        response: { 200: InvoiceSchema, ...errors(401, 404) },
      },
    },
    async (request) => invoices.get(ctx.auth.user(request), request.params.id),
  );

  app.get(
    '/invoices/:id/pdf',
    {
      schema: {
        tags,
        summary: 'The invoice as a PDF document (seller, buyer, lines, tax, total, how to pay)',
        security: bearer,
        params: IdParamsSchema,
        response: { 200: z.any().describe('application/pdf'), ...errors(401, 404) },
      },
    },
    async (request, reply) => {
      const pdf = await invoices.pdf(ctx.auth.user(request), request.params.id);
      return reply
        .type('application/pdf')
        .header('content-disposition', attachment(pdf.fileName))
        .send(pdf.content);
    },
  );
}
