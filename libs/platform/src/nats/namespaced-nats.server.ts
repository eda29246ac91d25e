// Nest's NATS transport for @MessagePattern handlers, with every pattern's subject behind the
// app's NATS_NAMESPACE (requestSubject in libs/contracts), as the event subjects are: two
// stacks (two test runs) sharing one NATS server never answer each other's requests. With
// the empty namespace of production the subjects are the patterns themselves. A request that
// carries a `correlationId` (every typed client's does) is handled as part of that API
// request, so the answering app's log lines carry its id (req_id) too.

import { type MessageHandler, ServerNats } from '@nestjs/microservices';
import type { NatsConnection, SubscriptionOptions } from '@nats-io/transport-node';
import { requestSubject } from '@app/contracts';
import { runInRequestContext } from '../logging/request-context';

type NatsServerOptions = ConstructorParameters<typeof ServerNats>[0];

export class NamespacedNatsServer extends ServerNats {
  constructor(
    private readonly namespace: string,
    options: NatsServerOptions,
  ) {
    super(options);
  }

  override addHandler(pattern: unknown, callback: MessageHandler, isEventHandler?: boolean, extras?: Record<string, unknown>): void {
    const inRequest = ((data: unknown, ctx?: unknown) => {
      const reqId = (data as { correlationId?: unknown } | null)?.correlationId;
      return typeof reqId === 'string' ? runInRequestContext({ reqId }, () => callback(data, ctx)) : callback(data, ctx);
    }) as MessageHandler;
    super.addHandler(pattern, inRequest, isEventHandler, extras);
  }

  /** Subscribes each handler's pattern under the namespace; the handler is still found by its pattern. */
  override bindEvents(client: NatsConnection): void {
    const namespaced = {
      subscribe: (pattern: string, options: SubscriptionOptions) => client.subscribe(requestSubject(this.namespace, pattern), options),
    };
    super.bindEvents(namespaced);
  }
}
