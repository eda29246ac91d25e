// Liveness and readiness probes: /healthz answers while the process runs, /readyz only while
// Postgres and NATS are both usable (503 naming the check that is down otherwise).

import { Controller, Get, Res } from '@nestjs/common';
import { type Readiness, ReadinessService } from './readiness.service';

/** The part of Fastify's reply this controller uses. */
interface StatusReply {
  status(code: number): unknown;
}

@Controller()
export class HealthController {
  constructor(private readonly readiness: ReadinessService) {}

  @Get('healthz')
  healthz(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('readyz')
  async readyz(
    @Res({ passthrough: true }) reply: StatusReply,
  ): Promise<{ status: string; checks: Readiness['checks'] }> {
    const { ready, checks } = await this.readiness.check();
    reply.status(ready ? 200 : 503);
    return { status: ready ? 'ready' : 'not ready', checks };
  }
}
