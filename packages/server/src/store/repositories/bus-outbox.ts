// The bus outbox over Kysely (SQLite or PostgreSQL): the durable side of the in-process bus.
// Each `write` is one transaction, so a batch of publishes and acks commits together (group commit).
import { CompiledQuery, type Kysely } from 'kysely';
import type { BusMessage, DeadLetter } from '../../bus/bus.js';
import type {
  AttemptError,
  BusOutbox,
  BusOutboxEntry,
  BusOutboxOp,
  BusOutboxState,
} from '../../bus/bus-outbox.js';
import type { SqlContext } from '../sql-context.js';
import { withStoreErrors } from '../sql-errors.js';
import { fromJson, toJson } from '../sql-json.js';
import { deleteEntriesSql, insertPendingSql, statementChunks } from './bus-outbox-sql.js';

interface OutboxRow {
  id: string;
  grp: string;
  status: 'pending' | 'dead' | 'discarded';
  message: unknown;
  attempts: number;
  errors: unknown;
  reason: string | null;
  dead_at: number | null;
  discard_reason: string | null;
  discarded_at: number | null;
  updated_at: number;
}

interface BusDatabase {
  bus_outbox: OutboxRow;
  bus_groups: { name: string; pattern: string; created_at: number };
}

/**
 * The message's JSON as the bus already serialised it, when given; `toJson` still runs when it might
 * hold a U+0000 (which it refuses with VALIDATION naming the field).
 */
function messageJson(e: BusOutboxEntry): string {
  return e.json !== undefined && !e.json.includes('\\u0000') ? e.json : toJson(e.message, 'message');
}

const errorsJson = (errors: readonly AttemptError[]): string =>
  errors.length ? toJson(errors, 'errors') : '[]';

export class BusOutboxRepository implements BusOutbox {
  constructor(private readonly ctx: SqlContext) {}

  async write(ops: readonly BusOutboxOp[]): Promise<void> {
    if (!ops.length) return;
    await withStoreErrors(
      () =>
        this.ctx.transaction(async (tx) => {
          const db = tx.db as Kysely<BusDatabase>;
          const now = this.ctx.clock.now();
          let acks: string[] = [];
          const flushAcks = async () => {
            for (const [from, rows] of statementChunks(acks.length))
              await db.executeQuery(
                CompiledQuery.raw(deleteEntriesSql(this.ctx.dialect, rows), acks.slice(from, from + rows)),
              );
            acks = [];
          };
          for (const op of ops) {
            if (op.kind === 'ack') {
              acks.push(op.id);
              continue;
            }
            await flushAcks();
            await this.apply(db, op, now);
          }
          await flushAcks();
        }),
      this.ctx.errorContext,
    );
  }

  private async apply(
    db: Kysely<BusDatabase>,
    op: Exclude<BusOutboxOp, { kind: 'ack' }>,
    now: number,
  ): Promise<void> {
    switch (op.kind) {
      case 'enqueue':
        await this.insertPending(db, op.entries, now);
        return;
      case 'attempt':
        await db
          .updateTable('bus_outbox')
          .set({ attempts: op.attempts, errors: toJson(op.errors, 'errors'), updated_at: now })
          .where('id', '=', op.id)
          .execute();
        return;
      case 'dead': {
        const d = op.deadLetter;
        await db
          .updateTable('bus_outbox')
          .set({
            status: 'dead',
            attempts: d.deliveries,
            errors: toJson(d.errors, 'errors'),
            reason: d.reason,
            dead_at: d.deadAt,
            updated_at: now,
          })
          .where('id', '=', d.id)
          .execute();
        return;
      }
      case 'discard':
        await db
          .updateTable('bus_outbox')
          .set({ status: 'discarded', discard_reason: op.reason, discarded_at: op.at, updated_at: now })
          .where('id', '=', op.id)
          .execute();
        return;
      case 'group':
        await db
          .insertInto('bus_groups')
          .values({ name: op.name, pattern: op.pattern, created_at: now })
          .onConflict((oc) => oc.column('name').doUpdateSet({ pattern: op.pattern }))
          .execute();
        return;
    }
  }

  /** Multi-row INSERTs of pending entries (see `statementChunks`). */
  private async insertPending(db: Kysely<BusDatabase>, entries: readonly BusOutboxEntry[], now: number) {
    for (const [from, rows] of statementChunks(entries.length)) {
      const params: unknown[] = [];
      for (const e of entries.slice(from, from + rows))
        params.push(e.id, e.group, messageJson(e), e.attempts, errorsJson(e.errors), now);
      await db.executeQuery(CompiledQuery.raw(insertPendingSql(this.ctx.dialect, rows), params));
    }
  }

  async load(): Promise<BusOutboxState> {
    const db = this.ctx.db as Kysely<BusDatabase>;
    const [groups, rows] = await withStoreErrors(
      () =>
        Promise.all([
          db.selectFrom('bus_groups').select(['name', 'pattern']).orderBy('name').execute(),
          db
            .selectFrom('bus_outbox')
            .selectAll()
            .where('status', 'in', ['pending', 'dead'])
            .orderBy('id')
            .execute(),
        ]),
      this.ctx.errorContext,
    );
    const dialect = this.ctx.dialect;
    const pending: BusOutboxEntry[] = [];
    const deadLetters: DeadLetter[] = [];
    for (const r of rows) {
      const message = fromJson<BusMessage>(r.message, dialect);
      const errors = fromJson<AttemptError[]>(r.errors, dialect);
      if (r.status === 'pending')
        pending.push({ id: r.id, group: r.grp, message, attempts: Number(r.attempts), errors });
      else
        deadLetters.push({
          id: r.id,
          group: r.grp,
          message,
          reason: r.reason ?? 'max-deliveries',
          deliveries: Number(r.attempts),
          errors,
          deadAt: Number(r.dead_at ?? 0),
        });
    }
    return { groups, pending, deadLetters };
  }
}
