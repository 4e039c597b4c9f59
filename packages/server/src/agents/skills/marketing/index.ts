// The marketing agents' own skills (shared writing skills live in ../text).
import type { AnySkill } from '../skill.js';

export const marketingSkills: readonly AnySkill[] = [] as readonly AnySkill[];
