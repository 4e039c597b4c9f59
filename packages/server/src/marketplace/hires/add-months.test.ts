import { describe, expect, it } from 'vitest';
import { addMonths } from './hire-service.js';

describe('addMonths', () => {
  it('keeps the day of month and clamps to the month end', () => {
    expect(new Date(addMonths(Date.UTC(2026, 0, 15, 9), 1)).toISOString()).toBe('2026-02-15T09:00:00.000Z');
    expect(new Date(addMonths(Date.UTC(2026, 0, 31), 1)).toISOString()).toBe('2026-02-28T00:00:00.000Z');
    expect(new Date(addMonths(Date.UTC(2026, 0, 5), 12)).toISOString()).toBe('2027-01-05T00:00:00.000Z');
  });
});
