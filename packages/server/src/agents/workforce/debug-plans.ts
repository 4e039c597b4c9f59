import { coordinatorTestSpecs } from '../coordinators/coordinator-test-specs.js';
import { AgentId } from '../skills/agent-ids.js';
import type { AgentPlan } from './agent-plan.js';
/** Two hand-made plans over real offline skills (the shipped specs are tested in workforce-specs.test.ts). */
const emailPlan: AgentPlan = {
  agentType: AgentId.email,
  role: 'Email Marketing Agent',
  domain: 'marketing',
  expertise: 'Nurture sequences that land in the inbox',
  version: '1.0.0',
  responsibilities: [],
  skills: ['email.sequence', 'email.subject-check', 'brand.voice-check'],
  constraints: [{ rule: 'Never send without consent', reason: 'DPDP and CAN-SPAM', forbids: ['send:unconsented'] }],
  wake: [
    {
      name: 'event:lead.qualified',
      trigger: { kind: 'event', pattern: 'lead.qualified' },
      skillId: 'email.sequence',
      input: {
        startDate: '{{today}}',
        steps: [
          { name: 'Welcome', delayDays: 0, subject: 'Your guide to healthier meals' },
          { name: 'Follow-up', delayDays: 3, subject: 'Three recipes our patients love' },
        ],
      },
    },
    {
      name: 'cron:weekly-subjects',
      trigger: { kind: 'cron', schedule: '0 9 * * 1' },
      skillId: 'email.subject-check',
      input: { subjects: ['Your weekly clinic update', 'Five quick diet tips for busy weeks'] },
    },
  ],
  reviewSkills: new Map(),
  examples: new Map([['brand.voice-check', { text: 'Our clinic helps you eat well. Book a visit today.' }]]),
};

const enablementPlan: AgentPlan = {
  agentType: AgentId.enablement,
  role: 'Sales Enablement Agent',
  domain: 'sales',
  expertise: 'Briefs the deal team',
  version: '1.0.0',
  responsibilities: [],
  skills: ['content.brief-outline', 'brand.voice-check'],
  constraints: [],
  wake: [],
  reviewSkills: new Map([['brand.voice-check', 'claims in sales copy need a manager’s eye']]),
  examples: new Map([['content.brief-outline', { topic: 'Why clinics switch to us', primaryKeyword: 'clinic software' }]]),
};

const plans = [emailPlan, enablementPlan];
/** Coordinators need all 19 agents; the enablement agent's primary skill is the plan's. */
const coordinatorSpecs = coordinatorTestSpecs.map((s) =>
  s.id === AgentId.enablement ? { ...s, skills: enablementPlan.skills.map((id) => ({ id })) } : s,
);


export const plansForDebug = { plans, coordinatorSpecs };
