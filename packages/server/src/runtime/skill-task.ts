// Runs a workforce skill as a task handler: validates the input with the skill's schema, lends it a
// writer whose model calls are metered against the agent's budgets, and keeps the Markdown result
// as an artifact that says whether a model or the deterministic path produced it — or, when the caller
// stores the content itself (the workforce's marketplace deliverable), hands the Markdown back instead.
import type { JsonValue } from '../errors.js';
import { parseOrThrow } from '../components/validation/validator.js';
import type { AnySkill, SkillWriter } from '../skills/skill.js';
import type { TaskHandler } from './agent-definition.js';

export interface SkillTaskOptions {
  /**
   * Keep the result as an artifact of this type (default: the skill id, dots as dashes); false to keep
   * nothing and return the Markdown in the output (`markdown`) for the caller to store once.
   */
  deliver?: { type?: string } | false;
}

export function skillTaskHandler(skill: AnySkill, options: SkillTaskOptions = {}): TaskHandler {
  return async (ctx, input) => {
    const parsed = parseOrThrow(skill.inputSchema, input, `input of ${skill.id}`);
    const writer: SkillWriter | undefined =
      skill.usesWriter && ctx.models
        ? {
            async write(prompt, opts) {
              const r = await ctx.write(prompt, opts?.system === undefined ? {} : { system: opts.system });
              return { text: r.text, provider: r.provider, offline: r.offline };
            },
          }
        : undefined;
    const result = await skill.run(parsed, { now: ctx.clock.now(), ...(writer ? { writer } : {}) });
    const checks = result.checks.map((c) => ({ name: c.name, passed: c.passed, detail: c.detail }));
    let deliverableId: string | null = null;
    if (options.deliver !== false) {
      const d = await ctx.deliver({
        type:
          options.deliver?.type ??
          skill.id
            .toLowerCase()
            .replace(/[^a-z0-9]+/g, '-')
            .slice(0, 64),
        title: (result.summary || skill.title).slice(0, 300),
        mimeType: 'text/markdown',
        content: result.markdown,
        producedBy: result.method === 'model' ? 'model' : 'deterministic',
        metadata: { skill: skill.id, confidence: result.confidence, checks },
      });
      deliverableId = d.deliverableId;
    }
    return {
      output: {
        skill: skill.id,
        summary: result.summary,
        result: result.output as JsonValue,
        checks,
        deliverableId,
        ...(options.deliver === false ? { markdown: result.markdown } : {}),
      },
      method: result.method === 'model' ? 'model' : 'deterministic',
      confidence: result.confidence,
    };
  };
}
