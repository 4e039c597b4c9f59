// What the marketplace shows for each of the 19 agents: role, specialty, price (₹/month, PLAN + UI
// figures), declared response time and the live demo with a ready-to-run example. Skills are not
// listed here: they come from the skill registry, so the catalogue always shows what the agent can run.
import { AgentId } from '../../agents/skills/agent-ids.js';
import type { Industry } from '../../api/contracts.js';

export interface AgentListing {
  id: AgentId;
  name: string;
  industry: Industry;
  specialty: string;
  description: string;
  monthlyPrice: number;
  responseTime: string;
  /** The demo skill and an input the visitor can run as is. */
  demo: { skillId: string; exampleInput: unknown };
}

export const agentListings: readonly AgentListing[] = [
  {
    id: AgentId.content,
    name: 'Content Marketing Agent',
    industry: 'marketing',
    specialty: 'Healthcare',
    description: 'Plans and drafts healthcare articles with word budgets, keyword placement, readability targets and health-claim compliance checks.',
    monthlyPrice: 15000,
    responseTime: '2h',
    demo: { skillId: 'content.brief-outline', exampleInput: { topic: 'Managing type 2 diabetes through diet', primaryKeyword: 'diabetes diet' } },
  },
  {
    id: AgentId.social,
    name: 'Social Media Agent',
    industry: 'marketing',
    specialty: 'B2B',
    description: 'Builds multi-week B2B posting calendars, checks every post against each platform’s limits and suggests hashtags.',
    monthlyPrice: 12000,
    responseTime: '2h',
    demo: {
      skillId: 'social.hashtags',
      exampleInput: { text: 'We just released usage-based billing reports for finance teams running SaaS: see revenue by plan, churn risk and expansion in one dashboard.' },
    },
  },
  {
    id: AgentId.seo,
    name: 'SEO Specialist Agent',
    industry: 'marketing',
    specialty: 'E-commerce',
    description: 'Audits product and category pages: titles, meta descriptions, headings, alt text, keyword use and structured data.',
    monthlyPrice: 18000,
    responseTime: '4h',
    demo: {
      skillId: 'seo.page-audit',
      exampleInput: {
        keyword: 'running shoes',
        html: '<html><head><title>Running shoes</title></head><body><h1>Running shoes for every runner</h1><p>Light running shoes with cushioned soles.</p><img src="shoe.jpg"></body></html>',
      },
    },
  },
  {
    id: AgentId.email,
    name: 'Email Marketing Agent',
    industry: 'marketing',
    specialty: 'Lifecycle & newsletters',
    description: 'Designs email sequences, scores subject lines, checks spam triggers and deliverability, and splits A/B tests.',
    monthlyPrice: 10000,
    responseTime: '2h',
    demo: {
      skillId: 'email.spam-check',
      exampleInput: { subject: 'FREE!!! Act now to WIN a guaranteed prize', body: 'Click here now! 100% free, no risk, limited time only. Unsubscribe at any time.' },
    },
  },
  {
    id: AgentId.ppc,
    name: 'PPC Specialist Agent',
    industry: 'marketing',
    specialty: 'Google & Meta ads',
    description: 'Allocates budget across campaigns by CPA and ROAS, checks ad copy against platform limits and groups keywords.',
    monthlyPrice: 16000,
    responseTime: '4h',
    demo: {
      skillId: 'ppc.budget-allocation',
      exampleInput: {
        totalBudget: 100000,
        campaigns: [
          { name: 'Brand search', spend: 20000, conversions: 80, revenue: 240000 },
          { name: 'Generic search', spend: 50000, conversions: 100, revenue: 200000 },
          { name: 'Display remarketing', spend: 30000, conversions: 30, revenue: 45000 },
        ],
      },
    },
  },
  {
    id: AgentId.brand,
    name: 'Brand Strategy Agent',
    industry: 'marketing',
    specialty: 'Positioning & voice',
    description: 'Writes positioning statements and checks copy for consistency with the brand voice and style guide.',
    monthlyPrice: 18000,
    responseTime: '1d',
    demo: { skillId: 'brand.voice-check', exampleInput: { text: 'We are totally the BEST!!! Our amazing product will literally change your life, guaranteed.' } },
  },
  {
    id: AgentId.influencer,
    name: 'Influencer Marketing Agent',
    industry: 'marketing',
    specialty: 'Creator campaigns',
    description: 'Shortlists creators by engagement and audience fit, plans budgets and checks sponsored posts for proper disclosure.',
    monthlyPrice: 14000,
    responseTime: '4h',
    demo: {
      skillId: 'influencer.disclosure-check',
      exampleInput: { posts: [{ caption: 'Loving my new trail shoes from @peakgear, use code PEAK20 for 20% off!' }, { caption: 'Morning run done. #ad #sponsored by @peakgear' }] },
    },
  },
  {
    id: AgentId.math,
    name: 'Math Tutor Agent',
    industry: 'education',
    specialty: 'JEE / NEET',
    description: 'Generates JEE and NEET practice problems with verified answers, grades attempts and explains each step.',
    monthlyPrice: 8000,
    responseTime: '1h',
    demo: { skillId: 'math.practice-set', exampleInput: { count: 5, seed: 7 } },
  },
  {
    id: AgentId.science,
    name: 'Science Tutor Agent',
    industry: 'education',
    specialty: 'CBSE',
    description: 'Builds CBSE science quizzes by chapter and difficulty from a checked question bank, and grades them.',
    monthlyPrice: 8000,
    responseTime: '1h',
    demo: { skillId: 'science.quiz', exampleInput: { count: 5, seed: 7 } },
  },
  {
    id: AgentId.english,
    name: 'English Tutor Agent',
    industry: 'education',
    specialty: 'Grammar & writing',
    description: 'Checks spelling, grammar, style and readability, and gives structured feedback on essays and letters.',
    monthlyPrice: 8000,
    responseTime: '1h',
    demo: { skillId: 'english.spelling', exampleInput: { text: 'I recieved the letter yesterday and beleive it was definately sent by my freind.' } },
  },
  {
    id: AgentId.testPrep,
    name: 'Test Prep Agent',
    industry: 'education',
    specialty: 'Mock tests & pacing',
    description: 'Assembles timed mock tests, scores them and finds the topics and questions where time is lost.',
    monthlyPrice: 10000,
    responseTime: '2h',
    demo: {
      skillId: 'exam.pacing',
      exampleInput: {
        durationMinutes: 10,
        questions: [
          { id: 'q1', seconds: 60 },
          { id: 'q2', seconds: 240 },
          { id: 'q3', seconds: 45 },
          { id: 'q4', seconds: 180 },
        ],
      },
    },
  },
  {
    id: AgentId.career,
    name: 'Career Counselling Agent',
    industry: 'education',
    specialty: 'Students & graduates',
    description: 'Helps students explore careers and polishes statements of purpose and application letters.',
    monthlyPrice: 9000,
    responseTime: '1d',
    demo: {
      skillId: 'english.essay-feedback',
      exampleInput: {
        text: 'I want to study computer science because I like computers. In school I built a small website for my class. I think technology can help people in villages get better healthcare. After my degree I want to work on such problems.',
      },
    },
  },
  {
    id: AgentId.study,
    name: 'Study Planner Agent',
    industry: 'education',
    specialty: 'Exam schedules',
    description: 'Plans study time around exam dates and daily hours, and tracks progress and pacing across mock tests.',
    monthlyPrice: 6000,
    responseTime: '2h',
    demo: {
      skillId: 'exam.pacing',
      exampleInput: {
        durationMinutes: 30,
        questions: [
          { id: 'algebra-1', seconds: 300 },
          { id: 'algebra-2', seconds: 420 },
          { id: 'physics-1', seconds: 200 },
        ],
      },
    },
  },
  {
    id: AgentId.homework,
    name: 'Homework Help Agent',
    industry: 'education',
    specialty: 'Maths & science, grades 6–12',
    description: 'Solves arithmetic, algebra and science problems step by step, checking every answer.',
    monthlyPrice: 7000,
    responseTime: '1h',
    demo: { skillId: 'homework.step-solve', exampleInput: { problem: '3x + 7 = 22' } },
  },
  {
    id: AgentId.sdr,
    name: 'Sales Development Agent',
    industry: 'sales',
    specialty: 'B2B SaaS',
    description: 'Scores leads against your ICP and BANT, and writes personalised outreach sequences that pass deliverability checks.',
    monthlyPrice: 15000,
    responseTime: '2h',
    demo: {
      skillId: 'email.personalization-check',
      exampleInput: {
        subject: 'Quick idea for {{company}}',
        body: 'Hi {{first_name}}, I noticed {{company}} is hiring SDRs. Teams like yours cut ramp time by a third with our playbooks. Open to a 15-minute call?',
        recipients: [{ first_name: 'Asha', company: 'Acme Analytics' }, { first_name: '', company: 'Brightpath' }],
      },
    },
  },
  {
    id: AgentId.ae,
    name: 'Account Executive Agent',
    industry: 'sales',
    specialty: 'Pipeline & forecasting',
    description: 'Forecasts the weighted pipeline, flags stale deals and checks follow-up emails before they go out.',
    monthlyPrice: 18000,
    responseTime: '4h',
    demo: {
      skillId: 'email.spam-check',
      exampleInput: { subject: 'Proposal for Acme Analytics — next steps', body: 'Hi Ravi, thanks for the call today. Attached is the proposal we discussed, with the pricing for 25 seats. Could we review it together on Thursday?' },
    },
  },
  {
    id: AgentId.enablement,
    name: 'Sales Enablement Agent',
    industry: 'sales',
    specialty: 'Battlecards & positioning',
    description: 'Turns competitor and product facts into battlecards and positioning statements the team can use on calls.',
    monthlyPrice: 14000,
    responseTime: '1d',
    demo: {
      skillId: 'brand.positioning',
      exampleInput: {
        brandName: 'Ledgerly',
        targetCustomer: 'finance teams at growing SaaS companies',
        need: 'close the books faster',
        category: 'accounting automation platform',
        keyBenefit: 'reconciles payments and invoices automatically',
        competitorAlternative: 'spreadsheets and manual reconciliation',
        differentiator: 'matches 95% of transactions without rules to maintain',
      },
    },
  },
  {
    id: AgentId.crm,
    name: 'CRM Management Agent',
    industry: 'sales',
    specialty: 'Data quality',
    description: 'De-duplicates contacts, normalises phone numbers and emails, and reports on CRM data quality.',
    monthlyPrice: 12000,
    responseTime: '4h',
    demo: { skillId: 'email.list-hygiene', exampleInput: { emails: ['Asha@Acme.com', 'asha@acme.com', 'sales@acme.com', 'ravi@gmial.com', 'not-an-email'] } },
  },
  {
    id: AgentId.leadGen,
    name: 'Lead Generation Agent',
    industry: 'sales',
    specialty: 'ICP matching',
    description: 'Matches companies to your ideal customer profile and exports clean, segmented lead lists.',
    monthlyPrice: 13000,
    responseTime: '4h',
    demo: { skillId: 'email.list-hygiene', exampleInput: { emails: ['founder@startup.io', 'info@startup.io', 'cto@startup.io', 'founder@startup.io'] } },
  },
];

