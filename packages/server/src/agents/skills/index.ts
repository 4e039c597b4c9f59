// Agent skills: the contract, the registry and the runner. Skills live in text/, marketing/, education/, sales/.
export { AgentId, allAgentIds } from './agent-ids.js';
export { executeSkill, skillRunner } from './execute.js';
export {
  formatIssuePath,
  getSkill,
  listSkills,
  parseSkillInput,
  runSkill,
  skillRegistry,
  validationErrorFromZod,
} from './registry.js';
export {
  defineSkill,
  type AnySkill,
  type Skill,
  type SkillCheck,
  type SkillContext,
  type SkillMethod,
  type SkillResult,
  type SkillWriter,
} from './skill.js';
