// Email deliverability rules shared by the email skills: spam-trigger phrases with weights and a
// subject-line analyser.
import { countPhrase } from '../shared/text.js';

/** Phrases that filters and readers associate with spam; weight ≈ how strongly. */
export const SPAM_PHRASES: readonly { phrase: string; weight: number }[] = [
  ['100% free', 2],
  ['act now', 1.5],
  ['apply now', 0.5],
  ['as seen on', 1],
  ['buy now', 1],
  ['call now', 1],
  ['cash bonus', 2],
  ['click here', 1.5],
  ['click below', 1],
  ['congratulations', 1],
  ['dear friend', 1.5],
  ['double your', 2],
  ['earn money', 2],
  ['extra income', 2],
  ['free gift', 1.5],
  ['free money', 2.5],
  ['get paid', 1.5],
  ['guaranteed', 1],
  ['limited time', 1],
  ['lowest price', 1],
  ['make money', 2],
  ['miracle', 1.5],
  ['no cost', 1],
  ['no credit check', 2.5],
  ['no obligation', 1],
  ['once in a lifetime', 1.5],
  ['order now', 1],
  ['risk-free', 1.5],
  ['risk free', 1.5],
  ['special promotion', 1],
  ['this is not spam', 3],
  ['urgent', 1],
  ['winner', 1.5],
  ['you have been selected', 2.5],
  ["you've been selected", 2.5],
  ['work from home', 1.5],
  ['100% satisfied', 1.5],
  ['best price', 0.5],
  ['cheap', 1],
  ['discount', 0.3],
  ['free', 0.5],
  ['offer expires', 1],
  ['instant', 0.5],
  ['prize', 1.5],
  ['lottery', 2.5],
  ['crypto', 1],
  ['bitcoin', 1.5],
  ['viagra', 3],
  ['weight loss', 1.5],
  ['unsecured loan', 2.5],
  ['pre-approved', 2],
  ['verify your account', 2.5],
  ['password', 1],
  ['wire transfer', 2],
].map(([phrase, weight]) => ({ phrase: phrase as string, weight: weight as number }));

/** Spam phrases found in a text with their weights. */
export function spamHits(text: string): { phrase: string; weight: number; count: number }[] {
  return SPAM_PHRASES.map((p) => ({ ...p, count: countPhrase(text, p.phrase) })).filter((p) => p.count > 0);
}

const EMOJI = /\p{Extended_Pictographic}/gu;

export interface SubjectAnalysis {
  subject: string;
  length: number;
  words: number;
  score: number;
  issues: string[];
  strengths: string[];
}

/** Scores a subject line 0–100 on length, wording, punctuation, capitals, emoji and spam phrases. */
export function analyseSubject(subject: string, opts: { isReply?: boolean } = {}): SubjectAnalysis {
  const s = subject.trim();
  const length = [...s].length;
  const words = s.split(/\s+/).filter(Boolean).length;
  const issues: string[] = [];
  const strengths: string[] = [];
  if (length === 0) issues.push('empty subject');
  else if (length < 10) issues.push(`${length} chars is too short to say anything`);
  else if (length > 60) issues.push(`${length} chars; mobile inboxes cut at ~40–60`);
  else if (length >= 28 && length <= 50) strengths.push(`${length} chars is in the 28–50 sweet spot`);
  if (words > 0 && (words < 3 || words > 9)) issues.push(`${words} words; 3–9 read best`);
  const capsWords = s.split(/\s+/).filter((w) => /^[A-Z]{4,}[!?.,]*$/.test(w));
  if (capsWords.length > 0) issues.push(`ALL-CAPS: ${capsWords.join(' ')}`);
  const bangs = (s.match(/!/g) ?? []).length;
  if (bangs > 1) issues.push(`${bangs} exclamation marks`);
  if (/[!?]{2,}/.test(s)) issues.push('repeated punctuation');
  if (/(\$|₹){2,}|\$\d+|₹\d{4,}/.test(s)) issues.push('money amounts or symbols trigger filters');
  if (/^(re|fwd?|fw)\s*:/i.test(s) && !opts.isReply)
    issues.push('fake "RE:"/"FW:" on a first message is deceptive');
  const emoji = (s.match(EMOJI) ?? []).length;
  if (emoji > 2) issues.push(`${emoji} emoji`);
  else if (emoji === 1) strengths.push('one emoji can lift opens');
  for (const h of spamHits(s)) issues.push(`spam phrase "${h.phrase}"`);
  if (/\{\{\s*\w+/.test(s) || /\[(first ?name|company)\]/i.test(s)) strengths.push('personalised');
  if (/\d/.test(s)) strengths.push('concrete number');
  if (/\?\s*$/.test(s)) strengths.push('asks a question');
  const score = Math.max(0, Math.min(100, 70 + strengths.length * 6 - issues.length * 12));
  return { subject: s, length, words, score, issues, strengths };
}
