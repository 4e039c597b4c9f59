// Agent specs: the schema, parsing and loading of the YAML files in ../specs.
export {
  PREMIUM_SKILLS,
  STANDARD_SKILLS,
  agentSpecSchema,
  parseAgentSpec,
  type AgentSpec,
  type AgentSpecSkill,
} from './agent-spec.js';
export { clearAgentSpecCache, defaultSpecsDir, getAgentSpec, loadAgentSpecs } from './load-agent-specs.js';
