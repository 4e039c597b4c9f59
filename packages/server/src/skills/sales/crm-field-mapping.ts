// Import field mapping: matches a spreadsheet's headers to CRM fields by synonyms and fuzzy similarity,
// one-to-one, with a confidence for each and the required fields left unmapped.
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, offlineResult, round } from '../shared/checks.js';
import { checksSection, doc, table } from '../shared/markdown.js';
import { jaroWinkler } from '../shared/similarity.js';
import { defineSkill } from '../skill.js';

export const CRM_FIELDS: readonly { field: string; required: boolean; synonyms: readonly string[] }[] = [
  {
    field: 'firstName',
    required: true,
    synonyms: ['first name', 'given name', 'first', 'fname', 'forename'],
  },
  { field: 'lastName', required: false, synonyms: ['last name', 'surname', 'family name', 'last', 'lname'] },
  {
    field: 'email',
    required: true,
    synonyms: ['email', 'email address', 'e-mail', 'mail', 'work email', 'email id'],
  },
  {
    field: 'phone',
    required: false,
    synonyms: [
      'phone',
      'phone number',
      'mobile',
      'mobile number',
      'contact number',
      'telephone',
      'cell',
      'whatsapp',
    ],
  },
  {
    field: 'company',
    required: true,
    synonyms: ['company', 'company name', 'organisation', 'organization', 'account', 'employer', 'firm'],
  },
  { field: 'title', required: false, synonyms: ['title', 'job title', 'designation', 'role', 'position'] },
  { field: 'city', required: false, synonyms: ['city', 'town', 'location'] },
  { field: 'state', required: false, synonyms: ['state', 'province', 'region'] },
  { field: 'country', required: false, synonyms: ['country', 'nation'] },
  { field: 'website', required: false, synonyms: ['website', 'url', 'domain', 'web', 'company website'] },
  { field: 'industry', required: false, synonyms: ['industry', 'sector', 'vertical'] },
  {
    field: 'employees',
    required: false,
    synonyms: ['employees', 'company size', 'headcount', 'no of employees', 'employee count'],
  },
  { field: 'leadSource', required: false, synonyms: ['lead source', 'source', 'channel', 'campaign'] },
  { field: 'owner', required: false, synonyms: ['owner', 'lead owner', 'assigned to', 'sales rep'] },
];

const norm = (s: string) =>
  s
    .toLowerCase()
    .replace(/[_\-.]+/g, ' ')
    .replace(/[^a-z0-9 ]/g, '')
    .replace(/\s+/g, ' ')
    .trim();

const inputSchema = z.object({
  headers: z.array(z.string().trim().min(1).max(100)).min(1).max(200),
  minConfidence: z.number().min(0.5).max(1).default(0.85),
});

export const crmFieldMapping = defineSkill({
  id: 'crm.field-mapping',
  agentIds: [AgentId.crm],
  title: 'Import field mapping',
  description:
    'Maps spreadsheet headers to CRM fields (synonyms, then fuzzy match), one-to-one, with confidence and the required fields still missing.',
  inputSchema,
  async run(input) {
    const cands: { header: number; field: string; score: number; how: string }[] = [];
    input.headers.forEach((h, i) => {
      const nh = norm(h);
      for (const f of CRM_FIELDS) {
        if (f.synonyms.some((s) => norm(s) === nh) || norm(f.field) === nh.replace(/ /g, ''))
          cands.push({ header: i, field: f.field, score: 1, how: 'synonym' });
        else {
          const best = Math.max(...[f.field, ...f.synonyms].map((s) => jaroWinkler(nh, norm(s))));
          if (best >= input.minConfidence)
            cands.push({ header: i, field: f.field, score: round(best, 3), how: 'fuzzy' });
        }
      }
    });
    cands.sort((a, b) => b.score - a.score || a.header - b.header);
    const usedH = new Set<number>();
    const usedF = new Set<string>();
    const mapping: { header: string; field: string; confidence: number; how: string }[] = [];
    for (const c of cands) {
      if (usedH.has(c.header) || usedF.has(c.field)) continue;
      usedH.add(c.header);
      usedF.add(c.field);
      mapping.push({
        header: input.headers[c.header] as string,
        field: c.field,
        confidence: c.score,
        how: c.how,
      });
    }
    mapping.sort((a, b) => input.headers.indexOf(a.header) - input.headers.indexOf(b.header));
    const unmapped = input.headers.filter((_, i) => !usedH.has(i));
    const missingRequired = CRM_FIELDS.filter((f) => f.required && !usedF.has(f.field)).map((f) => f.field);
    const oneToOne =
      new Set(mapping.map((m) => m.field)).size === mapping.length &&
      new Set(mapping.map((m) => m.header)).size === mapping.length;
    const checks = [
      check('one-to-one', oneToOne, 'no field mapped twice'),
      check(
        'required fields mapped',
        missingRequired.length === 0,
        missingRequired.length === 0 ? 'all required fields found' : `missing: ${missingRequired.join(', ')}`,
      ),
      check(
        'all headers mapped',
        unmapped.length === 0,
        unmapped.length === 0
          ? 'every column has a home'
          : `unmapped (kept as custom fields): ${unmapped.join(', ')}`,
      ),
    ];
    const markdown = doc(
      '# Field mapping',
      table(
        ['Column', 'CRM field', 'Confidence', 'How'],
        mapping.map((m) => [m.header, m.field, m.confidence, m.how]),
      ),
      checksSection(checks),
    );
    return offlineResult(
      { mapping, unmapped, missingRequired },
      {
        summary: `Mapped ${mapping.length}/${input.headers.length} column(s); ${missingRequired.length} required field(s) missing`,
        markdown,
        checks,
        confidence: 0.9,
        selfChecksPassed: oneToOne,
      },
    );
  },
});
