import { describe, expect, it } from 'vitest';
import { collectElements, tokenizeHtml, visibleText } from './html.js';

describe('tokenizeHtml', () => {
  it('decodes every named and numeric entity but leaves unknown ones and script text as written', () => {
    const tokens = tokenizeHtml(
      '<p>Caf&eacute; &hellip; &#x27;q&#39; &frac12; &bogus;</p><script>if (a &amp;&amp; b<c) x()</script>',
    );
    const texts = tokens.flatMap((t) => (t.type === 'text' ? [t.text] : []));
    expect(texts).toEqual(["Café … 'q' ½ &bogus;", 'if (a &amp;&amp; b<c) x()']);
  });

  it('reads quoted, unquoted and valueless attributes; the first duplicate wins; names are lower-cased', () => {
    const [open] = tokenizeHtml('<A HREF=\'x>y\' title="a&quot;b" data-n=3 hidden href=second>l</a>');
    expect(open).toEqual({
      type: 'open',
      name: 'a',
      attrs: { href: 'x>y', title: 'a"b', 'data-n': '3', hidden: '' },
      selfClosing: false,
      offset: 0,
    });
  });

  it('gives void and self-closing elements one open token, and a lone < stays text', () => {
    const tokens = tokenizeHtml('a < b<img src=x><br/>c');
    expect(tokens.map((t) => t.type + (t.type === 'open' && t.selfClosing ? '/' : ''))).toEqual([
      'text',
      'open',
      'open/',
      'text',
    ]);
    expect(tokens[0]).toMatchObject({ text: 'a < b' });
  });
});

describe('collectElements', () => {
  it('ends a paragraph and a link where a browser would: at the next block or the enclosing close', () => {
    const tokens = tokenizeHtml('<p>intro<div><a href="/x">read more</div>after</div><p>last');
    const els = collectElements(tokens, new Set(['p', 'a']));
    expect(els.map((e) => [e.name, e.text])).toEqual([
      ['p', 'intro'],
      ['a', 'read more'],
      ['p', 'last'],
    ]);
  });
});

describe('visibleText', () => {
  it('leaves out head, script, style, noscript and comments', () => {
    const html =
      '<html><head><title>T</title><style>p{}</style><body><!-- c --><h1>Hi</h1><script>x</script>' +
      '<noscript><p>enable JS</p></noscript><p>there &amp; back</p>';
    expect(visibleText(tokenizeHtml(html))).toBe('Hi there & back');
  });
});
