// The gateway's inline projections (images, keypairs) are written in the same transaction as
// their events. At start, before serving, each one whose tables are empty while the log holds
// its events is rebuilt from the log (libs/event-store/src/projection-catch-up.ts).

import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { PostgresEventStore, type SqlDb, catchUpEmptyProjection } from '@app/event-store';
import { APP_DB, PINO_LOGGER, PlatformConfig, type PinoLogger } from '@app/platform';
import { imageProjection } from '../images/image.projection';
import { keypairProjection } from '../keypairs/keypair.projection';

export const INLINE_PROJECTIONS = [imageProjection, keypairProjection];

@Injectable()
export class InlineProjectionsService implements OnApplicationBootstrap {
  constructor(
    @Inject(APP_DB) private readonly db: SqlDb,
    private readonly store: PostgresEventStore,
    private readonly config: PlatformConfig,
    @Inject(PINO_LOGGER) private readonly log: PinoLogger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const projection of INLINE_PROJECTIONS) {
      const applied = await catchUpEmptyProjection({ db: this.db, store: this.store, projection, schema: this.config.appSchema });
      if (applied > 0) this.log.warn({ projection: projection.name, events: applied }, 'rebuilt an empty projection from the log');
    }
  }
}
