// Grammar and style checks that need no model: repeated words, a/an, commonly confused words,
// long sentences, passive voice and spacing. Every issue points at its exact place in the text.
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, offlineResult, round } from '../shared/checks.js';
import { checksSection, doc, table } from '../shared/markdown.js';
import { findPassive, lowerWords, readability, splitSentences } from '../shared/text.js';
import { defineSkill } from '../skill.js';
import { ui } from '../shared/form-meta.js';

export type StyleRule =
  | 'repeated-word'
  | 'article'
  | 'confused-word'
  | 'long-sentence'
  | 'passive-voice'
  | 'spacing'
  | 'capitalisation'
  | 'filler';

export interface StyleIssue {
  rule: StyleRule;
  severity: 'error' | 'warning' | 'info';
  offset: number;
  excerpt: string;
  message: string;
  suggestion?: string;
}

const inputSchema = z.object({
  text: z
    .string()
    .min(1)
    .max(50_000)
    .meta(
      ui({
        label: 'Your writing',
        help: 'Paste an essay, a letter or any English text — or give the web address of a page.',
        widget: 'textarea',
        fromUrl: true,
      }),
    ),
  maxSentenceWords: z
    .number()
    .int()
    .min(8)
    .max(80)
    .default(25)
    .meta(ui({ label: 'Flag sentences longer than', unit: 'words', advanced: true })),
  /** Off for fiction or quotes where passive voice or fillers are a choice. */
  flagPassive: z
    .boolean()
    .default(true)
    .meta(ui({ label: 'Point out passive voice' })),
  flagFillers: z
    .boolean()
    .default(true)
    .meta(ui({ label: 'Point out filler words' })),
});

/** Words spelt with a vowel that sound like a consonant ("a university"), and the reverse ("an hour"). */
const CONSONANT_SOUND = /^(uni(?!n|mp)|use|usu|uti|ure|eu|ewe|one|once|u[bcfhjkqrst][aeiou])/i;
const VOWEL_SOUND = /^(hour|honest|honou?r|heir|herb(?!al))/i;
/** Letters whose spoken name starts with a vowel sound, for acronyms ("an MBA", "a CBSE"). */
const VOWEL_LETTER_NAMES = new Set('AEFHILMNORSX'.split(''));

/** Whether the word should take "an". */
export function takesAn(word: string): boolean {
  if (/^[A-Z]{2,}s?$/.test(word)) return VOWEL_LETTER_NAMES.has(word[0] ?? '');
  if (/^\d/.test(word)) return /^(8|11|18|80)/.test(word);
  if (VOWEL_SOUND.test(word)) return true;
  if (CONSONANT_SOUND.test(word)) return false;
  return /^[aeiou]/i.test(word);
}

interface Pattern {
  re: RegExp;
  rule: StyleRule;
  severity: StyleIssue['severity'];
  message: string;
  suggest: (m: RegExpExecArray) => string;
}

const CONFUSIONS: Pattern[] = [
  {
    re: /\b(could|should|would|must|might) of\b/gi,
    rule: 'confused-word',
    severity: 'error',
    message: '"of" after a modal verb should be "have"',
    suggest: (m) => `${m[1]} have`,
  },
  {
    re: /\b(more|less|better|worse|rather|other|greater|smaller|larger|higher|lower|faster|slower) then\b/gi,
    rule: 'confused-word',
    severity: 'error',
    message: 'comparisons take "than", not "then"',
    suggest: (m) => `${m[1]} than`,
  },
  {
    re: /\btheir (is|are|was|were|will be)\b/gi,
    rule: 'confused-word',
    severity: 'error',
    message: '"their" is possessive; use "there" before a verb',
    suggest: (m) => `there ${m[1]}`,
  },
  {
    re: /\byour (welcome|right|wrong|going|not|very|so|the best)\b/gi,
    rule: 'confused-word',
    severity: 'error',
    message: '"your" is possessive; "you are" is "you\'re"',
    suggest: (m) => `you're ${m[1]}`,
  },
  {
    re: /\bit's (own|self)\b/gi,
    rule: 'confused-word',
    severity: 'error',
    message: '"it\'s" means "it is"; the possessive is "its"',
    suggest: (m) => `its ${m[1]}`,
  },
  {
    re: /\bits (a|an|the|not|been|going|time|very|important|true)\b/g,
    rule: 'confused-word',
    severity: 'warning',
    message: 'did you mean "it\'s" (it is / it has)?',
    suggest: (m) => `it's ${m[1]}`,
  },
  {
    re: /\bwho's (car|book|house|idea|job|turn|fault|name|phone|bag)\b/gi,
    rule: 'confused-word',
    severity: 'error',
    message: 'the possessive is "whose"',
    suggest: (m) => `whose ${m[1]}`,
  },
  {
    re: /\b(loose|loosing) (weight|the game|the match|money|focus|interest)\b/gi,
    rule: 'confused-word',
    severity: 'error',
    message: '"loose" means not tight; the verb is "lose"',
    suggest: (m) => `${m[1]?.toLowerCase() === 'loosing' ? 'losing' : 'lose'} ${m[2]}`,
  },
  {
    re: /\b(an|the|positive|negative|side|no|little) affect\b/gi,
    rule: 'confused-word',
    severity: 'error',
    message: 'the noun is "effect"',
    suggest: (m) => `${m[1]} effect`,
  },
  {
    re: /\balot\b/gi,
    rule: 'confused-word',
    severity: 'error',
    message: '"a lot" is two words',
    suggest: () => 'a lot',
  },
  {
    re: /\birregardless\b/gi,
    rule: 'confused-word',
    severity: 'warning',
    message: 'use "regardless"',
    suggest: () => 'regardless',
  },
  {
    re: /\bless (people|students|items|mistakes|errors|cars|books|words|questions)\b/gi,
    rule: 'confused-word',
    severity: 'warning',
    message: 'countable nouns take "fewer"',
    suggest: (m) => `fewer ${m[1]}`,
  },
  {
    re: /\b(I|we|they|you) was\b/g,
    rule: 'confused-word',
    severity: 'error',
    message: 'subject–verb agreement',
    suggest: (m) => `${m[1]} were`,
  },
  {
    re: /\b(he|she|it) don't\b/gi,
    rule: 'confused-word',
    severity: 'error',
    message: 'subject–verb agreement',
    suggest: (m) => `${m[1]} doesn't`,
  },
  {
    re: /\bsuppose to\b/gi,
    rule: 'confused-word',
    severity: 'error',
    message: 'the phrase is "supposed to"',
    suggest: () => 'supposed to',
  },
  {
    re: /\bfor all intensive purposes\b/gi,
    rule: 'confused-word',
    severity: 'error',
    message: 'the phrase is "for all intents and purposes"',
    suggest: () => 'for all intents and purposes',
  },
];

