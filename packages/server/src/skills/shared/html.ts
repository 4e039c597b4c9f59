// HTML tokens for audits from htmlparser2's streaming parser: no DOM, never throws; it knows the full
// entity table, raw-text and RCDATA elements, and the closes a browser implies (<p> before <div>, …).
import { Parser } from 'htmlparser2';

export type HtmlToken =
  | { type: 'open'; name: string; attrs: Record<string, string>; selfClosing: boolean; offset: number }
  | { type: 'close'; name: string; offset: number }
  | { type: 'text'; text: string; offset: number }
  | { type: 'comment'; text: string; offset: number };

/**
 * Tokenizes HTML (or simple XML such as a sitemap). Tag and attribute names are lower-cased, the first of
 * duplicate attributes wins, entities are decoded (not inside script or style), adjacent text is merged,
 * and closes the parser implies are emitted as close tokens. Void and self-closing (`<x/>`) elements are
 * one open token with no close.
 */
export function tokenizeHtml(html: string): HtmlToken[] {
  const tokens: HtmlToken[] = [];
  let lastOpen: { name: string; offset: number } | undefined;
  const parser: Parser = new Parser(
    {
      onopentag(name, attrs) {
        const offset = parser.startIndex;
        const source = html.slice(offset, parser.endIndex + 1);
        tokens.push({ type: 'open', name, attrs, selfClosing: /\/\s*>$/.test(source), offset });
        lastOpen = { name, offset };
      },
      onclosetag(name, isImplied) {
        const offset = parser.startIndex;
        // The close a void or self-closing element gets at once belongs to its open token.
        const ownClose = isImplied && lastOpen?.name === name && lastOpen.offset === offset;
        lastOpen = undefined;
        if (!ownClose) tokens.push({ type: 'close', name, offset });
      },
      ontext(text) {
        const last = tokens[tokens.length - 1];
        if (last?.type === 'text') last.text += text;
        else tokens.push({ type: 'text', text, offset: parser.startIndex });
      },
      oncomment(text) {
        tokens.push({ type: 'comment', text, offset: parser.startIndex });
      },
    },
    { recognizeSelfClosing: true },
  );
  parser.end(html);
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
