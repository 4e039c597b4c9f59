// Email-pattern inference: learns a company's address format (first.last, flast, first…) from known
// addresses, proves the pattern reproduces them, and generates addresses for new contacts.
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, offlineResult, pct, round } from '../shared/checks.js';
import { analyseEmail } from '../shared/contacts.js';
import { invalid } from '../shared/invalid.js';
import { checksSection, doc, table } from '../shared/markdown.js';
import { defineSkill } from '../skill.js';

export const PATTERNS: Record<string, (f: string, l: string) => string> = {
  'first.last': (f, l) => `${f}.${l}`,
  firstlast: (f, l) => `${f}${l}`,
  first_last: (f, l) => `${f}_${l}`,
  'first-last': (f, l) => `${f}-${l}`,
  flast: (f, l) => `${f[0] ?? ''}${l}`,
  'f.last': (f, l) => `${f[0] ?? ''}.${l}`,
  first: (f) => f,
  'first.l': (f, l) => `${f}.${l[0] ?? ''}`,
  firstl: (f, l) => `${f}${l[0] ?? ''}`,
  'last.first': (f, l) => `${l}.${f}`,
  lastfirst: (f, l) => `${l}${f}`,
  lastf: (f, l) => `${l}${f[0] ?? ''}`,
  last: (_f, l) => l,
};

/** Lower-case ASCII letters only ("Zoë O'Brien" → "zoe", "obrien"). */
export const emailPart = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '');

const person = z.object({
  firstName: z.string().trim().min(1).max(60),
  lastName: z.string().trim().max(60).default(''),
});
const inputSchema = z.object({
  known: z
    .array(person.extend({ email: z.string().trim().min(3).max(320) }))
    .min(1)
    .max(200),
  people: z.array(person).max(1000).default([]),
});

export const leadgenEmailPatterns = defineSkill({
  id: 'leadgen.email-patterns',
  agentIds: [AgentId.leadGen, AgentId.sdr],
  title: 'Email pattern finder',
  description:
    'Infers a company’s email format from known addresses, verifies it reproduces them, and generates likely addresses for new contacts.',
  inputSchema,
  async run(input) {
    const domains = new Set(input.known.map((k) => analyseEmail(k.email).domain));
    if (domains.size !== 1)
      throw invalid(
        'known',
        `addresses span ${domains.size} domains (${[...domains].join(', ')}); give one company at a time`,
      );
    const domain = [...domains][0] as string;
    input.known.forEach((k, i) => {
      if (!analyseEmail(k.email).valid) throw invalid(`known[${i}].email`, 'is not a valid address');
    });
    const locals = input.known.map((k) => k.email.toLowerCase().split('@')[0] as string);
    const scores = Object.entries(PATTERNS)
      .map(([name, fn]) => ({
        name,
        hits: input.known.filter((k, i) =>
          emailPart(k.lastName) !== '' || name === 'first'
            ? fn(emailPart(k.firstName), emailPart(k.lastName)) === locals[i]
            : false,
        ).length,
      }))
      .sort(
        (a, b) =>
          b.hits - a.hits || Object.keys(PATTERNS).indexOf(a.name) - Object.keys(PATTERNS).indexOf(b.name),
      );
    const best = scores[0] as { name: string; hits: number };
    const confidence = best.hits / input.known.length;
    if (best.hits === 0) throw invalid('known', 'no standard pattern matches these addresses');
    const fn = PATTERNS[best.name] as (f: string, l: string) => string;
    const generated = input.people.map((p) => {
      const local = fn(emailPart(p.firstName), emailPart(p.lastName));
      const email = `${local}@${domain}`;
      return {
        firstName: p.firstName,
        lastName: p.lastName,
        email,
        valid: local.length > 0 && analyseEmail(email).valid,
      };
    });
    const reproduced = input.known.filter(
      (k, i) => fn(emailPart(k.firstName), emailPart(k.lastName)) === locals[i],
    ).length;
    const checks = [
      check(
        'pattern reproduces known addresses',
        reproduced === best.hits && confidence >= 0.8,
        `${reproduced}/${input.known.length} known addresses match "${best.name}" (${pct(confidence, 0)})`,
      ),
      check(
        'generated addresses valid',
        generated.every((g) => g.valid),
        `${generated.filter((g) => g.valid).length}/${generated.length} valid`,
      ),
    ];
    const markdown = doc(
      `# Email pattern for ${domain}: ${best.name}@${domain}`,
      table(
        ['Pattern', 'Known addresses matched'],
        scores.filter((s) => s.hits > 0).map((s) => [s.name, `${s.hits}/${input.known.length}`]),
      ),
      generated.length > 0 &&
        table(
          ['Name', 'Likely email', 'Valid'],
          generated.map((g) => [`${g.firstName} ${g.lastName}`.trim(), g.email, g.valid ? 'yes' : 'no']),
        ),
      '_Verify before sending: a pattern match is a good guess, not proof the mailbox exists._',
      checksSection(checks),
    );
    return offlineResult(
      { domain, pattern: best.name, confidence: round(confidence, 3), candidates: scores, generated },
      {
        summary: `${domain} uses ${best.name} (${pct(confidence, 0)} of known addresses); ${generated.length} address(es) generated`,
        markdown,
        checks,
        confidence: round(Math.min(0.95, confidence), 3),
      },
    );
  },
});
