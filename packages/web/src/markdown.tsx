// Deliverable Markdown: marked (CommonMark + GFM) renders it to HTML and DOMPurify sanitises that HTML
// before it reaches the page. Raw HTML in the source is shown as text, links are limited to http(s),
// mailto and same-site paths, and deliverable headings shift down one so the page keeps the only h1.
import DOMPurify, { type Config } from 'dompurify';
import { Marked, type Token, type Tokens, type TokensList } from 'marked';
import { useMemo } from 'react';

/** Only these link targets are rendered as links; anything else (javascript:, data:, //host) stays text. */
export function isSafeHref(href: string): boolean {
  return /^(https?:\/\/|mailto:|\/(?!\/)|#)/i.test(href.trim());
}

const escapeHtml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch,
  );

const alignClass = (align: Tokens.TableCell['align']): string => (align ? ` class="align-${align}"` : '');

const marked = new Marked({
  gfm: true,
  renderer: {
    // Deliverables are text: HTML written in them is shown, never parsed.
    html({ text }) {
      return escapeHtml(text);
    },
    heading({ tokens, depth }) {
      const level = Math.min(6, depth + 1);
      return `<h${level}>${this.parser.parseInline(tokens)}</h${level}>\n`;
    },
    link({ href, title, tokens, raw }) {
      if (!isSafeHref(href)) return `<span>${escapeHtml(raw)}</span>`;
      const t = title ? ` title="${escapeHtml(title)}"` : '';
      return `<a href="${escapeHtml(href)}"${t}>${this.parser.parseInline(tokens)}</a>`;
    },
    // The page's policy loads no third-party images: an image becomes a link to it, named by its alt text.
    image({ href, text }) {
      return isSafeHref(href) ? `<a href="${escapeHtml(href)}">${escapeHtml(text)}</a>` : escapeHtml(text);
    },
    table({ header, rows }) {
      const row = (cells: Tokens.TableCell[]) => `<tr>${cells.map((c) => this.tablecell(c)).join('')}</tr>\n`;
      const body = rows.length ? `<tbody>${rows.map(row).join('')}</tbody>` : '';
      // A wide table scrolls inside a focusable, named region instead of widening the page.
      return `<div class="md-table" role="region" aria-label="Table" tabindex="0"><table><thead>${row(header)}</thead>${body}</table></div>\n`;
    },
    tablecell(cell) {
      const tag = cell.header ? 'th' : 'td';
      const scope = cell.header ? ' scope="col"' : '';
      return `<${tag}${alignClass(cell.align)}${scope}>${this.parser.parseInline(cell.tokens)}</${tag}>`;
    },
  },
});

const purifyConfig: Config = {
  ALLOWED_TAGS: [
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'p',
    'br',
    'hr',
    'blockquote',
    'pre',
    'code',
    'ul',
    'ol',
    'li',
    'strong',
    'em',
    'del',
    'a',
    'span',
    'div',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
  ],
  ALLOWED_ATTR: ['href', 'title', 'start', 'class', 'scope', 'role', 'aria-label', 'tabindex'],
};

let purifier: ReturnType<typeof DOMPurify> | undefined;

/** DOMPurify bound to this window; links get rel (and target) after sanitising, so never from input. */
function getPurifier(): ReturnType<typeof DOMPurify> | undefined {
  if (purifier || typeof window === 'undefined') return purifier;
  const p = DOMPurify(window);
  if (!p.isSupported) return undefined;
  p.addHook('afterSanitizeAttributes', (node) => {
    const href = node.tagName === 'A' ? node.getAttribute('href') : null;
    if (href === null) return;
    // DOMPurify's own URI rule already refuses script and data targets; ours is narrower still.
    if (!isSafeHref(href)) {
      node.removeAttribute('href');
      return;
    }
    node.setAttribute('rel', 'noopener noreferrer nofollow');
    if (/^https?:/i.test(href)) node.setAttribute('target', '_blank');
  });
  purifier = p;
  return p;
}

/**
 * Drops the sections whose heading matches one of `titles` (case-insensitive): the heading and every
 * block up to the next heading of the same or a higher level.
 */
export function omitSections(tokens: TokensList, titles: readonly string[]): TokensList {
  const wanted = new Set(titles.map((t) => t.trim().toLowerCase()));
  const kept: Token[] = [];
  let skipping: number | undefined;
  for (const t of tokens) {
    if (t.type === 'heading') {
      const h = t as Tokens.Heading;
      if (skipping !== undefined && h.depth <= skipping) skipping = undefined;
      if (skipping === undefined && wanted.has(h.text.trim().toLowerCase())) {
        skipping = h.depth;
        continue;
      }
    }
    if (skipping === undefined) kept.push(t);
  }
  return Object.assign(kept, { links: tokens.links });
}

/**
 * Markdown to sanitised HTML, or undefined where no DOM is available to sanitise with (the caller then
 * shows the source as text).
 */
export function renderMarkdown(source: string, omit: readonly string[] = []): string | undefined {
  const purify = getPurifier();
  if (!purify) return undefined;
  const tokens = marked.lexer(source);
  const html = marked.parser(omit.length ? omitSections(tokens, omit) : tokens);
  return purify.sanitize(html, purifyConfig);
}

/**
 * Renders a Markdown document safely inside a `.markdown` container. `omit` names sections the page
 * already shows in a richer form (e.g. the skill's checks).
 */
export function Markdown({
  source,
  label,
  omit = [],
}: {
  source: string;
  label?: string;
  omit?: readonly string[];
}) {
  const omitKey = omit.join('\n');
  const html = useMemo(() => renderMarkdown(source, omitKey ? omitKey.split('\n') : []), [source, omitKey]);
  return html === undefined ? (
    <div className="markdown" aria-label={label}>
      <pre>{source}</pre>
    </div>
  ) : (
    <div className="markdown" aria-label={label} dangerouslySetInnerHTML={{ __html: html }} />
  );
}
