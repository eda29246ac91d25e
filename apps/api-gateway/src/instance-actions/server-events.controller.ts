// GET /v1.1/{tenant_id}/os-server-events/{server_uuid}, for administrators: the raw events of
// one server's stream (type, version, time, the app that wrote it, correlation and causation
// ids, data), so a learner can watch one create go through every app. Not a Nova API: Nova
// has no event log to show. Any tenant's server; 403 for everyone but an administrator.

import { Controller, Get, Param, UseGuards } from '@nestjs/common';
import { StreamCategory, streamName } from '@app/contracts';
import { PostgresEventStore } from '@app/event-store';
import { Faults } from '../http/faults';
import { represent, type Representation } from '../http/representation';
import { el } from '../http/xml/xml-element';
import { Auth, type AuthContext } from '../identity/auth-context';
import { TenantGuard, requireAdmin } from '../identity/tenant.guard';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Controller('v1.1/:tenant_id/os-server-events')
@UseGuards(TenantGuard)
export class ServerEventsController {
  constructor(private readonly store: PostgresEventStore) {}

  @Get(':server_uuid')
  async list(@Auth() auth: AuthContext, @Param('server_uuid') uuid: string): Promise<Representation> {
    requireAdmin(auth);
    if (!UUID.test(uuid)) throw Faults.badRequest('server_uuid must be a server UUID.');
    const events = await this.store.readStream(streamName(StreamCategory.Server, uuid.toLowerCase()));
    if (events.length === 0) throw Faults.itemNotFound(`Server ${uuid} has no events.`);
    const rows = events.map((e) => ({
      type: e.type,
      version: e.streamVersion,
      position: e.position,
      time: e.recordedAt,
      app: e.metadata.producer,
      correlation_id: e.metadata.correlationId,
      causation_id: e.metadata.causationId ?? null,
      tenant_id: e.metadata.tenantId ?? null,
      data: e.data,
    }));
    return represent(
      { server_uuid: uuid, events: rows },
      () =>
        el(
          'events',
          { server_uuid: uuid },
          ...rows.map((r) =>
            el('event', { type: r.type, version: r.version, position: r.position, time: r.time, app: r.app, correlation_id: r.correlation_id, causation_id: r.causation_id ?? '' }, JSON.stringify(r.data)),
          ),
        ),
      { atom: false },
    );
  }
}
