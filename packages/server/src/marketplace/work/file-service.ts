// Files customers upload as task input (decision 0047): size-limited, recognised by content (the parser
// is a port: inputs/uploaded-file.ts), stored per tenant with their parsed form. A task input value
// `{"$file": id}` becomes the file's rows (a field taking a list of records) or its text (a text field).
import { z } from 'zod';
import type { Page } from '../../contracts/contracts.js';
import type { StoredFile, UploadFileRequest } from '../../contracts/work.js';
import { PlatformError } from '../../errors.js';
import type { Ids } from '../../ids.js';
import type { Entity } from '../../store/entity-repository.js';
import type { Store } from '../../store/store.js';
import type { FileRecord } from '../../store/work-records.js';
import type { Principal } from '../principal.js';
import { iso } from '../time.js';
import { coreSchema, fileAccepts } from './skill-descriptions.js';
import type { TaskInputResolver } from './task-service.js';

export type FileParser = (name: string, bytes: Buffer) => Promise<Omit<FileRecord, 'name'>>;

export interface FileServiceOptions {
  store: Store;
  ids: Ids;
  parse: FileParser;
  /** Largest file accepted, in bytes (default 5 MB): larger is PAYLOAD_TOO_LARGE. */
  maxBytes?: number;
}

export const DEFAULT_MAX_FILE_BYTES = 5 * 1024 * 1024;

function isFileRef(value: unknown): value is { $file: string } {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.keys(value).length === 1 &&
    typeof (value as { $file?: unknown }).$file === 'string'
  );
}

const squash = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

/** A table row as a record for `element` (an object schema): columns matched to fields loosely, cells typed. */
function rowRecord(
  columns: readonly string[],
  row: readonly string[],
  element: z.ZodType,
): Record<string, unknown> {
  const shape = element instanceof z.ZodObject ? (element.shape as Record<string, z.ZodType>) : {};
  const fields = new Map(Object.keys(shape).map((k) => [squash(k), k]));
  const out: Record<string, unknown> = {};
  columns.forEach((column, i) => {
    const text = row[i] ?? '';
    if (text === '') return;
    const field = fields.get(squash(column)) ?? column;
    const type = shape[field] ? coreSchema(shape[field]) : undefined;
    if (type instanceof z.ZodNumber && Number.isFinite(Number(text.replace(/,/g, ''))))
      out[field] = Number(text.replace(/,/g, ''));
    else if (type instanceof z.ZodBoolean) out[field] = /^(true|yes|y|1)$/i.test(text);
    else if (type instanceof z.ZodArray)
      out[field] = text
        .split(/[;|]/)
        .map((s) => s.trim())
        .filter(Boolean);
    else out[field] = text;
  });
  return out;
}

export class FileService implements TaskInputResolver {
  private readonly maxBytes: number;

  constructor(private readonly o: FileServiceOptions) {
    this.maxBytes = o.maxBytes ?? DEFAULT_MAX_FILE_BYTES;
  }

  /** Largest upload body the route must let through (base64 of the limit plus the name). */
  get maxBodyBytes(): number {
    return Math.ceil((this.maxBytes * 4) / 3) + 4096;
  }

  async upload(principal: Principal, request: UploadFileRequest): Promise<StoredFile> {
    const bytes = Buffer.from(request.contentBase64, 'base64');
    if (bytes.length > this.maxBytes)
      throw new PlatformError(
        'PAYLOAD_TOO_LARGE',
        `The file is ${bytes.length} bytes; the limit is ${this.maxBytes}`,
        { details: { field: 'file', bytes: bytes.length, limit: this.maxBytes } },
      );
    const parsed = await this.o.parse(request.name, bytes);
    const { entity } = await this.o.store.workFiles.insert({
      id: this.o.ids.next('fil'),
      tenantId: principal.tenantId,
      data: { name: request.name, ...parsed },
    });
    return this.view(entity);
  }

  async get(principal: Principal, id: string): Promise<StoredFile> {
    const doc = await this.o.store.workFiles.get(id, { tenantId: principal.tenantId });
    if (!doc) throw new PlatformError('NOT_FOUND', `file ${id} does not exist`, { details: { id } });
    return this.view(doc);
  }

  async list(principal: Principal, query: { cursor?: string; limit: number }): Promise<Page<StoredFile>> {
    const page = await this.o.store.workFiles.list({
      tenantId: principal.tenantId,
      order: 'desc',
      limit: query.limit,
      ...(query.cursor ? { cursor: query.cursor } : {}),
    });
    return {
      items: page.items.map((d) => this.view(d)),
      ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    };
  }

  async resolve(
    tenantId: string,
    input: Record<string, unknown>,
    schema: z.ZodType,
  ): Promise<Record<string, unknown>> {
    const core = coreSchema(schema);
    const shape = core instanceof z.ZodObject ? (core.shape as Record<string, z.ZodType>) : {};
    const out: Record<string, unknown> = { ...input };
    for (const [field, value] of Object.entries(input)) {
      if (!isFileRef(value)) continue;
      const doc = await this.o.store.workFiles.get(value.$file, { tenantId });
      if (!doc)
        throw new PlatformError('VALIDATION', `input.${field}: file ${value.$file} does not exist`, {
          details: { field: `input.${field}`, fileId: value.$file },
        });
      const fieldSchema = shape[field];
      const accepts = fieldSchema ? fileAccepts(fieldSchema) : 'text';
      if (accepts === 'table') {
        const f = doc.data;
        if (!f.columns || !f.rows)
          throw new PlatformError(
            'VALIDATION',
            `input.${field}: takes a table (CSV or XLSX), not ${f.kind}`,
            {
              details: { field: `input.${field}`, fileId: doc.id, kind: f.kind },
            },
          );
        const element = (coreSchema(fieldSchema!) as z.ZodArray<z.ZodType>).element;
        out[field] = f.rows.map((r) => rowRecord(f.columns!, r, coreSchema(element)));
      } else {
        out[field] = doc.data.text;
      }
    }
    return out;
  }

  private view(doc: Entity<FileRecord>): StoredFile {
    const f = doc.data;
    return {
      id: doc.id,
      name: f.name,
      kind: f.kind,
      mediaType: f.mediaType,
      size: f.size,
      sha256: f.sha256,
      columns: f.columns,
      rows: f.rows?.length ?? null,
      textLength: f.columns ? null : f.text.length,
      createdAt: iso(doc.createdAt),
    };
  }
}
