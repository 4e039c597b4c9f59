import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { FakeClock } from '../../clock.js';
import { Validator, parseOrThrow } from './validator.js';

const decision = z.object({
  decisionType: z.enum(['approve', 'reject']),
  confidence: z.number().min(0).max(1),
  count: z.number().int(),
  contact: z.object({ email: z.string().email() }),
});

describe('Validator', () => {
  it('names the field in schema errors', () => {
    const v = new Validator().addSchema('decision', decision);
    const r = v.validateSchema('decision', {
      decisionType: 'maybe',
      confidence: 2,
      count: 1.5,
      contact: { email: 'x' },
    });
    expect(r.valid).toBe(false);
    expect(r.errors.map((e) => e.message)).toEqual([
      `Field 'decisionType': must be one of "approve", "reject"`,
      "Field 'confidence': must be at most 1",
      "Field 'count': expected type 'integer'",
      "Field 'contact.email': must be a valid email",
    ]);
    expect(v.validateSchema('decision', {}).errors[0]!.message).toBe("Required field 'decisionType' missing");
    expect(
      v.validateSchema('decision', {
        decisionType: 'approve',
        confidence: 0.5,
        count: 1,
        contact: { email: 'a@b.co' },
      }),
    ).toEqual({ valid: true, errors: [] });
  });

  it('runs business rules, counting a throwing rule as a failure', async () => {
    const v = new Validator()
      .addRule<{ lines: number }>('pr-size', (d) =>
        d.lines > 1000 ? { field: 'lines', message: 'PR larger than 1000 lines' } : undefined,
      )
      .addRule('explodes', () => {
        throw new Error('boom');
      });
    const r = await v.validateRules({ lines: 1200 });
    expect(r.errors).toEqual([
      { field: 'lines', message: 'PR larger than 1000 lines', kind: 'rule' },
      { field: 'explodes', message: "rule 'explodes' failed: boom", kind: 'rule' },
    ]);
    expect((await v.validateRules({ lines: 10 }, ['pr-size'])).valid).toBe(true);
  });

  it('reports connectivity failures and times out hanging checks on the injected clock', async () => {
    const clock = new FakeClock();
    const v = new Validator({ clock, connectivityTimeoutMs: 500 })
      .addConnectivityCheck('db', async () => {})
      .addConnectivityCheck('redis', () => Promise.reject(new Error('ECONNREFUSED')))
      .addConnectivityCheck('slow', () => new Promise<void>(() => {}));
    const pending = v.checkConnectivity();
    await clock.advance(500);
    const r = await pending;
    expect(r.checks.map((c) => [c.name, c.ok])).toEqual([
      ['db', true],
      ['redis', false],
      ['slow', false],
    ]);
    expect(r.errors.map((e) => e.field)).toEqual(['redis', 'slow']);
    expect(r.checks[2]!.error).toMatch(/timed out after 500 ms/);
  });

  it('validateAll stops at schema errors before running rules', async () => {
    let ran = false;
    const v = new Validator().addSchema('d', decision).addRule('r', () => {
      ran = true;
      return undefined;
    });
    expect((await v.validateAll({}, { schema: 'd', rules: ['r'] })).valid).toBe(false);
    expect(ran).toBe(false);
  });

  it('parseOrThrow throws VALIDATION naming the field; unknown names are NOT_FOUND', () => {
    expect(() => parseOrThrow(decision, { decisionType: 'approve' }, 'decision')).toThrow(
      expect.objectContaining({
        code: 'VALIDATION',
        message: "Invalid decision: Required field 'confidence' missing",
        details: expect.objectContaining({ field: 'confidence' }),
      }),
    );
    expect(() => new Validator().validateSchema('nope', {})).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND' }),
    );
  });
});
