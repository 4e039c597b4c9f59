// Contact records for the CRM skills: one schema for arrays and CSV imports, and name normalisation.
import { z } from 'zod';
import { readCsvRecords } from '../shared/csv.js';
import { ui } from '../shared/form-meta.js';

export const contactSchema = z.object({
  id: z
    .string()
    .trim()
    .max(60)
    .optional()
    .meta(ui({ label: 'ID' })),
  firstName: z
    .string()
    .trim()
    .max(80)
    .optional()
    .meta(ui({ label: 'First name' })),
  lastName: z
    .string()
    .trim()
    .max(80)
    .optional()
    .meta(ui({ label: 'Last name' })),
  /** Full name, used when first/last are not split. */
  name: z
    .string()
    .trim()
    .max(160)
    .optional()
    .meta(ui({ label: 'Full name', help: 'When first and last names are not split' })),
  email: z
    .string()
    .trim()
    .max(320)
    .optional()
    .meta(ui({ label: 'Email' })),
  phone: z
    .string()
    .trim()
    .max(40)
    .optional()
    .meta(ui({ label: 'Phone' })),
  company: z.string().trim().max(160).optional(),
  title: z.string().trim().max(160).optional(),
  city: z.string().trim().max(80).optional(),
  country: z.string().trim().max(80).optional(),
  updatedAt: z
    .string()
    .trim()
    .max(30)
    .optional()
    .meta(ui({ label: 'Last updated' })),
});
export type Contact = z.output<typeof contactSchema>;

export const contactsInput = {
  contacts: z
    .array(contactSchema)
    .max(5000)
    .optional()
    .meta(
      ui({
        label: 'Your contacts',
        help: 'Upload a CSV or Excel export from your CRM or phone, or type them in.',
      }),
    ),
  csv: z
    .string()
    .max(2_000_000)
    .optional()
    .meta(
      ui({
        label: 'Contacts as CSV',
        help: 'Instead of the table: a CSV export.',
        widget: 'csv',
        advanced: true,
      }),
    ),
};

/** Contacts from a CSV export (header names are matched loosely). */
export function contactsFromCsv(csv: string): Contact[] {
  const { records } = readCsvRecords(
    csv,
    {
      id: { aliases: ['contact id', 'record id'], type: 'string' },
      firstName: { aliases: ['first name', 'given name', 'first'], type: 'string' },
      lastName: { aliases: ['last name', 'surname', 'family name', 'last'], type: 'string' },
      name: { aliases: ['full name', 'contact name', 'contact'], type: 'string' },
      email: { aliases: ['email address', 'e-mail', 'mail'], type: 'string' },
      phone: {
        aliases: ['phone number', 'mobile', 'mobile number', 'telephone', 'contact number'],
        type: 'string',
      },
      company: { aliases: ['company name', 'organisation', 'organization', 'account'], type: 'string' },
      title: { aliases: ['job title', 'designation'], type: 'string' },
      city: { aliases: ['town'], type: 'string' },
      country: { aliases: [], type: 'string' },
      updatedAt: { aliases: ['last updated', 'modified', 'updated', 'last modified'], type: 'string' },
    },
    'csv',
    5000,
  );
  return records.map(
    (r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)) as Contact,
  );
}

/** First and last name, splitting a full name when needed. */
export function nameParts(c: Contact): { first: string; last: string } {
  if (c.firstName || c.lastName) return { first: c.firstName ?? '', last: c.lastName ?? '' };
  const parts = (c.name ?? '').split(/\s+/).filter(Boolean);
  return { first: parts[0] ?? '', last: parts.slice(1).join(' ') };
}

/** Lower-case ASCII letters only, for comparing names ("Ánand-Kumar" → "anandkumar"). */
export function nameKey(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/^(mr|mrs|ms|dr|prof)\.?\s+/, '')
    .replace(/[^a-z]/g, '');
}

/** "o'brien-SMITH" → "O'Brien-Smith", "mcdonald" → "McDonald". */
export function properCase(s: string): string {
  return s
    .trim()
    .replace(/\s+/g, ' ')
    .toLowerCase()
    .replace(/(^|[\s'’-])([a-z])/g, (_, sep: string, ch: string) => sep + ch.toUpperCase())
    .replace(/\bMc([a-z])/g, (_, ch: string) => `Mc${ch.toUpperCase()}`);
}
