import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { skillRunner } from '../execute.js';
import { properCase } from './contact-records.js';
import { normaliseContact } from './crm-normalize.js';
import { crmDataQuality } from './crm-data-quality.js';
import { crmDedupe } from './crm-dedupe.js';
import { crmFieldMapping } from './crm-field-mapping.js';
import { crmNormalize } from './crm-normalize.js';

const runSkill = skillRunner([crmDataQuality, crmDedupe, crmFieldMapping, crmNormalize]);

const ctx = { now: Date.UTC(2026, 0, 5) };

const contacts = [
  {
    id: 'c1',
    firstName: 'Priya',
    lastName: 'Sharma',
    email: 'priya.sharma@gmail.com',
    phone: '98765 43210',
    company: 'Acme Pvt Ltd',
  },
  { id: 'c2', firstName: 'PRIYA', lastName: 'sharma', email: 'PriyaSharma+crm@gmail.com', company: 'Acme' },
  { id: 'c3', name: 'Rahul Verma', phone: '+91 98111 22233', company: 'Beta Corp' },
  { id: 'c4', name: 'Rahul Varma', phone: '098111-22233', company: 'Beta Corporation' },
  { id: 'c5', firstName: 'Anita', lastName: 'Rao', email: 'anita@gamma.io', company: 'Gamma' },
  { id: 'c6', firstName: 'Anitha', lastName: 'Rao', email: 'anitha.rao@gamma.io', company: 'Gamma' },
  { id: 'c7', firstName: 'Sharma', lastName: 'Priya', company: 'Acme Private Limited' },
  { id: 'c8', firstName: 'Vikram', lastName: 'Singh', company: 'Delta' },
];

describe('crm.dedupe', () => {
  it('finds duplicates by email, phone and fuzzy name with company, not different people', async () => {
    const r = await runSkill('crm.dedupe', { contacts }, ctx);
    const o = r.output as {
      clusters: {
        members: string[];
        reasons: string[];
        keep: string;
        merged: Record<string, string>;
        conflicts: string[];
      }[];
      duplicates: number;
    };
    const groups = o.clusters.map((c) => [...c.members].sort());
    expect(groups).toContainEqual(['c1', 'c2', 'c7']);
    expect(groups).toContainEqual(['c3', 'c4']);
    // Anita and Anitha at Gamma have different real email addresses: different people.
    expect(groups.some((g) => g.includes('c5'))).toBe(false);
    expect(o.duplicates).toBe(3);
    const priya = o.clusters.find((c) => c.members.includes('c1'));
    expect(priya?.keep).toBe('c1');
    expect(priya?.reasons).toEqual(expect.arrayContaining(['same email (normalised)']));
    // The merged record is normalised, and case-only differences are not conflicts.
    expect(priya?.merged).toMatchObject({
      firstName: 'Priya',
      phone: '+919876543210',
      email: 'priya.sharma@gmail.com',
    });
    expect(priya?.conflicts.join(' ')).not.toMatch(/PRIYA/);
    expect(r.checks.find((c) => c.name === 'every match explained')?.passed).toBe(true);
  });

  it('reads a CSV export', async () => {
    const csv =
      'Full Name,Email Address,Mobile\nAsha K,asha.k@gmail.com,9876543210\nAsha K,ashak@gmail.com,\n';
    const r = await runSkill('crm.dedupe', { csv }, ctx);
    expect((r.output as { duplicates: number }).duplicates).toBe(1);
  });
});

describe('crm.data-quality', () => {
  it('reports completeness, invalid values, duplicates and staleness', async () => {
    const r = await runSkill(
      'crm.data-quality',
      {
        contacts: [
          ...contacts,
          { id: 'bad', firstName: 'x', email: 'not-an-email', phone: '123', updatedAt: '2023-01-01' },
        ],
      },
      ctx,
    );
    const o = r.output as {
      score: number;
      issues: { issue: string; count: number }[];
      completeness: { field: string; filled: number }[];
    };
    const count = (k: string) => o.issues.find((i) => i.issue === k)?.count;
    expect(count('invalid emails')).toBe(1);
    expect(count('invalid phone numbers')).toBe(1);
    expect(count('duplicate records')).toBe(3);
    expect(count('stale records')).toBe(1);
    expect(o.completeness.find((c) => c.field === 'email')?.filled).toBe(5);
    expect(o.score).toBeLessThan(80);
  });
});

describe('crm.normalize', () => {
  it('normalises names, emails, phones, companies and countries', async () => {
    const r = await runSkill(
      'crm.normalize',
      {
        contacts: [
          {
            name: "  o'brien-SMITH  ",
            email: ' A.B@Example.COM ',
            phone: '(415) 555-2671',
            company: 'acme technologies private limited',
            country: 'usa',
            city: 'new york',
          },
        ],
      },
      ctx,
    );
    const rec = (r.output as { records: Record<string, string>[] }).records[0];
    expect(rec).toMatchObject({
      firstName: "O'Brien-Smith",
      email: 'a.b@example.com',
      phone: '+14155552671',
      company: 'acme technologies Pvt Ltd',
      country: 'US',
      city: 'New York',
    });
    expect(r.checks[0]?.passed).toBe(true);
  });

  it('is idempotent on arbitrary records (property)', () => {
    const field = fc.string({ maxLength: 20 });
    fc.assert(
      fc.property(
        fc.record({ name: field, email: field, phone: field, company: field, country: field }),
        (c) => {
          const once = normaliseContact(c, 'IN').record;
          expect(normaliseContact(once, 'IN').record).toEqual(once);
        },
      ),
      { numRuns: 200 },
    );
    expect(properCase('mcdonald')).toBe('McDonald');
  });
});

describe('crm.field-mapping', () => {
  it('maps headers one-to-one and reports missing required fields', async () => {
    const r = await runSkill(
      'crm.field-mapping',
      { headers: ['First Name', 'E-mail', 'Mobile No', 'Organisation', 'Designation', 'Favourite colour'] },
      ctx,
    );
    const o = r.output as {
      mapping: { header: string; field: string }[];
      unmapped: string[];
      missingRequired: string[];
    };
    expect(Object.fromEntries(o.mapping.map((m) => [m.header, m.field]))).toEqual({
      'First Name': 'firstName',
      'E-mail': 'email',
      'Mobile No': 'phone',
      Organisation: 'company',
      Designation: 'title',
    });
    expect(o.unmapped).toEqual(['Favourite colour']);
    expect(o.missingRequired).toEqual([]);
    const r2 = await runSkill('crm.field-mapping', { headers: ['Email', 'email address'] }, ctx);
    expect((r2.output as { mapping: unknown[]; missingRequired: string[] }).mapping).toHaveLength(1);
    expect((r2.output as { missingRequired: string[] }).missingRequired).toEqual(['firstName', 'company']);
  });
});
