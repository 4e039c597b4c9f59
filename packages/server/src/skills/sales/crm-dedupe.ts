// Contact de-duplication: exact matches on normalised email (Gmail dots and +tags) and E.164 phone,
// fuzzy name matches (Jaro–Winkler) backed by the same company, email domain or city; clusters by
// union-find, each with its evidence and a merged "golden" record.
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, offlineResult, round } from '../shared/checks.js';
import { analyseEmail, toE164 } from '../shared/contacts.js';
import { checksSection, doc, table } from '../shared/markdown.js';
import { jaroWinkler } from '../shared/similarity.js';
import { defineSkill } from '../skill.js';
import { companyKey } from './company.js';
import { contactsFromCsv, contactsInput, nameKey, nameParts, type Contact } from './contact-records.js';
import { normaliseContact } from './crm-normalize.js';
import { ui } from '../shared/form-meta.js';

const FREE_DOMAINS = new Set([
  'gmail.com',
  'yahoo.com',
  'yahoo.co.in',
  'hotmail.com',
  'outlook.com',
  'rediffmail.com',
  'icloud.com',
  'live.com',
  'protonmail.com',
  'aol.com',
]);

export const dedupeInputSchema = z
  .object({
    ...contactsInput,
    defaultCountry: z
      .string()
      .trim()
      .length(2)
      .toUpperCase()
      .default('IN')
      .meta(
        ui({
          label: 'Country of numbers without a country code',
          help: 'Two letters, e.g. IN or US.',
          example: 'IN',
          advanced: true,
        }),
      ),
    nameThreshold: z
      .number()
      .min(0.8)
      .max(1)
      .default(0.92)
      .meta(ui({ label: 'How alike names must be to count as the same person (0.8–1)', advanced: true })),
  })
  .refine((v) => v.contacts !== undefined || v.csv !== undefined, {
    message: 'give contacts or csv',
    path: ['contacts'],
  });

export interface MatchEdge {
  a: number;
  b: number;
  reason: string;
}

interface Prepared {
  c: Contact;
  email?: string | undefined;
  phone?: string | undefined;
  first: string;
  last: string;
  full: string;
  company: string;
  domain?: string | undefined;
  city: string;
}

export function prepare(contacts: readonly Contact[], country: string): Prepared[] {
  return contacts.map((c) => {
    const e = c.email ? analyseEmail(c.email) : undefined;
    const p = c.phone ? toE164(c.phone, country) : undefined;
    const { first, last } = nameParts(c);
    const domain = e?.valid && !FREE_DOMAINS.has(e.domain) ? e.domain : undefined;
    return {
      c,
      email: e?.valid ? e.canonical : undefined,
      phone: p?.ok ? p.e164 : undefined,
      first: nameKey(first),
      last: nameKey(last),
      full: `${nameKey(first)} ${nameKey(last)}`.trim(),
      company: c.company ? companyKey(c.company) : '',
      domain,
      city: (c.city ?? '').trim().toLowerCase(),
    };
  });
}

/** Candidate duplicate pairs with the evidence for each. Blocking keeps it near-linear. */
export function findEdges(rows: readonly Prepared[], threshold: number): MatchEdge[] {
  const edges: MatchEdge[] = [];
  const byKey = (key: (r: Prepared) => string | undefined, reason: string) => {
    const groups = new Map<string, number[]>();
    rows.forEach((r, i) => {
      const k = key(r);
      if (k) groups.set(k, [...(groups.get(k) ?? []), i]);
    });
    for (const [, ids] of groups)
      for (let k = 1; k < ids.length; k++) edges.push({ a: ids[0] as number, b: ids[k] as number, reason });
  };
  byKey((r) => r.email, 'same email (normalised)');
  byKey((r) => r.phone, 'same phone (E.164)');
  // Fuzzy names within blocks keyed by each name's initials, so "Priya Sharma" meets "Sharma Priya".
  const blocks = new Map<string, number[]>();
  rows.forEach((r, i) => {
    if (!r.full) return;
    for (const k of new Set([r.first.slice(0, 1), r.last.slice(0, 1)].filter(Boolean)))
      blocks.set(k, [...(blocks.get(k) ?? []), i]);
  });
  const compared = new Set<string>();
  for (const [, ids] of blocks) {
    const capped = ids.slice(0, 400);
    for (let x = 0; x < capped.length; x++) {
      for (let y = x + 1; y < capped.length; y++) {
        const pair = `${capped[x]}:${capped[y]}`;
        if (compared.has(pair)) continue;
        compared.add(pair);
        const a = rows[capped[x] as number] as Prepared;
        const b = rows[capped[y] as number] as Prepared;
        const sim = Math.max(
          jaroWinkler(a.full, b.full),
          a.last && b.last ? jaroWinkler(`${a.last} ${a.first}`, `${b.first} ${b.last}`) : 0,
        );
        if (sim < threshold) continue;
        const context =
          a.company && a.company === b.company
            ? 'same company'
            : a.domain && a.domain === b.domain
              ? 'same email domain'
              : a.city && a.city === b.city && !a.company && !b.company
                ? 'same city'
                : '';
        if (!context) continue;
        // Different real emails or phones at the same company are different people.
        if (a.email && b.email && a.email !== b.email) continue;
        if (a.phone && b.phone && a.phone !== b.phone) continue;
        edges.push({
          a: capped[x] as number,
          b: capped[y] as number,
          reason: `similar names (${round(sim, 3)}) and ${context}`,
        });
      }
    }
  }
  return edges;
}

