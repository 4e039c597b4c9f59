// A tiny Markdown → React renderer for deliverables: headings, paragraphs, lists, tables, fenced code,
// quotes, rules, bold/italic/code/links. Text only ever becomes React text nodes, so HTML in the input
// is shown literally — never parsed — and links are limited to http(s), mailto and same-site paths.
import type { ReactNode } from 'react';

/** A parsed block; exported for tests and for callers that want the outline. */
export type Block =
  | { kind: 'heading'; level: 1 | 2 | 3 | 4 | 5 | 6; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'list'; ordered: boolean; start: number; items: string[] }
  | { kind: 'table'; head: string[]; align: ('left' | 'center' | 'right' | undefined)[]; rows: string[][] }
  | { kind: 'code'; lang: string; text: string }
  | { kind: 'quote'; text: string }
  | { kind: 'rule' };

const headingRe = /^(#{1,6})\s+(.*?)\s*#*\s*$/;
const bulletRe = /^\s{0,3}[-*+]\s+(.*)$/;
const orderedRe = /^\s{0,3}(\d{1,9})[.)]\s+(.*)$/;
const ruleRe = /^\s{0,3}([-*_])(\s*\1){2,}\s*$/;
const fenceRe = /^\s{0,3}(`{3,}|~{3,})\s*([\w+-]*)/;
const tableRuleRe = /^\s*\|?\s*:?-{1,}:?\s*(\|\s*:?-{1,}:?\s*)*\|?\s*$/;

/** Splits a table row on pipes that are not escaped, and unescapes `\|` and `\\` in the cells. */
export function splitRow(line: string): string[] {
  let body = line.trim();
  if (body.startsWith('|')) body = body.slice(1);
  if (body.endsWith('|') && !body.endsWith('\\|')) body = body.slice(0, -1);
  const cells: string[] = [];
  let current = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch === '\\' && (body[i + 1] === '|' || body[i + 1] === '\\')) {
      current += body[i + 1];
      i++;
    } else if (ch === '|') {
      cells.push(current.trim());
      current = '';
    } else {
      current += ch;
    }
  }
  cells.push(current.trim());
  return cells;
}

function alignOf(cell: string): 'left' | 'center' | 'right' | undefined {
  const c = cell.trim();
  if (c.startsWith(':') && c.endsWith(':')) return 'center';
  if (c.endsWith(':')) return 'right';
  if (c.startsWith(':')) return 'left';
  return undefined;
}

function isBlockStart(line: string, next: string | undefined): boolean {
  return (
    headingRe.test(line) ||
    bulletRe.test(line) ||
    orderedRe.test(line) ||
    ruleRe.test(line) ||
    fenceRe.test(line) ||
    line.trimStart().startsWith('>') ||
    (line.includes('|') && next !== undefined && tableRuleRe.test(next))
  );
}

/** Parses Markdown into blocks. Unknown syntax degrades to paragraphs; nothing throws. */
export function parseMarkdown(source: string): Block[] {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] ?? '';
    const next = lines[i + 1];
    if (line.trim() === '') {
      i++;
      continue;
    }
    const fence = fenceRe.exec(line);
    if (fence) {
      const marker = fence[1] ?? '```';
      const body: string[] = [];
      i++;
      while (i < lines.length && !(lines[i] ?? '').trimStart().startsWith(marker))
        body.push(lines[i++] ?? '');
      i++; // closing fence (or end of input)
      blocks.push({ kind: 'code', lang: fence[2] ?? '', text: body.join('\n') });
      continue;
    }
    const heading = headingRe.exec(line);
    if (heading) {
      blocks.push({
        kind: 'heading',
        level: (heading[1]?.length ?? 1) as 1 | 2 | 3 | 4 | 5 | 6,
        text: heading[2] ?? '',
      });
      i++;
      continue;
    }
    if (ruleRe.test(line)) {
      blocks.push({ kind: 'rule' });
      i++;
      continue;
    }
    if (line.includes('|') && next !== undefined && tableRuleRe.test(next)) {
      const head = splitRow(line);
      const align = splitRow(next).map(alignOf);
      const rows: string[][] = [];
      i += 2;
      while (i < lines.length && (lines[i] ?? '').includes('|') && (lines[i] ?? '').trim() !== '')
        rows.push(splitRow(lines[i++] ?? ''));
      blocks.push({ kind: 'table', head, align, rows });
      continue;
    }
    if (line.trimStart().startsWith('>')) {
      const body: string[] = [];
      while (i < lines.length && (lines[i] ?? '').trimStart().startsWith('>'))
        body.push((lines[i++] ?? '').trimStart().replace(/^>\s?/, ''));
      blocks.push({ kind: 'quote', text: body.join(' ') });
      continue;
    }
    const bullet = bulletRe.exec(line);
    const ordered = orderedRe.exec(line);
    if (bullet || ordered) {
      const isOrdered = !bullet;
      const itemRe = isOrdered ? orderedRe : bulletRe;
      const items: string[] = [];
      while (i < lines.length) {
        const l = lines[i] ?? '';
        const m = itemRe.exec(l);
        if (m) {
          items.push((isOrdered ? m[2] : m[1]) ?? '');
        } else if (l.trim() !== '' && /^\s{2,}/.test(l) && items.length) {
          items[items.length - 1] += ` ${l.trim()}`; // continuation line of the previous item
        } else {
          break;
        }
        i++;
      }
      blocks.push({
        kind: 'list',
        ordered: isOrdered,
        start: isOrdered ? Number(ordered?.[1] ?? 1) : 1,
        items,
      });
      continue;
    }
    const para: string[] = [line.trim()];
    i++;
    while (i < lines.length && (lines[i] ?? '').trim() !== '' && !isBlockStart(lines[i] ?? '', lines[i + 1]))
      para.push((lines[i++] ?? '').trim());
    blocks.push({ kind: 'paragraph', text: para.join(' ') });
  }
  return blocks;
}

