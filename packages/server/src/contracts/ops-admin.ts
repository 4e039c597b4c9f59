// The operations console's cross-organisation reads (issue 15): organisations with their counts and
// detail, hires and invoices of every organisation, and the agents with their spec versions. Same
// conventions as contracts.ts; imports nothing but zod and contracts.ts, so the web imports it as-is.
import { z } from 'zod';
import {
  CursorSchema,
  HireSchema,
  HireStatusSchema,
  IdSchema,
  IndustrySchema,
  InvoiceSchema,
  LimitSchema,
  MoneySchema,
  TimestampSchema,
  TrialSchema,
  UserSchema,
  pageSchema,
} from './contracts.js';

// ─── organisations ───────────────────────────────────────────────────────────────────────────────

export const AdminTenantSchema = z.object({
  id: IdSchema,
  name: z.string(),
  plan: z.enum(['free', 'business', 'internal']),
  createdAt: TimestampSchema,
  counts: z.object({
    users: z.number().int(),
    trials: z.number().int(),
    hires: z.number().int(),
    invoices: z.number().int(),
  }),
});
export type AdminTenant = z.infer<typeof AdminTenantSchema>;
export const AdminTenantPageSchema = pageSchema(AdminTenantSchema);

export const AdminTenantListQuerySchema = z.object({
  /** Part of the organisation's name (any case) or its exact id. */
  q: z.string().trim().min(1).max(120).optional(),
  cursor: CursorSchema.optional(),
  limit: LimitSchema,
});
export type AdminTenantListQuery = z.input<typeof AdminTenantListQuerySchema>;

export const AdminTenantUserSchema = UserSchema.extend({ disabled: z.boolean() });

export const AdminTenantDetailSchema = z.object({
  tenant: AdminTenantSchema,
  users: z.array(AdminTenantUserSchema),
  trials: z.array(TrialSchema),
  hires: z.array(HireSchema),
});
export type AdminTenantDetail = z.infer<typeof AdminTenantDetailSchema>;

// ─── hires and invoices across organisations ─────────────────────────────────────────────────────

export const AdminHireSchema = HireSchema.extend({ tenantId: IdSchema });
export type AdminHire = z.infer<typeof AdminHireSchema>;
export const AdminHirePageSchema = pageSchema(AdminHireSchema);
export const AdminHireListQuerySchema = z.object({
  status: HireStatusSchema.optional(),
  tenantId: z.string().min(1).max(120).optional(),
  cursor: CursorSchema.optional(),
  limit: LimitSchema,
});
export type AdminHireListQuery = z.input<typeof AdminHireListQuerySchema>;

export const AdminInvoiceStatusSchema = z.enum(['open', 'paid', 'void']);
export const AdminInvoiceSchema = InvoiceSchema.extend({ tenantId: IdSchema });
export type AdminInvoice = z.infer<typeof AdminInvoiceSchema>;
export const AdminInvoicePageSchema = pageSchema(AdminInvoiceSchema);
export const AdminInvoiceListQuerySchema = z.object({
  status: AdminInvoiceStatusSchema.optional(),
  tenantId: z.string().min(1).max(120).optional(),
  cursor: CursorSchema.optional(),
  limit: LimitSchema,
});
export type AdminInvoiceListQuery = z.input<typeof AdminInvoiceListQuerySchema>;

// ─── agents ──────────────────────────────────────────────────────────────────────────────────────

export const AdminAgentVersionSchema = z.object({
  version: z.string(),
  status: z.string(),
  releasedAt: TimestampSchema.nullable(),
  notes: z.string(),
});

export const AdminAgentSchema = z.object({
  id: z.string(),
  name: z.string(),
  industry: IndustrySchema,
  specialty: z.string(),
  tier: z.enum(['standard', 'premium']),
  price: MoneySchema,
  lifecycle: z.enum(['active', 'deprecated', 'retired']),
  /** The newest version the spec lists (what new trials run). */
  specVersion: z.string().nullable(),
  versions: z.array(AdminAgentVersionSchema),
  stats: z.object({
    trials: z.number().int(),
    hires: z.number().int(),
    activeHires: z.number().int(),
  }),
});
export type AdminAgent = z.infer<typeof AdminAgentSchema>;
export const AdminAgentListSchema = z.object({ items: z.array(AdminAgentSchema) });

/** Every route of this contract and who may call it (operators and admins: reads only). */
export const opsAdminRoutes = {
  listTenants: { method: 'GET', path: '/api/v1/admin/tenants', auth: ['operator', 'admin'] },
  getTenant: { method: 'GET', path: '/api/v1/admin/tenants/:tenantId', auth: ['operator', 'admin'] },
  listAllHires: { method: 'GET', path: '/api/v1/admin/hires', auth: ['operator', 'admin'] },
  listAllInvoices: { method: 'GET', path: '/api/v1/admin/invoices', auth: ['operator', 'admin'] },
  listAgentVersions: { method: 'GET', path: '/api/v1/admin/agents', auth: ['operator', 'admin'] },
} as const satisfies Record<
  string,
  { method: string; path: string; auth: 'none' | 'user' | readonly ('customer' | 'operator' | 'admin')[] }
>;
