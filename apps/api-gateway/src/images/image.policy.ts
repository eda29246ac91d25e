// Who may change an image (Nova with Glance): anyone in the owning tenant may change or
// delete a snapshot; a public image only an admin. Glance refused the others with 403 and
// Nova passed it on ("You are not allowed to delete the image."); see
// docs/decisions/0008-images-ids-visibility-and-metadata.md. Who may see an image is the
// repository's job (another tenant's snapshot is not found at all).

import { Faults } from '../http/faults';
import type { AuthContext } from '../identity/auth-context';
import type { ImageRecord } from './image-record';

export type ImageWrite = 'delete' | 'metadata';

export function checkImageWrite(image: Pick<ImageRecord, 'tenantId'>, auth: Pick<AuthContext, 'isAdmin'>, write: ImageWrite): void {
  if (image.tenantId !== null || auth.isAdmin) return;
  throw Faults.forbidden(write === 'delete' ? 'You are not allowed to delete the image.' : 'You are not allowed to change the metadata of a public image.');
}
