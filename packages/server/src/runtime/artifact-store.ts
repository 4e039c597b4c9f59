// The runtime's artifact store: files an agent instance keeps through `ctx.deliver` (daily reports,
// outputs of non-marketplace agents) — typed, versioned (earlier versions kept), downloadable with their
// MIME type, never deleted. Customer-visible work lives in the marketplace deliverable (decision 0074).
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Clock } from '../clock.js';
import { PlatformError, type JsonValue } from '../errors.js';
import type { Ids } from '../ids.js';
import { parseOrThrow } from '../components/validation/validator.js';
import type { DeferredWrites, Page, Store } from '../store/store.js';
import { utcDay } from './escalations.js';

/** What produced the content; the UI always says which. */
export type ProducedBy = 'deterministic' | 'model' | 'offline' | 'human';

export interface ArtifactVersion {
  deliverableId: string;
  version: number;
  agentId: string;
  tenantId: string | null;
  /** Kind of deliverable: `blog-post`, `lead-scores`, `daily-report`… */
  type: string;
  title: string;
  mimeType: string;
  /** How `content` is stored: text as is, bytes as base64. */
  encoding: 'utf8' | 'base64';
  content: string;
  size: number;
  sha256: string;
  producedBy: ProducedBy;
  metadata: Record<string, JsonValue>;
  createdAt: number;
  day: string;
}

export type ArtifactSummary = Omit<ArtifactVersion, 'content'>;

const MAX_BYTES = 5 * 1024 * 1024;

const createSchema = z.object({
  agentId: z.string().min(1).max(200),
  tenantId: z.string().min(1).max(200).nullable().default(null),
  type: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be lower-case kebab-case (≤ 64)'),
  title: z.string().min(1).max(300),
  mimeType: z
    .string()
    .regex(/^[a-z]+\/[a-z0-9.+-]+(;\s*charset=[a-z0-9-]+)?$/i, 'must be a MIME type such as text/markdown'),
  content: z.union([z.string(), z.instanceof(Uint8Array)]),
  producedBy: z.enum(['deterministic', 'model', 'offline', 'human']),
  /** Revises an existing deliverable (a new version) instead of creating one. */
  deliverableId: z.string().min(1).max(180).optional(),
  metadata: z.record(z.string(), z.custom<JsonValue>()).default({}),
});

export type CreateArtifactInput = z.input<typeof createSchema>;

const HEADS = 'deliverables';
const VERSIONS = 'deliverable_versions';
const versionId = (id: string, v: number) => `${id}@${String(v).padStart(8, '0')}`;

interface Head extends ArtifactSummary {
  latestVersion: number;
}

function extension(mime: string): string {
  const base = mime.split(';')[0]!.toLowerCase();
  const known: Record<string, string> = {
    'text/markdown': 'md',
    'text/plain': 'txt',
    'text/html': 'html',
    'text/csv': 'csv',
    'application/json': 'json',
    'application/pdf': 'pdf',
  };
  return known[base] ?? 'bin';
}

/** Checks that text content fits its type: JSON parses, text is text. */
function checkContent(mimeType: string, content: string | Uint8Array): void {
  const base = mimeType.split(';')[0]!.toLowerCase();
  if (base === 'application/json') {
    const text = typeof content === 'string' ? content : Buffer.from(content).toString('utf8');
    try {
      JSON.parse(text);
    } catch {
      throw new PlatformError(
        'VALIDATION',
        'Invalid deliverable: content is not valid JSON for application/json',
        { details: { field: 'content' } },
      );
    }
  }
  if (base.startsWith('text/') && typeof content !== 'string') {
    throw new PlatformError('VALIDATION', `Invalid deliverable: content for ${base} must be text`, {
      details: { field: 'content' },
    });
  }
}

/** Versioned artifacts in two document collections (names kept from before the rename: no data moved). */
export class ArtifactStore {
  constructor(private readonly deps: { store: Store; clock: Clock; ids: Ids }) {}

