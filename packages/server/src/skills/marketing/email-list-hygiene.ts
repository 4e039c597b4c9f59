// Mailing-list hygiene: invalid syntax, duplicates (Gmail dots and +tags included), disposable and role
// addresses, and likely domain typos with the corrected address.
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, offlineResult } from '../shared/checks.js';
import { analyseEmail } from '../shared/contacts.js';
import { toCsv } from '../shared/csv.js';
import { checksSection, doc, table } from '../shared/markdown.js';
import { defineSkill } from '../skill.js';

const inputSchema = z.object({
  emails: z.array(z.string().max(320)).min(1).max(10_000),
  /** Role addresses (info@, sales@) reach a shared inbox; keep them for B2B lists if you want. */
  keepRoleAddresses: z.boolean().default(false),
});

export type HygieneStatus = 'ok' | 'invalid' | 'duplicate' | 'disposable' | 'role' | 'typo';

export const emailListHygiene = defineSkill({
  id: 'email.list-hygiene',
  agentIds: [AgentId.email, AgentId.crm, AgentId.leadGen, AgentId.sdr],
  title: 'Email list hygiene',
  description:
    'Cleans a list: invalid syntax, duplicates (incl. Gmail dots and +tags), disposable and role addresses, domain typos with fixes.',
  inputSchema,
  async run(input) {
    const firstByCanonical = new Map<string, string>();
    const rows = input.emails.map((raw) => {
      const info = analyseEmail(raw);
      let status: HygieneStatus = 'ok';
      let note = '';
      if (!info.valid) {
        status = 'invalid';
        note = info.problem ?? 'invalid';
      } else if (firstByCanonical.has(info.canonical)) {
        status = 'duplicate';
        note = `same mailbox as ${firstByCanonical.get(info.canonical)}`;
      } else if (info.disposable) status = 'disposable';
      else if (info.suggestion) {
        status = 'typo';
        note = `did you mean ${info.suggestion}?`;
      } else if (info.role && !input.keepRoleAddresses) status = 'role';
      if (info.valid && !firstByCanonical.has(info.canonical))
        firstByCanonical.set(info.canonical, info.email);
      return { input: raw, email: info.email, status, note, suggestion: info.suggestion ?? null };
    });
    const counts = rows.reduce<Record<HygieneStatus, number>>(
      (acc, r) => ({ ...acc, [r.status]: acc[r.status] + 1 }),
      { ok: 0, invalid: 0, duplicate: 0, disposable: 0, role: 0, typo: 0 },
    );
    const clean = rows.filter((r) => r.status === 'ok').map((r) => r.email);
    const reconciled = Object.values(counts).reduce((a, b) => a + b, 0) === rows.length;
    const cleanUnique = new Set(clean.map((e) => analyseEmail(e).canonical)).size === clean.length;
    const checks = [
      check(
        'counts reconcile',
        reconciled,
        `${rows.length} = ${Object.entries(counts)
          .map(([k, v]) => `${v} ${k}`)
          .join(' + ')}`,
      ),
      check('clean list has no duplicates', cleanUnique, `${clean.length} deliverable-looking addresses`),
      check(
        'list quality',
        counts.ok / rows.length >= 0.9,
        `${Math.round((counts.ok / rows.length) * 100)}% of addresses kept (aim for ≥ 90%)`,
      ),
    ];
    const problems = rows.filter((r) => r.status !== 'ok');
    const markdown = doc(
      '# List hygiene report',
      table(
        ['Status', 'Count'],
        Object.entries(counts).map(([k, v]) => [k, v]),
      ),
      problems.length > 0 &&
        `## Addresses removed or to fix\n${table(
          ['Address', 'Status', 'Note'],
          problems.slice(0, 200).map((r) => [r.input, r.status, r.note]),
        )}`,
      checksSection(checks),
    );
    return offlineResult(
      {
        counts,
        clean,
        rows,
        cleanCsv: toCsv(
          ['email'],
          clean.map((e) => [e]),
        ),
      },
      {
        summary: `${counts.ok} of ${rows.length} addresses kept; ${counts.duplicate} duplicate(s), ${counts.invalid} invalid`,
        markdown,
        checks,
        confidence: 0.95,
        selfChecksPassed: reconciled && cleanUnique,
      },
    );
  },
});
