// A namespace's JetStream stream outlives the apps that created it (it is on the NATS
// server's disk): end-to-end tests remove it when they are done.

import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { eventsStreamName } from '@app/contracts';

export async function deleteEventsStream(namespace: string, natsUrl = process.env.NATS_URL ?? 'nats://127.0.0.1:4222'): Promise<void> {
  const nc = await connect({ servers: natsUrl, reconnect: false });
  try {
    await (await jetstreamManager(nc)).streams.delete(eventsStreamName(namespace)).catch(() => undefined);
  } finally {
    await nc.close();
  }
}
