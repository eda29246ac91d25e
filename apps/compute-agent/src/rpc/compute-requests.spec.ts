// The agent's requests as they arrive over NATS: good ones pass, bad ones are INVALID_REQUEST.

import { InvalidComputeRequestError } from '@app/contracts';
import { consoleOutputRequest, setHostStateRequest } from './compute-requests';

describe('compute requests', () => {
  it('reads a console-output request; no length, null or -1 is every line', () => {
    expect(consoleOutputRequest({ serverId: 'u', length: 50, correlationId: 'r' })).toEqual({ serverId: 'u', length: 50, correlationId: 'r' });
    for (const length of [undefined, null, -1]) expect(consoleOutputRequest({ serverId: 'u', length, correlationId: 'r' })).toEqual({ serverId: 'u', correlationId: 'r' });
    expect(consoleOutputRequest({ serverId: 'u', length: 0, correlationId: 'r' }).length).toBe(0);
  });

  it('reads a set-host-state request', () => {
    expect(setHostStateRequest({ host: 'h', up: false, reason: 'maintenance', correlationId: 'r' })).toEqual({ host: 'h', up: false, reason: 'maintenance', correlationId: 'r' });
    expect(setHostStateRequest({ host: 'h', up: true, correlationId: 'r' })).toEqual({ host: 'h', up: true, correlationId: 'r' });
  });

  it.each([
    [() => consoleOutputRequest(null), 'the request must be an object'],
    [() => consoleOutputRequest({ serverId: '', correlationId: 'r' }), 'serverId must be 1 to 255 characters'],
    [() => consoleOutputRequest({ serverId: 'u', length: -2, correlationId: 'r' }), 'length must be an integer of 0 or more'],
    [() => consoleOutputRequest({ serverId: 'u', length: '5', correlationId: 'r' }), 'length must be an integer of 0 or more'],
    [() => setHostStateRequest({ host: 'h', up: 'no', correlationId: 'r' }), 'up must be true or false'],
    [() => setHostStateRequest({ host: 'h', up: true }), 'correlationId must be 1 to 255 characters'],
  ])('refuses a bad request (%#)', (call, message) => {
    expect(call).toThrow(InvalidComputeRequestError);
    expect(call).toThrow(message);
  });
});
