// Merge-tag check: every {{tag}} in the template must resolve for every recipient (from their fields or
// a fallback); renders previews so nobody receives "Hi {{first_name}}".
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, offlineResult } from '../shared/checks.js';
import { checksSection, doc, table } from '../shared/markdown.js';
import { defineSkill } from '../skill.js';
import { own } from '../shared/own.js';

const TAG = /\{\{\s*([a-zA-Z_][\w.]*)\s*(?:\|\s*(?:default:)?\s*["']?([^}"']*)["']?\s*)?\}\}/g;

const inputSchema = z.object({
  subject: z.string().max(300).default(''),
  body: z.string().min(1).max(50_000),
  recipients: z
    .array(
      z
        .record(z.string().max(60), z.string().max(500))
        .refine((r) => Object.keys(r).length <= 50, 'at most 50 fields per recipient'),
    )
    .min(1)
    .max(1000),
  /** Values used when a recipient's field is empty. */
  fallbacks: z.record(z.string().max(60), z.string().max(200)).default({}),
});

/** Renders a template for one recipient; returns the text and the tags that could not be filled. */
export function renderTemplate(
  template: string,
  fields: Record<string, string>,
  fallbacks: Record<string, string>,
): { text: string; missing: string[] } {
  const missing: string[] = [];
  const text = template.replace(TAG, (_, name: string, inline: string | undefined) => {
    const v = own(fields, name)?.trim() || inline?.trim() || own(fallbacks, name)?.trim();
    if (!v) {
      missing.push(name);
      return `{{${name}}}`;
    }
    return v;
  });
  return { text, missing };
}

export const emailPersonalizationCheck = defineSkill({
  id: 'email.personalization-check',
  agentIds: [AgentId.email, AgentId.sdr],
  title: 'Merge-tag and personalisation check',
  description:
    'Finds merge tags that will not resolve for some recipients, broken tag syntax, and renders previews.',
  inputSchema,
  async run(input) {
    const template = `${input.subject}\n${input.body}`;
    const tags = [...new Set([...template.matchAll(TAG)].map((m) => m[1] ?? ''))];
    const opens = (template.match(/\{\{/g) ?? []).length;
    const closes = (template.match(/\}\}/g) ?? []).length;
    const wellFormed = [...template.matchAll(TAG)].length;
    const broken =
      opens !== closes || opens !== wellFormed || /\{(?!\{)[^{}]*\}\}|\{\{[^{}]*\}(?!\})/.test(template);
    const failures: { recipient: number; missing: string[] }[] = [];
    const previews: { recipient: number; subject: string; body: string }[] = [];
    input.recipients.forEach((r, i) => {
      const s = renderTemplate(input.subject, r, input.fallbacks);
      const b = renderTemplate(input.body, r, input.fallbacks);
      const missing = [...new Set([...s.missing, ...b.missing])];
      if (missing.length > 0) failures.push({ recipient: i, missing });
      if (previews.length < 3) previews.push({ recipient: i, subject: s.text, body: b.text });
    });
    const perTag = tags.map((t) => ({
      tag: t,
      missingFor: failures.filter((f) => f.missing.includes(t)).length,
    }));
    const checks = [
      check(
        'tag syntax',
        !broken,
        broken
          ? 'unbalanced or malformed {{ }} found'
          : `${tags.length} tag(s): ${tags.join(', ') || 'none'}`,
      ),
      check(
        'every tag resolves',
        failures.length === 0,
        failures.length === 0
          ? `all ${input.recipients.length} recipients render fully`
          : `${failures.length} recipient(s) would see a raw tag; add data or a fallback`,
      ),
    ];
    const markdown = doc(
      '# Personalisation check',
      table(
        ['Tag', 'Missing for'],
        perTag.map((t) => [`{{${t.tag}}}`, `${t.missingFor} recipient(s)`]),
      ),
      '## Previews',
      previews
        .map(
          (p) =>
            `**Recipient ${p.recipient + 1}** — _${p.subject || '(no subject)'}_\n\n${p.body.slice(0, 600)}`,
        )
        .join('\n\n---\n\n'),
      failures.length > 0 &&
        `## Recipients with gaps\n${table(
          ['Recipient #', 'Missing'],
          failures.slice(0, 100).map((f) => [f.recipient + 1, f.missing.join(', ')]),
        )}`,
      checksSection(checks),
    );
    return offlineResult(
      { tags: perTag, failures, previews, broken },
      {
        summary: `${tags.length} merge tag(s); ${failures.length} of ${input.recipients.length} recipient(s) incomplete`,
        markdown,
        checks,
        confidence: 0.98,
      },
    );
  },
});
