// Pre-send deliverability check: spam phrases (weighted, double in the subject), subject problems,
// capitals and punctuation, links and shorteners, image-only bodies and the legally required unsubscribe.
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, offlineResult, round } from '../shared/checks.js';
import { collectElements, tokenizeHtml, visibleText } from '../shared/html.js';
import { checksSection, doc, table } from '../shared/markdown.js';
import { words } from '../shared/text.js';
import { defineSkill } from '../skill.js';
import { analyseSubject, spamHits } from './email-rules.js';
import { ui } from '../shared/form-meta.js';

const SHORTENERS = /\b(bit\.ly|tinyurl\.com|goo\.gl|t\.co|ow\.ly|is\.gd|buff\.ly|rebrand\.ly|cutt\.ly)\//i;

const inputSchema = z.object({
  subject: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .meta(ui({ label: 'Subject line', example: 'Your March newsletter' })),
  preheader: z
    .string()
    .trim()
    .max(250)
    .optional()
    .meta(ui({ label: 'Preview text', help: 'The line inboxes show after the subject.' })),
  /** Plain text or HTML. */
  body: z
    .string()
    .min(1)
    .max(200_000)
    .meta(
      ui({
        label: 'Email text',
        help: 'Paste the email as you would send it (plain text, or HTML from your email tool).',
        widget: 'textarea',
      }),
    ),
  isReply: z
    .boolean()
    .default(false)
    .meta(ui({ label: 'This is a reply in a thread', advanced: true })),
});

export const emailSpamCheck = defineSkill({
  id: 'email.spam-check',
  agentIds: [AgentId.email, AgentId.sdr, AgentId.enablement],
  title: 'Spam and deliverability check',
  description:
    'Scores an email for spam risk: trigger phrases, subject issues, capitals, punctuation, links, shorteners, image-only bodies and unsubscribe.',
  inputSchema,
  async run(input) {
    const isHtml = /<\s*(html|body|p|div|table|a|img|br)\b/i.test(input.body);
    const tokens = isHtml ? tokenizeHtml(input.body) : [];
    const text = isHtml ? visibleText(tokens) : input.body;
    const links = isHtml
      ? collectElements(tokens, new Set(['a'])).map((a) => ({ href: a.attrs['href'] ?? '', text: a.text }))
      : (input.body.match(/https?:\/\/\S+/g) ?? []).map((href) => ({ href, text: href }));
    const images = isHtml ? collectElements(tokens, new Set(['img'])).length : 0;
    const findings: { rule: string; points: number; detail: string }[] = [];
    for (const h of spamHits(input.subject))
      findings.push({ rule: 'spam phrase in subject', points: h.weight * 2, detail: `"${h.phrase}"` });
    for (const h of spamHits(`${input.preheader ?? ''} ${text}`))
      findings.push({
        rule: 'spam phrase',
        points: h.weight * Math.min(h.count, 3),
        detail: `"${h.phrase}" ×${h.count}`,
      });
    const subject = analyseSubject(input.subject, { isReply: input.isReply });
    for (const issue of subject.issues.filter((i) => !i.startsWith('spam phrase')))
      findings.push({ rule: 'subject', points: 1, detail: issue });
    const ws = words(text);
    const caps = ws.filter((w) => w.length >= 4 && /^[A-Z]+$/.test(w));
    if (ws.length > 0 && caps.length / ws.length > 0.05)
      findings.push({ rule: 'capitals', points: 1.5, detail: `${caps.length} ALL-CAPS words` });
    const bangs = (text.match(/!/g) ?? []).length;
    if (bangs > 3) findings.push({ rule: 'exclamation marks', points: 1, detail: `${bangs} in the body` });
    if (/[!?]{3,}/.test(text))
      findings.push({ rule: 'punctuation', points: 1, detail: 'runs of !!! or ???' });
    if (links.length > 6) findings.push({ rule: 'links', points: 1, detail: `${links.length} links` });
    const shortened = links.filter((l) => SHORTENERS.test(l.href));
    if (shortened.length > 0)
      findings.push({ rule: 'URL shortener', points: 2, detail: shortened.map((l) => l.href).join(', ') });
    const vague = links.filter((l) => /^(click here|here)$/i.test(l.text.trim()));
    if (vague.length > 0)
      findings.push({ rule: 'link text', points: 0.5, detail: `${vague.length} "click here" link(s)` });
    const mismatched = links.filter(
      (l) =>
        /^https?:\/\//.test(l.text.trim()) && l.text.trim() !== l.href && !l.href.startsWith(l.text.trim()),
    );
    if (mismatched.length > 0)
      findings.push({
        rule: 'deceptive link',
        points: 3,
        detail: `link text shows a different URL than it opens (${mismatched.length})`,
      });
    if (isHtml && images > 0 && ws.length < 50)
      findings.push({
        rule: 'image-heavy',
        points: 2,
        detail: `${images} image(s) with only ${ws.length} words of text`,
      });
    const hasUnsub = /unsubscribe|opt[- ]out|manage (your )?preferences/i.test(input.body);
    if (!hasUnsub && !input.isReply)
      findings.push({
        rule: 'no unsubscribe',
        points: 2.5,
        detail: 'bulk email must offer a one-click unsubscribe',
      });
    const score = round(
      findings.reduce((s, f) => s + f.points, 0),
      1,
    );
    const risk = score < 3 ? 'low' : score < 6 ? 'medium' : 'high';
    const checks = [
      check('spam score', score < 3, `${score} points (low < 3, medium < 6, high ≥ 6)`),
      check(
        'subject line',
        subject.issues.length === 0,
        subject.issues.join('; ') || `score ${subject.score}/100`,
      ),
      check(
        'unsubscribe link',
        hasUnsub || input.isReply,
        hasUnsub ? 'present' : input.isReply ? 'not needed for a one-to-one reply' : 'missing',
      ),
      check(
        'links safe',
        shortened.length === 0 && mismatched.length === 0,
        `${links.length} link(s), ${shortened.length} shortened, ${mismatched.length} deceptive`,
      ),
    ];
    const markdown = doc(
      '# Deliverability check',
      `Spam risk **${risk.toUpperCase()}** (${score} points) · subject score ${subject.score}/100 · ${ws.length} words · ${links.length} link(s)`,
      findings.length === 0
        ? '_No spam signals found._'
        : table(
            ['Signal', 'Points', 'Detail'],
            findings.map((f) => [f.rule, f.points, f.detail]),
          ),
      checksSection(checks),
    );
    return offlineResult(
      { score, risk, findings, subject, links: links.length, words: ws.length },
      {
        summary: `Spam risk ${risk} (${score} points), ${findings.length} signal(s)`,
        markdown,
        checks,
        confidence: 0.8,
      },
    );
  },
});