const FILLERS = /\b(very|really|basically|actually|literally|just|quite|totally|in order to)\b/gi;

/** Every style issue in a text, in order of position. */
export function findStyleIssues(
  text: string,
  input: { maxSentenceWords: number; flagPassive: boolean; flagFillers: boolean } = {
    maxSentenceWords: 25,
    flagPassive: true,
    flagFillers: true,
  },
): StyleIssue[] {
  const issues: StyleIssue[] = [];
  const push = (i: StyleIssue) => issues.push(i);

  for (const m of text.matchAll(/\b([A-Za-z]+)(\s+)\1\b/gi)) {
    const w = (m[1] ?? '').toLowerCase();
    if (w === 'had' || w === 'that') continue; // "had had" and "that that" are grammatical.
    push({
      rule: 'repeated-word',
      severity: 'error',
      offset: m.index,
      excerpt: m[0],
      message: `"${m[1]}" is repeated`,
      suggestion: m[1] ?? '',
    });
  }
  for (const m of text.matchAll(/\b(a|an|A|An)\s+([A-Za-z0-9][\w-]*)/g)) {
    const article = m[1] ?? '';
    const next = m[2] ?? '';
    const wantAn = takesAn(next);
    const hasAn = article.toLowerCase() === 'an';
    if (wantAn === hasAn) continue;
    const fixed = (wantAn ? 'an' : 'a').replace(/^a/, article[0] === 'A' ? 'A' : 'a');
    push({
      rule: 'article',
      severity: 'error',
      offset: m.index,
      excerpt: m[0],
      message: `use "${fixed}" before "${next}"`,
      suggestion: `${fixed} ${next}`,
    });
  }
  for (const p of CONFUSIONS) {
    for (const m of text.matchAll(p.re)) {
      push({
        rule: p.rule,
        severity: p.severity,
        offset: m.index,
        excerpt: m[0],
        message: p.message,
        suggestion: p.suggest(m as RegExpExecArray),
      });
    }
  }
  for (const m of text.matchAll(/[^\S\r\n]{2,}(?=\S)/g)) {
    if (m.index === 0 || text[m.index - 1] === '\n') continue; // indentation
    push({
      rule: 'spacing',
      severity: 'info',
      offset: m.index,
      excerpt: m[0],
      message: 'more than one space',
      suggestion: ' ',
    });
  }
  for (const m of text.matchAll(/[^\S\r\n]+([,;:!?])/g)) {
    push({
      rule: 'spacing',
      severity: 'warning',
      offset: m.index,
      excerpt: m[0],
      message: 'space before punctuation',
      suggestion: m[1] ?? '',
    });
  }
  for (const m of text.matchAll(/([a-z]{2,})([,;])([A-Za-z]{2,})/g)) {
    push({
      rule: 'spacing',
      severity: 'warning',
      offset: m.index,
      excerpt: m[0],
      message: `missing space after "${m[2]}"`,
      suggestion: `${m[1]}${m[2]} ${m[3]}`,
    });
  }
  for (const m of text.matchAll(/([.!?])\s+([a-z][a-z]+)/g)) {
    const before = text.slice(Math.max(0, m.index - 6), m.index + 1);
    if (/\b(e\.g|i\.e|etc|vs|approx|no)\.$/i.test(before)) continue;
    push({
      rule: 'capitalisation',
      severity: 'warning',
      offset: m.index,
      excerpt: m[0],
      message: 'a sentence should start with a capital letter',
      suggestion: `${m[1]} ${(m[2] ?? '')[0]?.toUpperCase()}${(m[2] ?? '').slice(1)}`,
    });
  }
  if (/^[a-z]/.test(text.trimStart())) {
    const off = text.length - text.trimStart().length;
    const first = /^\S+/.exec(text.slice(off))?.[0] ?? '';
    push({
      rule: 'capitalisation',
      severity: 'warning',
      offset: off,
      excerpt: first,
      message: 'the text should start with a capital letter',
      suggestion: first[0]?.toUpperCase() + first.slice(1),
    });
  }
  // Sentence-level rules need offsets of each sentence in the original text.
  let cursor = 0;
  for (const sentence of splitSentences(text)) {
    const head = sentence.slice(0, Math.min(20, sentence.length));
    const at = text.indexOf(head, cursor);
    const offset = at >= 0 ? at : cursor;
    cursor = offset + 1;
    const n = lowerWords(sentence).length;
    const excerpt = at >= 0 ? head : '';
    if (n > input.maxSentenceWords) {
      push({
        rule: 'long-sentence',
        severity: 'warning',
        offset,
        excerpt,
        message: `sentence of ${n} words (limit ${input.maxSentenceWords}); split it`,
      });
    }
    if (input.flagPassive) {
      for (const phrase of findPassive(sentence)) {
        const local = text.indexOf(phrase.split(' ')[0] ?? '', offset);
        const pOff = text.slice(local, local + phrase.length + 10).startsWith(phrase) ? local : offset;
        push({
          rule: 'passive-voice',
          severity: 'info',
          offset: pOff,
          excerpt: pOff === local ? phrase : excerpt,
          message: `passive voice ("${phrase}"); consider naming who acts`,
        });
      }
    }
  }
  if (input.flagFillers) {
    for (const m of text.matchAll(FILLERS)) {
      push({
        rule: 'filler',
        severity: 'info',
        offset: m.index,
        excerpt: m[0],
        message: `"${m[0]}" rarely adds meaning`,
        suggestion: m[0].toLowerCase() === 'in order to' ? 'to' : '',
      });
    }
  }
  return issues.sort((a, b) => a.offset - b.offset || a.rule.localeCompare(b.rule));
}

