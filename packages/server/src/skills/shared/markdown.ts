// Markdown building blocks for deliverables; cells are escaped so user text cannot break a table.

/** Escapes a table cell: pipes and newlines would otherwise split the row. */
export function cell(value: unknown): string {
  const text = value === undefined || value === null ? '' : String(value);
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** A GitHub-flavoured table. */
export function table(headers: readonly string[], rows: readonly (readonly unknown[])[]): string {
  const head = `| ${headers.map(cell).join(' | ')} |`;
  const rule = `| ${headers.map(() => '---').join(' | ')} |`;
  const body = rows.map((r) => `| ${headers.map((_, i) => cell(r[i])).join(' | ')} |`);
  return [head, rule, ...body].join('\n');
}

/** A bullet list; empty input yields a placeholder so sections never look broken. */
export function bullets(items: readonly string[], empty = '_None._'): string {
  return items.length === 0 ? empty : items.map((i) => `- ${i}`).join('\n');
}

/** Check results as a list with ✅ / ⚠️ marks. */
export function checksSection(checks: readonly { name: string; passed: boolean; detail: string }[]): string {
  return [
    '## Checks',
    bullets(checks.map((c) => `${c.passed ? '✅' : '⚠️'} **${c.name}** — ${c.detail}`)),
  ].join('\n');
}

/** Joins non-empty sections with blank lines. */
export function doc(...sections: (string | undefined | false)[]): string {
  return sections.filter((s): s is string => typeof s === 'string' && s.length > 0).join('\n\n') + '\n';
}
