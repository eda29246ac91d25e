// The keypair decider, given/when/then: which commands each state accepts and which events
// they produce.

import { decide, evolve, initialState, type KeypairCommand } from './keypair.decider';
import { InvalidKeypairError, KeypairExistsError, KeypairNotFoundError } from './keypair.errors';
import type { KeypairEvent } from './keypair.events';

const owner = { tenantId: '10000000000001', userId: '20000000000001', name: 'keypair-1' };
const key = { ...owner, publicKey: 'ssh-rsa AAAA Generated-by-Nova\n', fingerprint: 'd3:e3:5f:26:dc:30:fc:04:57:91:ba:c0:1c:f8:8d:cd' };

const created: KeypairEvent = { type: 'KeypairCreated', data: key };
const imported: KeypairEvent = { type: 'KeypairImported', data: key };
const deleted: KeypairEvent = { type: 'KeypairDeleted', data: owner };

const create: KeypairCommand = { type: 'CreateKeypair', key };
const importKey: KeypairCommand = { type: 'ImportKeypair', key };
const remove: KeypairCommand = { type: 'DeleteKeypair', owner };

function given(events: KeypairEvent[]) {
  const state = events.reduce(evolve, initialState());
  return {
    when: (command: KeypairCommand) => ({
      then: (expected: KeypairEvent[]) => expect(decide(command, state)).toEqual(expected),
      thenThrows: (error: new (...args: never[]) => Error, message?: string) => {
        expect(() => decide(command, state)).toThrow(error);
        if (message) expect(() => decide(command, state)).toThrow(message);
      },
    }),
  };
}

describe('keypair decider', () => {
  describe('absent (no events)', () => {
    it('creates a generated keypair', () => given([]).when(create).then([created]));
    it('imports a public key', () => given([]).when(importKey).then([imported]));
    it('refuses a delete', () => given([]).when(remove).thenThrows(KeypairNotFoundError, 'Keypair keypair-1 not found for user 20000000000001'));
    it('refuses an unsafe name', () =>
      given([]).when({ type: 'CreateKeypair', key: { ...key, name: 'a/b' } }).thenThrows(InvalidKeypairError, 'Keypair data is invalid: Keypair name contains unsafe characters'));
    it('refuses an empty or too long name', () => {
      given([]).when({ type: 'ImportKeypair', key: { ...key, name: '' } }).thenThrows(InvalidKeypairError, 'between 1 and 255 characters');
      given([]).when({ type: 'CreateKeypair', key: { ...key, name: 'x'.repeat(256) } }).thenThrows(InvalidKeypairError);
    });
  });

  describe('present', () => {
    it('refuses a second create of the same name', () => given([created]).when(create).thenThrows(KeypairExistsError, "Key pair 'keypair-1' already exists."));
    it('refuses an import over a generated keypair', () => given([created]).when(importKey).thenThrows(KeypairExistsError));
    it('refuses a create over an imported keypair', () => given([imported]).when(create).thenThrows(KeypairExistsError));
    it('deletes', () => given([imported]).when(remove).then([deleted]));
  });

  describe('deleted', () => {
    it('takes the name again', () => given([created, deleted]).when(importKey).then([imported]));
    it('refuses a second delete', () => given([created, deleted]).when(remove).thenThrows(KeypairNotFoundError));
    it('is present again after a re-create', () => given([created, deleted, created]).when(create).thenThrows(KeypairExistsError));
  });

  describe('evolve', () => {
    it('remembers the owner, origin and fingerprint', () => {
      expect([imported].reduce(evolve, initialState())).toEqual({ status: 'present', owner, origin: 'imported', fingerprint: key.fingerprint });
      expect([created].reduce(evolve, initialState())).toMatchObject({ origin: 'generated' });
      expect([created, deleted].reduce(evolve, initialState())).toEqual({ status: 'absent' });
    });
  });
});
