// The keypair decider: a keypair is absent or present; it can be created (generated or
// imported) only while absent, and deleted only while present. A name freed by a delete can
// be taken again, in the same stream. Nova: nova/compute/api.py, KeypairAPI.

import { InvalidKeypairError, KeypairExistsError, KeypairNotFoundError } from './keypair.errors';
import { KeypairEventType, type KeypairEvent, type KeypairKeyData, type KeypairOwner } from './keypair.events';
import { keypairNameProblem } from './keypair-name';

export type KeypairOrigin = 'generated' | 'imported';

export type KeypairState =
  | { status: 'absent' }
  | { status: 'present'; owner: KeypairOwner; origin: KeypairOrigin; fingerprint: string };

/**
 * The key material comes in with the command: generating a pair and parsing a public key are
 * done outside (they need a random source and a crypto library), so decide stays pure.
 */
export type KeypairCommand =
  | { type: 'CreateKeypair'; key: KeypairKeyData }
  | { type: 'ImportKeypair'; key: KeypairKeyData }
  | { type: 'DeleteKeypair'; owner: KeypairOwner };

export function initialState(): KeypairState {
  return { status: 'absent' };
}

export function evolve(state: KeypairState, event: KeypairEvent): KeypairState {
  switch (event.type) {
    case KeypairEventType.Created:
    case KeypairEventType.Imported: {
      const { tenantId, userId, name, fingerprint } = event.data;
      const origin: KeypairOrigin = event.type === KeypairEventType.Created ? 'generated' : 'imported';
      return { status: 'present', owner: { tenantId, userId, name }, origin, fingerprint };
    }
    case KeypairEventType.Deleted:
      return initialState();
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
}

/** Throws InvalidKeypairError unless Nova would accept the name. */
export function assertKeypairName(name: string): void {
  const problem = keypairNameProblem(name);
  if (problem) throw new InvalidKeypairError(problem);
}

export function decide(command: KeypairCommand, state: KeypairState): KeypairEvent[] {
  switch (command.type) {
    case 'CreateKeypair':
    case 'ImportKeypair': {
      assertKeypairName(command.key.name);
      if (state.status === 'present') throw new KeypairExistsError(command.key.name);
      const type = command.type === 'CreateKeypair' ? KeypairEventType.Created : KeypairEventType.Imported;
      return [{ type, data: { ...command.key } }];
    }
    case 'DeleteKeypair':
      if (state.status === 'absent') throw new KeypairNotFoundError(command.owner.name, command.owner.userId);
      return [{ type: KeypairEventType.Deleted, data: { ...command.owner } }];
    default: {
      const _exhaustive: never = command;
      return _exhaustive;
    }
  }
}
