// The console's data table: a sideways-scrolling wrapper, column headers (numbers right-aligned) and the
// rows the caller draws. With `region`, the table scrolls in a labelled, focusable box (keyboard scroll).
import type { ReactNode } from 'react';

export interface OpsColumn {
  label: string;
  num?: boolean;
}

export function OpsTable(props: {
  columns: OpsColumn[];
  caption?: string;
  region?: string;
  children: ReactNode;
}) {
  const { columns, caption, region, children } = props;
  return (
    <div
      className={region ? 'ops-table-wrap ops-scroll' : 'ops-table-wrap'}
      {...(region ? { role: 'region', 'aria-label': region, tabIndex: 0 } : {})}
    >
      <table className="ops-table">
        {caption && <caption className="sr-only">{caption}</caption>}
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.label} scope="col" className={c.num ? 'num' : undefined}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
