// Accounts, tenants and auth: sign-up, sessions (JWT + rotating refresh token), e-mail verification
// and password reset.
import { z } from 'zod';
import { TimestampSchema, IdSchema } from './common.js';

export const RoleSchema = z.enum(['customer', 'operator', 'admin']);
export type Role = z.infer<typeof RoleSchema>;

export const EmailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .pipe(z.email({ error: 'must be a valid email address' }));
export const PasswordSchema = z
  .string()
  .min(10, 'must be at least 10 characters')
  .max(200, 'must be at most 200 characters');

export const UserSchema = z.object({
  id: IdSchema,
  email: z.string(),
  name: z.string(),
  role: RoleSchema,
  emailVerified: z.boolean(),
  createdAt: TimestampSchema,
});
export type User = z.infer<typeof UserSchema>;

export const TenantSchema = z.object({
  id: IdSchema,
  name: z.string(),
  /** When true the public activity feed may show the company name; otherwise it is anonymised. */
  publicActivity: z.boolean(),
  /** Rate-limit plan: `free` until the tenant hires an agent, then `business`. */
  plan: z.enum(['free', 'business', 'internal']),
  createdAt: TimestampSchema,
});
export type Tenant = z.infer<typeof TenantSchema>;

export const MeSchema = z.object({ user: UserSchema, tenant: TenantSchema });
export type Me = z.infer<typeof MeSchema>;

export const SignUpRequestSchema = z.object({
  email: EmailSchema,
  password: PasswordSchema,
  name: z.string().trim().min(1).max(100),
  /** The organisation (tenant) the account is created in. */
  organisationName: z.string().trim().min(1).max(120),
});
export type SignUpRequest = z.input<typeof SignUpRequestSchema>;

/** A signed-in session. The access token is a JWT (1 h); the refresh token rotates on every use. */
export const SessionSchema = z.object({
  accessToken: z.string(),
  /** Seconds until the access token expires. */
  expiresIn: z.number().int(),
  refreshToken: z.string(),
  refreshExpiresAt: TimestampSchema,
  user: UserSchema,
  tenant: TenantSchema,
});
export type Session = z.infer<typeof SessionSchema>;

export const LogInRequestSchema = z.object({ email: EmailSchema, password: z.string().min(1).max(200) });
export type LogInRequest = z.input<typeof LogInRequestSchema>;

export const RefreshRequestSchema = z.object({ refreshToken: z.string().min(10).max(500) });
export type RefreshRequest = z.infer<typeof RefreshRequestSchema>;

export const LogOutRequestSchema = z.object({ refreshToken: z.string().min(10).max(500) });
export type LogOutRequest = z.infer<typeof LogOutRequestSchema>;

export const VerifyEmailRequestSchema = z.object({ token: z.string().min(10).max(500) });
export type VerifyEmailRequest = z.infer<typeof VerifyEmailRequestSchema>;

export const PasswordResetRequestSchema = z.object({ email: EmailSchema });
export type PasswordResetRequest = z.input<typeof PasswordResetRequestSchema>;

export const PasswordResetConfirmSchema = z.object({
  token: z.string().min(10).max(500),
  password: PasswordSchema,
});
export type PasswordResetConfirm = z.infer<typeof PasswordResetConfirmSchema>;

/** Answer to requests whose outcome must not reveal whether an account exists. */
export const AcceptedSchema = z.object({ accepted: z.literal(true) });
export type Accepted = z.infer<typeof AcceptedSchema>;

export const UpdateTenantRequestSchema = z
  .object({ name: z.string().trim().min(1).max(120).optional(), publicActivity: z.boolean().optional() })
  .refine((v) => v.name !== undefined || v.publicActivity !== undefined, { message: 'nothing to update' });
export type UpdateTenantRequest = z.input<typeof UpdateTenantRequestSchema>;
