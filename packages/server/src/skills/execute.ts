// Runs one skill on untrusted input: schema validation (VALIDATION naming the field path) and error
// translation, without loading the whole registry.
import type { z } from 'zod';
import { PlatformError, isPlatformError, toPlatformError } from '../errors.js';
import type { AnySkill, SkillContext, SkillResult } from './skill.js';

/** `a.b[0].c` from a zod issue path. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out === '' ? String(p) : `.${String(p)}`;
  return out || '(input)';
}

/** Turns zod issues into a VALIDATION error whose message and `details.field` name the first bad field. */
export function validationErrorFromZod(error: z.ZodError, context: Record<string, string>): PlatformError {
  const issues = error.issues
    .slice(0, 20)
    .map((i) => ({ field: formatIssuePath(i.path), message: i.message }));
  const first = issues[0] ?? { field: '(input)', message: 'invalid' };
  const where = Object.values(context).join(' ');
  return new PlatformError('VALIDATION', `${where ? `${where}: ` : ''}${first.field}: ${first.message}`, {
    details: { ...context, field: first.field, issues },
  });
}

/**
 * Validates `rawInput` and runs the skill. Errors are always PlatformErrors: VALIDATION (bad input,
 * `details.field` names the path) or INTERNAL for a bug in the skill.
 */
export async function executeSkill(
  skill: AnySkill,
  rawInput: unknown,
  ctx: SkillContext,
): Promise<SkillResult<unknown>> {
  const parsed = skill.inputSchema.safeParse(rawInput);
  if (!parsed.success) throw validationErrorFromZod(parsed.error, { skillId: skill.id });
  try {
    return await skill.run(parsed.data, ctx);
  } catch (err) {
    if (isPlatformError(err)) throw toPlatformError(err);
    throw new PlatformError(
      'INTERNAL',
      `skill "${skill.id}" failed: ${err instanceof Error ? err.message : String(err)}`,
      {
        cause: err,
        details: { skillId: skill.id },
      },
    );
  }
}

/** A `runSkill`-shaped function over a given set of skills (tests use it to load only what they need). */
export function skillRunner(
  skills: readonly AnySkill[],
): (skillId: string, rawInput: unknown, ctx: SkillContext) => Promise<SkillResult<unknown>> {
  const byId = new Map(skills.map((s) => [s.id, s]));
  return (skillId, rawInput, ctx) => {
    const skill = byId.get(skillId);
    if (!skill)
      return Promise.reject(
        new PlatformError('NOT_FOUND', `unknown skill "${skillId}"`, { details: { skillId } }),
      );
    return executeSkill(skill, rawInput, ctx);
  };
}
