// The deliverable Markdown renderer: structure is parsed as expected and nothing in the input can
// become live HTML (scripts, event handlers, javascript: links).
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { isSafeHref, Markdown, omitSections, parseMarkdown, splitRow } from '../src/markdown.js';

const html = (source: string) => renderToStaticMarkup(createElement(Markdown, { source }));

describe('parseMarkdown', () => {
  it('parses headings, lists, tables, code, quotes and rules into blocks', () => {
    const blocks = parseMarkdown(
      [
        '# Title',
        '',
        'Some **bold** text',
        'continues here.',
        '',
        '- a',
        '- b',
        '',
        '1. one',
        '2. two',
        '',
        '| A | B |',
        '| --- | ---: |',
        '| 1 | 2 |',
        '',
        '```ts',
        'const x = 1;',
        '```',
        '',
        '> quoted',
        '',
        '---',
      ].join('\n'),
    );
    expect(blocks.map((b) => b.kind)).toEqual([
      'heading',
      'paragraph',
      'list',
      'list',
      'table',
      'code',
      'quote',
      'rule',
    ]);
    expect(blocks[1]).toEqual({ kind: 'paragraph', text: 'Some **bold** text continues here.' });
    expect(blocks[3]).toMatchObject({ kind: 'list', ordered: true, items: ['one', 'two'] });
    expect(blocks[4]).toMatchObject({
      kind: 'table',
      head: ['A', 'B'],
      align: [undefined, 'right'],
      rows: [['1', '2']],
    });
    expect(blocks[5]).toEqual({ kind: 'code', lang: 'ts', text: 'const x = 1;' });
  });

  it('keeps escaped pipes inside table cells', () => {
    expect(splitRow('| a \\| b | c \\\\ d |')).toEqual(['a | b', 'c \\ d']);
  });

  it('treats an unterminated fence as code to the end instead of failing', () => {
    expect(parseMarkdown('```\nno end')).toEqual([{ kind: 'code', lang: '', text: 'no end' }]);
  });
});

describe('Markdown', () => {
  it('renders inline bold, italic, code and safe links', () => {
    const out = html('**bold** _it_ `x<y` [site](https://example.com)');
    expect(out).toContain('<strong>bold</strong>');
    expect(out).toContain('<em>it</em>');
    expect(out).toContain('<code>x&lt;y</code>');
    expect(out).toContain('href="https://example.com"');
    expect(out).toContain('rel="noopener noreferrer nofollow"');
  });

  it('shows raw HTML as text rather than markup', () => {
    const out = html('<script>alert(1)</script>\n\n<img src=x onerror="alert(2)">');
    expect(out).not.toContain('<script');
    expect(out).not.toContain('<img');
    expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('does not turn javascript: or data: targets into links', () => {
    const out = html('[click](javascript:alert(1)) [d](data:text/html,hi)');
    expect(out).not.toContain('href=');
    expect(isSafeHref('javascript:alert(1)')).toBe(false);
    expect(isSafeHref('//evil.example')).toBe(false);
    expect(isSafeHref('/dashboard')).toBe(true);
  });

  it('renders tables with header cells and alignment', () => {
    const out = html('| Name | Score |\n| :--- | ---: |\n| <b>x</b> | 9 |');
    expect(out).toContain('<th style="text-align:left" scope="col">Name</th>');
    expect(out).toContain('<td style="text-align:right">9</td>');
    expect(out).toContain('&lt;b&gt;x&lt;/b&gt;');
  });
});

describe('omitSections', () => {
  it('drops a section up to the next heading of the same level, keeping deeper structure elsewhere', () => {
    const blocks = parseMarkdown(
      '# Report\n\nIntro\n\n## Checks\n\n- ok\n\n### Detail\n\nx\n\n## Next\n\nKeep',
    );
    const kept = omitSections(blocks, ['checks']);
    expect(kept.map((b) => (b.kind === 'heading' ? b.text : b.kind))).toEqual([
      'Report',
      'paragraph',
      'Next',
      'paragraph',
    ]);
  });
});
