// Redirect map audit: finds chains, loops, self-redirects, conflicting rules and temporary codes used
// for permanent moves, and flattens chains so every old URL goes to its final destination in one hop.
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, offlineResult } from '../shared/checks.js';
import { toCsv } from '../shared/csv.js';
import { checksSection, doc, table } from '../shared/markdown.js';
import { defineSkill } from '../skill.js';

/** Lower-cases scheme and host, drops the fragment and a trailing slash (except the root). */
export function normaliseUrl(url: string): string {
  const t = url.trim().replace(/#.*$/, '');
  const m = /^(https?:\/\/)([^/?]+)(.*)$/i.exec(t);
  const rest = m
    ? `${m[1]?.toLowerCase()}${m[2]?.toLowerCase()}${m[3] || '/'}`
    : t.startsWith('/')
      ? t
      : `/${t}`;
  return rest.length > 1 && rest.endsWith('/') && !/^https?:\/\/[^/]+\/$/.test(rest)
    ? rest.slice(0, -1)
    : rest;
}

const inputSchema = z.object({
  redirects: z
    .array(
      z.object({
        from: z.string().trim().min(1).max(2000),
        to: z.string().trim().min(1).max(2000),
        status: z.union([z.literal(301), z.literal(302), z.literal(307), z.literal(308)]).default(301),
      }),
    )
    .min(1)
    .max(5000),
});

export const seoRedirectCheck = defineSkill({
  id: 'seo.redirect-check',
  agentIds: [AgentId.seo],
  title: 'Redirect map audit',
  description: 'Detects redirect chains, loops and conflicts, and returns a flattened one-hop redirect map.',
  inputSchema,
  async run(input) {
    const map = new Map<string, { to: string; status: number }>();
    const conflicts: string[] = [];
    const selfRedirects: string[] = [];
    const temporary: string[] = [];
    for (const r of input.redirects) {
      const from = normaliseUrl(r.from);
      const to = normaliseUrl(r.to);
      if (from === to) {
        selfRedirects.push(r.from);
        continue;
      }
      const prev = map.get(from);
      if (prev && prev.to !== to) conflicts.push(`${r.from} → ${prev.to} and → ${r.to}`);
      if (!prev) map.set(from, { to, status: r.status });
      if (r.status === 302 || r.status === 307) temporary.push(r.from);
    }
    const chains: string[][] = [];
    const loops: string[][] = [];
    const flattened: { from: string; to: string; hops: number }[] = [];
    for (const [from, { to }] of map) {
      const path = [from, to];
      const seen = new Set(path);
      let cur = to;
      let loop = false;
      while (map.has(cur)) {
        cur = map.get(cur)?.to as string;
        if (seen.has(cur)) {
          loop = true;
          path.push(cur);
          break;
        }
        seen.add(cur);
        path.push(cur);
      }
      if (loop) loops.push(path);
      else {
        if (path.length > 2) chains.push(path);
        flattened.push({ from, to: cur, hops: path.length - 1 });
      }
    }
    const sources = new Set(flattened.map((f) => f.from));
    const oneHop = flattened.every((f) => !sources.has(f.to));
    const checks = [
      check(
        'no loops',
        loops.length === 0,
        loops.length === 0
          ? 'no redirect loops'
          : `${loops.length} URL(s) caught in loops, e.g. ${loops[0]?.join(' → ')}`,
      ),
      check(
        'no chains',
        chains.length === 0,
        chains.length === 0
          ? 'every redirect is one hop'
          : `${chains.length} chain(s); flattened map below removes them`,
      ),
      check(
        'no conflicts',
        conflicts.length === 0,
        conflicts.length === 0 ? 'each source has one target' : `${conflicts.length} conflicting rule(s)`,
      ),
      check(
        'permanent codes',
        temporary.length === 0,
        temporary.length === 0
          ? 'all 301/308'
          : `${temporary.length} temporary redirect(s); use 301 for permanent moves`,
      ),
      check('no self redirects', selfRedirects.length === 0, `${selfRedirects.length} self-redirect(s)`),
      check(
        'flattened map is one hop',
        oneHop,
        oneHop ? 'no target in the flattened map is itself redirected' : 'flattening failed',
      ),
    ];
    const csv = toCsv(
      ['from', 'to', 'status'],
      flattened.map((f) => [f.from, f.to, 301]),
    );
    const markdown = doc(
      '# Redirect audit',
      `${map.size} rule(s) checked: ${chains.length} chain(s), ${loops.length} loop(s), ${conflicts.length} conflict(s).`,
      chains.length > 0 &&
        `## Chains\n${table(
          ['Chain', 'Hops'],
          chains.slice(0, 50).map((c) => [c.join(' → '), c.length - 1]),
        )}`,
      loops.length > 0 &&
        `## Loops\n${table(
          ['Loop'],
          loops.slice(0, 50).map((l) => [l.join(' → ')]),
        )}`,
      '## Flattened redirect map (CSV)',
      `\`\`\`csv\n${csv}\`\`\``,
      checksSection(checks),
    );
    return offlineResult(
      { flattened, chains, loops, conflicts, selfRedirects, temporary, csv },
      {
        summary: `${map.size} redirects: ${chains.length} chain(s), ${loops.length} loop(s), ${conflicts.length} conflict(s)`,
        markdown,
        checks,
        confidence: 0.98,
        selfChecksPassed: oneHop,
      },
    );
  },
});
