// A consumer's handling runs inside the process's installed context (the platform's request
// context), or plainly when none is installed.

import { AsyncLocalStorage } from 'node:async_hooks';
import type { RecordedEvent } from '@app/contracts';
import { inConsumerContext, installConsumerContext } from './consumer-context';

const event = { metadata: { correlationId: 'req-42', producer: 'test' } } as RecordedEvent;

describe('consumer context', () => {
  afterEach(() => installConsumerContext(undefined));

  it('runs the work plainly when nothing is installed', async () => {
    expect(await inConsumerContext(event, async () => 'done')).toBe('done');
  });

  it('runs the work, and everything it awaits, in the installed context', async () => {
    const storage = new AsyncLocalStorage<string>();
    installConsumerContext((e, work) => storage.run(e.metadata.correlationId, work));
    const seen = await inConsumerContext(event, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return storage.getStore();
    });
    expect(seen).toBe('req-42');
  });
});
