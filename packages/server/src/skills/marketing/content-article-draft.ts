// Article draft: the brief becomes a writer-ready skeleton offline; with a model configured the model
// writes the article, and the offline compliance, keyword and readability checks are run on its text.
import { AgentId } from '../agent-ids.js';
import { check, offlineResult } from '../shared/checks.js';
import { askWriter } from '../shared/enrich.js';
import { bullets, checksSection, doc } from '../shared/markdown.js';
import { countPhrase, fleschBand, readability } from '../shared/text.js';
import { defineSkill, type SkillResult } from '../skill.js';
import { briefChecks, briefInputSchema, buildBrief, type Brief } from './content-brief-outline.js';
import { findHealthClaims, type ClaimFlag } from './content-health-claims.js';

export interface ArticleDraft {
  brief: Brief;
  /** Markdown: the skeleton offline, the article when a model wrote it. */
  draft: string;
  writtenBy: 'offline' | 'model';
  provider?: string;
  flaggedClaims?: ClaimFlag[];
}

export const contentArticleDraft = defineSkill({
  id: 'content.article-draft',
  agentIds: [AgentId.content],
  title: 'Article draft',
  description:
    'Offline: a section-by-section writing skeleton from the brief. With a model: the full article, screened for health claims, keyword use and readability.',
  usesWriter: true,
  inputSchema: briefInputSchema,
  async run(input, ctx): Promise<SkillResult<ArticleDraft>> {
    const brief = buildBrief(input);
    const skeleton = doc(
      `# ${brief.title}`,
      `_Meta description:_ ${brief.metaDescription}`,
      ...brief.outline.map(
        (s) =>
          `## ${s.heading}\n_~${s.words} words${s.keywords.length ? `; use: ${s.keywords.join(', ')}` : ''}_\n${bullets(s.points)}`,
      ),
      input.industry === 'healthcare'
        ? '---\n_This article is for information only and is not a substitute for professional medical advice. Please consult your doctor._'
        : '',
    );
    const prompt = [
      `Write a ${input.wordCount}-word ${input.format} for ${brief.audience} titled "${brief.title}".`,
      `Use the primary keyword "${input.primaryKeyword}" in the first 100 words and in one heading.`,
      `Follow this outline with these word budgets:\n${brief.outline.map((s) => `- ${s.heading} (~${s.words} words): ${s.points.join('; ')}`).join('\n')}`,
      input.industry === 'healthcare'
        ? 'Healthcare rules: no cures, guarantees or "100% safe" claims; say "may help"; cite sources; end with the medical disclaimer.'
        : 'Attribute every statistic to a named source.',
      `Aim for a Flesch reading ease of at least ${brief.readingEaseTarget}. Output Markdown only.`,
    ].join('\n\n');
    const outcome = await askWriter(
      ctx,
      prompt,
      'You are a careful healthcare content writer. You never make claims you cannot support.',
    );
    const base = briefChecks(brief, input);
    if (outcome.kind !== 'text') {
      const note =
        outcome.kind === 'none'
          ? '_Offline draft: a writer-ready skeleton. Configure a model to have the full article written and screened._'
          : `_Offline draft: the model was not used (${outcome.kind === 'failed' ? outcome.reason : `scripted provider ${outcome.provider}`})._`;
      return offlineResult(
        { brief, draft: skeleton, writtenBy: 'offline' },
        {
          summary: `Draft skeleton for "${brief.title}" (${brief.outline.length} sections)`,
          markdown: doc(note, skeleton, checksSection(base)),
          checks: base,
          confidence: 0.9,
        },
      );
    }
    const text = outcome.text;
    const claims = findHealthClaims(text);
    const high = claims.filter((c) => c.severity === 'high');
    const stats = readability(text);
    const words = stats.words;
    const checks = [
      ...base,
      check(
        'no prohibited claims in draft',
        high.length === 0,
        high.length === 0 ? 'none found' : `remove: ${high.map((c) => c.phrase).join(', ')}`,
      ),
      check(
        'keyword used',
        countPhrase(text, input.primaryKeyword) > 0,
        `"${input.primaryKeyword}" appears ${countPhrase(text, input.primaryKeyword)}×`,
      ),
      check(
        'length',
        Math.abs(words - input.wordCount) <= input.wordCount * 0.2,
        `${words} words (target ${input.wordCount} ±20%)`,
      ),
      check(
        'readability',
        stats.fleschReadingEase >= brief.readingEaseTarget,
        `reading ease ${stats.fleschReadingEase.toFixed(1)} (${fleschBand(stats.fleschReadingEase)})`,
      ),
    ];
    const markdown = doc(
      `> Written with the help of a model (${outcome.provider}); the checks below were computed offline on the model's text.`,
      text,
      checksSection(checks),
    );
    return {
      output: { brief, draft: text, writtenBy: 'model', provider: outcome.provider, flaggedClaims: claims },
      summary: `Draft "${brief.title}": ${words} words, ${high.length} prohibited claim(s)`,
      markdown,
      checks,
      method: 'model',
      // A draft with prohibited claims must not be auto-published.
      confidence: high.length > 0 ? 0.3 : checks.every((c) => c.passed) ? 0.85 : 0.6,
    };
  },
});
