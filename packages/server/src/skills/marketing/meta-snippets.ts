// Title-tag and meta-description candidates that fit search-result limits and carry the keyword.
import { countPhrase, titleCase, truncateWords } from '../shared/text.js';

export const TITLE_RANGE = { min: 30, max: 60 } as const;
export const META_RANGE = { min: 70, max: 160 } as const;

export interface SnippetInput {
  topic: string;
  primaryKeyword: string;
  brand?: string | undefined;
  audience?: string | undefined;
  benefit?: string | undefined;
}

function fits(text: string, range: { min: number; max: number }): boolean {
  return text.length >= range.min && text.length <= range.max;
}

/** Title candidates, best first; each is within 30–60 characters when the keyword allows it. */
export function titleCandidates(input: SnippetInput): string[] {
  const kw = titleCase(input.primaryKeyword);
  const who = input.audience ? titleCase(input.audience) : '';
  const raw = [
    `${kw}: What You Need to Know${input.brand ? ` | ${input.brand}` : ''}`,
    `${kw}: A Practical Guide${who ? ` for ${who}` : ''}`,
    `${kw} Explained: ${titleCase(truncateWords(input.topic, 40).replace(/…$/, ''))}`,
    `${kw}: Causes, Signs and What Helps`,
    `A Simple Guide to ${kw}`,
    `${kw} — Expert Tips and Answers`,
  ];
  const seen = new Set<string>();
  const out: string[] = [];
  for (const t of raw.map((r) => r.replace(/\s+/g, ' ').trim())) {
    if (seen.has(t.toLowerCase())) continue;
    seen.add(t.toLowerCase());
    out.push(t);
  }
  return [...out.filter((t) => fits(t, TITLE_RANGE)), ...out.filter((t) => !fits(t, TITLE_RANGE))];
}

/** Meta descriptions, best first, padded or cut to 70–160 characters with the keyword early. */
export function metaCandidates(input: SnippetInput): string[] {
  const kw = input.primaryKeyword.trim();
  const topic = input.topic.trim().replace(/[.!?]+$/, '');
  const benefit = input.benefit?.trim().replace(/[.!?]+$/, '');
  const raw = [
    `Learn about ${kw}: ${topic.charAt(0).toLowerCase()}${topic.slice(1)}.${benefit ? ` ${benefit}.` : ''} Clear, practical answers${input.audience ? ` for ${input.audience}` : ''}.`,
    `${kw.charAt(0).toUpperCase()}${kw.slice(1)} made simple — what it is, what to watch for and the next steps to take.${input.brand ? ` From ${input.brand}.` : ''}`,
  ];
  return raw.map((m) => {
    let t = m.replace(/\s+/g, ' ').trim();
    if (t.length > META_RANGE.max) t = truncateWords(t, META_RANGE.max);
    if (t.length < META_RANGE.min)
      t = `${t} Read the full guide and find out what to do next.`.slice(0, META_RANGE.max);
    return t;
  });
}

/** Whether a snippet is within its range and mentions the keyword. */
export function snippetOk(text: string, keyword: string, range: { min: number; max: number }): boolean {
  return fits(text, range) && countPhrase(text, keyword) > 0;
}
