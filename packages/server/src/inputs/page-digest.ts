// Reduces a fetched web page to what the skills read — the head's title, meta, canonical and JSON-LD,
// the body's headings, text, links and images — and its visible text, each cut to a size that fits a
// demo's input. Scripts (other than JSON-LD), styles, comments and unknown attributes are dropped.
import { tokenizeHtml } from '../skills/shared/html.js';

export interface PageDigest {
  title: string;
  html: string;
  text: string;
  truncated: boolean;
}

/** Elements whose content is never shown or read by an audit. */
const SKIPPED = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'svg',
  'iframe',
  'canvas',
  'object',
  'math',
]);
const HEAD_ONLY = new Set(['title', 'meta', 'link', 'base']);
const VOID = new Set(['meta', 'link', 'img', 'br', 'hr', 'base', 'source', 'input', 'wbr']);
/** Attributes kept, by element ('*' for all). */
const KEPT_ATTRS: Record<string, readonly string[]> = {
  '*': ['lang'],
  meta: ['name', 'content', 'property', 'charset', 'http-equiv'],
  link: ['rel', 'href', 'hreflang'],
  a: ['href', 'rel'],
  img: ['src', 'alt', 'width', 'height', 'loading'],
  script: ['type'],
};
const BLOCK =
  /^(p|div|li|h[1-6]|tr|td|th|section|article|header|footer|main|br|hr|ul|ol|table|blockquote|pre)$/;

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function openTag(name: string, attrs: Record<string, string>): string {
  const keep = [...(KEPT_ATTRS['*'] ?? []), ...(KEPT_ATTRS[name] ?? [])];
  const parts = Object.entries(attrs)
    .filter(([k]) => keep.includes(k))
    .map(([k, v]) => ` ${k}="${v.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"`);
  return `<${name}${parts.join('')}>`;
}

/**
 * Digests `html`: the reduced HTML is at most `maxHtml` characters (the head first, then as much of
 * the body as fits, with open elements closed), the text at most `maxText`.
 */
export function digestPage(html: string, limits: { maxHtml: number; maxText: number }): PageDigest {
  const head: string[] = [];
  const body: string[] = [];
  const text: string[] = [];
  const open: string[] = [];
  let skipping: string | undefined;
  let jsonLd = false;
  let inTitle = false;
  let title = '';
  let lang = '';
  let bodyChars = 0;
  let truncated = false;
  const headRoom = () => limits.maxHtml - head.join('').length;

  for (const t of tokenizeHtml(html)) {
    if (skipping) {
      if (t.type === 'close' && t.name === skipping) {
        if (jsonLd) head.push('</script>');
        skipping = undefined;
        jsonLd = false;
      } else if (jsonLd && t.type === 'text' && t.text.length < headRoom() - 20) head.push(t.text);
      continue;
    }
    if (t.type === 'comment') continue;
    if (t.type === 'open') {
      if (t.name === 'html') lang = t.attrs['lang'] ?? lang;
      if (t.name === 'script' && /ld\+json/i.test(t.attrs['type'] ?? '')) {
        skipping = 'script';
        jsonLd = true;
        head.push('<script type="application/ld+json">');
        continue;
      }
      if (SKIPPED.has(t.name)) {
        if (!VOID.has(t.name) && !t.selfClosing) skipping = t.name;
        continue;
      }
      if (t.name === 'title') inTitle = true;
      if (HEAD_ONLY.has(t.name)) {
        if (t.name !== 'title') head.push(openTag(t.name, t.attrs));
        continue;
      }
      if (t.name === 'html' || t.name === 'head' || t.name === 'body') continue;
      if (BLOCK.test(t.name)) text.push('\n');
      const tag = openTag(t.name, t.attrs);
      if (bodyChars + tag.length > limits.maxHtml) {
        truncated = true;
        continue;
      }
      body.push(tag);
      bodyChars += tag.length;
      if (!VOID.has(t.name) && !t.selfClosing) open.push(t.name);
    } else if (t.type === 'close') {
      if (t.name === 'title') inTitle = false;
      const at = open.lastIndexOf(t.name);
      if (at === -1) continue;
      // Close what the source left open inside this element, then the element itself.
      while (open.length > at) {
        const name = open.pop()!;
        body.push(`</${name}>`);
        bodyChars += name.length + 3;
      }
    } else if (t.type === 'text') {
      if (inTitle) {
        title += t.text;
        continue;
      }
      const clean = t.text.replace(/\s+/g, ' ');
      if (clean.trim() === '') continue;
      text.push(clean);
      const escaped = escapeText(clean);
      if (bodyChars + escaped.length > limits.maxHtml) {
        truncated = true;
        continue;
      }
      body.push(escaped);
      bodyChars += escaped.length;
    }
  }
  while (open.length) body.push(`</${open.pop()}>`);

  title = title.replace(/\s+/g, ' ').trim();
  const headHtml = `<head><title>${escapeText(title)}</title>${head.join('')}</head>`;
  const bodyBudget = Math.max(0, limits.maxHtml - headHtml.length - 40);
  let bodyHtml = body.join('');
  if (bodyHtml.length > bodyBudget) {
    truncated = true;
    bodyHtml = cutHtml(bodyHtml, bodyBudget);
  }
  const fullText = text
    .join('')
    .replace(/[ \t]*\n[ \t\n]*/g, '\n')
    .trim();
  const cutText = fullText.length > limits.maxText;
  return {
    title,
    html: `<html${lang ? ` lang="${lang.replace(/"/g, '')}"` : ''}>${headHtml}<body>${bodyHtml}</body></html>`,
    text: cutText ? fullText.slice(0, limits.maxText) : fullText,
    truncated: truncated || cutText,
  };
}

/** Cuts serialized HTML at a tag boundary within `budget` characters and closes what is left open. */
function cutHtml(html: string, budget: number): string {
  let end = html.lastIndexOf('<', budget);
  if (end <= 0) end = Math.min(budget, html.length);
  const kept = html.slice(0, end);
  const open: string[] = [];
  for (const m of kept.matchAll(/<(\/?)([a-z0-9]+)[^>]*>/g)) {
    const name = m[2]!;
    if (VOID.has(name)) continue;
    if (m[1]) {
      const at = open.lastIndexOf(name);
      if (at !== -1) open.splice(at);
    } else open.push(name);
  }
  return (
    kept +
    open
      .reverse()
      .map((n) => `</${n}>`)
      .join('')
  );
}
