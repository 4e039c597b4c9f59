// The security HTTP contract (issue 14): the audit trail for admins (paged, filtered, verified) and an
// organisation's secrets (metadata only — a value goes in and never comes back out). Same conventions
// as contracts.ts; imports nothing but zod and contracts.ts, so the web imports it as-is.
import { z } from 'zod';
import { CursorSchema, TimestampSchema, pageSchema } from './contracts.js';

// ─── audit trail ─────────────────────────────────────────────────────────────────────────────────

export const AuditResultSchema = z.enum(['success', 'failure', 'denied']);

export const AuditEntrySchema = z.object({
  /** Place in the hash chain: 1, 2, 3… */
  seq: z.number().int(),
  at: TimestampSchema,
  /** `user:<id>`, an agent id, `system`, `anonymous`. */
  actor: z.string(),
  /** Dotted: `auth.login`, `auth.login.failed`, `deliverable.download`, `secret.read`… */
  action: z.string(),
  resource: z.string(),
  result: AuditResultSchema,
  tenantId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  prevHash: z.string(),
  hash: z.string(),
  /** Whether the entry carries a signature (checked by the verify route). */
  signed: z.boolean(),
});
export type AuditEntryView = z.infer<typeof AuditEntrySchema>;

export const AuditPageSchema = pageSchema(AuditEntrySchema);

export const AuditQuerySchema = z.object({
  actor: z.string().min(1).max(200).optional(),
  /** An exact action, or a prefix ending in `.` (`auth.`). */
  action: z.string().min(1).max(200).optional(),
  tenantId: z.string().min(1).max(120).optional(),
  result: AuditResultSchema.optional(),
  /** Entries at or after this time. */
  from: z.iso.datetime().optional(),
  /** Entries before this time. */
  to: z.iso.datetime().optional(),
  cursor: CursorSchema.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type AuditQuery = z.input<typeof AuditQuerySchema>;

export const AuditVerificationSchema = z.object({
  valid: z.boolean(),
  /** Entries checked before the first failure (all of them when valid). */
  checked: z.number().int(),
  lastSeq: z.number().int(),
  /** Whether signatures were checked. */
  signed: z.boolean(),
  /** The checkpoint kept outside the database. */
  anchor: z.object({ seq: z.number().int(), at: TimestampSchema, location: z.string() }).optional(),
  /** Place of the first bad entry. */
  brokenAt: z.number().int().optional(),
  reason: z
    .enum([
      'gap',
      'broken-link',
      'hash-mismatch',
      'unsigned',
      'bad-signature',
      'unknown-key',
      'truncated',
      'anchor-mismatch',
      'anchor-signature',
    ])
    .optional(),
  message: z.string().optional(),
});
export type AuditVerificationView = z.infer<typeof AuditVerificationSchema>;

// ─── secrets ─────────────────────────────────────────────────────────────────────────────────────

export const SecretNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,100}$/, 'must be 1–100 letters, digits, ".", "_" or "-"');

export const SecretParamsSchema = z.object({ name: SecretNameSchema });

export const SecretMetadataSchema = z.object({
  name: z.string(),
  version: z.number().int(),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
});
export type SecretMetadataView = z.infer<typeof SecretMetadataSchema>;

export const SecretListSchema = z.object({ items: z.array(SecretMetadataSchema) });

export const PutSecretRequestSchema = z.object({
  /** The value (e.g. an API key); stored encrypted and never returned. */
  value: z.string().min(1).max(65_536),
});

// ─── access-token signing keys ───────────────────────────────────────────────────────────────────

export const SigningKeySchema = z.object({
  kid: z.string(),
  createdAt: TimestampSchema,
  /** Whether new access tokens are signed with it (the newest key). */
  signing: z.boolean(),
  /** When a replaced key stops verifying (its last tokens have expired); null for the signing key. */
  verifiesUntil: TimestampSchema.nullable(),
});
export type SigningKeyView = z.infer<typeof SigningKeySchema>;

export const SigningKeyListSchema = z.object({ items: z.array(SigningKeySchema) });

export const SigningKeyRotationSchema = z.object({
  /** The new signing key. */
  kid: z.string(),
  /** Every key after the rotation, newest first. */
  items: z.array(SigningKeySchema),
});

// ─── job workers' API keys ───────────────────────────────────────────────────────────────────────

export const ApiKeySchema = z.object({
  id: z.string(),
  /** The organisation whose workflow jobs the key may work. */
  tenantId: z.string(),
  name: z.string(),
  /** Job types it may work: exact names, or a prefix ending in `*` (`*` alone: all). */
  jobTypes: z.array(z.string()),
  createdAt: TimestampSchema,
  createdBy: z.string(),
  revokedAt: TimestampSchema.nullable(),
});
export type ApiKeyView = z.infer<typeof ApiKeySchema>;

export const ApiKeyListSchema = z.object({ items: z.array(ApiKeySchema) });

export const CreatedApiKeySchema = ApiKeySchema.extend({
  /** The key itself (`wak_…`): shown this once, kept only as a hash. */
  key: z.string(),
});

export const CreateApiKeyRequestSchema = z.object({
  name: z.string().trim().min(1).max(100),
  jobTypes: z.array(z.string().trim().min(1).max(200)).min(1).max(50),
  /** The organisation it works for; the platform's own (yours) when absent. */
  tenantId: z.string().min(1).max(120).optional(),
});

export const ApiKeyQuerySchema = z.object({ tenantId: z.string().min(1).max(120).optional() });

export const ApiKeyParamsSchema = z.object({ id: z.string().regex(/^[A-Za-z0-9]{12}$/, 'an API key id') });

/** Every route of this contract and who may call it. */
export const securityRoutes = {
  listAudit: { method: 'GET', path: '/api/v1/admin/audit', auth: ['admin'] },
  verifyAudit: { method: 'POST', path: '/api/v1/admin/audit/verify', auth: ['admin'] },
  listSigningKeys: { method: 'GET', path: '/api/v1/admin/signing-keys', auth: ['admin'] },
  rotateSigningKey: { method: 'POST', path: '/api/v1/admin/signing-keys/rotate', auth: ['admin'] },
  listApiKeys: { method: 'GET', path: '/api/v1/admin/api-keys', auth: ['admin'] },
  createApiKey: { method: 'POST', path: '/api/v1/admin/api-keys', auth: ['admin'] },
  revokeApiKey: { method: 'DELETE', path: '/api/v1/admin/api-keys/:id', auth: ['admin'] },
  listSecrets: { method: 'GET', path: '/api/v1/secrets', auth: 'user' },
  putSecret: { method: 'PUT', path: '/api/v1/secrets/:name', auth: 'user' },
  deleteSecret: { method: 'DELETE', path: '/api/v1/secrets/:name', auth: 'user' },
} as const satisfies Record<
  string,
  { method: string; path: string; auth: 'none' | 'user' | readonly ('customer' | 'operator' | 'admin')[] }
>;
