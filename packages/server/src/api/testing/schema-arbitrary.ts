// fast-check arbitraries from the OpenAPI 3.0 schemas of /openapi.json (the subset our zod schemas
// produce: type, enum, nullable, properties/required/additionalProperties, items, min/max bounds,
// anyOf/oneOf/allOf, $ref), plus hostile values for fuzzing: wrong types, huge, deeply nested,
// unicode and NUL-bearing strings, prototype keys. No kept library does this for fast-check 4.
import fc from 'fast-check';

export type Schema = Record<string, unknown>;

/** Strings that break naive code: NUL, control characters, RTL overrides, emoji, SQL and path tricks. */
const nastyStrings = [
  '\u0000',
  'a\u0000b',
  '\u202e\u0000',
  '😀'.repeat(40),
  "' OR 1=1 --",
  '../../etc/passwd',
  '%00',
  '${7*7}',
  '<script>alert(1)</script>',
  '\ud800',
  ' ',
  '',
];

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...nastyStrings),
  fc.string({ unit: 'binary', maxLength: 64 }),
  fc.string({ unit: 'grapheme', maxLength: 64 }),
  fc.integer({ min: 101, max: 120 }).map((n) => 'x'.repeat(n)),
  fc.constant('y'.repeat(70_000)),
);

/** Any JSON value, including deep nesting and prototype-looking keys. */
export const hostileJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc
    .integer({ min: 60, max: 200 })
    .map((depth) => JSON.parse('['.repeat(depth) + ']'.repeat(depth)) as unknown),
  fc.constant(JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}}}') as unknown),
  hostileString,
  fc.constantFrom(1e308, -0, Number.MAX_SAFE_INTEGER + 2, null, true),
);

export class SchemaArbitraries {
  constructor(private readonly document: Schema) {}

  private resolve(schema: Schema): Schema {
    let s = schema;
    for (let hops = 0; typeof s.$ref === 'string' && hops < 10; hops++) {
      const path = (s.$ref as string).replace(/^#\//, '').split('/');
      s = path.reduce<Schema>((node, key) => (node[key] ?? {}) as Schema, this.document);
    }
    return s;
  }

  /** Values the schema accepts (as far as the subset goes). */
  valid(input: Schema, depth = 0): fc.Arbitrary<unknown> {
    const schema = this.resolve(input);
    const base = this.validBase(schema, depth);
    return schema.nullable ? fc.oneof(base, fc.constant(null)) : base;
  }

  private validBase(schema: Schema, depth: number): fc.Arbitrary<unknown> {
    if (Array.isArray(schema.enum) && schema.enum.length)
      return fc.constantFrom(...(schema.enum as unknown[]));
    const choices = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
    if (choices?.length) return fc.oneof(...choices.map((c) => this.valid(c, depth + 1)));
    if (Array.isArray(schema.allOf) && schema.allOf.length)
      return this.valid(schema.allOf[0] as Schema, depth + 1);
    const min = typeof schema.minimum === 'number' ? schema.minimum : undefined;
    const max = typeof schema.maximum === 'number' ? schema.maximum : undefined;
    switch (schema.type) {
      case 'string':
        if (schema.format === 'binary') return fc.string();
        return fc.string({
          minLength: (schema.minLength as number | undefined) ?? 0,
          maxLength: Math.min((schema.maxLength as number | undefined) ?? 40, 200),
        });
      case 'integer':
        return fc.integer({
          min: Math.max(min === undefined ? -1000 : min + (schema.exclusiveMinimum ? 1 : 0), -1e9),
          max: Math.min(max === undefined ? 1000 : max, 1e9),
        });
      case 'number':
        return fc.double({
          min: min ?? -1000,
          max: max ?? 1000,
          noNaN: true,
          noDefaultInfinity: true,
          minExcluded: Boolean(schema.exclusiveMinimum),
        });
      case 'boolean':
        return fc.boolean();
      case 'array':
        return fc.array(
          depth > 6 ? fc.constant(null) : this.valid((schema.items ?? {}) as Schema, depth + 1),
          {
            minLength: (schema.minItems as number | undefined) ?? 0,
            maxLength: Math.min((schema.maxItems as number | undefined) ?? 4, 4),
          },
        );
      case 'object':
        return this.object(schema, depth);
      default:
        return schema.properties ? this.object(schema, depth) : fc.jsonValue({ maxDepth: 2 });
    }
  }

  private object(schema: Schema, depth: number): fc.Arbitrary<unknown> {
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    const required = new Set((schema.required ?? []) as string[]);
    if (depth > 6) return fc.constant({});
    const model = Object.fromEntries(
      Object.entries(properties).map(([k, v]) => [k, this.valid(v, depth + 1)] as const),
    );
    const record = fc.record(model, { requiredKeys: Object.keys(model).filter((k) => required.has(k)) });
    const extra = schema.additionalProperties;
    if (!Object.keys(properties).length && extra && typeof extra === 'object')
      return fc.dictionary(
        fc.string({ minLength: 1, maxLength: 12 }),
        this.valid(extra as Schema, depth + 1),
        {
          maxKeys: 3,
        },
      );
    return record;
  }

  /** Mostly valid values, with one part at a time made hostile. */
  mutated(input: Schema): fc.Arbitrary<unknown> {
    const schema = this.resolve(input);
    if (schema.type === 'object' && schema.properties) {
      const keys = Object.keys(schema.properties as object);
      return fc
        .tuple(
          this.valid(schema) as fc.Arbitrary<Record<string, unknown>>,
          fc.constantFrom(...keys, '__proto__', 'extra'),
          hostileJson,
        )
        .map(([value, key, bad]) => ({ ...value, [key]: bad }));
    }
    return hostileJson;
  }
}
