// The operations HTTP contract (issue 15): staff accounts for admins (list, invite, change role,
// disable) and a tenant's data rights (export, erasure). Same conventions as contracts.ts; imports
// nothing but zod and contracts.ts, so the web imports it as-is.
import { z } from 'zod';
import { EmailSchema, TimestampSchema, UserSchema } from './contracts.js';

// ─── staff accounts ──────────────────────────────────────────────────────────────────────────────

export const StaffRoleSchema = z.enum(['operator', 'admin']);

export const StaffUserSchema = UserSchema.extend({
  /** A disabled user can neither log in nor use a token issued before. */
  disabled: z.boolean(),
});
export type StaffUserView = z.infer<typeof StaffUserSchema>;

export const StaffUserListSchema = z.object({ items: z.array(StaffUserSchema) });

export const InviteStaffRequestSchema = z.object({
  email: EmailSchema,
  role: StaffRoleSchema,
  name: z.string().trim().min(1).max(100).optional(),
});
export type InviteStaffRequest = z.infer<typeof InviteStaffRequestSchema>;

export const UpdateStaffRequestSchema = z
  .object({ role: StaffRoleSchema.optional(), disabled: z.boolean().optional() })
  .refine((b) => b.role !== undefined || b.disabled !== undefined, {
    message: 'give role or disabled',
  });
export type UpdateStaffRequest = z.infer<typeof UpdateStaffRequestSchema>;

// ─── data rights ─────────────────────────────────────────────────────────────────────────────────

export const TenantParamsSchema = z.object({ tenantId: z.string().min(1).max(120) });

/** Every row the store holds for the tenant, by table (rows as the database keeps them). */
export const TenantExportSchema = z.object({
  format: z.literal('waooaw-tenant-export/1'),
  tenantId: z.string(),
  exportedAt: TimestampSchema,
  tables: z.record(z.string(), z.array(z.record(z.string(), z.unknown()))),
});
export type TenantExport = z.infer<typeof TenantExportSchema>;

export const EraseTenantRequestSchema = z.object({
  /** Why (a ticket or the request's reference); kept in the audit trail. */
  reason: z.string().trim().min(3).max(500),
});

export const TenantErasureSchema = z.object({
  tenantId: z.string(),
  /** The pseudonym that replaces the tenant's users in the audit trail's readable fields. */
  pseudonym: z.string(),
  /** Rows deleted or anonymised, by table. */
  tables: z.record(z.string(), z.number().int()),
  erasedAt: TimestampSchema,
});
export type TenantErasure = z.infer<typeof TenantErasureSchema>;

/** Every route of this contract and who may call it. */
export const operationsRoutes = {
  listStaff: { method: 'GET', path: '/api/v1/admin/users', auth: ['admin'] },
  inviteStaff: { method: 'POST', path: '/api/v1/admin/users', auth: ['admin'] },
  updateStaff: { method: 'PATCH', path: '/api/v1/admin/users/:id', auth: ['admin'] },
  exportTenant: { method: 'GET', path: '/api/v1/admin/tenants/:tenantId/export', auth: ['admin'] },
  eraseTenant: { method: 'POST', path: '/api/v1/admin/tenants/:tenantId/erase', auth: ['admin'] },
} as const satisfies Record<
  string,
  { method: string; path: string; auth: 'none' | 'user' | readonly ('customer' | 'operator' | 'admin')[] }
>;
