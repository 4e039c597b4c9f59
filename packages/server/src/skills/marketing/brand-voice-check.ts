// Brand voice and style-guide consistency: banned words (with replacements), required terms, brand-name
// casing, sentence length, exclamation marks, passive voice, contractions and US/UK spelling.
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, offlineResult, pct, round } from '../shared/checks.js';
import { checksSection, doc, table } from '../shared/markdown.js';
import { countPhrase, escapeRegExp, findPassive, lowerWords, splitSentences } from '../shared/text.js';
import type { SkillCheck } from '../skill.js';
import { defineSkill } from '../skill.js';
import { ui } from '../shared/form-meta.js';

export const styleGuideSchema = z.object({
  brandName: z
    .string()
    .trim()
    .min(1)
    .max(60)
    .optional()
    .meta(ui({ label: 'Brand name, exactly as it should be written', example: 'WAOOAW' })),
  bannedWords: z
    .array(
      z.union([
        z.string().trim().min(1).max(60),
        z.object({
          word: z.string().trim().min(1).max(60),
          replacement: z.string().trim().max(60).optional(),
        }),
      ]),
    )
    .max(200)
    .default([])
    .meta(
      ui({
        label: 'Words to avoid',
        help: 'Each word or phrase you never want to see, and what to say instead.',
      }),
    ),
  requiredTerms: z
    .array(z.string().trim().min(1).max(80))
    .max(50)
    .default([])
    .meta(ui({ label: 'Words every text must include', example: 'free trial' })),
  maxSentenceWords: z
    .number()
    .int()
    .min(5)
    .max(80)
    .default(25)
    .meta(ui({ label: 'Longest sentence allowed', unit: 'words', advanced: true })),
  maxExclamations: z
    .number()
    .int()
    .min(0)
    .max(50)
    .default(1)
    .meta(ui({ label: 'Exclamation marks allowed', advanced: true })),
  maxPassiveRatio: z
    .number()
    .min(0)
    .max(1)
    .default(0.1)
    .meta(ui({ label: 'Share of passive sentences allowed (0–1)', advanced: true })),
  spelling: z
    .enum(['en-GB', 'en-US', 'any'])
    .default('any')
    .meta(
      ui({
        label: 'Spelling',
        options: { 'en-GB': 'British English', 'en-US': 'American English', any: 'Either' },
      }),
    ),
  /** formal: no contractions; conversational: contractions welcome. */
  tone: z
    .enum(['formal', 'conversational', 'any'])
    .default('any')
    .meta(
      ui({
        label: 'Tone',
        options: { formal: 'Formal (no contractions)', conversational: 'Conversational', any: 'Either' },
      }),
    ),
});
export type StyleGuide = z.output<typeof styleGuideSchema>;

/** US → UK spelling pairs (the reverse is used for en-US). */
const SPELLING_PAIRS: readonly [string, string][] = [
  ['color', 'colour'],
  ['favorite', 'favourite'],
  ['behavior', 'behaviour'],
  ['honor', 'honour'],
  ['labor', 'labour'],
  ['center', 'centre'],
  ['theater', 'theatre'],
  ['organize', 'organise'],
  ['organization', 'organisation'],
  ['realize', 'realise'],
  ['recognize', 'recognise'],
  ['analyze', 'analyse'],
  ['optimize', 'optimise'],
  ['customize', 'customise'],
  ['prioritize', 'prioritise'],
  ['catalog', 'catalogue'],
  ['defense', 'defence'],
  ['traveling', 'travelling'],
  ['canceled', 'cancelled'],
  ['modeling', 'modelling'],
  ['enrollment', 'enrolment'],
  ['gray', 'grey'],
];

export interface VoiceViolation {
  rule: string;
  detail: string;
  suggestion?: string;
}

export interface VoiceReport {
  score: number;
  sentences: number;
  words: number;
  violations: VoiceViolation[];
  checks: SkillCheck[];
  stats: {
    exclamations: number;
    passiveRatio: number;
    longSentences: number;
    contractions: number;
    averageSentenceWords: number;
  };
}

