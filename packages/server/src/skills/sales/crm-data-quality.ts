// CRM data-quality report: completeness per field, invalid emails and phones, duplicates, stale
// records, formatting problems, and an overall score with the fixes that matter most.
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, offlineResult, pct, round } from '../shared/checks.js';
import { analyseEmail, toE164 } from '../shared/contacts.js';
import { dayOf, parseIsoDay } from '../shared/dates.js';
import { bullets, checksSection, doc, table } from '../shared/markdown.js';
import { defineSkill } from '../skill.js';
import { contactsFromCsv, contactsInput, type Contact } from './contact-records.js';
import { clusters, findEdges, prepare } from './crm-dedupe.js';

const inputSchema = z
  .object({
    ...contactsInput,
    defaultCountry: z.string().trim().length(2).toUpperCase().default('IN'),
    staleDays: z.number().int().min(30).max(3650).default(365),
    requiredFields: z
      .array(z.enum(['firstName', 'lastName', 'email', 'phone', 'company', 'title', 'city', 'country']))
      .max(8)
      .default(['email', 'company', 'title']),
  })
  .refine((v) => v.contacts !== undefined || v.csv !== undefined, {
    message: 'give contacts or csv',
    path: ['contacts'],
  });

const FIELDS = ['firstName', 'lastName', 'email', 'phone', 'company', 'title', 'city', 'country'] as const;

export const crmDataQuality = defineSkill({
  id: 'crm.data-quality',
  agentIds: [AgentId.crm],
  title: 'CRM data-quality report',
  description:
    'Completeness, invalid emails and phones, duplicates, stale records and formatting issues, rolled into a quality score with prioritised fixes.',
  inputSchema,
  async run(input, ctx) {
    const contacts: Contact[] = input.contacts ?? contactsFromCsv(input.csv ?? '');
    const n = contacts.length;
    const has = (c: Contact, f: (typeof FIELDS)[number]) =>
      !!(c[f] ?? (f === 'firstName' || f === 'lastName' ? c.name : undefined));
    const completeness = FIELDS.map((f) => ({
      field: f,
      filled: contacts.filter((c) => has(c, f)).length,
      rate: n ? round(contacts.filter((c) => has(c, f)).length / n, 4) : 0,
    }));
    const badEmails = contacts.filter((c) => c.email && !analyseEmail(c.email).valid);
    const disposable = contacts.filter((c) => c.email && analyseEmail(c.email).disposable);
    const badPhones = contacts.filter((c) => c.phone && !toE164(c.phone, input.defaultCountry).ok);
    const today = dayOf(ctx.now);
    const stale = contacts.filter((c) => {
      const d = c.updatedAt ? parseIsoDay(c.updatedAt.slice(0, 10)) : undefined;
      return d !== undefined && today - d > input.staleDays;
    });
    const formatting = contacts.filter((c) =>
      [c.firstName, c.lastName, c.name, c.company].some(
        (v) =>
          v !== undefined &&
          (v !== v.trim() ||
            /\s{2,}/.test(v) ||
            (v.length > 2 && (v === v.toUpperCase() || v === v.toLowerCase()) && /[a-z]/i.test(v))),
      ),
    );
    const missingRequired = contacts.filter((c) => input.requiredFields.some((f) => !has(c, f)));
    const groups = clusters(n, findEdges(prepare(contacts, input.defaultCountry), 0.92));
    const duplicates = groups.reduce((s, g) => s + g.length - 1, 0);
    const issues = [
      {
        issue: 'missing required fields',
        count: missingRequired.length,
        weight: 3,
        fix: `fill ${input.requiredFields.join(', ')}`,
      },
      {
        issue: 'invalid emails',
        count: badEmails.length,
        weight: 3,
        fix: 'correct or remove; they bounce and hurt sender reputation',
      },
      {
        issue: 'duplicate records',
        count: duplicates,
        weight: 2,
        fix: 'merge with the de-duplication skill',
      },
      {
        issue: 'invalid phone numbers',
        count: badPhones.length,
        weight: 2,
        fix: `normalise to E.164 (+${input.defaultCountry === 'IN' ? '91' : '…'})`,
      },
      { issue: 'disposable emails', count: disposable.length, weight: 1, fix: 'ask for a work email' },
      {
        issue: 'stale records',
        count: stale.length,
        weight: 1,
        fix: `re-verify records untouched for ${input.staleDays}+ days`,
      },
      {
        issue: 'formatting (case, spaces)',
        count: formatting.length,
        weight: 0.5,
        fix: 'run the normalise skill',
      },
    ];
    const penalty = n
      ? issues.reduce((s, i) => s + (i.count / n) * i.weight, 0) / issues.reduce((s, i) => s + i.weight, 0)
      : 0;
    const score = round(Math.max(0, 100 * (1 - penalty * 2)), 0);
    const checks = [
      check(
        'required fields complete',
        missingRequired.length === 0,
        `${missingRequired.length} record(s) missing ${input.requiredFields.join('/')}`,
      ),
      check(
        'contact details valid',
        badEmails.length + badPhones.length === 0,
        `${badEmails.length} invalid email(s), ${badPhones.length} invalid phone(s)`,
      ),
      check('no duplicates', duplicates === 0, `${duplicates} duplicate record(s)`),
      check('quality score', score >= 80, `${score}/100`),
    ];
    const markdown = doc(
      `# Data quality: ${score}/100`,
      `${n} records checked.`,
      table(
        ['Field', 'Filled', 'Completeness'],
        completeness.map((c) => [c.field, c.filled, pct(c.rate, 0)]),
      ),
      table(
        ['Issue', 'Records', 'Share', 'Fix'],
        issues.map((i) => [i.issue, i.count, pct(n ? i.count / n : 0, 1), i.fix]),
      ),
      `## Fix first\n${bullets(
        issues
          .filter((i) => i.count > 0)
          .sort((a, b) => b.count * b.weight - a.count * a.weight)
          .slice(0, 3)
          .map((i) => `${i.issue} (${i.count}): ${i.fix}`),
        '_Nothing urgent._',
      )}`,
      checksSection(checks),
    );
    return offlineResult(
      { score, records: n, completeness, issues: issues.map(({ weight: _w, ...i }) => i) },
      {
        summary: `Data quality ${score}/100 across ${n} records; ${duplicates} duplicate(s), ${badEmails.length} invalid email(s)`,
        markdown,
        checks,
        confidence: 0.9,
      },
    );
  },
});
