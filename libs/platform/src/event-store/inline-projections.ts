// An app's inline projections (written in the same transaction as their events) are rebuilt
// from the log at start when their tables are empty while the log holds their events: a new
// APP_SCHEMA over an old log, a restore (libs/event-store/src/projection-catch-up.ts).
// `inlineProjections([imageProjection, ...])` is the provider an app lists for that.

import { Inject, Injectable, type OnApplicationBootstrap, type Provider } from '@nestjs/common';
import { PostgresEventStore, type Projection, type SqlDb, catchUpEmptyProjection } from '@app/event-store';
import { PlatformConfig } from '../config/platform-config';
import type { PinoLogger } from '../logging/create-pino-logger';
import { PINO_LOGGER } from '../platform.constants';
import { APP_DB } from './event-store.tokens';

const INLINE_PROJECTIONS = Symbol('INLINE_PROJECTIONS');

@Injectable()
export class InlineProjectionsCatchUp implements OnApplicationBootstrap {
  constructor(
    @Inject(INLINE_PROJECTIONS) private readonly projections: readonly Projection[],
    @Inject(APP_DB) private readonly db: SqlDb,
    private readonly store: PostgresEventStore,
    private readonly config: PlatformConfig,
    @Inject(PINO_LOGGER) private readonly log: PinoLogger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const projection of this.projections) {
      const applied = await catchUpEmptyProjection({ db: this.db, store: this.store, projection, schema: this.config.appSchema });
      if (applied > 0) this.log.warn({ projection: projection.name, events: applied }, 'rebuilt an empty projection from the log');
    }
  }
}

export function inlineProjections(projections: readonly Projection[]): Provider[] {
  return [{ provide: INLINE_PROJECTIONS, useValue: projections }, InlineProjectionsCatchUp];
}
