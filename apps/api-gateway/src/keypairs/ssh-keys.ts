// SSH key material for keypairs: generating an RSA pair (node:crypto) and reading, checking and
// fingerprinting an OpenSSH public key (sshpk). Nova: nova/crypto.py, generate_key_pair and
// generate_fingerprint.

import { generateKeyPair as generateKeyPairCallback } from 'node:crypto';
import { promisify } from 'node:util';
import sshpk from 'sshpk';
import { InvalidKeypairError } from '@app/domain/keypair/keypair.errors';

const generateKeyPair = promisify(generateKeyPairCallback);

/** The comment of a generated public key, as Nova writes it. */
export const GENERATED_KEY_COMMENT = 'Generated-by-Nova';
export const GENERATED_KEY_BITS = 2048;

/** The key types Nova imports: what its fingerprinting (cryptography's load_ssh_public_key) reads. */
const ACCEPTED_TYPES: readonly string[] = ['rsa', 'dsa', 'ecdsa', 'ed25519'];
const ACCEPTED_NAMES = 'ssh-rsa, ssh-dss, ecdsa-sha2-nistp256/384/521 or ssh-ed25519';

export interface GeneratedKeypair {
  /** PKCS#1 PEM (`-----BEGIN RSA PRIVATE KEY-----`), as in the spec's example. Never stored. */
  privateKey: string;
  /** `ssh-rsa AAAA... Generated-by-Nova\n`. */
  publicKey: string;
  fingerprint: string;
}

/** MD5 of the key blob as `ssh-keygen -l -E md5` prints it, without the `MD5:` prefix. */
export function md5Fingerprint(key: sshpk.Key): string {
  return key.fingerprint('md5').toString('hex');
}

/**
 * A new RSA pair. Generated on libuv's thread pool (the promise form of generateKeyPairSync),
 * so the ~100 ms it takes does not stall other requests.
 */
export async function generateRsaKeypair(bits = GENERATED_KEY_BITS): Promise<GeneratedKeypair> {
  const { publicKey, privateKey } = await generateKeyPair('rsa', {
    modulusLength: bits,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  });
  const key = sshpk.parseKey(publicKey, 'pem');
  key.comment = GENERATED_KEY_COMMENT;
  return { privateKey, publicKey: `${key.toString('ssh')}\n`, fingerprint: md5Fingerprint(key) };
}

/**
 * Checks a public key given for import and returns its fingerprint. One OpenSSH public key on
 * one line (`<type> <base64> [comment]`), of a type Nova accepts; anything else is an
 * InvalidKeypairError saying what is wrong.
 */
export function importedKeyFingerprint(publicKey: string): string {
  if (publicKey.trim().includes('\n')) throw invalid('the public key must be one line: one OpenSSH public key');
  let key: sshpk.Key;
  try {
    key = sshpk.parseKey(publicKey, 'ssh');
  } catch (error) {
    throw invalid(`failed to generate fingerprint: not an OpenSSH public key (${ACCEPTED_NAMES} followed by its base64 data)`, error);
  }
  if (!ACCEPTED_TYPES.includes(key.type)) throw invalid(`key type '${key.type}' is not supported; use ${ACCEPTED_NAMES}`);
  return md5Fingerprint(key);
}

function invalid(reason: string, cause?: unknown): InvalidKeypairError {
  return new InvalidKeypairError(reason, { cause });
}
