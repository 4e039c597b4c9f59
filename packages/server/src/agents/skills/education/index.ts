// The education agents' own skills (shared writing skills live in ../text).
import type { AnySkill } from '../skill.js';

export const educationSkills: readonly AnySkill[] = [] as readonly AnySkill[];
