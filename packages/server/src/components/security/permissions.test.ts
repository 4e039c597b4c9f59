import { describe, expect, it } from 'vitest';
import { PermissionRegistry } from './permissions.js';

describe('PermissionRegistry', () => {
  it('denies unknown principals', () => {
    const p = new PermissionRegistry();
    expect(p.check({ principal: 'ghost', resource: 'x', action: 'read' })).toEqual({
      allowed: false,
      reason: 'unknown-principal',
    });
  });

  it('checks each action separately and supports prefix patterns and the * action', () => {
    const p = new PermissionRegistry();
    p.grant('wowvision', 'repo:files', ['read']);
    p.grant('wowvision', 'issues:*', ['create']);
    p.grant('admin', '*', ['*']);
    expect(p.check({ principal: 'wowvision', resource: 'repo:files', action: 'read' }).allowed).toBe(true);
    expect(p.check({ principal: 'wowvision', resource: 'repo:files', action: 'write' })).toEqual({
      allowed: false,
      reason: 'no-grant',
    });
    expect(p.check({ principal: 'wowvision', resource: 'issues:vision', action: 'create' }).allowed).toBe(
      true,
    );
    expect(p.check({ principal: 'admin', resource: 'anything', action: 'delete' }).allowed).toBe(true);
  });

  it('denies a tenant mismatch whatever the grants', () => {
    const p = new PermissionRegistry();
    p.grant('agent', '*', ['*']);
    expect(
      p.check({ principal: 'agent', resource: 'doc', action: 'read', tenantId: 't1', resourceTenantId: 't2' })
        .reason,
    ).toBe('tenant-mismatch');
    expect(
      p.check({ principal: 'agent', resource: 'doc', action: 'read', tenantId: 't1', resourceTenantId: 't1' })
        .allowed,
    ).toBe(true);
  });

  it('revokes actions and require throws FORBIDDEN with the reason', () => {
    const p = new PermissionRegistry();
    p.grant('a', 'r', ['read', 'write']);
    expect(p.revoke('a', 'r', ['write'])).toBe(true);
    expect(() => p.require({ principal: 'a', resource: 'r', action: 'write' })).toThrow(
      expect.objectContaining({
        code: 'FORBIDDEN',
        details: expect.objectContaining({ reason: 'no-grant' }),
      }),
    );
    expect(p.revoke('a', 'r')).toBe(true);
    expect(p.check({ principal: 'a', resource: 'r', action: 'read' }).reason).toBe('unknown-principal');
    expect(p.revoke('a', 'r')).toBe(false);
    expect(() => p.grant('a', 'r', [])).toThrow(/actions/);
  });
});
