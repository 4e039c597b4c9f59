import { describe, expect, it } from 'vitest';
import { digestPage } from './page-digest.js';

const page = `<!doctype html><html lang="en"><head><title> Running Shoes | Shop </title>
<meta name="description" content="Light shoes."><link rel="canonical" href="https://shop.in/shoes">
<style>body{color:red}</style><script>track()</script>
<script type="application/ld+json">{"@type":"Product","name":"Shoe"}</script></head>
<body><!-- nav --><h1 class="x" onclick="evil()">Running shoes</h1><img src="a.jpg" alt="Blue shoe" data-x="1">
<p>Cushioned <a href="/sale" style="color:red">on sale</a> today.</p><svg><text>logo</text></svg></body></html>`;

describe('digestPage', () => {
  it('keeps what audits read and drops scripts, styles, comments and other attributes', () => {
    const d = digestPage(page, { maxHtml: 5000, maxText: 5000 });
    expect(d.title).toBe('Running Shoes | Shop');
    expect(d.html).toContain('<html lang="en">');
    expect(d.html).toContain('<meta name="description" content="Light shoes.">');
    expect(d.html).toContain('<link rel="canonical" href="https://shop.in/shoes">');
    expect(d.html).toContain('<script type="application/ld+json">{"@type":"Product","name":"Shoe"}</script>');
    expect(d.html).toContain('<h1>Running shoes</h1>');
    expect(d.html).toContain('<img src="a.jpg" alt="Blue shoe">');
    expect(d.html).toContain('<a href="/sale">on sale</a>');
    expect(d.html).not.toMatch(/track\(\)|color:red|nav|onclick|logo|class=/);
    expect(d.text).toBe('Running shoes\nCushioned on sale today.');
    expect(d.truncated).toBe(false);
  });

  it('cuts a long page to the limit, keeping the head and closing what it leaves open', () => {
    const long = `<html><head><title>T</title></head><body>${'<div><p>word word word</p></div>'.repeat(2000)}</body></html>`;
    const d = digestPage(long, { maxHtml: 2000, maxText: 300 });
    expect(d.html.length).toBeLessThanOrEqual(2000);
    expect(d.html).toMatch(/^<html><head><title>T<\/title><\/head><body>/);
    expect(d.html).toMatch(/<\/body><\/html>$/);
    expect(d.html.match(/<div>/g)?.length).toBe(d.html.match(/<\/div>/g)?.length);
    expect(d.text.length).toBeLessThanOrEqual(300);
    expect(d.truncated).toBe(true);
  });
});
