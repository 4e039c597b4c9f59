// Objection handling: matches what a prospect said to a library of common B2B SaaS objections (your
// own entries first) and returns a structured response — acknowledge, clarify, respond, confirm.
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, offlineResult, round } from '../shared/checks.js';
import { checksSection, doc } from '../shared/markdown.js';
import { jaccard } from '../shared/similarity.js';
import { STOP_WORDS, lowerWords } from '../shared/text.js';
import { defineSkill } from '../skill.js';

export interface LibraryEntry {
  category: string;
  examples: readonly string[];
  clarify: string;
  respond: string;
  confirm: string;
}

export const OBJECTION_LIBRARY: readonly LibraryEntry[] = [
  {
    category: 'price',
    examples: ['too expensive', 'price is too high', 'cannot afford', 'cheaper option', 'costs too much'],
    clarify: 'Compared with what — another tool, or doing nothing?',
    respond:
      'Walk through the cost of the problem today and the payback period; offer a smaller starting scope rather than a discount.',
    confirm: 'If the numbers show payback within the year, is price still the blocker?',
  },
  {
    category: 'no budget',
    examples: ['no budget', 'budget is spent', 'budget frozen', 'next financial year'],
    clarify: 'When is budget set, and who owns it?',
    respond:
      'Build the business case now so it is ready for the next cycle; explore whether it fits an existing line item.',
    confirm: 'Shall we prepare the case together for the budget owner?',
  },
  {
    category: 'competitor',
    examples: [
      'we already use',
      'happy with our current vendor',
      'signed with another',
      'using a competitor',
    ],
    clarify: 'What do you like most about it, and what would you change?',
    respond: 'Focus on the gap they named; offer a side-by-side on that one workflow.',
    confirm: 'If we could close that gap, would it be worth a 30-minute comparison?',
  },
  {
    category: 'timing',
    examples: ['not a priority', 'not right now', 'maybe later', 'too busy', 'next quarter'],
    clarify: 'What is taking priority, and when does that wrap up?',
    respond: 'Tie the change to their current priority or show the cost of waiting a quarter.',
    confirm: 'Can we pencil in a check-in for that date?',
  },
  {
    category: 'send info',
    examples: ['send me some information', 'email me details', 'send a brochure', 'send me a deck'],
    clarify: 'Happy to — what would you look for in it so I send the right thing?',
    respond: 'Send a one-page summary tailored to their answer plus one relevant case study.',
    confirm: 'Can we book 15 minutes after you have read it?',
  },
  {
    category: 'authority',
    examples: ['need to talk to my boss', 'not my decision', 'need approval', 'check with the team'],
    clarify: 'Who else is involved, and what will matter to them?',
    respond: 'Offer to join that conversation or arm them with a short internal pitch.',
    confirm: 'Would it help if we met with them together?',
  },
  {
    category: 'security',
    examples: ['security concerns', 'data privacy', 'compliance', 'where is data stored', 'gdpr', 'dpdp'],
    clarify: 'Which requirements does your security team check first?',
    respond:
      'Share the security pack (certifications, data residency, encryption, DPA) and offer a call with your security lead.',
    confirm: 'If the review passes, what is the next step?',
  },
  {
    category: 'integration',
    examples: ['does not integrate', 'integration with our systems', 'works with our crm', 'api'],
    clarify: 'Which systems must it connect to, and how is data moved today?',
    respond: 'Show the native integrations or the API and a customer with the same stack.',
    confirm: 'Shall we validate that integration in a short pilot?',
  },
  {
    category: 'switching cost',
    examples: [
      'too much effort to switch',
      'migration is painful',
      'retraining the team',
      'locked into a contract',
    ],
    clarify: 'What would a switch involve for your team?',
    respond:
      'Lay out the migration plan, who does what and how long it takes; align start with their contract end.',
    confirm: 'If migration took under two weeks with our help, would you consider it?',
  },
  {
    category: 'roi unclear',
    examples: ['not sure about the roi', "don't see the value", 'what is the benefit', 'how will this help'],
    clarify: 'Which result would make this a clear win for you?',
    respond:
      'Quantify hours saved or revenue gained with their numbers, and share a similar customer’s results.',
    confirm: 'If we hit that number in a pilot, would you move forward?',
  },
  {
    category: 'trust',
    examples: ['never heard of you', 'small company', 'are you going to be around', 'references'],
    clarify: 'What would you need to see to feel confident?',
    respond: 'Offer references in their industry, customer logos and your support commitments.',
    confirm: 'Would a call with a current customer help?',
  },
  {
    category: 'features',
    examples: ['missing a feature', "doesn't have", 'need a feature', 'lacks'],
    clarify: 'How important is that feature compared with the rest of the workflow?',
    respond: 'Show the workaround or roadmap honestly; never promise dates you cannot keep.',
    confirm: 'Apart from that, does the solution cover what you need?',
  },
];

