// Resistor networks (series and parallel, nested): equivalent resistance, and current, voltage and
// power for every resistor, exactly; verified by Kirchhoff's laws and conservation of power.
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, offlineResult, round } from '../shared/checks.js';
import { Fraction } from '../shared/fraction.js';
import { invalid } from '../shared/invalid.js';
import { bullets, checksSection, doc, table } from '../shared/markdown.js';
import { defineSkill } from '../skill.js';

export type Network =
  { ohms: number; name?: string | undefined } | { series: Network[] } | { parallel: Network[] };

const network: z.ZodType<Network> = z.lazy(() =>
  z.union([
    z.object({ ohms: z.number().positive().max(1e9), name: z.string().trim().max(20).optional() }),
    z.object({ series: z.array(network).min(1).max(20) }),
    z.object({ parallel: z.array(network).min(1).max(20) }),
  ]),
);

const inputSchema = z.object({ network, voltage: z.number().positive().max(1e6) });

function leaves(n: Network, depth = 0): number {
  if (depth > 6) return Infinity;
  return 'ohms' in n
    ? 1
    : ('series' in n ? n.series : n.parallel).reduce((s, c) => s + leaves(c, depth + 1), 0);
}

/** Equivalent resistance, exactly. */
export function equivalent(n: Network): Fraction {
  if ('ohms' in n) return Fraction.fromNumber(n.ohms);
  if ('series' in n) return n.series.reduce((s, c) => s.add(equivalent(c)), Fraction.ZERO);
  return Fraction.ONE.div(n.parallel.reduce((s, c) => s.add(Fraction.ONE.div(equivalent(c))), Fraction.ZERO));
}

interface Element {
  name: string;
  ohms: number;
  current: Fraction;
  voltage: Fraction;
  power: Fraction;
}

function distribute(n: Network, current: Fraction, out: Element[], steps: string[]): void {
  if ('ohms' in n) {
    const r = Fraction.fromNumber(n.ohms);
    const v = current.mul(r);
    out.push({
      name: n.name ?? `R${out.length + 1}`,
      ohms: n.ohms,
      current,
      voltage: v,
      power: v.mul(current),
    });
    return;
  }
  if ('series' in n) {
    for (const c of n.series) distribute(c, current, out, steps);
    return;
  }
  const v = current.mul(equivalent(n));
  steps.push(`Parallel group: ${round(v.toNumber(), 4)} V across each branch.`);
  for (const c of n.parallel) distribute(c, v.div(equivalent(c)), out, steps);
}

export const scienceCircuit = defineSkill({
  id: 'science.circuit',
  agentIds: [AgentId.science, AgentId.homework],
  title: 'Resistor circuit solver',
  description:
    'Equivalent resistance and the current, voltage and power of every resistor in a series/parallel network, verified by Kirchhoff’s laws.',
  inputSchema,
  async run(input) {
    const count = leaves(input.network);
    if (count > 40)
      throw invalid('network', 'has more than 40 resistors or is nested more than 6 levels deep');
    const req = equivalent(input.network);
    const V = Fraction.fromNumber(input.voltage);
    const I = V.div(req);
    const steps = [
      `Equivalent resistance R = ${req.toString()} Ω ≈ ${round(req.toNumber(), 4)} Ω (series add; parallel: 1/R = Σ 1/Rᵢ).`,
      `Total current I = V/R = ${input.voltage}/${round(req.toNumber(), 4)} = ${round(I.toNumber(), 4)} A.`,
    ];
    const elements: Element[] = [];
    distribute(input.network, I, elements, steps);
    const totalPower = V.mul(I);
    const sumPower = elements.reduce((s, e) => s.add(e.power), Fraction.ZERO);
    const powerOk = sumPower.equals(totalPower);
    const ohmOk = elements.every((e) => e.voltage.equals(e.current.mul(Fraction.fromNumber(e.ohms))));
    const checks = [
      check(
        'power conserved',
        powerOk,
        `Σ I²R = ${round(sumPower.toNumber(), 4)} W = VI = ${round(totalPower.toNumber(), 4)} W`,
      ),
      check("Ohm's law per resistor", ohmOk, 'V = IR holds for every resistor'),
    ];
    const markdown = doc(
      `# Circuit: ${input.voltage} V across ${elements.length} resistor(s)`,
      `**Equivalent resistance:** ${round(req.toNumber(), 4)} Ω · **Total current:** ${round(I.toNumber(), 4)} A · **Power:** ${round(totalPower.toNumber(), 4)} W`,
      table(
        ['Resistor', 'R (Ω)', 'Current (A)', 'Voltage (V)', 'Power (W)'],
        elements.map((e) => [
          e.name,
          e.ohms,
          round(e.current.toNumber(), 4),
          round(e.voltage.toNumber(), 4),
          round(e.power.toNumber(), 4),
        ]),
      ),
      '## Steps',
      bullets(steps),
      checksSection(checks),
    );
    return offlineResult(
      {
        equivalentOhms: round(req.toNumber(), 6),
        current: round(I.toNumber(), 6),
        power: round(totalPower.toNumber(), 6),
        resistors: elements.map((e) => ({
          name: e.name,
          ohms: e.ohms,
          current: round(e.current.toNumber(), 6),
          voltage: round(e.voltage.toNumber(), 6),
          power: round(e.power.toNumber(), 6),
        })),
      },
      {
        summary: `R = ${round(req.toNumber(), 4)} Ω, I = ${round(I.toNumber(), 4)} A, P = ${round(totalPower.toNumber(), 4)} W`,
        markdown,
        checks,
        confidence: 1,
        selfChecksPassed: powerOk && ohmOk,
      },
    );
  },
});
