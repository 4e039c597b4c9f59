import { describe, expect, it } from 'vitest';
import { isPlatformError } from '../../errors.js';
import { parseCsv } from '../shared/csv.js';
import { skillRunner } from '../execute.js';
import { normaliseDomain, companyKey } from './company.js';
import type { IcpScore } from './leadgen-icp-match.js';
import { leadgenCompanyDedupe } from './leadgen-company-dedupe.js';
import { leadgenEmailPatterns } from './leadgen-email-patterns.js';
import { leadgenIcpMatch } from './leadgen-icp-match.js';
import { leadgenSegmentExport } from './leadgen-segment-export.js';
import { leadgenTam } from './leadgen-tam.js';

const runSkill = skillRunner([
  leadgenCompanyDedupe,
  leadgenEmailPatterns,
  leadgenIcpMatch,
  leadgenSegmentExport,
  leadgenTam,
]);

const ctx = { now: Date.UTC(2026, 0, 5) };

const companies = [
  'Company,Website,Industry,Employees,Annual Revenue,Country,City,Tech Stack',
  'PayFast,https://www.payfast.in/about,Fintech,300,500000000,India,Bengaluru,Salesforce;HubSpot;AWS',
  'CloudNine,cloudnine.io,SaaS,80,90000000,India,Pune,HubSpot',
  '"Acme, Inc.",acme.com,Manufacturing,5000,9000000000,USA,Austin,SAP',
  'LegacyBank,legacybank.in,Fintech,900,800000000,India,Mumbai,Oracle',
  'Tiny Ltd,,SaaS,5,1000000,India,Delhi,',
].join('\n');

describe('leadgen.icp-match', () => {
  it('scores, tiers and excludes by ICP', async () => {
    const r = await runSkill(
      'leadgen.icp-match',
      {
        csv: companies,
        icp: {
          industries: ['Fintech', 'SaaS'],
          employeeRange: [50, 1000],
          countries: ['India'],
          techIncludes: ['Salesforce', 'HubSpot'],
          techExcludes: ['Oracle'],
        },
      },
      ctx,
    );
    const o = r.output as {
      companies: IcpScore[];
      counts: { A: number; B: number; C: number; excluded: number };
    };
    expect(o.companies[0]).toMatchObject({ name: 'PayFast', tier: 'A', domain: 'payfast.in' });
    expect(o.companies.find((c) => c.name === 'LegacyBank')?.tier).toBe('excluded');
    expect(o.companies.find((c) => c.name === 'Acme, Inc.')?.tier).toBe('C');
    expect(o.counts.A + o.counts.B + o.counts.C + o.counts.excluded).toBe(5);
    expect(r.checks[0]?.passed).toBe(true);
  });
});

describe('leadgen.segment-export', () => {
  it('filters, sorts and exports CSV that re-reads exactly', async () => {
    const r = await runSkill(
      'leadgen.segment-export',
      {
        csv: companies,
        filters: [
          { column: 'country', op: 'eq', value: 'india' },
          { column: 'employees', op: 'between', value: [50, 1000] },
        ],
        columns: ['Company', 'Employees'],
        sortBy: { column: 'employees', direction: 'desc' },
      },
      ctx,
    );
    const o = r.output as { count: number; csv: string };
    expect(o.count).toBe(3);
    expect(parseCsv(o.csv)).toEqual([
      ['Company', 'Employees'],
      ['LegacyBank', '900'],
      ['PayFast', '300'],
      ['CloudNine', '80'],
    ]);
    expect(r.checks[0]?.passed).toBe(true);
  });

  it('quotes cells with commas and names unknown columns', async () => {
    const r = await runSkill(
      'leadgen.segment-export',
      { csv: companies, filters: [{ column: 'City', op: 'in', value: ['Austin'] }], columns: ['Company'] },
      ctx,
    );
    expect((r.output as { csv: string }).csv).toBe('Company\r\n"Acme, Inc."\r\n');
    await expect(
      runSkill(
        'leadgen.segment-export',
        { csv: companies, filters: [{ column: 'Planet', op: 'eq', value: 'Mars' }] },
        ctx,
      ),
    ).rejects.toSatisfy(
      (e: unknown) => isPlatformError(e, 'VALIDATION') && e.details['field'] === 'filters[0].column',
    );
  });
});

describe('leadgen.company-dedupe', () => {
  it('merges the same website and suffix variants, keeps different websites apart', async () => {
    const r = await runSkill(
      'leadgen.company-dedupe',
      {
        companies: [
          { name: 'Acme Technologies Pvt. Ltd.', website: 'https://acme.in' },
          { name: 'ACME Tech', website: 'www.acme.in/contact' },
          { name: 'Acme Technologies Private Limited' },
          { name: 'Acme Foods', website: 'acmefoods.com' },
          { name: 'Zeta Labs' },
        ],
      },
      ctx,
    );
    const o = r.output as { clusters: { keep: string; duplicates: string[] }[]; clean: { name: string }[] };
    expect(o.clusters).toHaveLength(1);
    expect(o.clusters[0]?.duplicates.sort()).toEqual(['ACME Tech', 'Acme Technologies Private Limited']);
    expect(o.clean.map((c) => c.name)).toEqual(['Acme Technologies Pvt. Ltd.', 'Acme Foods', 'Zeta Labs']);
    expect(normaliseDomain('HTTPS://WWW.Acme.co.in/path?q=1')).toBe('acme.co.in');
    expect(companyKey('Acme Technologies Pvt. Ltd.')).toBe('acme');
  });
});

describe('leadgen.email-patterns', () => {
  it('learns the pattern, proves it and generates addresses', async () => {
    const r = await runSkill(
      'leadgen.email-patterns',
      {
        known: [
          { firstName: 'Asha', lastName: 'Kumar', email: 'asha.kumar@payfast.in' },
          { firstName: 'Ravi', lastName: 'Iyer', email: 'ravi.iyer@payfast.in' },
          { firstName: 'Meera', lastName: 'Das', email: 'mdas@payfast.in' },
        ],
        people: [{ firstName: 'Zoë', lastName: "O'Brien" }],
      },
      ctx,
    );
    const o = r.output as { pattern: string; confidence: number; generated: { email: string }[] };
    expect(o.pattern).toBe('first.last');
    expect(o.confidence).toBeCloseTo(2 / 3, 3);
    expect(o.generated[0]?.email).toBe('zoe.obrien@payfast.in');
    expect(r.checks[0]?.passed).toBe(false); // 67% < 80%: flagged as uncertain
    await expect(
      runSkill(
        'leadgen.email-patterns',
        {
          known: [
            { firstName: 'a', email: 'a@x.com' },
            { firstName: 'b', email: 'b@y.com' },
          ],
        },
        ctx,
      ),
    ).rejects.toThrow(/2 domains/);
  });
});

describe('leadgen.tam', () => {
  it('nests SOM in SAM in TAM and totals segments', async () => {
    const r = await runSkill(
      'leadgen.tam',
      {
        segments: [
          {
            name: 'Mid-market SaaS',
            accounts: 4000,
            annualContractValue: 600_000,
            serviceableShare: 0.5,
            obtainableShare: 0.05,
          },
          {
            name: 'Fintech',
            accounts: 1000,
            annualContractValue: 1_200_000,
            serviceableShare: 0.4,
            obtainableShare: 0.1,
          },
        ],
      },
      ctx,
    );
    expect((r.output as { total: Record<string, number> }).total).toEqual({
      tam: 3_600_000_000,
      sam: 1_680_000_000,
      som: 108_000_000,
      customers: 140,
    });
    expect(r.checks.every((c) => c.passed)).toBe(true);
  });
});
