// Faults injected into durable consumers on purpose (the bus-fault behaviour, for chaos tests):
// a hook consulted for each message before it is handled says whether to drop it (not handled,
// not acked: negatively acknowledged so JetStream delivers it again after `redeliverMs`), to
// hold it `delayMs` first, or to handle it twice (the second time is a duplicate to the
// idempotency tables). The stack must converge anyway: a dropped message comes back, and a
// later event of its stream fills the gap from the log meanwhile.
//
// A consumer takes its hook from its options (`faults`), or else the one installed for its
// NATS namespace in this process (`installConsumerFaults`, done once per app by libs/platform),
// so the apps' consumers need no wiring of their own.

import type { RecordedEvent } from '@app/contracts';

export interface ConsumerFault {
  /** Do not handle the message now: nak it, JetStream redelivers it after `redeliverMs`. */
  drop?: boolean;
  /** For a drop: the pause before the redelivery (default 250 ms). */
  redeliverMs?: number;
  /** Hold the message this long before handling it. */
  delayMs?: number;
  /** Handle it twice, one after the other. */
  duplicate?: boolean;
}

/** Consulted per message (`delivery` counts from 1): a fault to inject, or undefined. */
export type ConsumerFaultHook = (consumer: string, event: RecordedEvent, delivery: number) => ConsumerFault | undefined;

const installed = new Map<string, ConsumerFaultHook>();

/** Installs the hook every consumer of `namespace` in this process consults; returns its removal. */
export function installConsumerFaults(namespace: string, hook: ConsumerFaultHook): () => void {
  installed.set(namespace, hook);
  return () => {
    if (installed.get(namespace) === hook) installed.delete(namespace);
  };
}

/** The hook installed for `namespace`, if any. */
export function consumerFaultsFor(namespace: string): ConsumerFaultHook | undefined {
  return installed.get(namespace);
}

/** Waits `ms`; rejects with the signal's reason as soon as it is aborted. */
export function sleepUnlessAborted(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
