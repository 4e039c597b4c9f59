// Letter-writing format check (CBSE formal and informal letters): sender's address, date, receiver's
// address, subject, salutation, body, complimentary close and name, in order, with matching pairs
// ("Sir/Madam" → "Yours faithfully") and the body's word count.
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, offlineResult } from '../shared/checks.js';
import { checksSection, doc, table } from '../shared/markdown.js';
import { lowerWords } from '../shared/text.js';
import { defineSkill } from '../skill.js';

const inputSchema = z.object({
  letter: z.string().min(30).max(10_000),
  type: z.enum(['formal', 'informal']).default('formal'),
  bodyWords: z
    .tuple([z.number().int().min(10).max(2000), z.number().int().min(10).max(5000)])
    .default([120, 150]),
});

const DATE =
  /^(\d{1,2}(st|nd|rd|th)?\s+[A-Za-z]+,?\s+\d{4}|[A-Za-z]+\s+\d{1,2}(st|nd|rd|th)?,?\s+\d{4}|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4})\.?$/;
const SALUTATION = /^(dear\b.*|respected\b.*|sir\b.*|madam\b.*|sir\/madam.*)[,]?$/i;
const CLOSE =
  /^(yours\s+(faithfully|sincerely|truly|obediently|lovingly|affectionately)|with (love|regards|best wishes)|your (loving|affectionate) \w+|regards|best regards)[,]?$/i;

export interface LetterPart {
  part: string;
  found: boolean;
  line: number | null;
  text: string;
}

export const englishLetterFormat = defineSkill({
  id: 'english.letter-format',
  agentIds: [AgentId.english, AgentId.career],
  title: 'Letter format check',
  description:
    'Checks a formal or informal letter (CBSE format): every part present and in order, salutation and close matching, body length and tone.',
  inputSchema,
  async run(input) {
    const lines = input.letter
      .replace(/\r\n?/g, '\n')
      .split('\n')
      .map((l) => l.trim());
    const idx = (pred: (l: string) => boolean, from = 0) => {
      for (let i = from; i < lines.length; i++) if (pred(lines[i] as string)) return i;
      return -1;
    };
    const dateAt = idx((l) => DATE.test(l));
    const subjectAt = idx((l) => /^(subject|sub)\s*[:-]/i.test(l));
    const salAt = idx((l) => SALUTATION.test(l));
    const closeAt = idx((l) => CLOSE.test(l), Math.max(0, salAt));
    const nameAt = closeAt >= 0 ? idx((l) => l.length > 0, closeAt + 1) : -1;
    const senderLines = dateAt > 0 ? lines.slice(0, dateAt).filter(Boolean) : [];
    const receiverLines =
      dateAt >= 0
        ? lines
            .slice(dateAt + 1, subjectAt >= 0 ? subjectAt : salAt >= 0 ? salAt : dateAt + 1)
            .filter(Boolean)
        : [];
    const bodyText = salAt >= 0 && closeAt > salAt ? lines.slice(salAt + 1, closeAt).join('\n') : '';
    const bodyParas = bodyText
      .split(/\n\s*\n/)
      .map((p) => p.trim())
      .filter(Boolean);
    const bodyWords = lowerWords(bodyText).length;
    const line = (i: number) => (i >= 0 ? i + 1 : null);
    const formal = input.type === 'formal';
    const parts: LetterPart[] = [
      {
        part: "Sender's address",
        found: senderLines.length >= 1,
        line: senderLines.length ? 1 : null,
        text: senderLines.join(', '),
      },
      { part: 'Date', found: dateAt >= 0, line: line(dateAt), text: lines[dateAt] ?? '' },
      ...(formal
        ? [
            {
              part: "Receiver's address",
              found: receiverLines.length >= 2,
              line: receiverLines.length ? line(dateAt + 1) : null,
              text: receiverLines.join(', '),
            },
          ]
        : []),
      ...(formal
        ? [
            {
              part: 'Subject line',
              found: subjectAt >= 0,
              line: line(subjectAt),
              text: lines[subjectAt] ?? '',
            },
          ]
        : []),
      { part: 'Salutation', found: salAt >= 0, line: line(salAt), text: lines[salAt] ?? '' },
      {
        part: 'Body',
        found: bodyParas.length >= 1,
        line: line(salAt + 1),
        text: `${bodyParas.length} paragraph(s), ${bodyWords} words`,
      },
      { part: 'Complimentary close', found: closeAt >= 0, line: line(closeAt), text: lines[closeAt] ?? '' },
      { part: 'Name / signature', found: nameAt >= 0, line: line(nameAt), text: lines[nameAt] ?? '' },
    ];
    const order = [dateAt, ...(formal ? [subjectAt] : []), salAt, closeAt, nameAt].filter((i) => i >= 0);
    const inOrder = order.every((v, i) => i === 0 || v > (order[i - 1] as number));
    const sal = (lines[salAt] ?? '').toLowerCase();
    const close = (lines[closeAt] ?? '').toLowerCase();
    const problems: string[] = [];
    if (formal && /sir|madam/.test(sal) && /sincerely/.test(close))
      problems.push('"Sir/Madam" goes with "Yours faithfully", not "Yours sincerely"');
    if (formal && /\bdear (mr|mrs|ms|dr)\b/.test(sal) && /faithfully/.test(close))
      problems.push('a named salutation goes with "Yours sincerely"');
    if (formal && /lovingly|affectionately|with love/.test(close))
      problems.push('the close is too personal for a formal letter');
    if (!formal && subjectAt >= 0) problems.push('informal letters do not have a subject line');
    const contractions = formal ? (bodyText.match(/\b\w+'(t|re|ve|ll|m|d)\b/gi) ?? []).length : 0;
    if (contractions > 0)
      problems.push(`${contractions} contraction(s) in a formal letter ("don't" → "do not")`);
    const [minW, maxW] = input.bodyWords;
    const missing = parts.filter((p) => !p.found).map((p) => p.part);
    const checks = [
      check(
        'all parts present',
        missing.length === 0,
        missing.length === 0 ? `${parts.length} parts found` : `missing: ${missing.join(', ')}`,
      ),
      check('parts in order', inOrder, 'date → subject → salutation → body → close → name'),
      check('conventions', problems.length === 0, problems.join('; ') || 'salutation, close and tone match'),
      check(
        'body length',
        bodyWords >= minW && bodyWords <= maxW,
        `${bodyWords} words (expected ${minW}–${maxW})`,
      ),
    ];
    const markdown = doc(
      `# ${formal ? 'Formal' : 'Informal'} letter check`,
      table(
        ['Part', 'Found', 'Line', 'Text'],
        parts.map((p) => [p.part, p.found ? '✅' : '❌', p.line ?? '—', p.text]),
      ),
      checksSection(checks),
    );
    return offlineResult(
      { parts, problems, bodyWords, inOrder },
      {
        summary: `${parts.filter((p) => p.found).length}/${parts.length} parts, ${problems.length} convention issue(s), body ${bodyWords} words`,
        markdown,
        checks,
        confidence: 0.85,
      },
    );
  },
});
