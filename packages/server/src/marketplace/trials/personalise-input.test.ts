import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { personaliseInput } from './personalise-input.js';

const setup = {
  instanceName: 'Desk',
  business: { companyName: 'Acme', audience: 'dentists', topics: ['teeth whitening', 'braces'] },
  approvalMode: 'auto_publish' as const,
  notificationChannel: 'in_app' as const,
};

describe('personaliseInput', () => {
  it('fills fields the example has and the schema declares, with the setup values', () => {
    const schema = z.object({ topic: z.string(), brand: z.string().optional(), audience: z.string() });
    expect(personaliseInput({ topic: 'x', audience: 'y' }, setup, schema)).toEqual({
      topic: 'teeth whitening',
      brand: 'Acme',
      audience: 'dentists',
    });
  });

  it('keeps the example value when the setup value would not validate', () => {
    const schema = z.object({ topic: z.string().max(5) });
    expect(personaliseInput({ topic: 'short' }, setup, schema)).toEqual({ topic: 'short' });
  });

  it('leaves non-object examples alone', () => {
    expect(personaliseInput('text', setup, z.string())).toBe('text');
  });
});
