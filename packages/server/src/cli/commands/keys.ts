// `waooaw keys list|rotate`: the access-token signing keys in the secrets store. A rotation makes a new
// key that signs from then on; the old one verifies until its tokens expire, then is retired. Every API
// process sees the rotation at its next read of the keys (within a minute). Audited.
import type { Command } from 'commander';
import { systemClock } from '../../clock.js';
import { createSigningKeyRing } from '../../components/security/secrets-signing-keys.js';
import type { SigningKeyState } from '../../components/security/signing-keys.js';
import { print } from './shared.js';
import { withSecurity } from './security-shared.js';

function line(k: SigningKeyState): string {
  const state = k.signing ? 'signing' : `verifies until ${new Date(k.verifiesUntil ?? 0).toISOString()}`;
  return `${k.kid}  created ${new Date(k.createdAt).toISOString()}  ${state}`;
}

export function registerKeysCommand(program: Command): void {
  const keys = program.command('keys').description('manage the access-token signing keys (Ed25519, by kid)');
  keys
    .command('list')
    .description('the key that signs and replaced keys still verifying (never a private part)')
    .action(async (_opts: unknown, cmd: Command) => {
      await withSecurity(cmd, async ({ secrets }, config) => {
        const items = await createSigningKeyRing(config, secrets, systemClock).describe();
        for (const k of items) print(line(k));
        print(`${items.length} key(s).`);
      });
    });
  keys
    .command('rotate')
    .description('make a new signing key now; the old one verifies until its tokens expire, then is retired')
    .action(async (_opts: unknown, cmd: Command) => {
      await withSecurity(cmd, async ({ secrets, audit }, config) => {
        const ring = createSigningKeyRing(config, secrets, systemClock);
        const previous = (await ring.describe()).find((k) => k.signing)?.kid ?? null;
        const kid = await ring.rotate();
        await audit.append({
          actor: 'cli',
          action: 'auth.signing-key.rotate',
          resource: `signing-key:${kid}`,
          result: 'success',
          details: { previous },
        });
        print(`New signing key ${kid}${previous ? ` (replaces ${previous})` : ''}.`);
        for (const k of await ring.describe()) print(line(k));
      });
    });
}
