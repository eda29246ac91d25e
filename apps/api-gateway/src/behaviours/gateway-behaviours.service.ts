// The gateway's view of the behaviours in force: the platform's BehaviourRegistry (every
// BehaviourCreated / BehaviourDeleted from JetStream), less the behaviours this process has
// just deleted. The registry is also told of this process's own writes at once (read your
// writes), so JetStream's copy of a BehaviourCreated may arrive after its BehaviourDeleted was
// applied here; the ids deleted here keep such a late copy from bringing it back.

import { Injectable } from '@nestjs/common';
import type { Behaviour, BehaviourEvent } from '@app/contracts';
import { BehaviourRegistry } from '@app/platform';
import { REQUEST_KINDS } from './request-behaviours';

const byAge = (a: Behaviour, b: Behaviour) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1);

const actsOnRequests = (b: Behaviour): boolean =>
  (REQUEST_KINDS as readonly string[]).includes(b.action.kind) ||
  (b.action.kind === 'sequence' && b.action.actions.some((a) => (REQUEST_KINDS as readonly string[]).includes(a.kind)));

@Injectable()
export class GatewayBehaviours {
  private readonly deleted = new Set<string>();

  constructor(private readonly registry: BehaviourRegistry) {}

  /** Every behaviour not deleted, expired ones too (the control API lists them), oldest first. */
  all(): Behaviour[] {
    // An instant before any expiry: the registry's filter then keeps them all.
    return this.registry.active(undefined, 0).filter((b) => !this.deleted.has(b.id)).sort(byAge);
  }

  get(id: string): Behaviour | undefined {
    return this.deleted.has(id) ? undefined : this.registry.get(id);
  }

  /** The behaviours in force that act on API requests (the gateway's kinds, or sequences of them), oldest first. */
  forRequests(now = Date.now()): Behaviour[] {
    const found = this.registry.active(undefined, now).filter((b) => actsOnRequests(b) && !this.deleted.has(b.id));
    return found.length > 1 ? found.sort(byAge) : found;
  }

  /** This process's own append, applied at once. */
  applied(event: BehaviourEvent): void {
    if (event.type === 'BehaviourDeleted') this.deleted.add(event.data.id);
    this.registry.apply(event);
  }
}
