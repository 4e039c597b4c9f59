// Kysely's SQLite compiler with LIMIT / OFFSET integers written into the SQL text instead of bound:
// SQLite (built with STAT4) re-prepares a statement each time a bound LIMIT changes its plan inputs,
// which made an empty indexed read cost ~15 µs instead of ~2 µs (decision 0089).
import { SqliteQueryCompiler, ValueNode, type LimitNode, type OffsetNode, type OperationNode } from 'kysely';

/** A non-negative safe integer value (every LIMIT / OFFSET the repositories pass), or undefined. */
function literalCount(node: OperationNode): number | undefined {
  if (!ValueNode.is(node)) return undefined;
  const value = (node as ValueNode).value;
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

export class LiteralLimitSqliteQueryCompiler extends SqliteQueryCompiler {
  protected override visitLimit(node: LimitNode): void {
    const n = literalCount(node.limit);
    if (n === undefined) return super.visitLimit(node);
    this.append(`limit ${n}`);
  }

  protected override visitOffset(node: OffsetNode): void {
    const n = literalCount(node.offset);
    if (n === undefined) return super.visitOffset(node);
    this.append(`offset ${n}`);
  }
}
