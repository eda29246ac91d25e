// The tenant's per-request limits on a server (spec 3.8, 4.4.4: maxServerMeta, maxPersonality,
// maxPersonalitySize), read from the quota app, and the 413 overLimit faults past them, with
// Nova's messages (MetadataLimitExceeded, OnsetFileLimitExceeded, OnsetFileContentLimitExceeded).
// -1 is unlimited, as in the quota app.

import type { QuotaClient } from '@app/contracts';
import type { PersonalityFile } from '@app/domain/server';
import { Faults } from '../http/faults';
import { decodedSize, shortForMessage } from './server-request-fields';

export interface ServerRequestLimits {
  maxServerMeta: number;
  maxPersonality: number;
  maxPersonalitySize: number;
}

export async function serverRequestLimits(quota: QuotaClient, tenantId: string): Promise<ServerRequestLimits> {
  const { limits } = await quota.limits({ tenantId });
  return { maxServerMeta: limits.metadata_items, maxPersonality: limits.injected_files, maxPersonalitySize: limits.injected_file_content_bytes };
}

const over = (count: number, limit: number) => limit >= 0 && count > limit;

/** A server may hold at most maxServerMeta items (counted after a merge). */
export function checkMetadataCount(count: number, limits: Pick<ServerRequestLimits, 'maxServerMeta'>): void {
  if (over(count, limits.maxServerMeta)) {
    throw Faults.overLimit(`Maximum number of metadata items exceeds ${limits.maxServerMeta}`, undefined, `maxServerMeta is ${limits.maxServerMeta}; the request would leave ${count} items`);
  }
}

/** At most maxPersonality files, each at most maxPersonalitySize bytes once decoded. */
export function checkPersonalityLimits(files: readonly PersonalityFile[], limits: Pick<ServerRequestLimits, 'maxPersonality' | 'maxPersonalitySize'>): void {
  if (over(files.length, limits.maxPersonality)) {
    throw Faults.overLimit('Personality file limit exceeded', undefined, `maxPersonality is ${limits.maxPersonality}; ${files.length} files were given`);
  }
  for (const file of files) {
    const size = decodedSize(file);
    if (over(size, limits.maxPersonalitySize)) {
      throw Faults.overLimit(
        'Personality file content too long',
        undefined,
        `maxPersonalitySize is ${limits.maxPersonalitySize} bytes; ${shortForMessage(file.path)} is ${size} bytes decoded`,
      );
    }
  }
}
