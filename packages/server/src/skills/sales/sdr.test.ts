import { describe, expect, it } from 'vitest';
import { isPlatformError } from '../../errors.js';
import { isWeekend, parseIsoDay } from '../shared/dates.js';
import { skillRunner } from '../execute.js';
import type { SkillWriter } from '../skill.js';
import type { ScoredLead } from './sdr-lead-score.js';
import type { OutreachStep } from './sdr-outreach-sequence.js';
import { returnDate } from './sdr-reply-classify.js';
import { parseTitle } from './titles.js';
import { sdrLeadScore } from './sdr-lead-score.js';
import { sdrOutreachSequence } from './sdr-outreach-sequence.js';
import { sdrReplyClassify } from './sdr-reply-classify.js';
import { sdrTitleSeniority } from './sdr-title-seniority.js';

const runSkill = skillRunner([sdrLeadScore, sdrOutreachSequence, sdrReplyClassify, sdrTitleSeniority]);

const ctx = { now: Date.UTC(2026, 0, 5) };

describe('job titles', () => {
  it('classifies seniority, department and authority', () => {
    expect(parseTitle('Co-founder & CEO')).toMatchObject({
      seniority: 'C-level',
      department: 'Executive',
      persona: 'decision maker',
    });
    expect(parseTitle('VP Engineering')).toMatchObject({ seniority: 'VP', department: 'Engineering' });
    expect(parseTitle('Head of Marketing')).toMatchObject({ seniority: 'Director', department: 'Marketing' });
    expect(parseTitle('Associate Director, Finance').authority).toBeCloseTo(0.56, 3);
    expect(parseTitle('Senior Software Engineer')).toMatchObject({
      seniority: 'Individual contributor',
      department: 'Engineering',
      persona: 'user',
    });
    expect(parseTitle('Marketing Intern').seniority).toBe('Intern');
    expect(parseTitle('CPO').department).toBe('Product');
  });

  it('reports unclassified titles', async () => {
    const r = await runSkill('sdr.title-seniority', { titles: ['CTO', 'Ninja'] }, ctx);
    expect(r.checks[0]?.passed).toBe(false);
  });
});

describe('sdr.lead-score', () => {
  const icp = {
    industries: ['SaaS', 'Fintech'],
    employeeRange: [50, 1000],
    countries: ['India'],
    tech: ['Salesforce', 'HubSpot'],
    minDealSize: 500000,
    excludedIndustries: ['Government'],
  };
  const leads = [
    {
      id: 'hot',
      company: 'PayFast',
      title: 'VP Sales',
      industry: 'Fintech',
      employees: 300,
      country: 'India',
      tech: ['Salesforce', 'HubSpot'],
      budget: 800000,
      signals: ['demo request', 'using competitor'],
      timeline: 'quarter',
      engagement: { replies: 1, demoRequested: true },
    },
    {
      id: 'warm',
      company: 'CloudNine',
      title: 'Sales Manager',
      industry: 'SaaS',
      employees: 1500,
      country: 'India',
      signals: ['hiring'],
      timeline: 'half-year',
    },
    { id: 'cold', company: 'TinyShop', title: 'Intern', industry: 'Retail', employees: 8, country: 'India' },
    {
      id: 'gov',
      company: 'State Dept',
      title: 'Director IT',
      industry: 'Government',
      employees: 5000,
      country: 'India',
    },
    {
      id: 'abroad',
      company: 'Berlin SaaS',
      title: 'CEO',
      industry: 'SaaS',
      employees: 200,
      country: 'Germany',
    },
  ];

  it('grades leads and orders them with reasons', async () => {
    const r = await runSkill('sdr.lead-score', { icp, leads }, ctx);
    const o = r.output as { leads: ScoredLead[]; counts: Record<string, number> };
    const by = (id: string) => o.leads.find((l) => l.id === id) as ScoredLead;
    expect(by('hot').grade).toBe('hot');
    expect(by('hot').fit).toBe(100);
    expect(by('warm').grade).toBe('warm');
    expect(by('cold').grade).toBe('cold');
    expect(by('gov').grade).toBe('disqualified');
    expect(by('abroad').grade).toBe('disqualified');
    expect(o.leads[0]?.id).toBe('hot');
    expect(o.counts).toEqual({ hot: 1, warm: 1, cold: 1, disqualified: 2 });
    expect(r.summary).toBe('Scored 5 leads; 1 hot');
  });

  it('reads leads from CSV and names a bad cell', async () => {
    const csv =
      'Company,Job Title,Industry,Employees,Country,Tech Stack,Timeline\nPayFast,CFO,Fintech,300,India,Salesforce;Slack,now\n';
    const r = await runSkill('sdr.lead-score', { icp, csv }, ctx);
    expect((r.output as { leads: ScoredLead[] }).leads[0]?.reasons.join(' ')).toMatch(/uses Salesforce/);
    await expect(
      runSkill('sdr.lead-score', { icp, csv: 'Company,Timeline\nX,someday\n' }, ctx),
    ).rejects.toSatisfy(
      (e: unknown) => isPlatformError(e, 'VALIDATION') && e.details['field'] === 'csv[row 1].timeline',
    );
  });
});