/** Union-find clusters from edges; only groups of two or more. */
export function clusters(n: number, edges: readonly MatchEdge[]): number[][] {
  const parent = Array.from({ length: n }, (_, i) => i);
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x] as number] as number;
      x = parent[x] as number;
    }
    return x;
  };
  for (const e of edges) {
    const ra = find(e.a);
    const rb = find(e.b);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
  const groups = new Map<number, number[]>();
  for (let i = 0; i < n; i++) groups.set(find(i), [...(groups.get(find(i)) ?? []), i]);
  return [...groups.values()].filter((g) => g.length > 1);
}

const FIELDS = ['firstName', 'lastName', 'email', 'phone', 'company', 'title', 'city', 'country'] as const;

/** How two values of a field are compared: normalised forms, so "PRIYA" and "Priya" do not conflict. */
function comparable(field: (typeof FIELDS)[number], value: string): string {
  if (field === 'email') return analyseEmail(value).canonical;
  if (field === 'company') return companyKey(value);
  return value.trim().toLowerCase();
}

/**
 * The most complete record (after normalisation), with blanks filled from the others; values that
 * still disagree once normalised are listed as conflicts for a human to settle.
 */
export function mergeRecords(
  members: readonly Contact[],
  country = 'IN',
): { merged: Contact; survivor: number; conflicts: string[] } {
  const norm = members.map((m) => normaliseContact(m, country).record);
  const filled = (c: Contact) => FIELDS.filter((f) => c[f]).length;
  let survivor = 0;
  norm.forEach((m, i) => {
    if (filled(m) > filled(norm[survivor] as Contact)) survivor = i;
  });
  const merged: Contact = { ...(norm[survivor] as Contact) };
  const conflicts: string[] = [];
  for (const f of FIELDS) {
    const values = norm.map((m) => m[f]).filter((v): v is string => !!v);
    if (!merged[f] && values[0]) merged[f] = values[0];
    const distinct = new Map<string, string>();
    for (const v of values) if (!distinct.has(comparable(f, v))) distinct.set(comparable(f, v), v);
    if (distinct.size > 1) conflicts.push(`${f}: ${[...distinct.values()].join(' | ')}`);
  }
  return { merged, survivor, conflicts };
}

export const crmDedupe = defineSkill({
  id: 'crm.dedupe',
  agentIds: [AgentId.crm, AgentId.leadGen],
  title: 'Contact de-duplication',
  description:
    'Finds duplicate contacts by normalised email (Gmail dots/+tags), E.164 phone and fuzzy names at the same company, and proposes merged records.',
  inputSchema: dedupeInputSchema,
  async run(input) {
    const contacts = input.contacts ?? contactsFromCsv(input.csv ?? '');
    const rows = prepare(contacts, input.defaultCountry);
    const edges = findEdges(rows, input.nameThreshold);
    const groups = clusters(contacts.length, edges);
    const out = groups.map((g, k) => {
      const members = g.map((i) => contacts[i] as Contact);
      const { merged, survivor, conflicts } = mergeRecords(members, input.defaultCountry);
      const reasons = [
        ...new Set(edges.filter((e) => g.includes(e.a) && g.includes(e.b)).map((e) => e.reason)),
      ];
      return {
        cluster: k + 1,
        members: g.map((i) => contacts[i]?.id ?? `#${i + 1}`),
        keep: contacts[g[survivor] as number]?.id ?? `#${(g[survivor] as number) + 1}`,
        reasons,
        merged,
        conflicts,
      };
    });
    const inTwo = new Set<number>();
    let overlap = false;
    for (const g of groups)
      for (const i of g) {
        if (inTwo.has(i)) overlap = true;
        inTwo.add(i);
      }
    const explained = groups.every((g) => g.every((i) => edges.some((e) => e.a === i || e.b === i)));
    const duplicates = groups.reduce((s, g) => s + g.length - 1, 0);
    const checks = [
      check('every match explained', explained, 'each contact in a cluster has recorded evidence'),
      check('clusters disjoint', !overlap, 'no contact appears in two clusters'),
      check(
        'no duplicates',
        duplicates === 0,
        duplicates === 0
          ? 'no duplicates'
          : `${duplicates} duplicate record(s) in ${groups.length} cluster(s)`,
      ),
    ];
    const markdown = doc(
      '# Duplicate contacts',
      `${contacts.length} contacts → ${contacts.length - duplicates} unique people (${duplicates} duplicate record(s)).`,
      out.length === 0
        ? '_No duplicates found._'
        : table(
            ['Cluster', 'Records', 'Keep', 'Evidence', 'Merged record', 'Conflicts to review'],
            out.map((o) => [
              o.cluster,
              o.members.join(', '),
              o.keep,
              o.reasons.join('; '),
              [
                nameParts(o.merged).first,
                nameParts(o.merged).last,
                o.merged.email,
                o.merged.phone,
                o.merged.company,
              ]
                .filter(Boolean)
                .join(' · '),
              o.conflicts.join('; ') || '—',
            ]),
          ),
      checksSection(checks),
    );
    return offlineResult(
      { clusters: out, duplicates, uniqueContacts: contacts.length - duplicates },
      {
        summary: `Found ${duplicates} duplicate(s) in ${groups.length} cluster(s) among ${contacts.length} contacts`,
        markdown,
        checks,
        confidence: 0.9,
        selfChecksPassed: explained && !overlap,
      },
    );
  },
});