/** Only these link targets are rendered as links; anything else (javascript:, data:) stays text. */
export function isSafeHref(href: string): boolean {
  return /^(https?:\/\/|mailto:|\/(?!\/)|#)/i.test(href.trim());
}

const inlineRe =
  /(`+)([\s\S]*?)\1|\*\*([\s\S]+?)\*\*|__([\s\S]+?)__|\*([^*\s][^*]*?)\*|(?<![\w])_([^_\s][^_]*?)_(?![\w])|\[([^\]]+)\]\(([^)\s]+)\)|\\([\\`*_[\]()#+\-.!|>~])/g;

/** Renders inline Markdown to React nodes (text nodes are escaped by React). */
export function renderInline(text: string, keyPrefix = 'i'): ReactNode[] {
  const out: ReactNode[] = [];
  let last = 0;
  let n = 0;
  for (const m of text.matchAll(inlineRe)) {
    const at = m.index;
    if (at > last) out.push(text.slice(last, at));
    const key = `${keyPrefix}-${n++}`;
    if (m[1] !== undefined) out.push(<code key={key}>{m[2]?.trim()}</code>);
    else if (m[3] !== undefined || m[4] !== undefined)
      out.push(<strong key={key}>{renderInline(m[3] ?? m[4] ?? '', key)}</strong>);
    else if (m[5] !== undefined || m[6] !== undefined)
      out.push(<em key={key}>{renderInline(m[5] ?? m[6] ?? '', key)}</em>);
    else if (m[7] !== undefined && m[8] !== undefined) {
      const href = m[8];
      out.push(
        isSafeHref(href) ? (
          <a
            key={key}
            href={href}
            rel="noopener noreferrer nofollow"
            target={href.startsWith('http') ? '_blank' : undefined}
          >
            {renderInline(m[7], key)}
          </a>
        ) : (
          <span key={key}>{m[0]}</span>
        ),
      );
    } else if (m[9] !== undefined) out.push(m[9]);
    last = at + m[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

function renderBlock(block: Block, key: string): ReactNode {
  switch (block.kind) {
    case 'heading': {
      const H = `h${Math.min(6, block.level + 1)}` as 'h2'; // the page owns h1; deliverable headings shift down one
      return <H key={key}>{renderInline(block.text, key)}</H>;
    }
    case 'paragraph':
      return <p key={key}>{renderInline(block.text, key)}</p>;
    case 'quote':
      return <blockquote key={key}>{renderInline(block.text, key)}</blockquote>;
    case 'rule':
      return <hr key={key} />;
    case 'code':
      return (
        <pre key={key} data-lang={block.lang || undefined}>
          <code>{block.text}</code>
        </pre>
      );
    case 'list': {
      const items = block.items.map((item, j) => (
        <li key={`${key}-${j}`}>{renderInline(item, `${key}-${j}`)}</li>
      ));
      return block.ordered ? (
        <ol key={key} start={block.start === 1 ? undefined : block.start}>
          {items}
        </ol>
      ) : (
        <ul key={key}>{items}</ul>
      );
    }
    case 'table':
      return (
        <div className="md-table" key={key} role="region" aria-label="Table" tabIndex={0}>
          <table>
            <thead>
              <tr>
                {block.head.map((h, j) => (
                  <th key={j} style={block.align[j] ? { textAlign: block.align[j] } : undefined} scope="col">
                    {renderInline(h, `${key}-h${j}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {block.rows.map((row, r) => (
                <tr key={r}>
                  {block.head.map((_, j) => (
                    <td key={j} style={block.align[j] ? { textAlign: block.align[j] } : undefined}>
                      {renderInline(row[j] ?? '', `${key}-${r}-${j}`)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      );
  }
}

/**
 * Drops the sections whose heading matches one of `titles` (case-insensitive): the heading and every
 * block up to the next heading of the same or a higher level.
 */
export function omitSections(blocks: Block[], titles: readonly string[]): Block[] {
  const wanted = new Set(titles.map((t) => t.trim().toLowerCase()));
  const out: Block[] = [];
  let skipping: number | undefined;
  for (const b of blocks) {
    if (b.kind === 'heading') {
      if (skipping !== undefined && b.level <= skipping) skipping = undefined;
      if (skipping === undefined && wanted.has(b.text.trim().toLowerCase())) {
        skipping = b.level;
        continue;
      }
    }
    if (skipping === undefined) out.push(b);
  }
  return out;
}

/**
 * Renders a Markdown document safely inside a `.markdown` container. `omit` names sections the page
 * already shows in a richer form (e.g. the skill's checks).
 */
export function Markdown({
  source,
  label,
  omit,
}: {
  source: string;
  label?: string;
  omit?: readonly string[];
}) {
  const blocks = parseMarkdown(source);
  return (
    <div className="markdown" aria-label={label}>
      {(omit?.length ? omitSections(blocks, omit) : blocks).map((b, i) => renderBlock(b, `b${i}`))}
    </div>
  );
}
