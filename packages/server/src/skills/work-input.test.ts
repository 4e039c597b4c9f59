import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { deriveSkillInput, payloadFields, resolveTemplate } from './work-input.js';

const now = Date.UTC(2026, 0, 5, 9);

const schema = z.object({
  topic: z.string().min(3),
  primaryKeyword: z.string().min(2).optional(),
  audience: z.string().max(20).optional(),
  count: z.int().min(1).max(10).default(3),
});

const business = {
  companyName: 'Acme Clinics',
  audience: 'patients with type 2 diabetes',
  topics: ['Diabetes diet tips'],
};

describe('deriveSkillInput', () => {
  it('lays the business over the spec example where the schema accepts each value', () => {
    const input = deriveSkillInput({ now, schema, base: { topic: 'Heart health', count: 2 }, business });
    // The audience is longer than the schema allows, so the example's (absent) value stays.
    expect(input).toEqual({ topic: 'Diabetes diet tips', primaryKeyword: 'Diabetes diet tips', count: 2 });
    expect(schema.safeParse(input).success).toBe(true);
  });

  it('lets event data win over the example and the business', () => {
    const input = deriveSkillInput({
      now,
      schema,
      base: { topic: 'Heart health' },
      business,
      data: { topic: 'Sleep hygiene', tenantId: 't1' },
    });
    expect(input).toMatchObject({ topic: 'Sleep hygiene' });
    expect(input).not.toHaveProperty('tenantId');
  });

  it('uses complete request data as given, without adding example fields', () => {
    expect(
      deriveSkillInput({
        now,
        schema,
        base: { topic: 'Heart health', count: 9 },
        business,
        data: { input: { topic: 'Vaccines' } },
      }),
    ).toEqual({
      topic: 'Vaccines',
    });
  });

  it('drops values in the wrong form instead of breaking the input', () => {
    const input = deriveSkillInput({
      now,
      schema,
      base: { topic: 'Heart health' },
      data: { count: 'many', topic: 'ok' },
    });
    expect(input).toEqual({ topic: 'Heart health' });
  });

  it('leaves a still-incomplete input for the skill to reject by field', () => {
    const input = deriveSkillInput({ now, schema, data: { count: 4 } });
    expect(input).toEqual({ count: 4 });
    expect(schema.safeParse(input).error?.issues[0]?.path).toEqual(['topic']);
  });
});

describe('payloadFields', () => {
  it('reads an explicit input, else the payload without routing fields, else nothing', () => {
    expect(payloadFields({ input: { a: 1 }, b: 2 })).toEqual({ a: 1 });
    expect(payloadFields({ tenantId: 't', instanceId: 'i', b: 2 })).toEqual({ b: 2 });
    expect(payloadFields([1, 2])).toBeUndefined();
    expect(payloadFields(null)).toBeUndefined();
  });
});

describe('resolveTemplate', () => {
  it('turns date and business placeholders into values and drops unknown ones', () => {
    expect(
      resolveTemplate(
        {
          start: '{{today}}',
          end: '{{ today + 7 }}',
          who: '{{company}}',
          aud: '{{audience}}',
          keep: 'x {{today}}',
          list: ['{{topic}}', 3],
        },
        now,
        {
          companyName: 'Acme',
          topics: ['Diet'],
        },
      ),
    ).toEqual({
      start: '2026-01-05',
      end: '2026-01-12',
      who: 'Acme',
      keep: 'x {{today}}',
      list: ['Diet', 3],
    });
    expect(resolveTemplate('{{today-1}}', now)).toBe('2026-01-04');
  });
});
