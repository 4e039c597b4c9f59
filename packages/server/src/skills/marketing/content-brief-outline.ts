// Content brief and outline: title, meta description, sections with word budgets that add up exactly,
// a keyword placement plan and (for healthcare) the compliance elements a medical article needs.
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, offlineResult } from '../shared/checks.js';
import { bullets, checksSection, doc, table } from '../shared/markdown.js';
import { countPhrase, titleCase } from '../shared/text.js';
import { defineSkill } from '../skill.js';
import { META_RANGE, TITLE_RANGE, metaCandidates, snippetOk, titleCandidates } from './meta-snippets.js';
import { ui } from '../shared/form-meta.js';

export const briefInputSchema = z.object({
  topic: z
    .string()
    .trim()
    .min(3)
    .max(150)
    .meta(ui({ label: 'What is the article about?', example: 'Managing type 2 diabetes with diet' })),
  primaryKeyword: z
    .string()
    .trim()
    .min(2)
    .max(80)
    .meta(
      ui({
        label: 'Main search phrase',
        help: 'The words your readers type into Google.',
        example: 'type 2 diabetes',
      }),
    ),
  secondaryKeywords: z
    .array(z.string().trim().min(2).max(80))
    .max(10)
    .default([])
    .meta(ui({ label: 'Related phrases', example: 'blood sugar' })),
  audience: z
    .string()
    .trim()
    .min(2)
    .max(120)
    .default('patients and caregivers')
    .meta(ui({ label: 'Who will read it?' })),
  wordCount: z
    .number()
    .int()
    .min(400)
    .max(4000)
    .default(1200)
    .meta(ui({ label: 'Length', unit: 'words' })),
  format: z
    .enum(['blog', 'guide', 'faq', 'listicle'])
    .default('blog')
    .meta(
      ui({
        label: 'Format',
        options: {
          blog: 'Blog post',
          guide: 'Guide',
          faq: 'Questions and answers',
          listicle: 'List article',
        },
      }),
    ),
  industry: z
    .enum(['healthcare', 'general'])
    .default('healthcare')
    .meta(ui({ label: 'Subject area', help: 'Healthcare adds medical-claims checks.' })),
  /** Custom H2 headings for the body; the introduction and conclusion are always added. */
  sections: z
    .array(z.string().trim().min(2).max(100))
    .max(10)
    .optional()
    .meta(
      ui({ label: 'Headings you want', help: 'Leave empty and the brief proposes them.', advanced: true }),
    ),
  brand: z
    .string()
    .trim()
    .max(60)
    .optional()
    .meta(ui({ label: 'Brand', advanced: true })),
  callToAction: z
    .string()
    .trim()
    .max(200)
    .optional()
    .meta(ui({ label: 'Call to action', example: 'Book a free consultation', advanced: true })),
});
export type BriefInput = z.output<typeof briefInputSchema>;

export interface OutlineSection {
  heading: string;
  /** Relative weight used to split the word count. */
  weight: number;
  words: number;
  points: string[];
  keywords: string[];
}

export interface Brief {
  title: string;
  titleAlternatives: string[];
  metaDescription: string;
  audience: string;
  readingEaseTarget: number;
  outline: OutlineSection[];
  complianceNotes: string[];
  callToAction: string;
}

/** Splits `total` into integers proportional to `weights` whose sum is exactly `total` (largest remainder). */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (sum === 0 ? 0 : (total * w) / sum));
  const floors = exact.map(Math.floor);
  let left = total - floors.reduce((a, b) => a + b, 0);
  const order = exact
    .map((e, i) => ({ i, frac: e - Math.floor(e) }))
    .sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    floors[i] = (floors[i] ?? 0) + 1;
    left--;
  }
  return floors;
}

