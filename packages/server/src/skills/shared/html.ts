// A small, tolerant HTML tokenizer for audits: no DOM, never throws, handles comments, doctype,
// raw-text elements (script, style), RCDATA (title, textarea), unquoted attributes and stray '<'.

export type HtmlToken =
  | { type: 'open'; name: string; attrs: Record<string, string>; selfClosing: boolean; offset: number }
  | { type: 'close'; name: string; offset: number }
  | { type: 'text'; text: string; offset: number }
  | { type: 'comment'; text: string; offset: number };

const RAW_TEXT = new Set(['script', 'style', 'title', 'textarea', 'noscript']);
const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  copy: '©',
  reg: '®',
  trade: '™',
  hellip: '…',
  ndash: '–',
  mdash: '—',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  rupee: '₹',
  euro: '€',
  pound: '£',
};

/** Decodes character references (&amp; &#39; &#x27; and common named ones); unknown ones stay as written. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);?/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[ref.toLowerCase()] ?? whole;
  });
}

function parseAttrs(src: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  const re = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g;
  for (const m of src.matchAll(re)) {
    const name = (m[1] ?? '').toLowerCase();
    if (name in attrs) continue; // HTML keeps the first of duplicate attributes.
    attrs[name] = decodeEntities(m[2] ?? m[3] ?? m[4] ?? '');
  }
  return attrs;
}

/** Tokenizes HTML. */
export function tokenizeHtml(html: string): HtmlToken[] {
  const tokens: HtmlToken[] = [];
  let i = 0;
  const pushText = (from: number, to: number) => {
    if (to > from) tokens.push({ type: 'text', text: decodeEntities(html.slice(from, to)), offset: from });
  };
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    if (lt < 0) {
      pushText(i, html.length);
      break;
    }
    pushText(i, lt);
    if (html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 4);
      const stop = end < 0 ? html.length : end;
      tokens.push({ type: 'comment', text: html.slice(lt + 4, stop), offset: lt });
      i = end < 0 ? html.length : end + 3;
      continue;
    }
    if (html[lt + 1] === '!' || html[lt + 1] === '?') {
      const end = html.indexOf('>', lt);
      i = end < 0 ? html.length : end + 1;
      continue;
    }
    const m = /^<(\/?)([a-zA-Z][a-zA-Z0-9:-]*)/.exec(html.slice(lt, lt + 64));
    if (!m) {
      // A lone '<' (e.g. "a < b") is text.
      pushText(lt, lt + 1);
      i = lt + 1;
      continue;
    }
    // Find the tag's end, skipping '>' inside quoted attribute values.
    let j = lt + m[0].length;
    let quote: string | undefined;
    for (; j < html.length; j++) {
      const ch = html[j];
      if (quote) {
        if (ch === quote) quote = undefined;
      } else if (ch === '"' || ch === "'") quote = ch;
      else if (ch === '>') break;
    }
    const name = (m[2] ?? '').toLowerCase();
    const inner = html.slice(lt + m[0].length, j);
    i = j + 1;
    if (m[1] === '/') {
      tokens.push({ type: 'close', name, offset: lt });
      continue;
    }
    const selfClosing = /\/\s*$/.test(inner);
    tokens.push({
      type: 'open',
      name,
      attrs: parseAttrs(inner.replace(/\/\s*$/, '')),
      selfClosing,
      offset: lt,
    });
    if (RAW_TEXT.has(name) && !selfClosing) {
      const close = html.toLowerCase().indexOf(`</${name}`, i);
      const end = close < 0 ? html.length : close;
      const body = html.slice(i, end);
      if (body.length > 0)
        tokens.push({
          type: 'text',
          text: name === 'script' || name === 'style' ? body : decodeEntities(body),
          offset: i,
        });
      i = end;
    }
  }
  return tokens;
}

/** Elements with their text content, for the few element types an audit needs. */
export interface HtmlElement {
  name: string;
  attrs: Record<string, string>;
  text: string;
  offset: number;
}

const VOID = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'source',
  'track',
  'wbr',
]);

/**
 * Collects elements named in `names` with their (whitespace-collapsed) text. Unclosed elements end at
 * the next element of the same name or the end of input, as browsers would render them.
 */
export function collectElements(tokens: readonly HtmlToken[], names: ReadonlySet<string>): HtmlElement[] {
  const out: HtmlElement[] = [];
  const open: { el: HtmlElement; parts: string[] }[] = [];
  const finish = (k: number) => {
    const [entry] = open.splice(k, 1);
    if (entry) {
      entry.el.text = entry.parts.join('').replace(/\s+/g, ' ').trim();
      out.push(entry.el);
    }
  };
  for (const t of tokens) {
    if (t.type === 'open') {
      if (!names.has(t.name)) continue;
      const same = open.findIndex((o) => o.el.name === t.name);
      if (same >= 0 && /^h[1-6]$|^p$|^li$|^title$|^a$/.test(t.name)) finish(same);
      const el = { name: t.name, attrs: t.attrs, text: '', offset: t.offset };
      if (VOID.has(t.name) || t.selfClosing) out.push(el);
      else open.push({ el, parts: [] });
    } else if (t.type === 'close') {
      for (let k = open.length - 1; k >= 0; k--) {
        if (open[k]?.el.name === t.name) {
          finish(k);
          break;
        }
      }
    } else if (t.type === 'text') {
      for (const o of open) o.parts.push(t.text);
    }
  }
  while (open.length > 0) finish(open.length - 1);
  return out.sort((a, b) => a.offset - b.offset);
}

/** Visible text of the document (no script, style, head or comments), whitespace collapsed. */
export function visibleText(tokens: readonly HtmlToken[]): string {
  const parts: string[] = [];
  const hidden = new Set(['script', 'style', 'head', 'noscript', 'template', 'title', 'svg']);
  let depth = 0;
  const stack: string[] = [];
  for (const t of tokens) {
    if (t.type === 'open' && t.name === 'body') {
      // <body> implicitly closes an unclosed <head>.
      stack.length = 0;
      depth = 0;
    }
    if (t.type === 'open' && hidden.has(t.name) && !t.selfClosing) {
      stack.push(t.name);
      depth++;
    } else if (t.type === 'close' && hidden.has(t.name)) {
      const k = stack.lastIndexOf(t.name);
      if (k >= 0) {
        depth -= stack.length - k;
        stack.length = k;
      }
    } else if (t.type === 'text' && depth === 0) parts.push(t.text);
    else if (t.type === 'open' && /^(p|div|br|li|h[1-6]|tr|section|article)$/.test(t.name)) parts.push(' ');
  }
  return parts.join('').replace(/\s+/g, ' ').trim();
}
