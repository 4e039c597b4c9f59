// The 19 marketplace agent ids, named once so skills and specs cannot drift apart by a typo.

export const AgentId = {
  content: 'content-marketing',
  social: 'social-media-marketing',
  seo: 'seo-specialist',
  email: 'email-marketing',
  ppc: 'ppc-specialist',
  brand: 'brand-strategist',
  influencer: 'influencer-marketing',
  math: 'math-tutor',
  science: 'science-tutor',
  english: 'english-tutor',
  testPrep: 'test-prep-coach',
  career: 'career-counsellor',
  study: 'study-planner',
  homework: 'homework-helper',
  sdr: 'sales-development-rep',
  ae: 'account-executive',
  enablement: 'sales-enablement',
  crm: 'crm-manager',
  leadGen: 'lead-generation',
} as const;

export type AgentId = (typeof AgentId)[keyof typeof AgentId];

/** Every agent id, in marketplace order (marketing, education, sales). */
export const allAgentIds: readonly AgentId[] = Object.values(AgentId);
