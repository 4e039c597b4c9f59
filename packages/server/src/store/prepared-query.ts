// Hot statements compiled once. Kysely rebuilds, freezes and compiles a query's whole operation tree
// on every call — on the decision path that cost more CPU than SQLite took to run the statements.
// A prepared query is built once per dialect with stand-ins where its values go; each call then only
// puts its values into the compiled parameter list and executes the same SQL text (which the SQLite
// driver's statement cache and PostgreSQL's plan cache both key on).
import type {
  CompiledQuery,
  Compilable,
  InsertQueryBuilder,
  QueryId,
  QueryResult,
  RootOperationNode,
} from 'kysely';
import { PlatformError } from '../errors.js';
import type { SqlContext, SqlDb } from './sql-context.js';
import type { StoreDialect } from './store-dialect.js';

/** Where a run-time value goes while the query is compiled. */
class Slot {
  constructor(readonly index: number) {}
}

interface Compiled {
  sql: string;
  query: RootOperationNode;
  queryId: QueryId;
  /** Per compiled parameter: the argument index it takes, or -1 for a constant of the query itself. */
  sources: number[];
  constants: unknown[];
}

export interface PreparedQuery<A extends readonly unknown[]> {
  execute<R = unknown>(ctx: SqlContext, ...args: A): Promise<QueryResult<R>>;
  /** `execute` with the arguments in one array (callers that hold them so need not spread them). */
  executeArgs<R = unknown>(ctx: SqlContext, args: A): Promise<QueryResult<R>>;
  /** The compiled statement for these arguments (for tests and EXPLAIN). */
  compile(ctx: SqlContext, ...args: A): CompiledQuery;
}

/**
 * `build` receives the executor and one stand-in per argument and must only *place* them as values
 * (in `where`, `set`, `values`, `sql` templates) — never branch on them, spread them into lists or
 * put them in identifiers — so that the query's shape is the same for every call. An argument that
 * does not end up as a parameter is a programming error and fails at the first call.
 */
export function preparedQuery<A extends readonly unknown[]>(
  arity: A['length'],
  build: (db: SqlDb, ...args: A) => Compilable,
): PreparedQuery<A> {
  const byDialect = new Map<StoreDialect, Compiled>();

  const compiledFor = (ctx: SqlContext): Compiled => {
    const cached = byDialect.get(ctx.dialect);
    if (cached) return cached;
    const slots = Array.from({ length: arity }, (_, i) => new Slot(i));
    const compiled = build(ctx.db, ...(slots as unknown as A)).compile();
    const sources = compiled.parameters.map((p) => (p instanceof Slot ? p.index : -1));
    const missing = slots.filter((s) => !sources.includes(s.index)).map((s) => s.index);
    if (missing.length > 0) {
      throw new PlatformError(
        'INTERNAL',
        `Prepared query does not use argument(s) ${missing.join(', ')} as values`,
        {
          details: { sql: compiled.sql },
        },
      );
    }
    const entry = {
      sql: compiled.sql,
      query: compiled.query,
      queryId: compiled.queryId,
      sources,
      constants: compiled.parameters.map((p) => (p instanceof Slot ? undefined : p)),
    };
    byDialect.set(ctx.dialect, entry);
    return entry;
  };

  const compileArgs = (ctx: SqlContext, args: A): CompiledQuery => {
    const c = compiledFor(ctx);
    const parameters = new Array<unknown>(c.sources.length);
    for (let i = 0; i < c.sources.length; i++) {
      const source = c.sources[i]!;
      parameters[i] = source < 0 ? c.constants[i] : args[source];
    }
    return { sql: c.sql, query: c.query, parameters, queryId: c.queryId };
  };

  const executeArgs = <R>(ctx: SqlContext, args: A): Promise<QueryResult<R>> => {
    const query = compileArgs(ctx, args);
    return ctx.executeCompiled ? ctx.executeCompiled<R>(query) : ctx.db.executeQuery<R>(query);
  };

  return {
    compile: (ctx, ...args) => compileArgs(ctx, args),
    execute: (ctx, ...args) => executeArgs(ctx, args),
    executeArgs,
  };
}

/** One prepared query per list length, for `in (…)` lists (each length is its own statement). */
export function memoByCount<Q>(make: (count: number) => Q): (count: number) => Q {
  const byCount = new Map<number, Q>();
  return (count) => {
    let q = byCount.get(count);
    if (!q) byCount.set(count, (q = make(count)));
    return q;
  };
}

/**
 * Prepared queries whose shape depends on the call (which columns a filter names, whether a cursor
 * is given …): one per shape key, built on first use. The key must name everything `build` reads
 * besides its stand-ins; the arguments are then only values.
 */
export function preparedByShape(): (
  shape: string,
  arity: number,
  build: (db: SqlDb, ...args: unknown[]) => Compilable,
) => PreparedQuery<unknown[]> {
  const byShape = new Map<string, PreparedQuery<unknown[]>>();
  return (shape, arity, build) => {
    let q = byShape.get(shape);
    if (!q) byShape.set(shape, (q = preparedQuery<unknown[]>(arity, build)));
    return q;
  };
}

/**
 * A prepared INSERT of whole rows: `columns` fixes the statement's shape, each call passes a row with
 * a value (null included) for every column. `finish` adds ON CONFLICT / RETURNING clauses.
 */
export function preparedInsert<Row extends object>(
  table: string,
  columns: ReadonlyArray<keyof Row & string>,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the builder over "any schema"
  finish: (insert: InsertQueryBuilder<any, any, any>) => Compilable = (insert) => insert,
): { execute<R = unknown>(ctx: SqlContext, row: Row): Promise<QueryResult<R>> } {
  const query = preparedQuery<unknown[]>(columns.length, (db, ...values) =>
    finish(db.insertInto(table).values(Object.fromEntries(columns.map((c, i) => [c, values[i]])))),
  );
  return {
    execute: (ctx, row) =>
      query.executeArgs(
        ctx,
        columns.map((c) => row[c]),
      ),
  };
}
