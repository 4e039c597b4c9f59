// Test fixture: the 19 marketplace agents in the shape coordinators read from the specs, with
// skills chosen so some are unique to one agent and some shared (text.readability by four).
import { AgentId } from '../../skills/agent-ids.js';
import type { CoordinatedAgentSpec } from './coordinated-agent.js';

const spec = (id: string, domain: string, ...skills: string[]): CoordinatedAgentSpec => ({
  id,
  domain,
  skills: skills.map((s) => ({ id: s })),
});

export const coordinatorTestSpecs: readonly CoordinatedAgentSpec[] = [
  spec(
    AgentId.content,
    'marketing',
    'content.brief-outline',
    'content.health-claims',
    'text.readability',
    'social.calendar',
  ),
  spec(
    AgentId.social,
    'marketing',
    'social.post-variants',
    'social.calendar',
    'social.hashtags',
    'text.readability',
  ),
  spec(AgentId.seo, 'marketing', 'seo.page-audit', 'text.keyword-density'),
  spec(AgentId.email, 'marketing', 'email.sequence', 'email.subject-check', 'text.readability'),
  spec(AgentId.ppc, 'marketing', 'ppc.budget-allocation', 'text.keyword-density'),
  spec(AgentId.brand, 'marketing', 'brand.voice-check', 'text.readability'),
  spec(AgentId.influencer, 'marketing', 'influencer.shortlist', 'social.hashtags'),
  spec(AgentId.math, 'education', 'math.practice'),
  spec(AgentId.science, 'education', 'science.quiz'),
  spec(AgentId.english, 'education', 'english.grammar', 'text.readability'),
  spec(AgentId.testPrep, 'education', 'exam.mock-test'),
  spec(AgentId.career, 'education', 'career.riasec'),
  spec(AgentId.study, 'education', 'study.revision-plan'),
  spec(AgentId.homework, 'education', 'homework.solve', 'math.practice'),
  spec(AgentId.sdr, 'sales', 'sdr.lead-score'),
  spec(AgentId.ae, 'sales', 'ae.pipeline-forecast', 'ae.deal-health'),
  spec(AgentId.enablement, 'sales', 'enablement.battlecard'),
  spec(AgentId.crm, 'sales', 'crm.dedupe'),
  spec(AgentId.leadGen, 'sales', 'leadgen.icp-match'),
];
