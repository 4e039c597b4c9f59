// Mensuration with formulas and steps: areas and perimeters of plane figures, volumes and surface
// areas of solids (π as 22/7 or exact), and right triangles — cross-checked where two formulas apply.
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, offlineResult, round } from '../shared/checks.js';
import { invalid } from '../shared/invalid.js';
import { bullets, checksSection, doc, table } from '../shared/markdown.js';
import { defineSkill } from '../skill.js';

const len = z.number().positive().max(1e6);

/** Simpson's rule; exact for the cubic cross-sections of cylinders, cones and spheres. */
export function simpson(f: (x: number) => number, a: number, b: number, n = 64): number {
  const h = (b - a) / n;
  let sum = f(a) + f(b);
  for (let i = 1; i < n; i++) sum += f(a + i * h) * (i % 2 ? 4 : 2);
  return (sum * h) / 3;
}

/** Volume of a solid of revolution from its radius at each height, by integrating slice areas. */
function sliceVolume(PI: number, radiusAt: (z: number) => number, height: number): number {
  return simpson((z) => PI * radiusAt(z) ** 2, 0, height);
}
const inputSchema = z.object({
  pi: z.enum(['22/7', '3.14', 'exact']).default('22/7'),
  unit: z.string().trim().max(10).default('cm'),
  shape: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('rectangle'), length: len, width: len }),
    z.object({ kind: z.literal('square'), side: len }),
    z.object({ kind: z.literal('circle'), radius: len }),
    z.object({ kind: z.literal('triangle'), a: len, b: len, c: len }),
    z.object({
      kind: z.literal('right-triangle'),
      a: len.optional(),
      b: len.optional(),
      hypotenuse: len.optional(),
    }),
    z.object({ kind: z.literal('trapezium'), parallelA: len, parallelB: len, height: len }),
    z.object({ kind: z.literal('cuboid'), length: len, width: len, height: len }),
    z.object({ kind: z.literal('cube'), side: len }),
    z.object({ kind: z.literal('cylinder'), radius: len, height: len }),
    z.object({ kind: z.literal('cone'), radius: len, height: len }),
    z.object({ kind: z.literal('sphere'), radius: len }),
    z.object({ kind: z.literal('hemisphere'), radius: len }),
  ]),
});