const WEIGHT = { error: 3, warning: 1.5, info: 0.5 } as const;

export const textStyleCheck = defineSkill({
  id: 'text.style-check',
  agentIds: [AgentId.english, AgentId.content, AgentId.social, AgentId.brand, AgentId.email, AgentId.career],
  title: 'Grammar and style check',
  description:
    'Repeated words, a/an, commonly confused words, long sentences, passive voice, spacing and capitalisation, each located in the text.',
  inputSchema,
  async run(input) {
    const text = input.text;
    const issues = findStyleIssues(text, input);
    const stats = readability(text);
    const penalty = issues.reduce((s, i) => s + WEIGHT[i.severity], 0);
    const per100 = stats.words === 0 ? 0 : (penalty * 100) / stats.words;
    const score = Math.max(0, round(100 - per100 * 5, 0));
    const byRule = issues.reduce<Record<string, number>>(
      (acc, i) => ({ ...acc, [i.rule]: (acc[i.rule] ?? 0) + 1 }),
      {},
    );
    const errors = issues.filter((i) => i.severity === 'error').length;
    const located = issues.every(
      (i) => i.excerpt === '' || text.slice(i.offset, i.offset + i.excerpt.length) === i.excerpt,
    );
    const checks = [
      check('grammar errors', errors === 0, `${errors} error(s) found`),
      check(
        'style warnings',
        issues.length - errors === 0,
        `${issues.length - errors} warning(s) or note(s)`,
      ),
      check(
        'issues located',
        located,
        located ? 'every issue points at its text' : 'some issue offsets do not match the text',
      ),
    ];
    const output = {
      score,
      words: stats.words,
      fleschReadingEase: round(stats.fleschReadingEase, 1),
      issueCounts: byRule,
      issues: issues.slice(0, 300),
    };
    const markdown = doc(
      '# Grammar and style review',
      `Score **${score}/100** over ${stats.words} words (reading ease ${output.fleschReadingEase}).`,
      issues.length === 0
        ? '_No issues found._'
        : table(
            ['#', 'Where', 'Rule', 'Text', 'Problem', 'Suggestion'],
            issues
              .slice(0, 100)
              .map((i, n) => [n + 1, `char ${i.offset}`, i.rule, i.excerpt, i.message, i.suggestion ?? '']),
          ),
      checksSection(checks),
    );
    return offlineResult(output, {
      summary: `Style score ${score}/100: ${errors} error(s), ${issues.length - errors} other note(s)`,
      markdown,
      checks,
      confidence: 0.8,
      selfChecksPassed: located,
    });
  },
});
