// Molar mass and percentage composition of a formula, with the working shown element by element.
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, offlineResult, round } from '../shared/checks.js';
import { checksSection, doc, table } from '../shared/markdown.js';
import { defineSkill } from '../skill.js';
import { molarMass, parseFormula, toSubscripts } from './chem-formula.js';
import { ATOMIC_MASSES, SCHOOL_MASSES } from './data/atomic-masses.js';

const inputSchema = z.object({
  formulas: z.array(z.string().trim().min(1).max(80)).min(1).max(20),
  /** CBSE numericals use rounded masses (H 1, O 16, Cl 35.5). */
  masses: z.enum(['school', 'iupac']).default('school'),
  /** Optional: grams of each substance, to convert to moles. */
  grams: z.number().positive().max(1e9).optional(),
});

export const scienceMolarMass = defineSkill({
  id: 'science.molar-mass',
  agentIds: [AgentId.science, AgentId.homework],
  title: 'Molar mass and composition',
  description:
    'Molar mass, percentage composition and (optionally) moles in a given mass, with the working shown.',
  inputSchema,
  async run(input) {
    const table_ = input.masses === 'school' ? { ...ATOMIC_MASSES, ...SCHOOL_MASSES } : ATOMIC_MASSES;
    const results = input.formulas.map((f, i) => {
      const counts = parseFormula(f, `formulas[${i}]`);
      const mm = molarMass(counts, table_);
      const parts = [...counts.entries()].map(([e, n]) => ({
        element: e,
        atoms: n,
        atomicMass: table_[e] ?? 0,
        mass: round((table_[e] ?? 0) * n, 4),
        percent: round(((table_[e] ?? 0) * n * 100) / mm, 2),
      }));
      return {
        formula: f,
        display: toSubscripts(f),
        molarMass: round(mm, 3),
        parts,
        moles: input.grams !== undefined ? round(input.grams / mm, 5) : null,
        working: parts.map((p) => `${p.atoms} × ${p.atomicMass}`).join(' + ') + ` = ${round(mm, 3)} g/mol`,
      };
    });
    const sumsOk = results.every(
      (r) => Math.abs(r.parts.reduce((s, p) => s + p.mass, 0) - r.molarMass) < 0.01,
    );
    const pctOk = results.every((r) => Math.abs(r.parts.reduce((s, p) => s + p.percent, 0) - 100) < 0.1);
    const checks = [
      check('masses add up', sumsOk, 'element contributions sum to the molar mass'),
      check('composition adds to 100%', pctOk, 'percentages sum to 100 (± rounding)'),
    ];
    const markdown = doc(
      `# Molar mass (${input.masses === 'school' ? 'CBSE rounded' : 'IUPAC'} atomic masses)`,
      ...results.map(
        (r) =>
          `## ${r.display}: ${r.molarMass} g/mol\n${r.working}\n\n${table(
            ['Element', 'Atoms', 'Atomic mass', 'Mass', '% by mass'],
            r.parts.map((p) => [p.element, p.atoms, p.atomicMass, p.mass, `${p.percent}%`]),
          )}${r.moles !== null ? `\n\n${input.grams} g = ${input.grams} ÷ ${r.molarMass} = **${r.moles} mol**` : ''}`,
      ),
      checksSection(checks),
    );
    return offlineResult(
      { results },
      {
        summary: results.map((r) => `${r.formula} = ${r.molarMass} g/mol`).join('; '),
        markdown,
        checks,
        confidence: 0.99,
        selfChecksPassed: sumsOk && pctOk,
      },
    );
  },
});
