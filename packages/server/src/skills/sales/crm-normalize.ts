// Record normalisation: proper-cased names, lower-case emails, E.164 phones, standard company
// suffixes, ISO country codes and trimmed whitespace — idempotent, with a CSV export.
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, offlineResult } from '../shared/checks.js';
import { analyseEmail, toE164 } from '../shared/contacts.js';
import { toCsv } from '../shared/csv.js';
import { checksSection, doc, table } from '../shared/markdown.js';
import { defineSkill } from '../skill.js';
import { standardiseCompany } from './company.js';
import { contactsFromCsv, contactsInput, nameParts, properCase, type Contact } from './contact-records.js';
import { own } from '../shared/own.js';

const COUNTRIES: Record<string, string> = {
  india: 'IN',
  bharat: 'IN',
  'united states': 'US',
  usa: 'US',
  us: 'US',
  america: 'US',
  'united kingdom': 'GB',
  uk: 'GB',
  england: 'GB',
  'great britain': 'GB',
  singapore: 'SG',
  australia: 'AU',
  'united arab emirates': 'AE',
  uae: 'AE',
  germany: 'DE',
  france: 'FR',
  canada: 'CA',
  'new zealand': 'NZ',
  'south africa': 'ZA',
};

const inputSchema = z
  .object({ ...contactsInput, defaultCountry: z.string().trim().length(2).toUpperCase().default('IN') })
  .refine((v) => v.contacts !== undefined || v.csv !== undefined, {
    message: 'give contacts or csv',
    path: ['contacts'],
  });

/** One record normalised; unparseable values are kept as typed and reported. */
export function normaliseContact(input: Contact, country: string): { record: Contact; problems: string[] } {
  const problems: string[] = [];
  // Whitespace-only values count as absent, so a second pass cannot change the result.
  const c = Object.fromEntries(
    Object.entries(input).filter(([, v]) => typeof v === 'string' && v.trim() !== ''),
  ) as Contact;
  const { first, last } = nameParts(c);
  const record: Contact = {};
  if (c.id) record.id = c.id.trim();
  if (first) record.firstName = properCase(first);
  if (last) record.lastName = properCase(last);
  if (c.email) {
    const e = analyseEmail(c.email);
    record.email = e.email;
    if (!e.valid) problems.push(`email "${c.email}" is invalid`);
  }
  const cc = c.country
    ? (own(COUNTRIES, c.country.trim().toLowerCase()) ??
      (/^[a-z]{2}$/i.test(c.country.trim()) ? c.country.trim().toUpperCase() : undefined))
    : undefined;
  if (c.country) {
    if (cc) record.country = cc;
    else {
      record.country = c.country.trim();
      problems.push(`country "${c.country}" not recognised`);
    }
  }
  if (c.phone) {
    const p = toE164(c.phone, cc ?? country);
    if (p.ok) record.phone = p.extension ? `${p.e164};ext=${p.extension}` : p.e164;
    else {
      record.phone = c.phone.trim();
      problems.push(`phone "${c.phone}": ${p.problem}`);
    }
  }
  if (c.company) record.company = standardiseCompany(c.company);
  if (c.title) record.title = c.title.trim().replace(/\s+/g, ' ');
  if (c.city) record.city = properCase(c.city);
  if (c.updatedAt) record.updatedAt = c.updatedAt.trim();
  return { record, problems };
}

export const crmNormalize = defineSkill({
  id: 'crm.normalize',
  agentIds: [AgentId.crm, AgentId.leadGen],
  title: 'Contact normalisation',
  description:
    'Cleans contact records: name case, lower-case emails, E.164 phones, standard company suffixes, ISO country codes; exports CSV.',
  inputSchema,
  async run(input) {
    const contacts = input.contacts ?? contactsFromCsv(input.csv ?? '');
    const out = contacts.map((c) => normaliseContact(c, input.defaultCountry));
    const records = out.map((o) => o.record);
    const again = records.map((r) => normaliseContact(r, input.defaultCountry).record);
    const idempotent = JSON.stringify(again) === JSON.stringify(records);
    const changed = contacts.filter((c, i) => JSON.stringify(c) !== JSON.stringify(records[i])).length;
    const problems = out.flatMap((o, i) => o.problems.map((p) => `${contacts[i]?.id ?? `#${i + 1}`}: ${p}`));
    const cols = [
      'id',
      'firstName',
      'lastName',
      'email',
      'phone',
      'company',
      'title',
      'city',
      'country',
    ] as const;
    const csv = toCsv(
      [...cols],
      records.map((r) => cols.map((k) => r[k] ?? '')),
    );
    const checks = [
      check('idempotent', idempotent, 'normalising the output again changes nothing'),
      check(
        'all values understood',
        problems.length === 0,
        problems.length === 0 ? 'every value normalised' : `${problems.length} value(s) left as typed`,
      ),
    ];
    const markdown = doc(
      '# Normalised contacts',
      `${changed} of ${contacts.length} record(s) changed.`,
      table(
        ['Before', 'After'],
        contacts
          .slice(0, 20)
          .map((c, i) => [
            [c.firstName ?? c.name, c.lastName, c.email, c.phone, c.company, c.country]
              .filter(Boolean)
              .join(' · '),
            [
              records[i]?.firstName,
              records[i]?.lastName,
              records[i]?.email,
              records[i]?.phone,
              records[i]?.company,
              records[i]?.country,
            ]
              .filter(Boolean)
              .join(' · '),
          ]),
      ),
      problems.length > 0 &&
        `## Left as typed\n${problems
          .slice(0, 50)
          .map((p) => `- ${p}`)
          .join('\n')}`,
      checksSection(checks),
    );
    return offlineResult(
      { records, csv, problems },
      {
        summary: `Normalised ${contacts.length} record(s); ${changed} changed, ${problems.length} problem(s)`,
        markdown,
        checks,
        confidence: 0.95,
        selfChecksPassed: idempotent,
      },
    );
  },
});
