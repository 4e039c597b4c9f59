// @vitest-environment jsdom
// The deliverable Markdown renderer (marked + DOMPurify): structure renders as expected and nothing in
// the input can become live HTML (scripts, event handlers, javascript: links, foreign images).
import fc from 'fast-check';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { isSafeHref, Markdown, renderMarkdown } from '../src/markdown.js';

const html = (source: string, omit?: string[]) =>
  renderToStaticMarkup(createElement(Markdown, { source, ...(omit ? { omit } : {}) }));

/** The rendered fragment as a DOM, to check what a browser would build from it. */
function dom(source: string): HTMLElement {
  const div = document.createElement('div');
  div.innerHTML = renderMarkdown(source) ?? '';
  return div;
}

const ALLOWED = new Set(
  'h2 h3 h4 h5 h6 p br hr blockquote pre code ul ol li strong em del a span div table thead tbody tr th td'.split(
    ' ',
  ),
);

/** Every element is markdown output, no attribute is an event handler, every link target is safe. */
function expectInert(root: HTMLElement): void {
  for (const el of root.querySelectorAll('*')) {
    expect(ALLOWED.has(el.tagName.toLowerCase()), el.outerHTML).toBe(true);
    for (const attr of el.attributes) expect(attr.name.startsWith('on'), el.outerHTML).toBe(false);
    const href = el.getAttribute('href');
    if (href !== null) expect(isSafeHref(href), href).toBe(true);
  }
}

describe('Markdown structure', () => {
  it('renders headings one level down, paragraphs, lists, tables, code, quotes and rules', () => {
    const root = dom(
      [
        '# Title',
        '',
        'Some **bold** text',
        'continues here.',
        '',
        '- a',
        '- b',
        '',
        '3. three',
        '4. four',
        '',
        '| A | B |',
        '| --- | ---: |',
        '| 1 | 2 |',
        '',
        '```ts',
        'const x = 1 < 2;',
        '```',
        '',
        '> quoted',
        '',
        '---',
      ].join('\n'),
    );
    expect([...root.children].map((e) => e.tagName.toLowerCase())).toEqual([
      'h2',
      'p',
      'ul',
      'ol',
      'div',
      'pre',
      'blockquote',
      'hr',
    ]);
    expect(root.querySelector('h1')).toBeNull();
    expect(root.querySelector('p')?.innerHTML).toBe('Some <strong>bold</strong> text\ncontinues here.');
    expect(root.querySelector('ol')?.getAttribute('start')).toBe('3');
    expect(root.querySelector('pre code')?.textContent).toBe('const x = 1 < 2;\n');
  });

  it('renders tables in a named, focusable region with header cells and alignment', () => {
    const out = html('| Name | Score |\n| :--- | ---: |\n| <b>x</b> | 9 |');
    expect(out).toContain('<div class="md-table" role="region" aria-label="Table" tabindex="0">');
    expect(out).toContain('<th class="align-left" scope="col">Name</th>');
    expect(out).toContain('<td class="align-right">9</td>');
    expect(out).toContain('&lt;b&gt;x&lt;/b&gt;');
  });

  it('keeps escaped pipes inside table cells', () => {
    const cells = [...dom('| a | b |\n|---|---|\n| a \\| b | c |').querySelectorAll('td')];
    expect(cells.map((c) => c.textContent)).toEqual(['a | b', 'c']);
  });

  it('treats an unterminated fence as code to the end instead of failing', () => {
    expect(dom('```\nno end').querySelector('pre code')?.textContent).toBe('no end\n');
  });

  it('renders inline bold, italic, code and safe links that open safely', () => {
    const out = html('**bold** _it_ `x<y` [site](https://example.com) [home](/dashboard)');
    expect(out).toContain('<strong>bold</strong>');
    expect(out).toContain('<em>it</em>');
    expect(out).toContain('<code>x&lt;y</code>');
    expect(out).toContain(
      '<a href="https://example.com" rel="noopener noreferrer nofollow" target="_blank">site</a>',
    );
    expect(out).toContain('<a href="/dashboard" rel="noopener noreferrer nofollow">home</a>');
  });
});

describe('Markdown safety', () => {
  it('shows raw HTML as text rather than markup', () => {
    const out = html('<script>alert(1)</script>\n\n<img src=x onerror="alert(2)"> and <b onclick=x>b</b>');
    expect(out).not.toContain('<script');
    expect(out).not.toContain('<img');
    expect(out).not.toContain('<b ');
    expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('does not turn javascript:, data:, obfuscated or protocol-relative targets into links', () => {
    for (const source of [
      '[click](javascript:alert(1))',
      '[d](data:text/html,hi)',
      '[e](jav&#x61;script:alert(1))',
      '[f](JaVaScRiPt:alert(1))',
      '[g](//evil.example)',
      '<javascript:alert(1)>',
      '[h][ref]\n\n[ref]: javascript:alert(1)',
      '![i](javascript:alert(1))',
    ]) {
      const root = dom(source);
      expect(root.querySelector('a'), source).toBeNull();
      expect(root.innerHTML, source).not.toMatch(/href=/);
    }
    expect(isSafeHref('/dashboard')).toBe(true);
  });

  it('shows an image as a link to it, never as an <img>', () => {
    const root = dom('![chart](https://example.com/c.png)');
    expect(root.querySelector('img')).toBeNull();
    expect(root.querySelector('a')?.getAttribute('href')).toBe('https://example.com/c.png');
    expect(root.querySelector('a')?.textContent).toBe('chart');
  });

  it('keeps a hostile link title inside its attribute', () => {
    const root = dom('[x](https://ok.example "t\\" onmouseover=\\"alert(1)")');
    expectInert(root);
    expect(root.querySelector('a')?.getAttribute('title')).toBe('t" onmouseover="alert(1)');
  });

  it('produces only inert markup from any mix of markdown and HTML fragments (property)', () => {
    const fragments = [
      '<script>alert(1)</script>',
      '<img src=x onerror=alert(1)>',
      '<svg onload=alert(1)>',
      '<iframe src="javascript:alert(1)">',
      '<style>*{}</style>',
      '<a href="javascript:alert(1)">a</a>',
      '[x](javascript:alert(1))',
      '[y](https://ok.example)',
      '![z](data:image/png;base64,AA)',
      '**b**',
      '`c`',
      '| a | b |\n|---|---|\n| <i onclick=x> | 2 |',
      '\n\n',
      '# h',
      '> q',
      '- l',
      '"\'<>&',
      '<!-- c -->',
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...fragments), { maxLength: 8 }), (parts) => {
        expectInert(dom(parts.join(' ')));
      }),
      { numRuns: 300 },
    );
  });
});

describe('omitSections', () => {
  it('drops a section up to the next heading of the same level, keeping the rest', () => {
    const out = html('# Report\n\nIntro\n\n## Checks\n\n- ok\n\n### Detail\n\nx\n\n## Next\n\nKeep', [
      'checks',
    ]);
    expect(out).toContain('<h2>Report</h2>');
    expect(out).toContain('<h3>Next</h3>');
    expect(out).toContain('Keep');
    expect(out).not.toContain('Checks');
    expect(out).not.toContain('Detail');
  });
});
