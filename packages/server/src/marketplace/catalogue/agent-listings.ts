// What the agent specs do not say but the marketplace shows: the response time each agent declares
// on its listing. Everything else on a listing comes from the agent's spec (agents/specs/*.yaml).
import { AgentId } from '../../skills/agent-ids.js';

export const declaredResponseTimes: Readonly<Record<AgentId, string>> = {
  [AgentId.content]: '2h',
  [AgentId.social]: '2h',
  [AgentId.seo]: '4h',
  [AgentId.email]: '2h',
  [AgentId.ppc]: '4h',
  [AgentId.brand]: '1d',
  [AgentId.influencer]: '4h',
  [AgentId.math]: '1h',
  [AgentId.science]: '1h',
  [AgentId.english]: '1h',
  [AgentId.testPrep]: '2h',
  [AgentId.career]: '1d',
  [AgentId.study]: '2h',
  [AgentId.homework]: '1h',
  [AgentId.sdr]: '2h',
  [AgentId.ae]: '4h',
  [AgentId.enablement]: '1d',
  [AgentId.crm]: '4h',
  [AgentId.leadGen]: '4h',
};
