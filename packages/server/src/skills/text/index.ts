// Writing-analysis skills shared by several agents.
import type { AnySkill } from '../skill.js';
import { textKeywordDensity } from './text-keyword-density.js';
import { textReadability } from './text-readability.js';
import { textStyleCheck } from './text-style-check.js';

export const textSkills: readonly AnySkill[] = [
  textReadability,
  textKeywordDensity,
  textStyleCheck,
] as readonly AnySkill[];
