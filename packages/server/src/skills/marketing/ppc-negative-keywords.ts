// Negative keywords from a search-terms report: wasteful terms (spend or clicks without conversions),
// recurring waste words never seen in converting terms, and a guard that no negative blocks a keyword.
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, money, offlineResult, round } from '../shared/checks.js';
import { readCsvRecords } from '../shared/csv.js';
import { checksSection, doc, table } from '../shared/markdown.js';
import { STOP_WORDS, countPhrase, lowerWords } from '../shared/text.js';
import { defineSkill } from '../skill.js';

const termSchema = z.object({
  term: z.string().trim().min(1).max(200),
  clicks: z.number().min(0).max(1e9),
  cost: z.number().min(0).max(1e11),
  conversions: z.number().min(0).max(1e9),
});

const inputSchema = z
  .object({
    searchTerms: z.array(termSchema).max(5000).optional(),
    /** Alternatively a CSV export with columns term, clicks, cost, conversions. */
    csv: z.string().max(500_000).optional(),
    keywords: z.array(z.string().trim().min(1).max(100)).max(500).default([]),
    minCost: z.number().min(0).max(1e9).default(500),
    minClicks: z.number().int().min(1).max(1e6).default(15),
    currency: z.string().trim().length(3).default('INR'),
  })
  .refine((v) => v.searchTerms !== undefined || v.csv !== undefined, {
    message: 'give searchTerms or csv',
    path: ['searchTerms'],
  });

/** Words that signal non-buyers in almost any account. */
const COMMON_WASTE = new Set([
  'free',
  'jobs',
  'job',
  'salary',
  'career',
  'careers',
  'diy',
  'download',
  'pdf',
  'torrent',
  'crack',
  'meaning',
  'wiki',
  'course',
  'internship',
  'used',
  'second-hand',
  'cheap',
]);

/** Whether a phrase-match negative would block a keyword (its words appear in order in the keyword). */
export function blocks(negative: string, keyword: string): boolean {
  return countPhrase(keyword, negative) > 0;
}

export const ppcNegativeKeywords = defineSkill({
  id: 'ppc.negative-keywords',
  agentIds: [AgentId.ppc],
  title: 'Negative keyword finder',
  description:
    'Finds wasteful search terms and recurring waste words, proposes negatives and proves none blocks a keyword you bid on.',
  inputSchema,
  async run(input) {
    const terms =
      input.searchTerms ??
      readCsvRecords(
        input.csv ?? '',
        {
          term: { aliases: ['search term', 'query', 'search query'], type: 'string', required: true },
          clicks: { aliases: [], type: 'number', required: true },
          cost: { aliases: ['spend'], type: 'number', required: true },
          conversions: { aliases: ['conv', 'conv.'], type: 'number', required: true },
        },
        'csv',
        5000,
      ).records.map((r) => ({
        term: r.term ?? '',
        clicks: r.clicks ?? 0,
        cost: r.cost ?? 0,
        conversions: r.conversions ?? 0,
      }));
    const wasteful = terms.filter(
      (t) => t.conversions === 0 && (t.cost >= input.minCost || t.clicks >= input.minClicks),
    );
    const converting = terms.filter((t) => t.conversions > 0);
    const convertingWords = new Set(converting.flatMap((t) => lowerWords(t.term)));
    const wordStats = new Map<string, { terms: number; cost: number }>();
    for (const t of terms.filter((x) => x.conversions === 0)) {
      for (const w of new Set(lowerWords(t.term))) {
        if (STOP_WORDS.has(w) || convertingWords.has(w)) continue;
        const s = wordStats.get(w) ?? { terms: 0, cost: 0 };
        wordStats.set(w, { terms: s.terms + 1, cost: s.cost + t.cost });
      }
    }
    const wordNegatives = [...wordStats.entries()]
      .filter(([w, s]) => (s.terms >= 3 && s.cost >= input.minCost) || (COMMON_WASTE.has(w) && s.terms >= 1))
      .sort((a, b) => b[1].cost - a[1].cost || a[0].localeCompare(b[0]))
      .map(([w, s]) => ({ negative: w, match: 'broad' as const, terms: s.terms, cost: round(s.cost, 2) }));
    const termNegatives = wasteful
      .filter((t) => !wordNegatives.some((w) => lowerWords(t.term).includes(w.negative)))
      .map((t) => ({
        negative: t.term.toLowerCase(),
        match: 'exact' as const,
        terms: 1,
        cost: round(t.cost, 2),
      }));
    const proposed = [...wordNegatives, ...termNegatives];
    // Drop any negative that would block a keyword (or a converting search term).
    const conflicts = proposed.filter(
      (n) =>
        input.keywords.some((k) => blocks(n.negative, k)) ||
        converting.some((c) => n.match === 'broad' && blocks(n.negative, c.term)),
    );
    const negatives = proposed.filter((n) => !conflicts.includes(n));
    const wasted = round(
      wasteful.reduce((s, t) => s + t.cost, 0),
      2,
    );
    const covered = wasteful.filter((t) =>
      negatives.some((n) =>
        n.match === 'exact' ? n.negative === t.term.toLowerCase() : blocks(n.negative, t.term),
      ),
    );
    const safe = negatives.every((n) => !input.keywords.some((k) => blocks(n.negative, k)));
    const checks = [
      check(
        'no keyword blocked',
        safe,
        safe
          ? `none of ${negatives.length} negatives blocks your ${input.keywords.length} keyword(s)`
          : 'a negative blocks a keyword',
      ),
      check(
        'waste covered',
        covered.length === wasteful.length,
        `${covered.length}/${wasteful.length} wasteful terms covered by the negatives`,
      ),
      check(
        'conflicts removed',
        true,
        conflicts.length === 0
          ? 'no conflicting candidates'
          : `${conflicts.length} candidate(s) dropped because they would block keywords or converting terms: ${conflicts.map((c) => c.negative).join(', ')}`,
      ),
    ];
    const markdown = doc(
      '# Negative keywords',
      `${money(wasted, input.currency)} spent on ${wasteful.length} search term(s) with no conversions.`,
      table(
        ['Negative', 'Match', 'Terms covered', 'Spend saved'],
        negatives.map((n) => [n.negative, n.match, n.terms, money(n.cost, input.currency)]),
      ),
      checksSection(checks),
    );
    return offlineResult(
      { negatives, wasted, wastefulTerms: wasteful.length, dropped: conflicts },
      {
        summary: `${negatives.length} negative(s) proposed covering ${money(wasted, input.currency)} of waste`,
        markdown,
        checks,
        confidence: 0.85,
        selfChecksPassed: safe,
      },
    );
  },
});
