// Unit conversion with dimensional analysis: units carry SI dimensions, so "km/h → m/s" works and
// "kg → m" is refused; temperatures convert with their offsets; every result is converted back.
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, offlineResult } from '../shared/checks.js';
import { checksSection, doc, table } from '../shared/markdown.js';
import { defineSkill } from '../skill.js';
import { own } from '../shared/own.js';

/** Dimension exponents: length, mass, time, current, temperature, amount. */
type Dim = [number, number, number, number, number, number];
interface UnitDef {
  factor: number;
  dim: Dim;
  offset?: number;
}

const D = (l = 0, m = 0, t = 0, i = 0, th = 0, n = 0): Dim => [l, m, t, i, th, n];
const LENGTH = D(1);
const MASS = D(0, 1);
const TIME = D(0, 0, 1);
const AREA = D(2);
const VOLUME = D(3);
const SPEED = D(1, 0, -1);
const ACCEL = D(1, 0, -2);
const FORCE = D(1, 1, -2);
const ENERGY = D(2, 1, -2);
const POWER = D(2, 1, -3);
const PRESSURE = D(-1, 1, -2);
const TEMP = D(0, 0, 0, 0, 1);

export const UNITS: Record<string, UnitDef> = {
  m: { factor: 1, dim: LENGTH },
  km: { factor: 1e3, dim: LENGTH },
  cm: { factor: 1e-2, dim: LENGTH },
  mm: { factor: 1e-3, dim: LENGTH },
  um: { factor: 1e-6, dim: LENGTH },
  nm: { factor: 1e-9, dim: LENGTH },
  in: { factor: 0.0254, dim: LENGTH },
  ft: { factor: 0.3048, dim: LENGTH },
  mi: { factor: 1609.344, dim: LENGTH },
  angstrom: { factor: 1e-10, dim: LENGTH },
  kg: { factor: 1, dim: MASS },
  g: { factor: 1e-3, dim: MASS },
  mg: { factor: 1e-6, dim: MASS },
  t: { factor: 1e3, dim: MASS },
  lb: { factor: 0.45359237, dim: MASS },
  quintal: { factor: 100, dim: MASS },
  s: { factor: 1, dim: TIME },
  ms: { factor: 1e-3, dim: TIME },
  min: { factor: 60, dim: TIME },
  h: { factor: 3600, dim: TIME },
  day: { factor: 86400, dim: TIME },
  m2: { factor: 1, dim: AREA },
  cm2: { factor: 1e-4, dim: AREA },
  km2: { factor: 1e6, dim: AREA },
  hectare: { factor: 1e4, dim: AREA },
  acre: { factor: 4046.8564224, dim: AREA },
  m3: { factor: 1, dim: VOLUME },
  cm3: { factor: 1e-6, dim: VOLUME },
  L: { factor: 1e-3, dim: VOLUME },
  mL: { factor: 1e-6, dim: VOLUME },
  'm/s': { factor: 1, dim: SPEED },
  'km/h': { factor: 1000 / 3600, dim: SPEED },
  'cm/s': { factor: 0.01, dim: SPEED },
  mph: { factor: 0.44704, dim: SPEED },
  'm/s2': { factor: 1, dim: ACCEL },
  N: { factor: 1, dim: FORCE },
  kN: { factor: 1e3, dim: FORCE },
  dyne: { factor: 1e-5, dim: FORCE },
  kgf: { factor: 9.80665, dim: FORCE },
  J: { factor: 1, dim: ENERGY },
  kJ: { factor: 1e3, dim: ENERGY },
  cal: { factor: 4.184, dim: ENERGY },
  kcal: { factor: 4184, dim: ENERGY },
  eV: { factor: 1.602176634e-19, dim: ENERGY },
  kWh: { factor: 3.6e6, dim: ENERGY },
  erg: { factor: 1e-7, dim: ENERGY },
  W: { factor: 1, dim: POWER },
  kW: { factor: 1e3, dim: POWER },
  hp: { factor: 745.7, dim: POWER },
  Pa: { factor: 1, dim: PRESSURE },
  kPa: { factor: 1e3, dim: PRESSURE },
  atm: { factor: 101325, dim: PRESSURE },
  bar: { factor: 1e5, dim: PRESSURE },
  mmHg: { factor: 133.322, dim: PRESSURE },
  K: { factor: 1, dim: TEMP },
  C: { factor: 1, dim: TEMP, offset: 273.15 },
  F: { factor: 5 / 9, dim: TEMP, offset: 273.15 - (32 * 5) / 9 },
  mol: { factor: 1, dim: D(0, 0, 0, 0, 0, 1) },
  mmol: { factor: 1e-3, dim: D(0, 0, 0, 0, 0, 1) },
  A: { factor: 1, dim: D(0, 0, 0, 1) },
  mA: { factor: 1e-3, dim: D(0, 0, 0, 1) },
  V: { factor: 1, dim: D(2, 1, -3, -1) },
  ohm: { factor: 1, dim: D(2, 1, -3, -2) },
  C_charge: { factor: 1, dim: D(0, 0, 1, 1) },
};

