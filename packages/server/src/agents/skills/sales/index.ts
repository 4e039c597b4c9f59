// The sales agents' own skills (shared writing skills live in ../text).
import type { AnySkill } from '../skill.js';

export const salesSkills: readonly AnySkill[] = [] as readonly AnySkill[];