  /**
   * Creates a deliverable (version 1) or, with `deliverableId`, its next version. With `writes` (a
   * wake's), answered once applied rather than durable: the wake's closing commit makes it durable.
   */
  async create(input: CreateArtifactInput, writes?: DeferredWrites): Promise<ArtifactSummary> {
    const v = parseOrThrow(createSchema, input, 'deliverable');
    checkContent(v.mimeType, v.content);
    const bytes = typeof v.content === 'string' ? Buffer.from(v.content, 'utf8') : Buffer.from(v.content);
    if (bytes.length > MAX_BYTES)
      throw new PlatformError('PAYLOAD_TOO_LARGE', `Deliverable content exceeds ${MAX_BYTES} bytes`, {
        details: { field: 'content', size: bytes.length },
      });
    const options = writes && { defer: writes };
    return this.deps.store.transaction(async (tx) => {
      const id = v.deliverableId ?? this.deps.ids.next('dlv');
      const head = v.deliverableId ? await tx.documents.get<Head>(HEADS, id) : undefined;
      if (v.deliverableId && !head)
        throw new PlatformError('NOT_FOUND', `Deliverable ${id} does not exist`, {
          details: { deliverableId: id },
        });
      if (head && head.data.tenantId !== v.tenantId)
        throw new PlatformError('FORBIDDEN', `Deliverable ${id} belongs to another tenant`, {
          details: { deliverableId: id },
        });
      const now = this.deps.clock.now();
      const version: ArtifactVersion = {
        deliverableId: id,
        version: (head?.data.latestVersion ?? 0) + 1,
        agentId: v.agentId,
        tenantId: v.tenantId,
        type: v.type,
        title: v.title,
        mimeType: v.mimeType,
        encoding: typeof v.content === 'string' ? 'utf8' : 'base64',
        content: typeof v.content === 'string' ? v.content : bytes.toString('base64'),
        size: bytes.length,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        producedBy: v.producedBy,
        metadata: v.metadata,
        createdAt: now,
        day: utcDay(now),
      };
      const { content: _content, ...summary } = version;
      await tx.documents.insert({
        collection: VERSIONS,
        id: versionId(id, version.version),
        tenantId: v.tenantId,
        data: version,
      });
      const nextHead: Head = { ...summary, latestVersion: version.version };
      if (head) await tx.documents.update(HEADS, id, nextHead, { expectedVersion: head.version });
      else await tx.documents.insert({ collection: HEADS, id, tenantId: v.tenantId, data: nextHead });
      return summary;
    }, options);
  }

  /** The latest (or given) version with its content; NOT_FOUND when absent or another tenant's. */
  async get(
    deliverableId: string,
    options: { version?: number; tenantId?: string | null } = {},
  ): Promise<ArtifactVersion> {
    let v = options.version;
    if (v === undefined) {
      const head = await this.deps.store.documents.get<Head>(
        HEADS,
        deliverableId,
        options.tenantId === undefined ? {} : { tenantId: options.tenantId },
      );
      if (!head)
        throw new PlatformError('NOT_FOUND', `Deliverable ${deliverableId} does not exist`, {
          details: { deliverableId },
        });
      v = head.data.latestVersion;
    }
    const doc = await this.deps.store.documents.get<ArtifactVersion>(
      VERSIONS,
      versionId(deliverableId, v),
      options.tenantId === undefined ? {} : { tenantId: options.tenantId },
    );
    if (!doc)
      throw new PlatformError('NOT_FOUND', `Deliverable ${deliverableId} version ${v} does not exist`, {
        details: { deliverableId, version: v },
      });
    return doc.data;
  }

  /** Bytes, MIME type and a file name, ready to send as a download. */
  async download(
    deliverableId: string,
    options: { version?: number; tenantId?: string | null } = {},
  ): Promise<{ filename: string; mimeType: string; content: Buffer }> {
    const d = await this.get(deliverableId, options);
    const slug =
      d.title
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '')
        .slice(0, 60) || d.type;
    return {
      filename: `${slug}-v${d.version}.${extension(d.mimeType)}`,
      mimeType: d.mimeType,
      content: d.encoding === 'utf8' ? Buffer.from(d.content, 'utf8') : Buffer.from(d.content, 'base64'),
    };
  }

  /** Latest versions, newest first. */
  async list(
    options: {
      tenantId?: string | null;
      agentId?: string;
      type?: string;
      cursor?: string;
      limit?: number;
    } = {},
  ): Promise<Page<ArtifactSummary>> {
    const where: Record<string, string> = {};
    if (options.agentId !== undefined) where.agentId = options.agentId;
    if (options.type !== undefined) where.type = options.type;
    const page = await this.deps.store.documents.list<Head>(HEADS, {
      order: 'desc',
      where,
      ...(options.tenantId === undefined ? {} : { tenantId: options.tenantId }),
      ...(options.cursor === undefined ? {} : { cursor: options.cursor }),
      ...(options.limit === undefined ? {} : { limit: options.limit }),
    });
    return {
      items: page.items.map(({ data: { latestVersion: _l, ...summary } }) => summary),
      ...(page.nextCursor === undefined ? {} : { nextCursor: page.nextCursor }),
    };
  }

  /** Every version of a deliverable, newest first (without content). */
  async versions(deliverableId: string): Promise<ArtifactSummary[]> {
    const page = await this.deps.store.documents.list<ArtifactVersion>(VERSIONS, {
      where: { deliverableId },
      order: 'desc',
      limit: 1000,
    });
    return page.items.map(({ data: { content: _c, ...summary } }) => summary);
  }
}
