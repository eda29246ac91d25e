// The faults a failed build shows: Nova's wording per cause, and no fault for an error that is
// not a build failure (the task is retried instead).

import { InvalidNetworkRequestError, NetworkUnavailableError, PoolExhaustedError } from '@app/contracts';
import { InjectedFaultError } from '../fake-virt/hypervisor-driver';
import { HostDownError, buildFailureOf } from './build-faults';

const at = '2012-10-03T05:26:53.000Z';

describe('build faults', () => {
  it('words each cause as Nova does, with details a learner can follow', () => {
    const injected = buildFailureOf('networking', new InjectedFaultError({ step: 'networking', latencyMs: 532, fails: true, draw: 0.1217, rate: 0.3 }), 'h1', '7', at);
    expect(injected).toEqual({
      reason: 'injected',
      failure: {
        step: 'networking',
        fault: {
          code: 500, message: 'Failed to allocate the network(s), not rescheduling.', created: at,
          details: 'fault injected by the simulated hypervisor on h1: step networking failed after 532 ms (FAIL_NETWORKING=0.3, drew 0.1217, FAULT_SEED=7)',
        },
      },
    });
    expect(buildFailureOf('networking', new PoolExhaustedError('fixed', '10.0.0.0/29'), 'h1', '7', at)?.failure.fault.message).toBe('No more fixed IP addresses');
    expect(buildFailureOf('networking', new PoolExhaustedError('floating', '15.0.0.0/29'), 'h1', '7', at)?.failure.fault.message).toBe('No more floating IP addresses');
    expect(buildFailureOf('networking', new NetworkUnavailableError('no network service is listening'), 'h1', '7', at)?.reason).toBe('network');
    expect(buildFailureOf('networking', new InvalidNetworkRequestError('bad'), 'h1', '7', at)?.reason).toBe('network');
    expect(buildFailureOf('spawning', new HostDownError('h1'), 'h1', '7', at)?.failure).toMatchObject({ step: 'spawning', fault: { message: 'Build of instance aborted: compute host h1 is down' } });
  });

  it('has no fault for an unexpected error', () => {
    expect(buildFailureOf('spawning', new Error('connection terminated'), 'h1', '7', at)).toBeUndefined();
  });
});