/** Checks one text against a style guide. Pure. */
export function checkVoice(text: string, guide: StyleGuide): VoiceReport {
  const violations: VoiceViolation[] = [];
  const sentences = splitSentences(text);
  const wordsCount = lowerWords(text).length;
  for (const b of guide.bannedWords) {
    const word = typeof b === 'string' ? b : b.word;
    const replacement = typeof b === 'string' ? undefined : b.replacement;
    const n = countPhrase(text, word);
    if (n > 0)
      violations.push({
        rule: 'banned word',
        detail: `"${word}" ×${n}`,
        ...(replacement ? { suggestion: `use "${replacement}"` } : {}),
      });
  }
  const missing = guide.requiredTerms.filter((t) => countPhrase(text, t) === 0);
  for (const t of missing) violations.push({ rule: 'required term', detail: `"${t}" does not appear` });
  let wrongCase = 0;
  if (guide.brandName) {
    const re = new RegExp(`(?<![\\w])${escapeRegExp(guide.brandName)}(?![\\w])`, 'gi');
    const variants = new Set<string>();
    for (const m of text.matchAll(re)) {
      if (m[0] !== guide.brandName) {
        wrongCase++;
        variants.add(m[0]);
      }
    }
    if (wrongCase > 0)
      violations.push({
        rule: 'brand name',
        detail: `written as ${[...variants].map((v) => `"${v}"`).join(', ')}`,
        suggestion: `always "${guide.brandName}"`,
      });
  }
  const long = sentences.filter((s) => lowerWords(s).length > guide.maxSentenceWords);
  for (const s of long.slice(0, 10))
    violations.push({
      rule: 'long sentence',
      detail: `${lowerWords(s).length} words: "${s.slice(0, 80)}${s.length > 80 ? '…' : ''}"`,
      suggestion: `split below ${guide.maxSentenceWords} words`,
    });
  const exclamations = (text.match(/!/g) ?? []).length;
  if (exclamations > guide.maxExclamations)
    violations.push({ rule: 'exclamation marks', detail: `${exclamations} (max ${guide.maxExclamations})` });
  const passiveSentences = sentences.filter((s) => findPassive(s).length > 0);
  const passiveRatio = sentences.length === 0 ? 0 : passiveSentences.length / sentences.length;
  if (passiveRatio > guide.maxPassiveRatio)
    violations.push({
      rule: 'passive voice',
      detail: `${passiveSentences.length} of ${sentences.length} sentences (${pct(passiveRatio, 0)}; max ${pct(guide.maxPassiveRatio, 0)})`,
      suggestion: 'say who does what',
    });
  const contractions = (text.match(/\b\w+'(s|re|ve|ll|d|t|m)\b|\b\w+’(s|re|ve|ll|d|t|m)\b/gi) ?? []).filter(
    (c) => !/'s$|’s$/i.test(c) || /^(it|that|there|what|he|she|who|let)['’]s$/i.test(c),
  ).length;
  if (guide.tone === 'formal' && contractions > 0)
    violations.push({
      rule: 'tone',
      detail: `${contractions} contraction(s) in a formal voice`,
      suggestion: 'write "do not", "we are"',
    });
  if (guide.spelling !== 'any') {
    for (const [us, uk] of SPELLING_PAIRS) {
      const wrong = guide.spelling === 'en-GB' ? us : uk;
      const right = guide.spelling === 'en-GB' ? uk : us;
      const forms = new Set([wrong, `${wrong}s`, `${wrong}d`, `${wrong}ed`, `${wrong.replace(/e$/, '')}ing`]);
      const n = [...forms].reduce((sum, f) => sum + countPhrase(text, f), 0);
      if (n > 0)
        violations.push({
          rule: 'spelling',
          detail: `"${wrong}" is ${guide.spelling === 'en-GB' ? 'US' : 'UK'} spelling`,
          suggestion: `use "${right}"`,
        });
    }
  }
  const checks = [
    check(
      'no banned words',
      !violations.some((v) => v.rule === 'banned word'),
      `${violations.filter((v) => v.rule === 'banned word').length} banned word(s) used`,
    ),
    check(
      'required terms present',
      missing.length === 0,
      missing.length === 0 ? `all ${guide.requiredTerms.length} present` : `missing: ${missing.join(', ')}`,
    ),
    check(
      'brand name casing',
      wrongCase === 0,
      guide.brandName ? `${wrongCase} mis-cased mention(s) of ${guide.brandName}` : 'no brand name given',
    ),
    check(
      'sentence length',
      long.length === 0,
      `${long.length} sentence(s) over ${guide.maxSentenceWords} words`,
    ),
    check(
      'exclamation marks',
      exclamations <= guide.maxExclamations,
      `${exclamations} (max ${guide.maxExclamations})`,
    ),
    check('active voice', passiveRatio <= guide.maxPassiveRatio, `${pct(passiveRatio, 0)} passive sentences`),
    check(
      'tone and spelling',
      !violations.some((v) => v.rule === 'tone' || v.rule === 'spelling'),
      `${violations.filter((v) => v.rule === 'tone' || v.rule === 'spelling').length} issue(s)`,
    ),
  ];
  const score = round((checks.filter((c) => c.passed).length / checks.length) * 100, 0);
  return {
    score,
    sentences: sentences.length,
    words: wordsCount,
    violations,
    checks,
    stats: {
      exclamations,
      passiveRatio: round(passiveRatio, 3),
      longSentences: long.length,
      contractions,
      averageSentenceWords: sentences.length ? round(wordsCount / sentences.length, 1) : 0,
    },
  };
}

const inputSchema = z.object({
  text: z
    .string()
    .min(1)
    .max(50_000)
    .meta(
      ui({
        label: 'Your copy',
        help: 'Paste a post, an email or a page — or give its web address.',
        widget: 'textarea',
        fromUrl: true,
      }),
    ),
  guide: styleGuideSchema.prefault({}).meta(ui({ label: 'Your style guide' })),
});

export const brandVoiceCheck = defineSkill({
  id: 'brand.voice-check',
  agentIds: [
    AgentId.brand,
    AgentId.content,
    AgentId.social,
    AgentId.email,
    AgentId.ppc,
    AgentId.influencer,
    AgentId.enablement,
  ],
  title: 'Brand voice check',
  description:
    'Checks copy against your style guide: banned words, required terms, brand-name casing, sentence length, exclamation marks, passive voice, tone and spelling.',
  inputSchema,
  async run(input) {
    const report = checkVoice(input.text, input.guide);
    const markdown = doc(
      '# Brand voice review',
      `On-brand score **${report.score}/100** · ${report.sentences} sentences · ${report.stats.averageSentenceWords} words per sentence on average.`,
      report.violations.length === 0
        ? '_No deviations from the style guide._'
        : table(
            ['Rule', 'Finding', 'Fix'],
            report.violations.map((v) => [v.rule, v.detail, v.suggestion ?? '—']),
          ),
      checksSection(report.checks),
    );
    return offlineResult(report, {
      summary: `On-brand score ${report.score}/100 with ${report.violations.length} deviation(s)`,
      markdown,
      checks: report.checks,
      confidence: 0.85,
    });
  },
});
