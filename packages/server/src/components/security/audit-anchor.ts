// Checkpoints of the audit trail kept outside the database: the signed head of the chain (place and
// hash). A database restored from an older copy, or with its last entries deleted, is shorter than
// the anchor says — the one tampering a hash chain alone cannot show.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { PlatformError } from '../../errors.js';

/** The head of the chain at one moment, signed with the audit key. */
export interface AuditCheckpoint {
  seq: number;
  hash: string;
  /** Epoch ms when the checkpoint was taken. */
  at: number;
  keyId: string;
  signature: string;
}

/** Where checkpoints are kept. `write` only ever moves the anchor forward. */
export interface AuditAnchor {
  /** Human-readable location, for messages (`file ./data/keys/audit-anchor.json`). */
  readonly location: string;
  /** The newest checkpoint, or undefined before the first one. */
  read(): Promise<AuditCheckpoint | undefined>;
  /** Keeps `checkpoint` unless the anchor already holds a later one. */
  write(checkpoint: AuditCheckpoint): Promise<void>;
}

/** The message a checkpoint signs: distinct from an entry's, so one cannot stand in for the other. */
export function checkpointMessage(c: Pick<AuditCheckpoint, 'seq' | 'hash' | 'at'>): string {
  return `waooaw-audit-checkpoint:${c.seq}:${c.hash}:${c.at}`;
}

/** Anchor in memory (tests, and an in-memory database where nothing outlives the process anyway). */
export class MemoryAuditAnchor implements AuditAnchor {
  readonly location = 'memory';
  private current: AuditCheckpoint | undefined;

  async read(): Promise<AuditCheckpoint | undefined> {
    return this.current;
  }

  async write(checkpoint: AuditCheckpoint): Promise<void> {
    if (!this.current || checkpoint.seq > this.current.seq) this.current = { ...checkpoint };
  }
}

/** Anchor in a JSON file (0600), replaced atomically (write then rename). */
export class FileAuditAnchor implements AuditAnchor {
  readonly location: string;
  private readonly path: string;

  constructor(path: string) {
    this.path = resolve(path);
    this.location = `file ${this.path}`;
  }

  async read(): Promise<AuditCheckpoint | undefined> {
    if (!existsSync(this.path)) return undefined;
    try {
      const value = JSON.parse(readFileSync(this.path, 'utf8')) as AuditCheckpoint;
      if (typeof value.seq !== 'number' || typeof value.hash !== 'string')
        throw new Error('not a checkpoint');
      return value;
    } catch (cause) {
      throw new PlatformError('INTERNAL', `Audit anchor ${this.path} cannot be read`, {
        details: { path: this.path },
        cause,
      });
    }
  }

  async write(checkpoint: AuditCheckpoint): Promise<void> {
    const current = await this.read().catch(() => undefined);
    if (current && current.seq >= checkpoint.seq) return;
    mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
    const tmp = `${this.path}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(checkpoint)}\n`, { mode: 0o600 });
    renameSync(tmp, this.path);
  }
}
