// Essay feedback against a four-part rubric (organisation, development, language, mechanics) from
// measurable features; a configured model may add personal comments on top.
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, offlineResult, pct, round } from '../shared/checks.js';
import { askWriter } from '../shared/enrich.js';
import { bullets, checksSection, doc, table } from '../shared/markdown.js';
import { countPhrase, lowerWords, readability, splitSentences } from '../shared/text.js';
import { defineSkill, type SkillResult } from '../skill.js';
import { findStyleIssues } from '../text/text-style-check.js';
import { TRANSITIONS } from './data/english-words.js';
import { findMisspellings } from './english-spelling.js';

const inputSchema = z.object({
  text: z.string().min(50).max(20_000),
  type: z.enum(['argumentative', 'narrative', 'descriptive', 'expository']).default('argumentative'),
  targetWords: z.number().int().min(50).max(5000).optional(),
  title: z.string().trim().max(200).optional(),
});

export interface EssayReport {
  words: number;
  paragraphs: number;
  rubric: { criterion: string; score: number; outOf: number; evidence: string }[];
  total: number;
  outOf: number;
  strengths: string[];
  improvements: string[];
}

export const englishEssayFeedback = defineSkill({
  id: 'english.essay-feedback',
  agentIds: [AgentId.english, AgentId.career],
  title: 'Essay feedback',
  description:
    'Scores an essay on organisation, development, language and mechanics from measurable features, with specific strengths and next steps.',
  usesWriter: true,
  inputSchema,
  async run(input, ctx): Promise<SkillResult<EssayReport>> {
    const text = input.text;
    const paragraphs = text
      .split(/\n\s*\n/)
      .map((p) => p.trim())
      .filter(Boolean);
    const sentences = splitSentences(text);
    const ws = lowerWords(text);
    const lengths = sentences.map((s) => lowerWords(s).length);
    const mean = lengths.reduce((a, b) => a + b, 0) / Math.max(1, lengths.length);
    const sd = Math.sqrt(lengths.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, lengths.length));
    const transitions = TRANSITIONS.filter((t) => countPhrase(text, t) > 0);
    const starters = new Map<string, number>();
    for (const s of sentences) {
      const w = lowerWords(s)[0];
      if (w) starters.set(w, (starters.get(w) ?? 0) + 1);
    }
    const repeatedStarters = [...starters.entries()]
      .filter(([w, n]) => n >= 3 && !['the', 'a'].includes(w))
      .map(([w, n]) => `"${w}" ×${n}`);
    const sample = ws.slice(0, 300);
    const ttr = sample.length ? new Set(sample).size / sample.length : 0;
    const style = findStyleIssues(text);
    const grammarErrors = style.filter((i) => i.severity === 'error').length;
    const spelling = findMisspellings(text).length;
    const conclusionSignal = /(in conclusion|to conclude|to sum up|overall|in short|therefore)/i.test(
      paragraphs[paragraphs.length - 1] ?? '',
    );
    const lengthOk =
      input.targetWords === undefined || Math.abs(ws.length - input.targetWords) <= input.targetWords * 0.1;
    const ease = readability(text).fleschReadingEase;
    const clamp = (x: number) => Math.max(1, Math.min(5, Math.round(x)));
    const organisation = clamp(
      1 +
        (paragraphs.length >= 3 ? 1.5 : paragraphs.length >= 2 ? 0.5 : 0) +
        (conclusionSignal ? 1 : 0) +
        Math.min(1.5, transitions.length * 0.3),
    );
    const development = clamp(
      1 +
        (lengthOk ? 1.5 : 0.5) +
        Math.min(1.5, paragraphs.filter((p) => lowerWords(p).length >= 40).length * 0.5) +
        (input.type === 'argumentative' &&
        /(because|for example|for instance|evidence|according to)/i.test(text)
          ? 1
          : input.type !== 'argumentative'
            ? 1
            : 0),
    );
    const language = clamp(
      1 +
        Math.min(2, ttr * 3) +
        (sd >= 4 ? 1 : sd >= 2.5 ? 0.5 : 0) +
        (repeatedStarters.length === 0 ? 1 : 0),
    );
    const mechanics = clamp(5 - (grammarErrors + spelling) / Math.max(1, ws.length / 100));
    const rubric = [
      {
        criterion: 'Organisation',
        score: organisation,
        outOf: 5,
        evidence: `${paragraphs.length} paragraph(s), ${transitions.length} linking word(s)${conclusionSignal ? ', clear conclusion' : ', no clear conclusion'}`,
      },
      {
        criterion: 'Development of ideas',
        score: development,
        outOf: 5,
        evidence: `${ws.length} words${input.targetWords ? ` (target ${input.targetWords})` : ''}, ${paragraphs.filter((p) => lowerWords(p).length >= 40).length} developed paragraph(s)`,
      },
      {
        criterion: 'Language and style',
        score: language,
        outOf: 5,
        evidence: `vocabulary variety ${round(ttr, 2)}, sentence-length spread ${round(sd, 1)} words${repeatedStarters.length ? `, repeated openings ${repeatedStarters.join(', ')}` : ''}`,
      },
      {
        criterion: 'Mechanics',
        score: mechanics,
        outOf: 5,
        evidence: `${grammarErrors} grammar error(s), ${spelling} spelling mistake(s)`,
      },
    ];
    const total = rubric.reduce((s, r) => s + r.score, 0);
    const strengths: string[] = [];
    const improvements: string[] = [];
    if (paragraphs.length >= 3) strengths.push('Clear paragraphing.');
    else improvements.push('Use at least three paragraphs: introduction, body, conclusion.');
    if (transitions.length >= 3)
      strengths.push(`Good linking words (${transitions.slice(0, 4).join(', ')}).`);
    else improvements.push('Link ideas with words such as "however", "for example", "therefore".');
    if (!conclusionSignal) improvements.push('End with a conclusion that sums up your main point.');
    if (repeatedStarters.length)
      improvements.push(`Vary how sentences begin (${repeatedStarters.join(', ')}).`);
    if (sd < 2.5) improvements.push('Mix short and long sentences for rhythm.');
    if (ttr >= 0.6) strengths.push('Varied vocabulary.');
    if (grammarErrors + spelling > 0)
      improvements.push(
        `Fix ${grammarErrors} grammar and ${spelling} spelling mistake(s) (run the style and spelling checks).`,
      );
    if (!lengthOk) improvements.push(`Adjust length: ${ws.length} words vs target ${input.targetWords}.`);
    if (ease < 40) improvements.push('Some sentences are hard to follow; simplify long ones.');
    const report: EssayReport = {
      words: ws.length,
      paragraphs: paragraphs.length,
      rubric,
      total,
      outOf: 20,
      strengths,
      improvements,
    };
    const checks = [
      check('rubric total', total === rubric.reduce((s, r) => s + r.score, 0) && total <= 20, `${total}/20`),
      check(
        'length on target',
        lengthOk,
        input.targetWords ? `${ws.length} words vs ${input.targetWords} (±10%)` : 'no target given',
      ),
      check(
        'mechanics clean',
        grammarErrors + spelling === 0,
        `${grammarErrors + spelling} mechanical error(s)`,
      ),
    ];
    const outcome = await askWriter(
      ctx,
      `Give warm, specific feedback (max 150 words) to a school student on this ${input.type} essay${input.title ? ` titled "${input.title}"` : ''}. Rubric so far: ${rubric.map((r) => `${r.criterion} ${r.score}/5`).join(', ')}.\n\n${text.slice(0, 6000)}`,
      'You are an encouraging English teacher. Be concrete; quote the student.',
    );
    const markdown = doc(
      outcome.kind === 'text'
        ? `> The teacher's note was written by a model (${outcome.provider}); rubric scores were computed offline.`
        : '',
      `# Essay feedback: ${total}/20`,
      table(
        ['Criterion', 'Score', 'Evidence'],
        rubric.map((r) => [r.criterion, `${r.score}/5`, r.evidence]),
      ),
      `## Strengths\n${bullets(strengths, '_Keep going — strengths will show as you revise._')}`,
      `## Next steps\n${bullets(improvements, '_No major issues — polish and proofread._')}`,
      outcome.kind === 'text' ? `## Teacher's note (model: ${outcome.provider})\n${outcome.text}` : '',
      `_Reading ease ${round(ease, 0)} · ${pct(ttr, 0)} distinct words in the first 300._`,
      checksSection(checks),
    );
    const base = offlineResult(report, {
      summary: `Essay scored ${total}/20 (${improvements.length} next step(s))`,
      markdown,
      checks,
      confidence: 0.7,
    });
    return outcome.kind === 'text' ? { ...base, method: 'model' } : base;
  },
});
