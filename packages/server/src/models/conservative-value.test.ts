import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { OFFLINE_MARKER, conservativeValue } from './conservative-value.js';

const leaf: fc.Arbitrary<z.ZodType> = fc.oneof(
  fc.constant(z.boolean()),
  fc.tuple(fc.integer({ min: -1000, max: 1000 }), fc.nat(1000)).map(([min, span]) =>
    z
      .number()
      .min(min)
      .max(min + span),
  ),
  fc.tuple(fc.integer({ min: -1000, max: 1000 }), fc.nat(1000)).map(([min, span]) =>
    z
      .number()
      .int()
      .gt(min)
      .lt(min + span + 2),
  ),
  fc.tuple(fc.nat(40), fc.nat(40)).map(([min, extra]) =>
    z
      .string()
      .min(min)
      .max(min + extra),
  ),
  fc
    .uniqueArray(fc.string({ minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 4 })
    .map((v) => z.enum(v as [string, ...string[]])),
  fc.constantFrom(z.string().email(), z.string().uuid(), z.iso.datetime(), z.literal('fixed')),
);

const schemaArb: fc.Arbitrary<z.ZodType> = fc.letrec<{ node: z.ZodType }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    tie('node').map((s) => s.nullable()),
    fc.tuple(tie('node'), fc.nat(3)).map(([s, n]) => z.array(s).min(n)),
    fc
      .dictionary(fc.stringMatching(/^[a-z]{1,6}$/), fc.tuple(tie('node'), fc.boolean()), { maxKeys: 4 })
      .map((d) =>
        z.object(Object.fromEntries(Object.entries(d).map(([k, [s, opt]]) => [k, opt ? s.optional() : s]))),
      ),
  ),
})).node;

describe('conservativeValue', () => {
  it('builds a value that the zod schema accepts, for generated schemas (property)', () => {
    fc.assert(
      fc.property(schemaArb, (schema) => {
        const built = conservativeValue(z.toJSONSchema(schema, { io: 'input' }) as Record<string, unknown>);
        expect(built.ok).toBe(true);
        if (built.ok) expect(schema.safeParse(built.value).success).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('picks the conservative choice: false, the lower bound, the first enum member, null, no optional keys', () => {
    const schema = z.object({
      approved: z.boolean(),
      score: z.number().min(3).max(9),
      level: z.enum(['none', 'some', 'all']),
      owner: z.string().nullable(),
      extra: z.string().optional(),
      reason: z.string(),
    });
    const built = conservativeValue(z.toJSONSchema(schema) as Record<string, unknown>);
    expect(built).toEqual({
      ok: true,
      value: {
        approved: false,
        score: 3,
        level: 'none',
        owner: null,
        reason: `${OFFLINE_MARKER} no language model is configured`,
      },
    });
  });

  it('follows $ref into $defs', () => {
    const built = conservativeValue({
      type: 'object',
      properties: { a: { $ref: '#/$defs/flag' } },
      required: ['a'],
      $defs: { flag: { type: 'boolean' } },
    });
    expect(built).toEqual({ ok: true, value: { a: false } });
  });

  it('says why when no value can be built', () => {
    expect(conservativeValue({ type: 'string', pattern: '^[0-9]{4}$' })).toMatchObject({ ok: false });
    expect(conservativeValue({ type: 'integer', minimum: 5, maximum: 4 })).toMatchObject({ ok: false });
    expect(conservativeValue({ enum: [] })).toMatchObject({ ok: false, reason: 'empty enum' });
    expect(conservativeValue({ $ref: '#/$defs/missing' })).toMatchObject({ ok: false });
  });
});
