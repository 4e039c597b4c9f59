// The coordinators' view of the agent specs: id, domain, specialty and the skills in routing order
// (the demo skill first, as the workforce's primary skill).
import type { CoordinatedAgentSpec } from '../coordinators/coordinated-agent.js';
import type { AgentSpec } from '../specs/agent-spec.js';

export function coordinatedSpecs(specs: readonly AgentSpec[]): CoordinatedAgentSpec[] {
  return specs.map((s) => ({
    id: s.id,
    domain: s.domain,
    specialty: s.specialty,
    skills: [s.demoSkill, ...s.skills.map((k) => k.id).filter((id) => id !== s.demoSkill)].map((id) => ({
      id,
    })),
  }));
}
