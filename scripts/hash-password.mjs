// Prints the scrypt hash of a password for an identity file's `passwordHash`:
//   node scripts/hash-password.mjs 's3cret'
// Same format as apps/api-gateway/src/identity/password-hash.ts.
import { randomBytes, scryptSync } from 'node:crypto';

const password = process.argv[2];
if (!password) {
  console.error('usage: node scripts/hash-password.mjs <password>');
  process.exit(1);
}
const salt = randomBytes(16);
const key = scryptSync(password, salt, 32, { N: 16384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
console.log(`scrypt$16384$8$1$${salt.toString('base64')}$${key.toString('base64')}`);
