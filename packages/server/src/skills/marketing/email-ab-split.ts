// Deterministic A/B(/n) split: recipients are de-duplicated, ordered by a hash of test id + address,
// and cut into groups whose sizes match the weights exactly. The same input always gives the same split.
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, offlineResult } from '../shared/checks.js';
import { analyseEmail } from '../shared/contacts.js';
import { toCsv } from '../shared/csv.js';
import { checksSection, doc, table } from '../shared/markdown.js';
import { invalid } from '../shared/invalid.js';
import { hash32 } from '../shared/random.js';
import { defineSkill } from '../skill.js';
import { apportion } from './content-brief-outline.js';

const inputSchema = z.object({
  testId: z.string().trim().min(1).max(80),
  recipients: z.array(z.string().trim().min(3).max(254)).min(2).max(10_000),
  variants: z
    .array(z.object({ name: z.string().trim().min(1).max(40), weight: z.number().int().min(1).max(100) }))
    .min(2)
    .max(6)
    .default([
      { name: 'A', weight: 1 },
      { name: 'B', weight: 1 },
    ]),
  /** Percentage kept out of every variant as a control that receives nothing. */
  holdoutPercent: z.number().min(0).max(50).default(0),
});

export const emailAbSplit = defineSkill({
  id: 'email.ab-split',
  agentIds: [AgentId.email],
  title: 'A/B test split',
  description:
    'Splits a recipient list into variant groups of exact sizes, deterministically by test id, with duplicates and invalid addresses removed.',
  inputSchema,
  async run(input) {
    const names = input.variants.map((v) => v.name);
    if (new Set(names).size !== names.length) {
      throw invalid(
        `variants[${names.findIndex((n, i) => names.indexOf(n) !== i)}].name`,
        'variant names must be unique',
      );
    }
    const seen = new Set<string>();
    const invalidAddresses: string[] = [];
    let duplicates = 0;
    const unique: { email: string; key: number }[] = [];
    for (const raw of input.recipients) {
      const info = analyseEmail(raw);
      if (!info.valid) {
        invalidAddresses.push(raw);
        continue;
      }
      if (seen.has(info.canonical)) {
        duplicates++;
        continue;
      }
      seen.add(info.canonical);
      unique.push({ email: info.email, key: hash32(`${input.testId}:${info.canonical}`) });
    }
    unique.sort((a, b) => a.key - b.key || a.email.localeCompare(b.email));
    const holdout = Math.round((unique.length * input.holdoutPercent) / 100);
    const sizes = apportion(
      unique.length - holdout,
      input.variants.map((v) => v.weight),
    );
    const groups: { name: string; recipients: string[] }[] = [];
    let at = 0;
    input.variants.forEach((v, i) => {
      const n = sizes[i] ?? 0;
      groups.push({ name: v.name, recipients: unique.slice(at, at + n).map((u) => u.email) });
      at += n;
    });
    const holdoutGroup = unique.slice(at).map((u) => u.email);
    const assigned = groups.reduce((s, g) => s + g.recipients.length, 0) + holdoutGroup.length;
    const everyoneOnce =
      assigned === unique.length &&
      new Set([...groups.flatMap((g) => g.recipients), ...holdoutGroup]).size === unique.length;
    const exact = groups.every((g, i) => g.recipients.length === sizes[i]);
    const checks = [
      check(
        'everyone assigned once',
        everyoneOnce,
        `${unique.length} unique recipients in ${groups.length} group(s)${holdout ? ` + ${holdout} holdout` : ''}`,
      ),
      check('exact group sizes', exact, groups.map((g) => `${g.name} ${g.recipients.length}`).join(', ')),
      check(
        'clean list',
        invalidAddresses.length === 0 && duplicates === 0,
        `${invalidAddresses.length} invalid, ${duplicates} duplicate(s) removed`,
      ),
    ];
    const csv = toCsv(
      ['email', 'group'],
      [
        ...groups.flatMap((g) => g.recipients.map((r) => [r, g.name])),
        ...holdoutGroup.map((r) => [r, 'holdout']),
      ],
    );
    const markdown = doc(
      `# A/B split "${input.testId}"`,
      table(
        ['Group', 'Weight', 'Recipients'],
        [
          ...groups.map((g, i) => [g.name, input.variants[i]?.weight ?? '', g.recipients.length]),
          ...(holdout ? [['holdout', '—', holdout]] : []),
        ],
      ),
      'The split is deterministic: re-running with the same test id and list gives the same groups.',
      checksSection(checks),
    );
    return offlineResult(
      { groups, holdout: holdoutGroup, invalid: invalidAddresses, duplicates, csv },
      {
        summary: `Split ${unique.length} recipients into ${groups.map((g) => `${g.name}=${g.recipients.length}`).join(', ')}`,
        markdown,
        checks,
        confidence: 0.99,
        selfChecksPassed: everyoneOnce && exact,
      },
    );
  },
});
