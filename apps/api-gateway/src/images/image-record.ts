// An image as the read model holds it and the views show it.

import type { ImageMetadata, ImageStatus } from '@app/domain/image';

export interface ImageRecord {
  uuid: string;
  /** The numeric id the API shows (as a string, like the spec's examples). */
  id: string;
  name: string;
  status: ImageStatus;
  progress: number;
  /** null for a public image. */
  tenantId: string | null;
  /** The server a snapshot was taken of. */
  serverId: string | null;
  snapshot: boolean;
  created: Date;
  updated: Date;
  metadata: ImageMetadata;
}
