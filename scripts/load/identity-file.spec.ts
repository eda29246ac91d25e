// The load identity file: the gateway's own loader accepts it, the load-NN users sign in with
// their name as password, the default users are still there, and regenerating gives the same file.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IdentityDirectory } from '../../apps/api-gateway/src/identity/identity-directory';
import { type IdentityFileShape, makeLoadIdentity } from './identity-file';
import { LOAD_IDENTITY_FILE, tenantsFor } from './load-tenants';

const ROOT = join(__dirname, '..', '..');

describe('config/identity.load.json', () => {
  const path = join(ROOT, LOAD_IDENTITY_FILE);

  it('loads in the gateway, with load-01..load-20 and demo, alt, admin', async () => {
    const directory = IdentityDirectory.load(path);
    for (const t of tenantsFor(20)) expect(directory.tenant(t.tenantName)).toBeDefined();
    const user = await directory.authenticate('load-07', 'load-07');
    expect(user?.roles).toEqual(['member']);
    expect(directory.scope(user!, { tenantName: 'load-07' })).toEqual({ id: '10000000000107', name: 'load-07' });
    expect(await directory.authenticate('load-07', 'load-08')).toBeUndefined();
    expect((await directory.authenticate('admin', 'admin'))?.roles).toContain('admin');
    expect(await directory.authenticate('demo', 'demo')).toBeDefined();
  });

  it('is what make-identity.ts writes (the same file when generated again)', () => {
    const defaults = JSON.parse(readFileSync(join(ROOT, 'config', 'identity.default.json'), 'utf8')) as IdentityFileShape;
    const stored = JSON.parse(readFileSync(path, 'utf8')) as IdentityFileShape;
    const again = makeLoadIdentity(defaults, 3); // three of the twenty: each hash costs a scrypt
    expect(stored.tenants).toHaveLength(23);
    expect(stored.users).toHaveLength(23);
    expect(stored.tenants.slice(0, 6)).toEqual(again.tenants);
    expect(stored.users.slice(0, 6)).toEqual(again.users);
    expect(stored.region).toBe(again.region);
  });
});