function bodyTemplate(input: BriefInput): { heading: string; weight: number; points: string[] }[] {
  const kw = titleCase(input.primaryKeyword);
  const health = input.industry === 'healthcare';
  if (input.sections && input.sections.length > 0) {
    return input.sections.map((h) => ({
      heading: h,
      weight: 2,
      points: [`Cover "${h}" with one concrete example`, 'Close with a one-line takeaway'],
    }));
  }
  switch (input.format) {
    case 'faq':
      return [
        `What is ${kw}?`,
        `What causes ${kw}?`,
        health ? `How is ${kw} diagnosed?` : `How does ${kw} work?`,
        health ? `How is ${kw} treated or managed?` : `How do I get started with ${kw}?`,
        `Can ${kw} be prevented?`,
        health ? 'When should I see a doctor?' : 'Where can I learn more?',
      ].map((q) => ({
        heading: q,
        weight: 1.5,
        points: [
          'Answer in the first sentence (40–60 words, snippet-ready)',
          'Add one supporting detail or example',
        ],
      }));
    case 'listicle':
      return Array.from({ length: 7 }, (_, i) => ({
        heading: `${i + 1}. ${i === 0 ? `The basics of ${kw}` : i === 6 ? 'Putting it together' : `Tip ${i + 1} for ${input.audience}`}`,
        weight: 1.2,
        points: ['One actionable tip per item', 'Say why it works in one sentence'],
      }));
    case 'guide':
      return [
        {
          heading: `Understanding ${kw}`,
          weight: 2,
          points: ['Plain-language definition', 'Who it affects and how common it is'],
        },
        {
          heading: 'Step-by-step',
          weight: 3,
          points: ['Numbered steps the reader can follow today', 'What to prepare before starting'],
        },
        {
          heading: 'Common mistakes to avoid',
          weight: 1.5,
          points: ['Three mistakes with the fix for each'],
        },
        {
          heading: 'Expert tips',
          weight: 1.5,
          points: ['Quote or paraphrase a qualified expert (name the credential)'],
        },
        ...(health
          ? [
              {
                heading: 'When to seek medical help',
                weight: 1,
                points: ['Red-flag symptoms that need urgent care', 'Who to contact'],
              },
            ]
          : []),
      ];
    case 'blog':
      return [
        {
          heading: `What is ${kw}?`,
          weight: 1.5,
          points: ['Define it in two plain sentences', 'One statistic with its source'],
        },
        {
          heading: health ? 'Causes and risk factors' : 'Why it matters',
          weight: 1.5,
          points: ['The main causes or drivers', 'Who is most at risk or most affected'],
        },
        {
          heading: health ? 'Signs and symptoms' : 'How it works',
          weight: 1.5,
          points: ['A short scannable list', 'What is normal vs. what is not'],
        },
        {
          heading: health ? 'Managing it day to day' : 'Practical steps',
          weight: 2.5,
          points: ['Evidence-based steps the reader can take', 'Link to a deeper resource'],
        },
        ...(health
          ? [
              {
                heading: 'When to see a doctor',
                weight: 1,
                points: ['Symptoms that need prompt attention', 'What to ask at the appointment'],
              },
            ]
          : []),
        {
          heading: 'Frequently asked questions',
          weight: 1.5,
          points: ['Three real questions from search or patients', 'Answer each in 40–60 words'],
        },
      ];
  }
}

/** Builds the brief; pure and deterministic. */
export function buildBrief(input: BriefInput): Brief {
  const kw = titleCase(input.primaryKeyword);
  const sections = [
    {
      heading: 'Introduction',
      weight: 1,
      points: [
        `Open with the reader's problem and use "${input.primaryKeyword}" in the first 100 words`,
        'Promise what the article delivers',
      ],
    },
    ...bodyTemplate(input),
    {
      heading: 'Conclusion',
      weight: 0.8,
      points: ['Summarise the three key takeaways', 'End with the call to action'],
    },
  ];
  const words = apportion(
    input.wordCount,
    sections.map((s) => s.weight),
  );
  const outline: OutlineSection[] = sections.map((s, i) => ({ ...s, words: words[i] ?? 0, keywords: [] }));
  // Primary keyword in the introduction and the first body heading; secondary ones spread over the body.
  outline[0]?.keywords.push(input.primaryKeyword);
  outline[1]?.keywords.push(input.primaryKeyword);
  const body = outline.slice(1, -1);
  input.secondaryKeywords.forEach((k, i) => body[i % Math.max(1, body.length)]?.keywords.push(k));
  const health = input.industry === 'healthcare';
  const titles = titleCandidates({
    topic: input.topic,
    primaryKeyword: input.primaryKeyword,
    brand: input.brand,
    audience: input.audience,
  });
  const metas = metaCandidates({
    topic: input.topic,
    primaryKeyword: input.primaryKeyword,
    brand: input.brand,
    audience: input.audience,
  });
  const complianceNotes = health
    ? [
        'Cite peer-reviewed or official sources (WHO, ICMR, NHS, PubMed) from the last five years for every statistic.',
        'Do not promise cures or guaranteed results; say "may help" and name the evidence.',
        'Add the medical disclaimer: "This article is for information only and is not a substitute for professional medical advice."',
        'Have a registered medical practitioner review the draft and name them with their credential.',
        "India: claims to cure diseases listed in the Drugs and Magic Remedies (Objectionable Advertisements) Act, 1954 are prohibited; follow ASCI's code for health claims.",
      ]
    : [
        'Attribute every statistic to a named source.',
        'Avoid absolute claims ("best", "guaranteed") that cannot be substantiated.',
      ];
  return {
    title: titles[0] ?? kw,
    titleAlternatives: titles.slice(1, 4),
    metaDescription: metas[0] ?? '',
    audience: input.audience,
    readingEaseTarget: health ? 60 : 50,
    outline,
    complianceNotes,
    callToAction:
      input.callToAction ??
      (health ? 'Book a consultation with our specialists.' : 'Subscribe for more practical guides.'),
  };
}

