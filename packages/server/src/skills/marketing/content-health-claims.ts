// Health-claim compliance: flags promises a medical or wellness text must not make (cures, guarantees,
// "100% safe"), unsupported evidence claims and a missing disclaimer. Statements of fact such as
// "there is no cure" are recognised by their negation and not flagged.
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, offlineResult } from '../shared/checks.js';
import { checksSection, doc, table } from '../shared/markdown.js';
import { defineSkill } from '../skill.js';

export type ClaimSeverity = 'high' | 'medium' | 'low';

interface ClaimRule {
  id: string;
  re: RegExp;
  severity: ClaimSeverity;
  reason: string;
  suggestion: string;
  /** Skip when a negation ("no", "not", "never") comes just before: "there is no cure for…". */
  negatable?: boolean;
}

/** Conditions whose cure or treatment may not be advertised in India (DMR Act 1954 schedule, among others). */
const SCHEDULED_DISEASES =
  'cancer|diabetes|obesity|heart disease|hypertension|high blood pressure|asthma|arthritis|epilepsy|paralysis|infertility|tuberculosis|kidney stones?|cataract|glaucoma|leukaemia|leukemia|covid(?:-19)?|hiv|aids';

const RULES: ClaimRule[] = [
  {
    id: 'cure',
    re: /\b(cures?|cured|curing|cure for|permanent cure)\b/gi,
    severity: 'high',
    reason: 'promises a cure',
    suggestion: 'say "may help manage" and cite evidence',
    negatable: true,
  },
  {
    id: 'guarantee',
    re: /\b(guarantee[ds]?|guaranteed results?)\b/gi,
    severity: 'high',
    reason: 'guaranteed outcomes cannot be promised for health',
    suggestion: 'remove the guarantee; describe typical results with evidence',
    negatable: true,
  },
  {
    id: 'absolute-safety',
    re: /\b100\s?%\s?(safe|effective|natural|results?|success|cure)\b|\b(completely|totally|perfectly) (safe|harmless)\b/gi,
    severity: 'high',
    reason: 'absolute safety or efficacy claim',
    suggestion: 'state the evidence and known side effects instead',
  },
  {
    id: 'no-side-effects',
    re: /\b(no|zero|without any) side[- ]effects?\b/gi,
    severity: 'high',
    reason: 'claims no side effects',
    suggestion: 'list known side effects or say "side effects are uncommon; talk to your doctor"',
  },
  {
    id: 'miracle',
    re: /\b(miracle|magic(al)?|wonder[- ]drug|breakthrough cure|secret (remedy|formula))\b/gi,
    severity: 'high',
    reason: 'sensational claim',
    suggestion: 'use neutral, evidence-based wording',
  },
  {
    id: 'risk-free',
    re: /\brisk[- ]free\b/gi,
    severity: 'high',
    reason: 'no treatment is risk-free',
    suggestion: 'describe the risks and benefits',
  },
  {
    id: 'disease-claim',
    re: new RegExp(
      `\\b(cures?|treats?|heals?|reverses?|eliminates?|prevents?|eradicates?|fights?) (?:your |the )?(${SCHEDULED_DISEASES})\\b`,
      'gi',
    ),
    severity: 'high',
    reason: 'disease treatment or prevention claim (regulated; India: DMR Act 1954, ASCI)',
    suggestion: 'only a registered medicine may claim this; rephrase as general wellbeing with evidence',
    negatable: true,
  },
  {
    id: 'instant',
    re: /\b(instant(ly)?|overnight) (relief|results?|cure|weight loss)\b/gi,
    severity: 'medium',
    reason: 'promises immediate results',
    suggestion: 'give realistic timelines from the evidence',
  },
  {
    id: 'weight-loss-figure',
    re: /\blose \d+\s?(kg|kgs|kilos|pounds|lbs) in \d+\s?(days?|weeks?)\b/gi,
    severity: 'high',
    reason: 'specific rapid weight-loss promise',
    suggestion: 'describe safe, typical weight change (0.5–1 kg a week) with a doctor',
  },
  {
    id: 'clinically-proven',
    re: /\b(clinically|scientifically|medically) (proven|tested|approved)\b/gi,
    severity: 'medium',
    reason: 'proof claim needs a citation',
    suggestion: 'cite the study (authors, journal, year) next to the claim',
  },
  {
    id: 'doctor-endorsed',
    re: /\b(doctors?|dermatologists?|dentists?) (recommend(ed)?|approved?|trust(ed)?)\b|\b(#1|number one) (doctor|recommended)\b/gi,
    severity: 'medium',
    reason: 'endorsement claim needs substantiation',
    suggestion: 'name the survey or remove the endorsement',
  },
  {
    id: 'regulator',
    re: /\b(fda|cdsco|ayush|who)[- ](approved|certified|endorsed)\b/gi,
    severity: 'medium',
    reason: 'regulatory approval claim must be verifiable',
    suggestion: 'quote the approval number or remove',
  },
  {
    id: 'studies-show',
    re: /\b(studies|research|science) (shows?|proves?|confirms?)\b/gi,
    severity: 'low',
    reason: 'evidence claim; make sure a citation follows',
    suggestion: 'add the reference right after the claim',
  },
  {
    id: 'detox-immunity',
    re: /\b(detox(ify|es)?|boosts? (your )?immun(e system|ity))\b/gi,
    severity: 'medium',
    reason: 'vague wellness claim regulators scrutinise',
    suggestion: 'describe the specific, evidenced effect',
  },
  {
    id: 'natural-safe',
    re: /\b(all[- ]natural|natural(ly)? (and )?safe|chemical[- ]free)\b/gi,
    severity: 'low',
    reason: '"natural" does not mean safe',
    suggestion: 'state ingredients and their evidence',
  },
  {
    id: 'replace-doctor',
    re: /\b(no need (to see|for) a doctor|stop taking your (medicine|medication)s?|instead of (your )?medicine)\b/gi,
    severity: 'high',
    reason: 'discourages medical care',
    suggestion: 'always advise readers to consult their doctor before changing treatment',
  },
];

const NEGATION =
  /\b(no|not|never|isn't|is not|without|cannot|can't|won't|nothing|neither|nor)\b[^.!?]{0,25}$/i;
const DISCLAIMER =
  /(not (a substitute|intended as|medical advice)|for (general )?information(al)? (purposes )?only|consult (your|a|with a|with your) (doctor|physician|healthcare|health care|medical)|speak (to|with) (your|a) (doctor|physician))/i;
const CITATION = /(https?:\/\/|doi\.org|\[\d+\]|\(\w[\w\s.&,-]*,? (19|20)\d{2}\)|et al\.)/i;

export interface ClaimFlag {
  rule: string;
  phrase: string;
  offset: number;
  severity: ClaimSeverity;
  reason: string;
  suggestion: string;
}

/** All flags in a text, in order of appearance. */
export function findHealthClaims(text: string): ClaimFlag[] {
  const flags: ClaimFlag[] = [];
  for (const rule of RULES) {
    for (const m of text.matchAll(rule.re)) {
      if (rule.negatable && NEGATION.test(text.slice(Math.max(0, m.index - 40), m.index))) continue;
      flags.push({
        rule: rule.id,
        phrase: m[0],
        offset: m.index,
        severity: rule.severity,
        reason: rule.reason,
        suggestion: rule.suggestion,
      });
    }
  }
  // A phrase matched by two rules ("100% cure" and "cure") is reported once: the more severe, then the longer match.
  const rank = { high: 0, medium: 1, low: 2 } as const;
  flags.sort(
    (a, b) => a.offset - b.offset || rank[a.severity] - rank[b.severity] || b.phrase.length - a.phrase.length,
  );
  return flags.filter(
    (f, i) => !flags.slice(0, i).some((g) => f.offset >= g.offset && f.offset < g.offset + g.phrase.length),
  );
}

const inputSchema = z.object({
  text: z.string().min(1).max(50_000),
  /** Whether the text is an advertisement (stricter) or editorial content. */
  kind: z.enum(['article', 'advertisement', 'social-post']).default('article'),
});

export const contentHealthClaims = defineSkill({
  id: 'content.health-claims',
  agentIds: [AgentId.content, AgentId.influencer, AgentId.brand],
  title: 'Health-claim compliance check',
  description:
    'Flags cures, guarantees, "100% safe", disease-treatment and unsupported proof claims; checks for a disclaimer and citations.',
  inputSchema,
  async run(input) {
    const flags = findHealthClaims(input.text);
    const high = flags.filter((f) => f.severity === 'high');
    const hasDisclaimer = DISCLAIMER.test(input.text);
    const evidenceClaims = flags.filter((f) => f.rule === 'studies-show' || f.rule === 'clinically-proven');
    const hasCitation = CITATION.test(input.text);
    const needsDisclaimer = input.kind !== 'social-post';
    const checks = [
      check(
        'no prohibited claims',
        high.length === 0,
        high.length === 0
          ? 'no high-risk claims'
          : `${high.length} high-risk: ${[...new Set(high.map((f) => f.phrase.toLowerCase()))].join(', ')}`,
      ),
      check(
        'claims to substantiate',
        flags.length - high.length === 0,
        `${flags.length - high.length} medium/low-risk phrase(s) to review`,
      ),
      check(
        'medical disclaimer',
        !needsDisclaimer || hasDisclaimer,
        hasDisclaimer
          ? 'disclaimer present'
          : needsDisclaimer
            ? 'add "not a substitute for professional medical advice"'
            : 'not required for a short social post',
      ),
      check(
        'evidence cited',
        evidenceClaims.length === 0 || hasCitation,
        evidenceClaims.length === 0
          ? 'no evidence claims made'
          : hasCitation
            ? 'evidence claims have a citation nearby'
            : 'evidence is claimed but nothing is cited',
      ),
    ];
    const risk = high.length > 0 ? 'high' : flags.length > 0 || !checks[2]?.passed ? 'medium' : 'low';
    const output = {
      risk,
      flags,
      counts: {
        high: high.length,
        medium: flags.filter((f) => f.severity === 'medium').length,
        low: flags.filter((f) => f.severity === 'low').length,
      },
      hasDisclaimer,
      hasCitation,
    };
    const markdown = doc(
      '# Health-claim compliance review',
      `Overall risk: **${risk.toUpperCase()}** (${output.counts.high} high, ${output.counts.medium} medium, ${output.counts.low} low).`,
      flags.length === 0
        ? '_No risky claims found._'
        : table(
            ['Where', 'Phrase', 'Severity', 'Why', 'Suggested fix'],
            flags.map((f) => [`char ${f.offset}`, f.phrase, f.severity, f.reason, f.suggestion]),
          ),
      checksSection(checks),
      '_This is an automated screen, not legal advice; a qualified reviewer should approve regulated claims._',
    );
    return offlineResult(output, {
      summary: `Compliance risk ${risk}: ${flags.length} flagged phrase(s), disclaimer ${hasDisclaimer ? 'present' : 'missing'}`,
      markdown,
      checks,
      confidence: 0.85,
    });
  },
});