describe('sdr.outreach-sequence', () => {
  const input = {
    lead: {
      firstName: 'Asha',
      company: 'PayFast',
      title: 'VP Sales',
      industry: 'fintech',
      painPoint: 'slow lead routing between teams',
      trigger: 'Raised a Series B',
    },
    sender: {
      name: 'Ravi',
      company: 'RouteIQ',
      valueProp: 'Routes every inbound lead to the right rep in under a minute',
      proof: 'Teams see 30% faster first responses',
    },
    startDate: '2026-01-09',
  };

  it('builds five personalised, checked steps on business days', async () => {
    const r = await runSkill('sdr.outreach-sequence', input, ctx);
    const steps = (r.output as { steps: OutreachStep[] }).steps;
    expect(steps.map((s) => s.channel)).toEqual(['email', 'linkedin', 'email', 'call', 'email']);
    for (const s of steps) expect(isWeekend(parseIsoDay(s.date) as number)).toBe(false);
    expect(steps[0]?.body).toContain('raised a Series B');
    expect(steps[1]?.body.length).toBeLessThanOrEqual(300);
    expect(steps.filter((s) => s.channel === 'email').every((s) => s.words <= 125)).toBe(true);
    expect(r.checks.every((c) => c.passed)).toBe(true);
  });

  it('accepts model rewrites only when they pass the checks', async () => {
    const writer: SkillWriter = {
      write: async () => ({
        text: 'STEP 1\nSubject: Quick idea for PayFast\nHi Asha, congrats on the Series B. Happy to share how RouteIQ cuts lead routing time at PayFast.\n\nSTEP 3\nSubject: FREE MONEY!!!\nHi Asha, act now, 100% free.',
        provider: 'm',
        offline: false,
      }),
    };
    const r = await runSkill('sdr.outreach-sequence', input, { ...ctx, writer });
    const steps = (r.output as { steps: OutreachStep[] }).steps;
    expect(steps[0]?.source).toBe('model');
    expect(steps[2]?.source).toBe('offline');
    expect(r.method).toBe('model');
  });
});

describe('sdr.reply-classify', () => {
  it('classifies replies in priority order and extracts details', async () => {
    const r = await runSkill(
      'sdr.reply-classify',
      {
        replies: [
          { id: '1', text: 'Sounds interesting — can you send a calendar invite for Thursday?' },
          { id: '2', text: 'Please remove me from your list.' },
          { id: '3', text: 'I am out of the office until 12 January with limited access to email.' },
          {
            id: '4',
            text: "I'm not the right person. Please reach out to meera@payfast.in who handles this.",
          },
          { id: '5', text: 'Not right now, maybe next quarter.' },
          { id: '6', text: 'No thanks, we already use another tool.' },
          { id: '7', text: 'How much does it cost per seat?' },
        ],
      },
      ctx,
    );
    const rows = (
      r.output as { replies: { id: string; category: string; details: Record<string, string> }[] }
    ).replies;
    expect(rows.map((x) => x.category)).toEqual([
      'interested',
      'unsubscribe',
      'out-of-office',
      'wrong-person',
      'not-now',
      'not-interested',
      'question',
    ]);
    expect(rows[2]?.details['returns']).toBe('2026-01-12');
    expect(rows[3]?.details['referTo']).toBe('meera@payfast.in');
  });

  it('parses return dates in several formats', () => {
    const today = parseIsoDay('2026-12-20') as number;
    expect(returnDate('back on 5 Jan', today)).toBe('2027-01-05');
    expect(returnDate('returning January 12th, 2027', today)).toBe('2027-01-12');
    expect(returnDate('until 2026-12-28', today)).toBe('2026-12-28');
    expect(returnDate('back soon', today)).toBeUndefined();
  });
});