const ALIASES: Record<string, string> = {
  '°C': 'C',
  degC: 'C',
  celsius: 'C',
  '°F': 'F',
  fahrenheit: 'F',
  kelvin: 'K',
  µm: 'um',
  'm²': 'm2',
  'cm²': 'cm2',
  'km²': 'km2',
  'm³': 'm3',
  'cm³': 'cm3',
  cc: 'cm3',
  l: 'L',
  ml: 'mL',
  'km/hr': 'km/h',
  kmph: 'km/h',
  'm/s²': 'm/s2',
  Ω: 'ohm',
  tonne: 't',
  hr: 'h',
  sec: 's',
  Å: 'angstrom',
  coulomb: 'C_charge',
};

/** The canonical unit key, or undefined. */
export function unitKey(u: string): string | undefined {
  const t = u.trim();
  const k = own(ALIASES, t) ?? t;
  return own(UNITS, k) ? k : undefined;
}

/** Converts; undefined when the dimensions differ. */
export function convert(value: number, from: string, to: string): number | undefined {
  const a = own(UNITS, from);
  const b = own(UNITS, to);
  if (!a || !b || a.dim.some((x, i) => x !== b.dim[i])) return undefined;
  const si = value * a.factor + (a.offset ?? 0);
  return (si - (b.offset ?? 0)) / b.factor;
}

const inputSchema = z.object({
  conversions: z
    .array(
      z.object({
        value: z.number().finite().min(-1e15).max(1e15),
        from: z.string().trim().min(1).max(20),
        to: z.string().trim().min(1).max(20),
      }),
    )
    .min(1)
    .max(50),
  significantFigures: z.number().int().min(2).max(12).default(6),
});

export const mathUnitConvert = defineSkill({
  id: 'math.unit-convert',
  agentIds: [AgentId.math, AgentId.science, AgentId.homework],
  title: 'Unit converter',
  description:
    'Converts between SI and common units (length, mass, time, speed, energy, pressure, temperature…) with dimension checks and a round-trip proof.',
  inputSchema,
  async run(input) {
    const rows = input.conversions.map((c) => {
      const from = unitKey(c.from);
      const to = unitKey(c.to);
      if (!from || !to)
        return {
          ...c,
          result: null,
          error: `unknown unit "${!from ? c.from : c.to}"`,
          roundTrip: false,
          factor: null,
        };
      const result = convert(c.value, from, to);
      if (result === undefined)
        return {
          ...c,
          result: null,
          error: `cannot convert ${c.from} to ${c.to}: different quantities`,
          roundTrip: false,
          factor: null,
        };
      const back = convert(result, to, from) as number;
      const roundTrip = Math.abs(back - c.value) <= 1e-9 * Math.max(1, Math.abs(c.value));
      const factor =
        own(UNITS, from)?.offset === undefined && own(UNITS, to)?.offset === undefined
          ? Number(
              ((own(UNITS, from)?.factor ?? 1) / (own(UNITS, to)?.factor ?? 1)).toPrecision(
                input.significantFigures,
              ),
            )
          : null;
      return {
        ...c,
        result: Number(result.toPrecision(input.significantFigures)),
        error: null,
        roundTrip,
        factor,
      };
    });
    const failed = rows.filter((r) => r.error);
    const allRound = rows.filter((r) => !r.error).every((r) => r.roundTrip);
    const checks = [
      check(
        'all converted',
        failed.length === 0,
        failed.length === 0 ? `${rows.length} conversion(s)` : failed.map((f) => f.error).join('; '),
      ),
      check('round trip', allRound, 'converting each result back gives the original value'),
    ];
    const markdown = doc(
      '# Unit conversions',
      table(
        ['Value', 'From', 'To', 'Result', 'Factor', 'Note'],
        rows.map((r) => [
          r.value,
          r.from,
          r.to,
          r.result ?? '—',
          r.factor === null ? (r.error ? '—' : 'offset scale') : `× ${r.factor}`,
          r.error ?? '✔',
        ]),
      ),
      checksSection(checks),
    );
    return offlineResult(
      { conversions: rows },
      {
        summary: `${rows.length - failed.length}/${rows.length} conversion(s) done`,
        markdown,
        checks,
        confidence: 0.99,
        selfChecksPassed: allRound,
      },
    );
  },
});
