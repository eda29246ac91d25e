// Follows the NATS connection's life: whether it is usable right now (for /readyz) and its drain
// at shutdown, in onApplicationShutdown, after every provider's beforeApplicationShutdown.

import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { NatsConnection, Status } from '@nats-io/transport-node';
import { NATS_CONNECTION } from '../platform.constants';

/** How long a drain may take before the connection is simply closed (NATS may be unreachable). */
const DRAIN_TIMEOUT_MS = 3000;

@Injectable()
export class NatsLifecycleService implements OnApplicationShutdown {
  private readonly logger = new Logger('Nats');
  private connected = true;
  private closing = false;

  constructor(@Inject(NATS_CONNECTION) private readonly nc: NatsConnection) {
    void this.follow();
  }

  /** Connected: not closed, not draining, not between a disconnect and a reconnect. */
  isUp(): boolean {
    return this.connected && !this.nc.isClosed() && !this.nc.isDraining();
  }

  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    if (this.nc.isClosed()) return;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), DRAIN_TIMEOUT_MS);
    });
    try {
      const outcome = await Promise.race([this.nc.drain().then(() => 'drained' as const), timeout]);
      if (outcome === 'timeout') {
        this.logger.warn(`drain did not finish within ${DRAIN_TIMEOUT_MS} ms; closing`);
        await this.nc.close();
      }
    } catch (error) {
      this.logger.warn(`drain failed (${(error as Error).message}); closing`);
      if (!this.nc.isClosed()) await this.nc.close();
    } finally {
      clearTimeout(timer);
    }
  }

  private async follow(): Promise<void> {
    for await (const status of this.nc.status()) {
      this.apply(status);
    }
  }

  private apply(status: Status): void {
    switch (status.type) {
      case 'disconnect':
      case 'reconnecting':
      case 'staleConnection':
      case 'close':
        if (this.connected && !this.closing) this.logger.warn(`connection down (${status.type})`);
        this.connected = false;
        break;
      case 'reconnect':
        this.connected = true;
        this.logger.log(`reconnected to ${status.server}`);
        break;
      default:
        break;
    }
  }
}
