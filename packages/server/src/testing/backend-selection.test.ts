import { describe, expect, it } from 'vitest';
import { backendRuns, selectedBackends } from './backend-selection.js';

describe('selectedBackends', () => {
  it('selects every backend when STORES and BUSES are unset or empty', () => {
    expect(selectedBackends({})).toEqual({ stores: ['sqlite', 'postgres'], buses: ['memory', 'redis'] });
    expect(selectedBackends({ STORES: ' ', BUSES: '' })).toEqual({
      stores: ['sqlite', 'postgres'],
      buses: ['memory', 'redis'],
    });
  });

  it('selects the listed ones, in any case and order', () => {
    expect(selectedBackends({ STORES: 'Postgres', BUSES: 'redis, memory' })).toEqual({
      stores: ['postgres'],
      buses: ['memory', 'redis'],
    });
  });

  it('refuses an unknown name', () => {
    expect(() => selectedBackends({ STORES: 'sqlite,mysql' })).toThrow(/STORES=sqlite,mysql: unknown mysql/);
    expect(() => selectedBackends({ BUSES: 'kafka' })).toThrow(/unknown kafka/);
  });
});

describe('backendRuns', () => {
  it('runs a selected, available backend and never an unselected one', () => {
    expect(backendRuns('postgres', true, true, {})).toBe(true);
    expect(backendRuns('postgres', false, true, { CI: 'true' })).toBe(false);
  });

  it('skips a selected but missing backend outside CI, and fails under CI=true', () => {
    expect(backendRuns('redis', true, false, {})).toBe(false);
    expect(() => backendRuns('redis', true, false, { CI: 'true' })).toThrow(
      /CI=true: the selected backend redis/,
    );
    expect(() => backendRuns('redis', true, false, { CI: '1' })).toThrow(/not available/);
  });
});