export const homeworkGeometry = defineSkill({
  id: 'homework.geometry',
  agentIds: [AgentId.homework, AgentId.math],
  title: 'Mensuration and geometry',
  description:
    'Area, perimeter, volume and surface area with formulas and steps (π as 22/7, 3.14 or exact), including Heron’s formula and Pythagoras.',
  inputSchema,
  async run(input) {
    const PI = input.pi === '22/7' ? 22 / 7 : input.pi === '3.14' ? 3.14 : Math.PI;
    const u = input.unit;
    const s = input.shape;
    const r = (x: number) => round(x, 4);
    const rows: [string, string, number, string][] = [];
    const steps: string[] = [];
    let verified = true;
    let verification = 'direct formula';
    const add = (name: string, formula: string, value: number, unit: string) =>
      rows.push([name, formula, r(value), unit]);
    switch (s.kind) {
      case 'rectangle':
        add('Area', 'l × w', s.length * s.width, `${u}²`);
        add('Perimeter', '2(l + w)', 2 * (s.length + s.width), u);
        add('Diagonal', '√(l² + w²)', Math.hypot(s.length, s.width), u);
        break;
      case 'square':
        add('Area', 'a²', s.side ** 2, `${u}²`);
        add('Perimeter', '4a', 4 * s.side, u);
        add('Diagonal', 'a√2', s.side * Math.SQRT2, u);
        verified = Math.abs((s.side * Math.SQRT2) ** 2 / 2 - s.side ** 2) < 1e-9 * s.side ** 2;
        verification = 'area = diagonal² / 2';
        break;
      case 'circle':
        add('Area', 'πr²', PI * s.radius ** 2, `${u}²`);
        add('Circumference', '2πr', 2 * PI * s.radius, u);
        break;
      case 'triangle': {
        const [a, b, c] = [s.a, s.b, s.c];
        if (a + b <= c || a + c <= b || b + c <= a)
          throw invalid(
            'shape',
            `sides ${a}, ${b}, ${c} do not form a triangle (each side must be shorter than the other two together)`,
          );
        const sp = (a + b + c) / 2;
        const area = Math.sqrt(sp * (sp - a) * (sp - b) * (sp - c));
        steps.push(
          `s = (a + b + c)/2 = ${r(sp)}`,
          `Area = √(s(s − a)(s − b)(s − c)) = √(${r(sp)} × ${r(sp - a)} × ${r(sp - b)} × ${r(sp - c)}) = ${r(area)}`,
        );
        add('Area (Heron)', '√(s(s−a)(s−b)(s−c))', area, `${u}²`);
        add('Perimeter', 'a + b + c', a + b + c, u);
        // Cross-check: ½ab·sin C with C from the cosine rule.
        const cosC = (a * a + b * b - c * c) / (2 * a * b);
        const alt = 0.5 * a * b * Math.sqrt(Math.max(0, 1 - cosC * cosC));
        verified = Math.abs(alt - area) < 1e-6 * Math.max(1, area);
        verification = '½ab·sin C (cosine rule) gives the same area';
        break;
      }
      case 'right-triangle': {
        const known = [s.a, s.b, s.hypotenuse].filter((x) => x !== undefined).length;
        if (known !== 2) throw invalid('shape', 'give exactly two of a, b and hypotenuse');
        let { a, b, hypotenuse: h } = s;
        if (h === undefined) {
          h = Math.hypot(a as number, b as number);
          steps.push(`Hypotenuse = √(a² + b²) = √(${a}² + ${b}²) = ${r(h)}`);
        } else {
          const leg = a ?? b;
          if ((leg as number) >= h) throw invalid('shape.hypotenuse', 'must be longer than the other side');
          const other = Math.sqrt(h * h - (leg as number) ** 2);
          steps.push(`Other side = √(h² − a²) = √(${h}² − ${leg}²) = ${r(other)}`);
          if (a === undefined) a = other;
          else b = other;
        }
        add('Side a', '', a as number, u);
        add('Side b', '', b as number, u);
        add('Hypotenuse', '√(a² + b²)', h, u);
        add('Area', '½ab', 0.5 * (a as number) * (b as number), `${u}²`);
        add('Perimeter', 'a + b + h', (a as number) + (b as number) + h, u);
        verified = Math.abs((a as number) ** 2 + (b as number) ** 2 - h * h) < 1e-9 * h * h;
        verification = 'a² + b² = h²';
        break;
      }
      case 'trapezium':
        add('Area', '½(a + b)h', 0.5 * (s.parallelA + s.parallelB) * s.height, `${u}²`);
        break;
      case 'cuboid':
        add('Volume', 'l × w × h', s.length * s.width * s.height, `${u}³`);
        add(
          'Total surface area',
          '2(lw + wh + hl)',
          2 * (s.length * s.width + s.width * s.height + s.height * s.length),
          `${u}²`,
        );
        add('Lateral surface area', '2h(l + w)', 2 * s.height * (s.length + s.width), `${u}²`);
        add('Diagonal', '√(l² + w² + h²)', Math.hypot(s.length, s.width, s.height), u);
        break;
      case 'cube':
        add('Volume', 'a³', s.side ** 3, `${u}³`);
        add('Total surface area', '6a²', 6 * s.side ** 2, `${u}²`);
        add('Lateral surface area', '4a²', 4 * s.side ** 2, `${u}²`);
        break;
      case 'cylinder':
        add('Volume', 'πr²h', PI * s.radius ** 2 * s.height, `${u}³`);
        add('Curved surface area', '2πrh', 2 * PI * s.radius * s.height, `${u}²`);
        add('Total surface area', '2πr(r + h)', 2 * PI * s.radius * (s.radius + s.height), `${u}²`);
        verified =
          Math.abs(sliceVolume(PI, () => s.radius, s.height) - PI * s.radius ** 2 * s.height) <
          1e-9 * PI * s.radius ** 2 * s.height;
        verification = 'adding up circular slices (numerical integration) gives the same volume';
        break;
      case 'cone': {
        const l = Math.hypot(s.radius, s.height);
        steps.push(`Slant height l = √(r² + h²) = ${r(l)}`);
        add('Slant height', '√(r² + h²)', l, u);
        add('Volume', '⅓πr²h', (PI * s.radius ** 2 * s.height) / 3, `${u}³`);
        add('Curved surface area', 'πrl', PI * s.radius * l, `${u}²`);
        add('Total surface area', 'πr(l + r)', PI * s.radius * (l + s.radius), `${u}²`);
        const vol = (PI * s.radius ** 2 * s.height) / 3;
        verified =
          Math.abs(sliceVolume(PI, (z) => s.radius * (1 - z / s.height), s.height) - vol) < 1e-9 * vol;
        verification = 'adding up shrinking circular slices (numerical integration) gives ⅓πr²h';
        break;
      }
      case 'sphere': {
        const vol = (4 / 3) * PI * s.radius ** 3;
        add('Volume', '⁴⁄₃πr³', vol, `${u}³`);
        add('Surface area', '4πr²', 4 * PI * s.radius ** 2, `${u}²`);
        verified =
          Math.abs(
            sliceVolume(
              PI,
              (z) => Math.sqrt(Math.max(0, s.radius ** 2 - (z - s.radius) ** 2)),
              2 * s.radius,
            ) - vol,
          ) <
          1e-9 * vol;
        verification = 'adding up circular slices (numerical integration) gives ⁴⁄₃πr³';
        break;
      }
      case 'hemisphere':
        add('Volume', '⅔πr³', (2 / 3) * PI * s.radius ** 3, `${u}³`);
        add('Curved surface area', '2πr²', 2 * PI * s.radius ** 2, `${u}²`);
        add('Total surface area', '3πr²', 3 * PI * s.radius ** 2, `${u}²`);
        verified =
          Math.abs(
            sliceVolume(PI, (z) => Math.sqrt(Math.max(0, s.radius ** 2 - z ** 2)), s.radius) -
              (2 / 3) * PI * s.radius ** 3,
          ) <
          1e-9 * PI * s.radius ** 3;
        verification = 'adding up circular slices (numerical integration) gives ⅔πr³';
        break;
    }
    const checks = [check('cross-check', verified, verification)];
    const markdown = doc(
      `# ${s.kind.replace('-', ' ')}`,
      input.pi !== 'exact' && `_Using π = ${input.pi}._`,
      table(['Quantity', 'Formula', 'Value', 'Unit'], rows),
      steps.length > 0 && `## Steps\n${bullets(steps)}`,
      checksSection(checks),
    );
    return offlineResult(
      {
        shape: s.kind,
        results: rows.map(([name, formula, value, unit]) => ({ name, formula, value, unit })),
      },
      {
        summary: rows.map(([n, , v, un]) => `${n} ${v} ${un}`).join('; '),
        markdown,
        checks,
        confidence: 1,
        selfChecksPassed: verified,
      },
    );
  },
});
