// The console's one table: columns with a header and a cell per row, numbers right-aligned, wrapped so
// a wide table scrolls on its own instead of the page. Columns may be left out with `false`.
import type { ReactNode } from 'react';

export interface Column<T> {
  header: string;
  cell: (row: T) => ReactNode;
  /** Right-aligned tabular figures. */
  num?: boolean;
  /** Kept on one line (dotted action names and the like). */
  nowrap?: boolean;
}

export function OpsTable<T>({
  columns,
  rows,
  rowKey,
  testId,
}: {
  columns: Array<Column<T> | false>;
  rows: readonly T[];
  rowKey: (row: T) => string | number;
  testId?: string;
}) {
  const shown = columns.filter((c): c is Column<T> => c !== false);
  const cls = (c: Column<T>) =>
    [c.num && 'num', c.nowrap && 'ops-nowrap'].filter(Boolean).join(' ') || undefined;
  return (
    <div className="ops-table-wrap">
      <table className="ops-table" data-testid={testId}>
        <thead>
          <tr>
            {shown.map((c) => (
              <th key={c.header} scope="col" className={c.num ? 'num' : undefined}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)}>
              {shown.map((c) => (
                <td key={c.header} className={cls(c)}>
                  {c.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Text with a small monospace id under it (an agent and its id, an organisation and its id). */
export function Named({ name, id }: { name: ReactNode; id: string }) {
  return (
    <>
      {name}
      <div className="muted small mono">{id}</div>
    </>
  );
}
