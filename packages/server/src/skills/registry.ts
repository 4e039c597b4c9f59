// The skill registry: every skill by id, and `runSkill`, which validates raw input before running.
import { PlatformError } from '../errors.js';
import { educationSkills } from './education/index.js';
import { executeSkill, validationErrorFromZod } from './execute.js';
import { marketingSkills } from './marketing/index.js';
import { salesSkills } from './sales/index.js';
import type { AnySkill, SkillContext, SkillResult } from './skill.js';
import { textSkills } from './text/index.js';

export { formatIssuePath, validationErrorFromZod } from './execute.js';

function buildRegistry(skills: readonly AnySkill[]): ReadonlyMap<string, AnySkill> {
  const map = new Map<string, AnySkill>();
  for (const s of skills) {
    if (map.has(s.id))
      throw new PlatformError('CONFLICT', `skill id "${s.id}" is registered twice`, {
        details: { skillId: s.id },
      });
    map.set(s.id, s);
  }
  return map;
}

/** Every skill, by id. */
export const skillRegistry: ReadonlyMap<string, AnySkill> = buildRegistry([
  ...textSkills,
  ...marketingSkills,
  ...educationSkills,
  ...salesSkills,
]);

/** The skill with this id; NOT_FOUND otherwise. */
export function getSkill(skillId: string): AnySkill {
  const skill = skillRegistry.get(skillId);
  if (!skill) throw new PlatformError('NOT_FOUND', `unknown skill "${skillId}"`, { details: { skillId } });
  return skill;
}

/** All skills, or those an agent lists. */
export function listSkills(filter: { agentId?: string } = {}): AnySkill[] {
  const all = [...skillRegistry.values()];
  return filter.agentId === undefined
    ? all
    : all.filter((s) => s.agentIds.includes(filter.agentId as string));
}

/** Validates `rawInput` against the skill's schema; VALIDATION naming the field path on failure. */
export function parseSkillInput(skillId: string, rawInput: unknown): unknown {
  const parsed = getSkill(skillId).inputSchema.safeParse(rawInput);
  if (!parsed.success) throw validationErrorFromZod(parsed.error, { skillId });
  return parsed.data;
}

/**
 * Runs a skill on untrusted input. Errors are always PlatformErrors: NOT_FOUND (unknown skill),
 * VALIDATION (bad input, `details.field` names the path), or INTERNAL for a bug in the skill.
 */
export async function runSkill(
  skillId: string,
  rawInput: unknown,
  ctx: SkillContext,
): Promise<SkillResult<unknown>> {
  return executeSkill(getSkill(skillId), rawInput, ctx);
}
