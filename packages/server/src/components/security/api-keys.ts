// API keys for machine callers — job workers in any language working workflow task types over HTTP.
// A key `wak_<id>_<secret>` is shown once; the store keeps only the SHA-256 of its random 256-bit
// secret (a slow password hash adds nothing for a secret that cannot be guessed), compared in
// constant time. Each key belongs to a tenant and names the job types it may work (`payments.*`).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../../clock.js';
import { PlatformError } from '../../errors.js';
import type { DocumentRepository } from '../../store/store.js';

export const API_KEY_COLLECTION = 'api-keys';
const PREFIX = 'wak_';
const FORMAT = /^wak_([A-Za-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

export interface ApiKeyRecord {
  id: string;
  tenantId: string;
  name: string;
  /** Job types the key may activate and settle: exact names, or a prefix ending in `*` (`*` alone: all). */
  jobTypes: string[];
  /** SHA-256 (hex) of the secret part. */
  hash: string;
  createdAt: number;
  createdBy: string;
  revokedAt: number | null;
}

/** What a verified key lets its caller do. */
export interface ApiKeyPrincipal {
  keyId: string;
  tenantId: string;
  name: string;
  jobTypes: string[];
}

export interface ApiKeyService {
  /** Creates a key; the returned `key` is the only copy of the secret. */
  create(input: {
    tenantId: string;
    name: string;
    jobTypes: string[];
    createdBy: string;
  }): Promise<{ key: string; record: Omit<ApiKeyRecord, 'hash'> }>;
  /** The key's principal; UNAUTHENTICATED (`details.reason`: malformed | unknown | revoked) otherwise. */
  verify(presented: string): Promise<ApiKeyPrincipal>;
  list(tenantId?: string): Promise<Array<Omit<ApiKeyRecord, 'hash'>>>;
  /** Revokes a key at once; NOT_FOUND when absent. */
  revoke(id: string): Promise<void>;
}

/** Whether a string looks like one of our API keys (so a bearer header is routed here, not to JWT). */
export function isApiKey(value: string): boolean {
  return value.startsWith(PREFIX);
}

/** Whether the key may work jobs of `type`. */
export function allowsJobType(principal: Pick<ApiKeyPrincipal, 'jobTypes'>, type: string): boolean {
  return principal.jobTypes.some((p) => (p.endsWith('*') ? type.startsWith(p.slice(0, -1)) : p === type));
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

function refused(reason: 'malformed' | 'unknown' | 'revoked'): PlatformError {
  return new PlatformError('UNAUTHENTICATED', reason === 'revoked' ? 'API key revoked' : 'API key invalid', {
    details: { reason },
  });
}

function publicView(r: ApiKeyRecord): Omit<ApiKeyRecord, 'hash'> {
  const { hash: _hash, ...rest } = r;
  return rest;
}

export function createApiKeyService(options: { documents: DocumentRepository; clock: Clock }): ApiKeyService {
  const { documents, clock } = options;
  return {
    async create(input) {
      if (!input.tenantId || !input.name)
        throw new PlatformError('VALIDATION', 'tenantId and name are required', {
          details: { field: 'name' },
        });
      if (input.jobTypes.length === 0 || input.jobTypes.some((t) => !t.trim()))
        throw new PlatformError('VALIDATION', 'name at least one job type (or `*`)', {
          details: { field: 'jobTypes' },
        });
      const id = randomBytes(9).toString('base64url').replace(/[-_]/g, 'x').slice(0, 12);
      const secret = randomBytes(32).toString('base64url');
      const record: ApiKeyRecord = {
        id,
        tenantId: input.tenantId,
        name: input.name,
        jobTypes: input.jobTypes.map((t) => t.trim()),
        hash: sha256(secret),
        createdAt: clock.now(),
        createdBy: input.createdBy,
        revokedAt: null,
      };
      await documents.insert({ collection: API_KEY_COLLECTION, id, tenantId: input.tenantId, data: record });
      return { key: `${PREFIX}${id}_${secret}`, record: publicView(record) };
    },

    async verify(presented) {
      const m = FORMAT.exec(presented.trim());
      if (!m) throw refused('malformed');
      const doc = await documents.get<ApiKeyRecord>(API_KEY_COLLECTION, m[1]!);
      if (!doc) throw refused('unknown');
      const expected = Buffer.from(doc.data.hash, 'hex');
      const actual = Buffer.from(sha256(m[2]!), 'hex');
      if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) throw refused('unknown');
      if (doc.data.revokedAt !== null) throw refused('revoked');
      return {
        keyId: doc.data.id,
        tenantId: doc.data.tenantId,
        name: doc.data.name,
        jobTypes: doc.data.jobTypes,
      };
    },

    async list(tenantId) {
      const out: Array<Omit<ApiKeyRecord, 'hash'>> = [];
      let cursor: string | undefined;
      do {
        const page = await documents.list<ApiKeyRecord>(API_KEY_COLLECTION, {
          limit: 500,
          ...(tenantId === undefined ? {} : { tenantId }),
          ...(cursor ? { cursor } : {}),
        });
        out.push(...page.items.map((d) => publicView(d.data)));
        cursor = page.nextCursor;
      } while (cursor);
      return out;
    },

    async revoke(id) {
      const doc = await documents.get<ApiKeyRecord>(API_KEY_COLLECTION, id);
      if (!doc)
        throw new PlatformError('NOT_FOUND', `API key ${id} does not exist`, { details: { keyId: id } });
      await documents.modify<ApiKeyRecord>(API_KEY_COLLECTION, id, (r) => ({
        ...r,
        revokedAt: r.revokedAt ?? clock.now(),
      }));
    },
  };
}
