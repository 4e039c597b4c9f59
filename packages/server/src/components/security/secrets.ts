// The Secrets port: tenant and platform secrets (model API keys, GitHub tokens, webhook secrets, SMTP
// credentials) kept encrypted at rest. Values go in and come out only through `put` and `reveal`:
// listings carry metadata, and every read is audited with who asked and why.

/** A secret's place: a tenant's (tenantId) or the platform's (null), and its name. */
export interface SecretRef {
  tenantId: string | null;
  /** 1–100 characters: letters, digits, `.`, `_`, `-`. */
  name: string;
}

/** Who touches a secret, and why (both go to the audit trail). */
export interface SecretAccess {
  actor: string;
  purpose: string;
}

/** Everything about a secret except its value. */
export interface SecretMetadata {
  tenantId: string | null;
  name: string;
  version: number;
  /** The master key that wraps it now. */
  masterKeyId: string;
  createdBy: string;
  createdAt: number;
  updatedAt: number;
}

export interface Secrets {
  /** Id of the master key in use. */
  readonly masterKeyId: string;
  /** Creates or replaces a secret (version +1) and returns its metadata — never the value. VALIDATION for a bad name or an empty value. */
  put(ref: SecretRef, value: string, access: SecretAccess): Promise<SecretMetadata>;
  /**
   * The value, audited (`secret.read`). NOT_FOUND when absent; CONFIG_INVALID when it is wrapped by
   * another master key than the configured one; INTERNAL when the stored row was altered.
   */
  reveal(ref: SecretRef, access: SecretAccess): Promise<string>;
  /** Metadata of a tenant's secrets (null: the platform's), by name. */
  list(tenantId: string | null): Promise<SecretMetadata[]>;
  /** Removes it (audited); false when absent. */
  delete(ref: SecretRef, access: SecretAccess): Promise<boolean>;
  /**
   * Re-encrypts every secret under `nextMasterKey` (fresh data keys) in one transaction, then uses
   * it. CONFIG_INVALID, changing nothing, when any secret does not open with the current key.
   */
  rotateMasterKey(
    nextMasterKey: string,
    access: SecretAccess,
  ): Promise<{ reencrypted: number; masterKeyId: string }>;
  /** CONFIG_INVALID when stored secrets are wrapped by another master key (checked at start-up). */
  checkMasterKey(): Promise<void>;
}
