// What a consumer's handling of one event runs inside, for the whole process: libs/platform
// installs "the request this event belongs to" (its correlation id), so that every log line a
// handler writes, in any app, carries the id of the API request that started the chain, as
// the gateway's lines do. One hook per process; none by default (the tests, the tools).

import type { RecordedEvent } from '@app/contracts';

export type ConsumerContext = <T>(event: RecordedEvent, work: () => Promise<T>) => Promise<T>;

let installed: ConsumerContext | undefined;

/** Sets the context every EventConsumer of this process runs its handling in. */
export function installConsumerContext(context: ConsumerContext | undefined): void {
  installed = context;
}

/** Runs `work` in the installed context for `event`, or plainly when none is installed. */
export function inConsumerContext<T>(event: RecordedEvent, work: () => Promise<T>): Promise<T> {
  return installed ? installed(event, work) : work();
}
