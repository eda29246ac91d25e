// SSH keys: the spec's keypair-1 fingerprint, generated pairs that ssh tooling would accept,
// and imported keys checked with a clear reason.

import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import sshpk from 'sshpk';
import { InvalidKeypairError } from '@app/domain/keypair/keypair.errors';
import { GENERATED_KEY_COMMENT, generateRsaKeypair, importedKeyFingerprint } from './ssh-keys';

/** The public key of keypair-1 in the spec's Get Keypair example (4.4.19.1), as its JSON gives it. */
const SPEC_KEYPAIR_1 =
  'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQChJO5vnbzIRU45LFdm5ohdFtIDQo1jPB1xSnWu2vJtyw5wGFjoclpuFLstPMRDixloNTh36ff3XnW6Nb4CTpm5Vwz0V6Im2q56vTbS246Lw0+3fDSrnmwFkuJ7rqI5AKZkN4zJg/iJdsuJ768K7yVzwMHP/FWy6bUdRZm5ETjM2w== \n';
/** keypair-2 of the spec's list example. */
const SPEC_KEYPAIR_2 =
  'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQDZcOCJGRF2REub4+j5Y6LnF7Lk4xyvpdeqAEZYRJe8lC0YOhkF9PxOAQnSgRuAvcmFiff9E1Dt9yLCSlU40zRClLEMwchG4S51y4JI/mbMwppWKYxgPnIa9rHSIccEtZbhBU1MkwpUHeRcZE+b60y5xXiYSmVacmtwDZ89qf6TvQ== \n';
/** hochmuth.pub of the spec's list example, with its comment. */
const SPEC_HOCHMUTH =
  'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQDRhFDIz1RJDgUW2tTRTZpJpbJyQbrUy586balui6Hj3g5I0Qogw42SRXr4EpM8S26M28OsfI3nfxPXQnJz41oUxutBrxaOo0wySinWE7imaDL7i4YE7pj8X3tPTDNzmmPI/VWheS97GwZcTdl3sI/wy4Fm/DOqU/DhpxmgfhKyOuhI65dNRglJN1RqQ6jc8i2egqAU5ZvDL1D9lBYjsKwwFtQXRU80DncbPdVtAITeR9X4CGsHKqTSAMbELfa4NZyX0y3AgYvJq9DpK1ySc5Y0f+iTuqvQvdsB69uTB8/n24ThV9GpiguashYlrWKcBKIxNcpEdg+Tla0zOPVro16x roland.hochmuth@hp.com';

const refused = (key: string) => {
  try {
    importedKeyFingerprint(key);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidKeypairError);
    return (error as Error).message;
  }
  throw new Error(`accepted ${JSON.stringify(key)}`);
};

describe('importedKeyFingerprint', () => {
  it("gives the spec's documented fingerprints", () => {
    expect(importedKeyFingerprint(SPEC_KEYPAIR_1)).toBe('d3:e3:5f:26:dc:30:fc:04:57:91:ba:c0:1c:f8:8d:cd');
    expect(importedKeyFingerprint(SPEC_KEYPAIR_2)).toBe('76:e3:b7:ca:95:91:fb:86:f7:fe:5d:d4:11:4d:77:65');
    expect(importedKeyFingerprint(SPEC_HOCHMUTH)).toBe('57:64:ca:c3:83:25:69:19:03:6f:d2:66:83:d6:6e:20');
  });

  it('reads ecdsa and ed25519 keys', () => {
    for (const [type, options] of [['ec', { namedCurve: 'P-256' }], ['ed25519', {}]] as const) {
      const { publicKey } = generateKeyPairSync(type as 'ec', options as { namedCurve: string });
      const ssh = sshpk.parseKey(publicKey.export({ type: 'spki', format: 'pem' }), 'pem').toString('ssh');
      expect(importedKeyFingerprint(`${ssh} me@host`)).toMatch(/^([0-9a-f]{2}:){15}[0-9a-f]{2}$/);
    }
  });

  it('refuses what is not an OpenSSH public key', () => {
    expect(refused('garbage')).toMatch(/^Keypair data is invalid: failed to generate fingerprint: not an OpenSSH public key/);
    expect(refused('')).toMatch(/not an OpenSSH public key/);
    expect(refused('ssh-rsa AAAA')).toMatch(/not an OpenSSH public key/);
    expect(refused(SPEC_KEYPAIR_1.replace('ssh-rsa', 'ssh-dss'))).toMatch(/not an OpenSSH public key/);
    expect(refused(SPEC_KEYPAIR_1.replace('ssh-rsa ', ''))).toMatch(/not an OpenSSH public key/);
    const pem = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' }) as string;
    expect(refused(pem)).toMatch(/one line|not an OpenSSH public key/);
  });

  it('refuses two keys in one', () => {
    expect(refused(`${SPEC_KEYPAIR_1}${SPEC_KEYPAIR_2}`)).toBe('Keypair data is invalid: the public key must be one line: one OpenSSH public key');
  });
});

describe('generateRsaKeypair', () => {
  it('gives a PKCS#1 private key, its OpenSSH public key and the MD5 fingerprint of that', async () => {
    const pair = await generateRsaKeypair();
    expect(pair.privateKey).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\n[\s\S]+\n-----END RSA PRIVATE KEY-----\n$/);
    expect(pair.publicKey).toMatch(new RegExp(`^ssh-rsa AAAAB3NzaC1yc2E[A-Za-z0-9+/=]+ ${GENERATED_KEY_COMMENT}\\n$`));
    expect(pair.fingerprint).toMatch(/^([0-9a-f]{2}:){15}[0-9a-f]{2}$/);
    expect(importedKeyFingerprint(pair.publicKey)).toBe(pair.fingerprint);

    const fromPrivate = sshpk.parseKey(createPublicKey(createPrivateKey(pair.privateKey)).export({ type: 'spki', format: 'pem' }), 'pem');
    expect(fromPrivate.size).toBe(2048);
    expect(fromPrivate.fingerprint('md5').toString('hex')).toBe(pair.fingerprint);
  });

  it('gives a different pair each time', async () => {
    const [a, b] = await Promise.all([generateRsaKeypair(), generateRsaKeypair()]);
    expect(a.fingerprint).not.toBe(b.fingerprint);
  });
});
