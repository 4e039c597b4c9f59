// URL slugs: generates clean, unique, short slugs from titles and audits existing ones.
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, offlineResult } from '../shared/checks.js';
import { checksSection, doc, table } from '../shared/markdown.js';
import { STOP_WORDS } from '../shared/text.js';
import { defineSkill } from '../skill.js';

const SLUG_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** A slug from a title: ASCII, lower case, hyphens, stop words dropped (unless nothing would be left), at most `max` chars. */
export function slugify(title: string, max = 60, dropStopWords = true): string {
  const ascii = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/['’]/g, '');
  const parts = ascii.split(/[^a-z0-9]+/).filter(Boolean);
  const kept = dropStopWords ? parts.filter((p) => !STOP_WORDS.has(p)) : parts;
  const chosen = kept.length > 0 ? kept : parts;
  let slug = '';
  for (const p of chosen) {
    const next = slug ? `${slug}-${p}` : p;
    if (next.length > max) break;
    slug = next;
  }
  return slug || (chosen[0] ?? 'page').slice(0, max);
}

const inputSchema = z.object({
  items: z
    .array(
      z.object({
        title: z.string().trim().min(1).max(300),
        existingSlug: z.string().trim().max(300).optional(),
      }),
    )
    .min(1)
    .max(500),
  maxLength: z.number().int().min(10).max(120).default(60),
  dropStopWords: z.boolean().default(true),
});

export const seoSlugCheck = defineSkill({
  id: 'seo.slug-check',
  agentIds: [AgentId.seo],
  title: 'URL slug generator and audit',
  description:
    'Clean, unique slugs from product or article titles, and problems in existing slugs (case, underscores, length, duplicates).',
  inputSchema,
  async run(input) {
    const used = new Map<string, number>();
    const rows = input.items.map((item) => {
      const base = slugify(item.title, input.maxLength, input.dropStopWords);
      let slug = base;
      const n = used.get(base) ?? 0;
      if (n > 0) {
        const suffix = `-${n + 1}`;
        slug = `${base.slice(0, input.maxLength - suffix.length).replace(/-+$/, '')}${suffix}`;
      }
      used.set(base, n + 1);
      used.set(slug, Math.max(used.get(slug) ?? 0, 1));
      const problems: string[] = [];
      const old = item.existingSlug;
      if (old !== undefined) {
        if (/[A-Z]/.test(old)) problems.push('upper case');
        if (/_/.test(old)) problems.push('underscores (use hyphens)');
        if (old.length > input.maxLength) problems.push(`${old.length} chars (max ${input.maxLength})`);
        if (/[^a-zA-Z0-9_/-]/.test(old)) problems.push('special characters');
        if (/--|^-|-$/.test(old)) problems.push('stray hyphens');
        if (old.split(/[-_/]/).some((w) => STOP_WORDS.has(w.toLowerCase())) && input.dropStopWords)
          problems.push('stop words');
      }
      return { title: item.title, slug, existingSlug: old ?? null, problems };
    });
    const oldSlugs = rows.map((r) => r.existingSlug).filter((s): s is string => s !== null);
    const oldDupes = oldSlugs.length - new Set(oldSlugs.map((s) => s.toLowerCase())).size;
    const unique = new Set(rows.map((r) => r.slug)).size === rows.length;
    const wellFormed = rows.every((r) => SLUG_RE.test(r.slug) && r.slug.length <= input.maxLength);
    const withProblems = rows.filter((r) => r.problems.length > 0).length;
    const checks = [
      check(
        'generated slugs unique',
        unique,
        unique ? `${rows.length} unique slugs` : 'duplicate slugs generated',
      ),
      check(
        'generated slugs well formed',
        wellFormed,
        `lower-case a–z, 0–9 and single hyphens, ≤ ${input.maxLength} chars`,
      ),
      check(
        'existing slugs clean',
        withProblems === 0 && oldDupes === 0,
        `${withProblems} existing slug(s) with problems, ${oldDupes} duplicate(s)`,
      ),
    ];
    const markdown = doc(
      '# URL slugs',
      table(
        ['Title', 'Suggested slug', 'Existing', 'Problems'],
        rows.map((r) => [r.title, r.slug, r.existingSlug ?? '—', r.problems.join(', ') || '—']),
      ),
      checksSection(checks),
      rows.some((r) => r.existingSlug && r.existingSlug !== r.slug)
        ? '_When you change a live slug, 301-redirect the old URL to the new one._'
        : '',
    );
    return offlineResult(
      { slugs: rows },
      {
        summary: `${rows.length} slug(s) generated; ${withProblems} existing slug(s) need fixes`,
        markdown,
        checks,
        confidence: 0.97,
        selfChecksPassed: unique && wellFormed,
      },
    );
  },
});
