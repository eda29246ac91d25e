// What the hypervisor reports when a host goes down: every ACTIVE server on it loses power, so
// the agent reports power state SHUTDOWN for each (ServerPowerStateChanged; the server becomes
// STOPPED) and the guest's console says so. Run when a host is taken down and again at start
// for the hosts that are down (a crash between the two must not leave a server ACTIVE on a dead
// host). Nova: nova/compute/manager.py _sync_power_states (the periodic task).

import { randomUUID } from 'node:crypto';
import { InvalidServerStateError, PowerState, ServerNotFoundError, VmState } from '@app/domain/server';
import type { SqlDb } from '@app/event-store';
import { hostDownLines } from '../console/console-text';
import type { ConsoleLinesRepository } from '../console/console-lines.repository';
import type { InstancesRepository } from '../instances/instances.repository';
import type { ServerSteps } from '../work/server-steps';

export class PowerStateSync {
  constructor(
    private readonly o: { db: SqlDb; steps: ServerSteps; instances: InstancesRepository; consoles: ConsoleLinesRepository; now: () => string },
  ) {}

  /** Reports SHUTDOWN for the ACTIVE servers of a host that is down; returns how many. */
  async hostDown(host: string, reason: string, correlationId = `req-${randomUUID()}`): Promise<number> {
    let stopped = 0;
    for (const instance of await this.o.instances.onHost(this.o.db, host)) {
      const state = await this.o.steps.load(instance.serverUuid);
      if (state.vmState !== VmState.Active || state.powerState === PowerState.Shutdown) continue;
      const at = this.o.now();
      try {
        const events = await this.o.steps.run(
          instance.serverUuid,
          { type: 'ReportPowerState', powerState: PowerState.Shutdown, at },
          { correlationId, tenantId: instance.tenantId },
          async (tx) => {
            await this.o.consoles.append(tx, instance.serverUuid, hostDownLines(host, reason, at));
            await this.o.instances.setState(tx, instance.serverUuid, 'shutdown');
          },
        );
        stopped += events.length;
      } catch (error) {
        // Deleted in the meantime: nothing to report.
        if (!(error instanceof InvalidServerStateError || error instanceof ServerNotFoundError)) throw error;
      }
    }
    return stopped;
  }
}
