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
import type { StoreDialect } from '../store-dialect.js';
import { withStoreErrors } from '../sql-errors.js';
import { fromJson, toJson } from '../sql-json.js';

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

const MAX_INSERT_ROWS = 512;
const insertSql = new Map<string, string>();

/**
 * `insert … values (…), (…) on conflict (id) do update`: a retried dead letter's row turns back
 * into a fresh pending one. Cached per dialect and row count.
 */
function insertPendingSql(dialect: StoreDialect, rows: number): string {
  const key = `${dialect}:${rows}`;
  let text = insertSql.get(key);
  if (text === undefined) {
    let n = 0;
    const p = () => (dialect === 'postgres' ? `$${++n}` : '?');
    const values = Array.from(
      { length: rows },
      () => `(${p()}, ${p()}, 'pending', ${p()}, ${p()}, ${p()}, ${p()})`,
    );
    text =
      `insert into bus_outbox (id, grp, status, message, attempts, errors, updated_at) values ${values.join(', ')} ` +
      `on conflict (id) do update set status = 'pending', attempts = excluded.attempts, errors = excluded.errors, ` +
      `reason = null, dead_at = null, updated_at = excluded.updated_at`;
    insertSql.set(key, text);
  }
  return text;
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
            // Chunked to stay under SQLite's bound-parameter limit.
            for (let i = 0; i < acks.length; i += 500)
              await db
                .deleteFrom('bus_outbox')
                .where('id', 'in', acks.slice(i, i + 500))
                .execute();
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

  /**
   * Multi-row INSERTs of pending entries, up to 512 rows each (6 parameters a row: within SQLite's
   * 32,766 and PostgreSQL's 65,535). Row counts are powers of two so a batch of any size reuses at
   * most ten statement texts (prepared once each by the SQLite driver's cache); the SQL is built
   * here rather than by Kysely, whose per-row query building cost more than the insert itself.
   */
  private async insertPending(db: Kysely<BusDatabase>, entries: readonly BusOutboxEntry[], now: number) {
    for (let i = 0; i < entries.length;) {
      const rows = Math.min(MAX_INSERT_ROWS, 2 ** Math.floor(Math.log2(entries.length - i)));
      const params: unknown[] = [];
      for (const e of entries.slice(i, i + rows)) {
        params.push(e.id, e.group, messageJson(e), e.attempts, errorsJson(e.errors), now);
      }
      await db.executeQuery(CompiledQuery.raw(insertPendingSql(this.ctx.dialect, rows), params));
      i += rows;
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
