// An image's status as the API shows it (spec 4.4.10): ACTIVE images can boot a server; a
// snapshot is SAVING while its disk is being written, then ACTIVE, or ERROR when that failed;
// DELETED images are gone but still listed by a changes-since query; UNKNOWN is what Nova
// showed for an image service status it could not map. Progress follows the status, as Nova
// derived it. Nova: nova/api/openstack/compute/views/images.py (_get_status, _get_progress).

export const IMAGE_STATUSES = ['UNKNOWN', 'ACTIVE', 'SAVING', 'ERROR', 'DELETED'] as const;
export type ImageStatus = (typeof IMAGE_STATUSES)[number];

export function isImageStatus(value: string): value is ImageStatus {
  return (IMAGE_STATUSES as readonly string[]).includes(value);
}

/** The `progress` the API shows: 100 once ACTIVE, 25 while SAVING (Nova's "queued"), else 0. */
export function imageProgress(status: ImageStatus): number {
  switch (status) {
    case 'ACTIVE':
      return 100;
    case 'SAVING':
      return 25;
    case 'UNKNOWN':
    case 'ERROR':
    case 'DELETED':
      return 0;
    default: {
      const _exhaustive: never = status;
      return _exhaustive;
    }
  }
}
