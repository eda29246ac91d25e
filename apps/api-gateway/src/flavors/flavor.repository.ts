// Reads the flavors table: by id, and as a filtered page sorted by id (flavors have no create
// time, so spec 3.6 sorts them by id). Other features (servers) look flavors up here.

import { Inject, Injectable } from '@nestjs/common';
import { APP_DB, PlatformConfig } from '@app/platform';
import type { SqlDb } from '@app/event-store';
import { markerNotFound } from '../http/pagination';
import type { Flavor } from './flavor';
import type { FlavorQuery } from './flavor-query';

interface FlavorRow {
  id: number;
  name: string;
  ram: number;
  disk: number;
  vcpus: number;
  swap: number;
  rxtx_quota: number;
  rxtx_cap: number;
}

const toFlavor = (r: FlavorRow): Flavor => ({ id: r.id, name: r.name, ram: r.ram, disk: r.disk, vcpus: r.vcpus, swap: r.swap, rxtxQuota: r.rxtx_quota, rxtxCap: r.rxtx_cap });

@Injectable()
export class FlavorRepository {
  private readonly table: string;

  constructor(
    @Inject(APP_DB) private readonly db: SqlDb,
    platform: PlatformConfig,
  ) {
    this.table = `"${platform.appSchema}".flavors`;
  }

  /** The flavor with this id (a number or its decimal string), or undefined. */
  async find(id: number | string): Promise<Flavor | undefined> {
    const text = String(id);
    if (!/^\d{1,9}$/.test(text)) return undefined;
    const { rows } = await this.db.query<FlavorRow>(`SELECT * FROM ${this.table} WHERE id = $1`, [Number(text)]);
    return rows[0] && toFlavor(rows[0]);
  }

  /** One page of the flavors that pass the filters; 400 for a marker that is no flavor. */
  async list(query: FlavorQuery): Promise<Flavor[]> {
    const { marker, limit } = query.page;
    let after = -1;
    if (marker !== undefined) {
      const flavor = await this.find(marker);
      if (!flavor) throw markerNotFound(marker);
      after = flavor.id;
    }
    const { rows } = await this.db.query<FlavorRow>(
      `SELECT * FROM ${this.table}
        WHERE id > $1 AND ($2::int IS NULL OR ram >= $2) AND ($3::int IS NULL OR disk >= $3)
        ORDER BY id LIMIT $4`,
      [after, query.minRam ?? null, query.minDisk ?? null, limit],
    );
    return rows.map(toFlavor);
  }
}
