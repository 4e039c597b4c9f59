// Segment export: filters a company (or contact) CSV by column conditions and exports the matching rows
// as RFC 4180 CSV — re-read after writing to prove the export is exact.
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, offlineResult } from '../shared/checks.js';
import { headerKey, parseCsv, parseLooseNumber, toCsv } from '../shared/csv.js';
import { invalid } from '../shared/invalid.js';
import { checksSection, doc, table } from '../shared/markdown.js';
import { defineSkill } from '../skill.js';

const inputSchema = z.object({
  csv: z.string().min(1).max(2_000_000),
  filters: z
    .array(
      z.object({
        column: z.string().trim().min(1).max(80),
        op: z.enum(['eq', 'neq', 'in', 'contains', 'gte', 'lte', 'between', 'empty', 'not-empty']),
        value: z
          .union([
            z.string().max(200),
            z.number().min(-1e15).max(1e15),
            z.array(z.union([z.string().max(200), z.number().min(-1e15).max(1e15)])).max(100),
          ])
          .optional(),
      }),
    )
    .max(12)
    .default([]),
  /** Columns to export, in order; all columns when empty. */
  columns: z.array(z.string().trim().min(1).max(80)).max(100).default([]),
  sortBy: z
    .object({ column: z.string().trim().min(1).max(80), direction: z.enum(['asc', 'desc']).default('desc') })
    .optional(),
  limit: z.number().int().min(1).max(10_000).optional(),
});

type Filter = z.output<typeof inputSchema>['filters'][number];

function matches(cell: string, f: Filter, field: string): boolean {
  const v = cell.trim();
  const num = parseLooseNumber(v);
  const asList = Array.isArray(f.value)
    ? f.value.map(String)
    : f.value === undefined
      ? []
      : [String(f.value)];
  const needNumber = () => {
    const n = Array.isArray(f.value) ? f.value.map((x) => Number(x)) : [Number(f.value)];
    if (n.some((x) => !Number.isFinite(x))) throw invalid(field, `"${f.op}" needs a numeric value`);
    return n;
  };
  switch (f.op) {
    case 'eq':
      return v.toLowerCase() === (asList[0] ?? '').toLowerCase();
    case 'neq':
      return v.toLowerCase() !== (asList[0] ?? '').toLowerCase();
    case 'in':
      return asList.some((x) => x.toLowerCase() === v.toLowerCase());
    case 'contains':
      return asList.some((x) => v.toLowerCase().includes(x.toLowerCase()));
    case 'gte':
      return num !== undefined && !Number.isNaN(num) && num >= (needNumber()[0] as number);
    case 'lte':
      return num !== undefined && !Number.isNaN(num) && num <= (needNumber()[0] as number);
    case 'between': {
      const [lo, hi] = needNumber();
      if (lo === undefined || hi === undefined) throw invalid(field, '"between" needs [min, max]');
      return num !== undefined && !Number.isNaN(num) && num >= lo && num <= hi;
    }
    case 'empty':
      return v === '';
    case 'not-empty':
      return v !== '';
  }
}

export const leadgenSegmentExport = defineSkill({
  id: 'leadgen.segment-export',
  agentIds: [AgentId.leadGen, AgentId.crm],
  title: 'Segment export',
  description:
    'Filters a CSV by column conditions (equals, contains, ranges…), sorts, and exports the segment as standards-compliant CSV, verified by re-reading.',
  inputSchema,
  async run(input) {
    const rows = parseCsv(input.csv);
    const headers = rows[0];
    if (!headers) throw invalid('csv', 'is empty');
    const col = (name: string, field: string) => {
      const i = headers.findIndex((h) => headerKey(h) === headerKey(name));
      if (i < 0) throw invalid(field, `no column "${name}" (columns: ${headers.join(', ')})`);
      return i;
    };
    const filterCols = input.filters.map((f, i) => col(f.column, `filters[${i}].column`));
    const outCols = input.columns.length
      ? input.columns.map((c, i) => col(c, `columns[${i}]`))
      : headers.map((_, i) => i);
    let data = rows
      .slice(1)
      .filter((r) =>
        input.filters.every((f, i) => matches(r[filterCols[i] as number] ?? '', f, `filters[${i}].value`)),
      );
    if (input.sortBy) {
      const si = col(input.sortBy.column, 'sortBy.column');
      const dir = input.sortBy.direction === 'asc' ? 1 : -1;
      data = [...data].sort((a, b) => {
        const x = parseLooseNumber(a[si] ?? '');
        const y = parseLooseNumber(b[si] ?? '');
        if (x !== undefined && y !== undefined && !Number.isNaN(x) && !Number.isNaN(y)) return (x - y) * dir;
        return (a[si] ?? '').localeCompare(b[si] ?? '') * dir;
      });
    }
    if (input.limit) data = data.slice(0, input.limit);
    const selected = data.map((r) => outCols.map((i) => r[i] ?? ''));
    const outHeaders = outCols.map((i) => headers[i] as string);
    const csv = toCsv(outHeaders, selected);
    const reread = parseCsv(csv);
    // Formula-looking cells are prefixed with a quote on export; compare with that in mind.
    const roundTrip =
      reread.length - 1 === selected.length &&
      reread
        .slice(1)
        .every((r, i) => r.every((cell, j) => cell === selected[i]?.[j] || cell === `'${selected[i]?.[j]}`));
    const checks = [
      check('export verified', roundTrip, 'the exported CSV re-reads to exactly the selected rows'),
      check('segment not empty', selected.length > 0, `${selected.length} of ${rows.length - 1} rows match`),
    ];
    const markdown = doc(
      '# Segment export',
      `${selected.length} of ${rows.length - 1} rows match ${input.filters.length ? input.filters.map((f) => `${f.column} ${f.op} ${JSON.stringify(f.value ?? '')}`).join(' AND ') : '(no filters)'}.`,
      table(outHeaders, selected.slice(0, 25)),
      selected.length > 25 ? `_…and ${selected.length - 25} more rows in the CSV._` : '',
      checksSection(checks),
    );
    return offlineResult(
      { count: selected.length, headers: outHeaders, csv },
      {
        summary: `Exported ${selected.length} of ${rows.length - 1} rows`,
        markdown,
        checks,
        confidence: 0.99,
        selfChecksPassed: roundTrip,
      },
    );
  },
});
