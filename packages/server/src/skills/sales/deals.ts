// Deal records shared by the account-executive skills: schema, default stage probabilities, CSV import.
import { z } from 'zod';
import { readCsvRecords } from '../shared/csv.js';
import { isoDate, parseIsoDay } from '../shared/dates.js';
import { invalid } from '../shared/invalid.js';
import { own } from '../shared/own.js';
import { ui } from '../shared/form-meta.js';

/** Typical B2B stage probabilities; override per team with `stageProbabilities`. */
export const DEFAULT_STAGE_PROBABILITIES: Readonly<Record<string, number>> = {
  prospecting: 0.1,
  qualified: 0.2,
  discovery: 0.3,
  demo: 0.4,
  proposal: 0.6,
  negotiation: 0.8,
  'closed-won': 1,
  'closed-lost': 0,
};

export const dealSchema = z.object({
  id: z
    .string()
    .trim()
    .min(1)
    .max(60)
    .meta(ui({ label: 'Deal ID', example: 'D-1' })),
  name: z
    .string()
    .trim()
    .max(120)
    .default('')
    .meta(ui({ label: 'Deal name', example: 'Acme renewal' })),
  account: z
    .string()
    .trim()
    .max(120)
    .default('')
    .meta(ui({ label: 'Account' })),
  owner: z
    .string()
    .trim()
    .max(60)
    .default('')
    .meta(ui({ label: 'Owner' })),
  amount: z
    .number()
    .min(0)
    .max(1e12)
    .meta(ui({ label: 'Amount', example: '500000' })),
  stage: z
    .string()
    .trim()
    .toLowerCase()
    .min(1)
    .max(40)
    .meta(
      ui({ label: 'Stage', example: 'proposal', help: 'e.g. discovery, proposal, negotiation, closed-won' }),
    ),
  closeDate: isoDate.meta(ui({ label: 'Expected close' })),
  lastActivity: isoDate.optional().meta(ui({ label: 'Last activity' })),
  createdDate: isoDate.optional().meta(ui({ label: 'Created' })),
  /** Overrides the stage probability for this deal (0..1). */
  probability: z
    .number()
    .min(0)
    .max(1)
    .optional()
    .meta(ui({ label: 'Win chance (0–1)', help: 'Leave empty to use the stage’s usual chance' })),
});
export type Deal = z.output<typeof dealSchema>;

/** Deals from a CRM export. */
export function dealsFromCsv(csv: string, field = 'csv'): Deal[] {
  const { records } = readCsvRecords(
    csv,
    {
      id: { aliases: ['deal id', 'opportunity id'], type: 'string', required: true },
      name: { aliases: ['deal', 'deal name', 'opportunity'], type: 'string' },
      account: { aliases: ['company', 'account name'], type: 'string' },
      owner: { aliases: ['rep', 'deal owner'], type: 'string' },
      amount: { aliases: ['value', 'deal value', 'acv'], type: 'number', required: true },
      stage: { aliases: ['deal stage'], type: 'string', required: true },
      closeDate: { aliases: ['close date', 'expected close'], type: 'string', required: true },
      lastActivity: { aliases: ['last activity', 'last activity date'], type: 'string' },
      createdDate: { aliases: ['created', 'create date', 'created date'], type: 'string' },
      probability: { aliases: [], type: 'number' },
    },
    field,
    5000,
  );
  return records.map((r, i) => {
    const parsed = dealSchema.safeParse({
      ...r,
      probability:
        r.probability === undefined ? undefined : r.probability > 1 ? r.probability / 100 : r.probability,
    });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw invalid(`${field}[row ${i + 1}].${String(issue?.path[0] ?? '')}`, issue?.message ?? 'invalid');
    }
    return parsed.data;
  });
}

/** Probability of a deal: its own override, else its stage's; VALIDATION naming the deal for an unknown stage. */
export function probabilityOf(d: Deal, table: Readonly<Record<string, number>>, index: number): number {
  if (d.probability !== undefined) return d.probability;
  const p = own(table, d.stage.replace(/\s+/g, '-'));
  if (p === undefined)
    throw invalid(
      `deals[${index}].stage`,
      `unknown stage "${d.stage}"; known: ${Object.keys(table).join(', ')}`,
    );
  return p;
}

export const dayOfIso = (s: string) => parseIsoDay(s) as number;
