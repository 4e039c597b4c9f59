// Company list de-duplication: the same website (protocol, "www." and paths ignored) or near-identical
// names once legal suffixes are removed; returns clusters, the record kept and a clean list.
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, offlineResult, round } from '../shared/checks.js';
import { toCsv } from '../shared/csv.js';
import { checksSection, doc, table } from '../shared/markdown.js';
import { jaroWinkler } from '../shared/similarity.js';
import { defineSkill } from '../skill.js';
import { companiesFromCsv } from './company-records.js';
import { companyKey, normaliseDomain } from './company.js';
import { clusters, type MatchEdge } from './crm-dedupe.js';

const inputSchema = z
  .object({
    companies: z
      .array(
        z.object({
          name: z.string().trim().min(1).max(160),
          website: z.string().trim().max(300).optional(),
          city: z.string().trim().max(80).optional(),
        }),
      )
      .max(10_000)
      .optional(),
    csv: z.string().max(2_000_000).optional(),
    nameThreshold: z.number().min(0.85).max(1).default(0.95),
  })
  .refine((v) => v.companies !== undefined || v.csv !== undefined, {
    message: 'give companies or csv',
    path: ['companies'],
  });

export const leadgenCompanyDedupe = defineSkill({
  id: 'leadgen.company-dedupe',
  agentIds: [AgentId.leadGen],
  title: 'Company de-duplication',
  description:
    'Merges duplicate companies that share a website or have near-identical names once “Pvt Ltd”, “Inc” and punctuation are removed.',
  inputSchema,
  async run(input) {
    let list = input.companies;
    if (!list) {
      list = companiesFromCsv(input.csv ?? '').companies.map((c) => ({
        name: c.name,
        ...(c.domain ? { website: c.domain } : {}),
        ...(c.city ? { city: c.city } : {}),
      }));
    }
    const rows = list.map((c) => ({
      c,
      domain: c.website ? normaliseDomain(c.website) : undefined,
      key: companyKey(c.name),
    }));
    const edges: MatchEdge[] = [];
    const byDomain = new Map<string, number>();
    const byKey = new Map<string, number>();
    rows.forEach((r, i) => {
      if (r.domain) {
        const j = byDomain.get(r.domain);
        if (j !== undefined) edges.push({ a: j, b: i, reason: `same website (${r.domain})` });
        else byDomain.set(r.domain, i);
      }
      const k = byKey.get(r.key);
      if (k !== undefined && !(rows[k]?.domain && r.domain && rows[k]?.domain !== r.domain))
        edges.push({ a: k, b: i, reason: 'same name without legal suffix' });
      else if (k === undefined) byKey.set(r.key, i);
    });
    // Fuzzy names within the same first letter (different websites mean different companies).
    const blocks = new Map<string, number[]>();
    rows.forEach((r, i) => blocks.set(r.key.slice(0, 1), [...(blocks.get(r.key.slice(0, 1)) ?? []), i]));
    for (const [, ids] of blocks) {
      const capped = ids.slice(0, 400);
      for (let x = 0; x < capped.length; x++)
        for (let y = x + 1; y < capped.length; y++) {
          const a = rows[capped[x] as number];
          const b = rows[capped[y] as number];
          if (!a || !b || a.key === b.key || (a.domain && b.domain && a.domain !== b.domain)) continue;
          const sim = jaroWinkler(a.key, b.key);
          if (sim >= input.nameThreshold)
            edges.push({
              a: capped[x] as number,
              b: capped[y] as number,
              reason: `similar names (${round(sim, 3)})`,
            });
        }
    }
    const groups = clusters(rows.length, edges);
    const drop = new Set(groups.flatMap((g) => g.slice(1)));
    const clean = list.filter((_, i) => !drop.has(i));
    const out = groups.map((g) => ({
      keep: list[g[0] as number]?.name ?? '',
      duplicates: g.slice(1).map((i) => list?.[i]?.name ?? ''),
      reasons: [...new Set(edges.filter((e) => g.includes(e.a) && g.includes(e.b)).map((e) => e.reason))],
    }));
    const reconciled = clean.length + drop.size === list.length;
    const checks = [
      check('counts reconcile', reconciled, `${list.length} = ${clean.length} kept + ${drop.size} removed`),
      check('no duplicates left', drop.size === 0, `${drop.size} duplicate(s) in ${groups.length} group(s)`),
    ];
    const markdown = doc(
      '# Company de-duplication',
      out.length
        ? table(
            ['Keep', 'Duplicates', 'Evidence'],
            out.map((o) => [o.keep, o.duplicates.join(', '), o.reasons.join('; ')]),
          )
        : '_No duplicates found._',
      checksSection(checks),
    );
    return offlineResult(
      {
        clusters: out,
        clean,
        csv: toCsv(
          ['name', 'website', 'city'],
          clean.map((c) => [c.name, c.website ?? '', c.city ?? '']),
        ),
      },
      {
        summary: `${list.length} companies → ${clean.length} unique (${drop.size} duplicate(s))`,
        markdown,
        checks,
        confidence: 0.9,
        selfChecksPassed: reconciled,
      },
    );
  },
});
