// The tenants and users this gateway knows, read once at start from the JSON file named by
// IDENTITY_FILE, or from config/identity.default.json (demo, alt, admin) when it is unset.
// Passwords are kept as scrypt hashes only. Format and defaults: docs/identity.md.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ConfigError } from '@app/platform';
import { isPasswordHash, verifyPassword } from './password-hash';

export interface Tenant {
  id: string;
  name: string;
}

export interface User {
  id: string;
  name: string;
  passwordHash: string;
  /** Tenant names or ids the user belongs to; the first is the default. */
  tenants: string[];
  roles: string[];
}

export interface IdentityFile {
  region?: string;
  tenants: Tenant[];
  users: User[];
}

export const ADMIN_ROLE = 'admin';
const DEFAULT_FILE = join('config', 'identity.default.json');

/** Finds config/identity.default.json above this file, in the sources or in dist/. */
function defaultFile(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, DEFAULT_FILE))) return join(dir, DEFAULT_FILE);
  }
  throw new ConfigError(`config: IDENTITY_FILE is not set and no ${DEFAULT_FILE} was found`);
}

export class IdentityDirectory {
  readonly region: string;
  private readonly tenants: Tenant[];
  private readonly users: User[];

  constructor(file: IdentityFile) {
    this.region = file.region ?? 'az-1.region-a.geo-1';
    this.tenants = file.tenants;
    this.users = file.users;
  }

  static load(path?: string): IdentityDirectory {
    const file = path ?? defaultFile();
    let parsed: IdentityFile;
    try {
      parsed = JSON.parse(readFileSync(file, 'utf8')) as IdentityFile;
    } catch (error) {
      throw new ConfigError(`config: IDENTITY_FILE must name a readable JSON file, got '${file}' (${(error as Error).message})`);
    }
    const problem = IdentityDirectory.check(parsed);
    if (problem) throw new ConfigError(`config: IDENTITY_FILE '${file}' ${problem}`);
    return new IdentityDirectory(parsed);
  }

  private static check(f: IdentityFile): string | undefined {
    if (!Array.isArray(f?.tenants) || !Array.isArray(f?.users)) return 'must have "tenants" and "users" arrays';
    for (const t of f.tenants) if (typeof t?.id !== 'string' || typeof t?.name !== 'string') return 'has a tenant without a string id and name';
    for (const u of f.users) {
      if (typeof u?.id !== 'string' || typeof u?.name !== 'string') return 'has a user without a string id and name';
      if (typeof u.passwordHash !== 'string' || !isPasswordHash(u.passwordHash)) return `user '${u.name}' needs a passwordHash from scripts/hash-password.mjs`;
      if (!Array.isArray(u.tenants) || u.tenants.length === 0) return `user '${u.name}' belongs to no tenant`;
      for (const t of u.tenants) if (!f.tenants.some((x) => x.id === t || x.name === t)) return `user '${u.name}' names an unknown tenant '${t}'`;
      if (!Array.isArray(u.roles)) return `user '${u.name}' needs a "roles" array`;
    }
    return undefined;
  }

  /** Every tenant, in the file's order (a reset of every tenant walks them). */
  allTenants(): Tenant[] {
    return [...this.tenants];
  }

  tenant(idOrName: string): Tenant | undefined {
    return this.tenants.find((t) => t.id === idOrName) ?? this.tenants.find((t) => t.name === idOrName);
  }

  /** The user if the password matches, else undefined (the same time either way is not promised). */
  async authenticate(username: string, password: string): Promise<User | undefined> {
    const user = this.users.find((u) => u.name === username);
    if (!user) return undefined;
    return (await verifyPassword(password, user.passwordHash)) ? user : undefined;
  }

  /** The tenant a user's token is scoped to: the one asked for, if the user belongs to it. */
  scope(user: User, requested?: { tenantId?: string; tenantName?: string }): Tenant | undefined {
    const mine = user.tenants.map((t) => this.tenant(t)!).filter(Boolean);
    if (requested?.tenantId) return mine.find((t) => t.id === requested.tenantId);
    if (requested?.tenantName) return mine.find((t) => t.name === requested.tenantName);
    return mine[0];
  }
}
