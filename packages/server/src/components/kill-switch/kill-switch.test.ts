import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
import { createKillSwitch } from './kill-switch.js';

describe('createKillSwitch', () => {
  it('reads WAOOAW_DISABLE_<NAME>=1 through the config', () => {
    const config = loadConfig({ env: { WAOOAW_DISABLE_CACHE: '1', WAOOAW_DISABLE_MEMORY: '0' } });
    const ks = createKillSwitch(config);
    expect(ks.isDisabled('cache')).toBe(true);
    expect(ks.isDisabled('CACHE')).toBe(true);
    expect(ks.isDisabled('memory')).toBe(false);
    expect(ks.list()).toEqual(['cache']);
  });

  it('switches components on and off at run time, overriding the config', () => {
    const ks = createKillSwitch({ disabled: ['cache'] });
    ks.set('cache', false);
    ks.set('Model', true);
    expect(ks.isDisabled('cache')).toBe(false);
    expect(ks.isDisabled('model')).toBe(true);
    expect(ks.list()).toEqual(['model']);
  });

  it('leaves everything on by default', () => {
    expect(createKillSwitch().isDisabled('budgets')).toBe(false);
  });
});
