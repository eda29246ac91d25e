// Whether a behaviour's criteria select a server: pure, so every app decides the same way.

import type { BehaviourCriteria } from './behaviour';

/** What the criteria can look at: the server as its create request described it. */
export interface BehaviourSubject {
  tenantId: string;
  name: string;
  metadata: Record<string, string>;
  flavorId: string;
  imageId: string;
  imageUuid: string;
}

export function matchesCriteria(criteria: BehaviourCriteria, server: BehaviourSubject): boolean {
  if (criteria.tenantId !== undefined && criteria.tenantId !== server.tenantId) return false;
  if (criteria.flavorId !== undefined && criteria.flavorId !== server.flavorId) return false;
  if (criteria.imageRef !== undefined && criteria.imageRef !== server.imageId && criteria.imageRef !== server.imageUuid) return false;
  if (criteria.serverNameRegex !== undefined && !new RegExp(criteria.serverNameRegex).test(server.name)) return false;
  for (const [key, value] of Object.entries(criteria.metadata ?? {})) if (server.metadata[key] !== value) return false;
  return true;
}
