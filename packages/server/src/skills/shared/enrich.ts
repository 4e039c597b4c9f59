// Optional model enrichment: skills ask the writer for prose and keep their offline result when it fails.
import type { SkillContext, SkillResult } from '../skill.js';

export type WriterOutcome =
  | { kind: 'none' }
  | { kind: 'scripted'; provider: string }
  | { kind: 'failed'; reason: string }
  | { kind: 'text'; text: string; provider: string };

/**
 * Asks `ctx.writer` for prose. Text from the offline scripted provider is not used: it is canned, and
 * labelling it as model writing would mislead the customer about what produced the deliverable.
 */
export async function askWriter(ctx: SkillContext, prompt: string, system?: string): Promise<WriterOutcome> {
  if (!ctx.writer) return { kind: 'none' };
  try {
    const res = await ctx.writer.write(prompt, system === undefined ? undefined : { system });
    if (res.offline) return { kind: 'scripted', provider: res.provider };
    const text = res.text.trim();
    return text ? { kind: 'text', text, provider: res.provider } : { kind: 'failed', reason: 'empty reply' };
  } catch (err) {
    return { kind: 'failed', reason: err instanceof Error ? err.message : String(err) };
  }
}

/**
 * Adds the model's prose to an offline result (method becomes 'model' and the deliverable says which
 * provider wrote what), or a note explaining why the deliverable stayed offline.
 */
export function applyWriter<O>(
  result: SkillResult<O>,
  outcome: WriterOutcome,
  heading: string,
): SkillResult<O> {
  switch (outcome.kind) {
    case 'none':
      return result;
    case 'scripted':
      return {
        ...result,
        markdown: `${result.markdown}\n_Produced offline: the configured writer (${outcome.provider}) is the scripted offline provider._\n`,
      };
    case 'failed':
      return {
        ...result,
        markdown: `${result.markdown}\n_Produced offline: the model writer failed (${outcome.reason})._\n`,
      };
    case 'text':
      return {
        ...result,
        method: 'model',
        markdown: `> Written with the help of a model (${outcome.provider}). The figures and checks are computed offline.\n\n${result.markdown}\n## ${heading} (model: ${outcome.provider})\n\n${outcome.text}\n`,
      };
  }
}