function tokens(s: string): Set<string> {
  return new Set(lowerWords(s).filter((w) => !STOP_WORDS.has(w) || ['not', 'no'].includes(w)));
}

const inputSchema = z.object({
  objections: z.array(z.string().trim().min(3).max(500)).min(1).max(50),
  library: z
    .array(
      z.object({
        category: z.string().trim().min(1).max(60),
        examples: z.array(z.string().trim().min(2).max(200)).min(1).max(10),
        clarify: z.string().trim().min(3).max(300),
        respond: z.string().trim().min(3).max(600),
        confirm: z.string().trim().min(3).max(300),
      }),
    )
    .max(50)
    .default([]),
  minScore: z.number().min(0).max(1).default(0.2),
});

export const enablementObjectionHandler = defineSkill({
  id: 'enablement.objection-handler',
  agentIds: [AgentId.enablement, AgentId.sdr, AgentId.ae],
  title: 'Objection handler',
  description:
    'Matches prospect objections to a library (yours first, then common B2B ones) and returns acknowledge–clarify–respond–confirm talk tracks.',
  inputSchema,
  async run(input) {
    const lib: LibraryEntry[] = [...input.library, ...OBJECTION_LIBRARY];
    const rows = input.objections.map((o) => {
      const t = tokens(o);
      let best: { entry: LibraryEntry; score: number } | undefined;
      for (const entry of lib) {
        for (const ex of entry.examples) {
          const phrase = o.toLowerCase().includes(ex.toLowerCase()) ? 1 : 0;
          const score = Math.max(phrase, jaccard(t, tokens(ex)));
          if (!best || score > best.score) best = { entry, score };
        }
      }
      const matched = best && best.score >= input.minScore ? best : undefined;
      return {
        objection: o,
        category: matched?.entry.category ?? null,
        score: round(best?.score ?? 0, 3),
        talkTrack: matched
          ? {
              acknowledge: `That's a fair concern — many teams raise it.`,
              clarify: matched.entry.clarify,
              respond: matched.entry.respond,
              confirm: matched.entry.confirm,
            }
          : null,
      };
    });
    const unmatched = rows.filter((r) => !r.category);
    const checks = [
      check(
        'all objections matched',
        unmatched.length === 0,
        unmatched.length === 0
          ? `${rows.length} matched`
          : `no talk track for: ${unmatched.map((u) => `"${u.objection}"`).join(', ')} — add them to your library`,
      ),
    ];
    const markdown = doc(
      '# Objection talk tracks',
      ...rows.map(
        (r) =>
          `## “${r.objection}”${r.category ? ` — ${r.category}` : ''}\n${r.talkTrack ? `1. **Acknowledge:** ${r.talkTrack.acknowledge}\n2. **Clarify:** ${r.talkTrack.clarify}\n3. **Respond:** ${r.talkTrack.respond}\n4. **Confirm:** ${r.talkTrack.confirm}` : '_No match in the library._'}`,
      ),
      checksSection(checks),
    );
    return offlineResult(
      { objections: rows },
      {
        summary: `${rows.length - unmatched.length}/${rows.length} objections matched to talk tracks`,
        markdown,
        checks,
        confidence: 0.75,
      },
    );
  },
});
