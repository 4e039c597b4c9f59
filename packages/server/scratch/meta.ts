import { z } from 'zod';
const isoDate = z.string().max(10).refine((s) => s.length === 10, { message: 'x' }).meta({ format: 'date', 'x-form': { widget: 'date' } });
const s = z.object({
  a: isoDate.meta({ title: 'Start date', description: 'When to start' }),
  b: isoDate.optional(),
  c: z.array(isoDate).max(3).default([]).meta({ title: 'Holidays' }),
  d: z.string().default('x').meta({ title: 'D' }).optional(),
  e: z.enum(['a','b']).default('a').meta({ title: 'E', 'x-form': { options: { a: 'Alpha' } } }),
  f: z.tuple([z.number().int(), z.number().int()]).optional(),
  g: z.record(z.string(), z.number()).optional(),
  h: z.union([z.literal(9), z.literal(10)]).default(10),
});
console.log(JSON.stringify(z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }), null, 1));
console.log(s.parse({ a: '2020-01-01' }));
console.log(z.version ?? '', (await import('zod/package.json', { with: { type: 'json' } })).default.version);