/** The brief's self-checks. */
export function briefChecks(brief: Brief, input: BriefInput) {
  const total = brief.outline.reduce((s, o) => s + o.words, 0);
  const assigned = new Set(brief.outline.flatMap((o) => o.keywords.map((k) => k.toLowerCase())));
  const missing = input.secondaryKeywords.filter((k) => !assigned.has(k.toLowerCase()));
  return [
    check(
      'word budget',
      total === input.wordCount,
      `sections add up to ${total} of ${input.wordCount} words`,
    ),
    check(
      'title',
      snippetOk(brief.title, input.primaryKeyword, TITLE_RANGE),
      `${brief.title.length} chars (target ${TITLE_RANGE.min}–${TITLE_RANGE.max}), keyword ${countPhrase(brief.title, input.primaryKeyword) > 0 ? 'included' : 'missing'}`,
    ),
    check(
      'meta description',
      snippetOk(brief.metaDescription, input.primaryKeyword, META_RANGE),
      `${brief.metaDescription.length} chars (target ${META_RANGE.min}–${META_RANGE.max})`,
    ),
    check(
      'keyword plan',
      missing.length === 0,
      missing.length === 0
        ? `all ${input.secondaryKeywords.length} secondary keywords placed`
        : `unplaced: ${missing.join(', ')}`,
    ),
    check(
      'compliance section',
      input.industry !== 'healthcare' || brief.complianceNotes.some((n) => n.includes('disclaimer')),
      input.industry === 'healthcare'
        ? 'medical disclaimer and sourcing rules included'
        : 'general sourcing rules included',
    ),
  ];
}

/** Markdown for a brief. */
export function briefMarkdown(brief: Brief, input: BriefInput): string {
  return doc(
    `# Content brief: ${brief.title}`,
    table(
      ['Field', 'Value'],
      [
        ['Topic', input.topic],
        ['Audience', brief.audience],
        ['Format / length', `${input.format}, ${input.wordCount} words`],
        ['Primary keyword', input.primaryKeyword],
        ['Secondary keywords', input.secondaryKeywords.join(', ') || '—'],
        ['Meta description', brief.metaDescription],
        ['Reading-ease target', `Flesch ≥ ${brief.readingEaseTarget}`],
        ['Call to action', brief.callToAction],
      ],
    ),
    `**Alternative titles:** ${brief.titleAlternatives.join(' · ') || '—'}`,
    '## Outline',
    brief.outline
      .map(
        (o) =>
          `### ${o.heading} (~${o.words} words)\n${bullets([...o.points, ...(o.keywords.length ? [`Keywords: ${o.keywords.join(', ')}`] : [])])}`,
      )
      .join('\n\n'),
    '## Compliance and sourcing',
    bullets(brief.complianceNotes),
  );
}

export const contentBriefOutline = defineSkill({
  id: 'content.brief-outline',
  agentIds: [AgentId.content, AgentId.seo, AgentId.enablement],
  title: 'Content brief and outline',
  description:
    'A ready-to-write brief: title, meta description, outline with exact word budgets, keyword plan and compliance notes.',
  inputSchema: briefInputSchema,
  async run(input) {
    const brief = buildBrief(input);
    const checks = briefChecks(brief, input);
    return offlineResult(brief, {
      summary: `Brief for "${brief.title}": ${brief.outline.length} sections, ${input.wordCount} words`,
      markdown: briefMarkdown(brief, input) + '\n' + checksSection(checks) + '\n',
      checks,
      confidence: 0.95,
      selfChecksPassed: checks[0]?.passed === true && checks[3]?.passed === true,
    });
  },
});
