// The os-instance-actions shapes, and which server events open and close which steps.
/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are checked field by field */

import { renderXml } from '../http/xml/xml-element';
import { actionEffectOf } from './instance-action-steps';
import { instanceActionView, instanceActionsView, novaTime } from './instance-action.view';

const action = {
  serverUuid: '6f0c3a8e-6f6b-4b59-9a5f-3a6c2c1d7a10',
  requestId: 'req-1',
  action: 'create',
  tenantId: '10000000000001',
  userId: '10000000000011',
  startTime: new Date('2026-11-28T12:00:00.123Z'),
  message: null,
};

describe('instance actions', () => {
  it('prints times as Nova does', () => {
    expect(novaTime(new Date('2026-11-28T12:00:00.123Z'))).toBe('2026-11-28T12:00:00.123000');
    expect(novaTime(null)).toBeNull();
  });

  it('lists actions in Nova\'s shape', () => {
    const view = instanceActionsView([action]);
    expect(view.json).toEqual({
      instanceActions: [{ action: 'create', instance_uuid: action.serverUuid, message: null, project_id: '10000000000001', request_id: 'req-1', start_time: '2026-11-28T12:00:00.123000', user_id: '10000000000011' }],
    });
    expect(renderXml(view.xml(), { atom: false })).toContain('<instanceAction action="create"');
  });

  it('shows one action with its events, the traceback to administrators only', () => {
    const withEvents = { ...action, events: [{ event: 'compute__do_build_and_run_instance', startTime: action.startTime, finishTime: null, result: 'Error', traceback: 'boom' }] };
    expect((instanceActionView(withEvents, false).json as any).instanceAction.events[0]).toEqual({
      event: 'compute__do_build_and_run_instance', finish_time: null, result: 'Error', start_time: '2026-11-28T12:00:00.123000',
    });
    expect((instanceActionView(withEvents, true).json as any).instanceAction.events[0].traceback).toBe('boom');
  });

  it('opens an action on each request and closes its step on the completion', () => {
    expect(actionEffectOf({ type: 'ServerRebootRequested', data: { rebootType: 'HARD', at: 't' } })).toEqual({ kind: 'start-action', action: 'reboot', at: 't', step: 'compute_reboot_instance' });
    expect(actionEffectOf({ type: 'ServerRebooted', data: { powerState: 1, at: 't2' } })).toEqual({ kind: 'finish-step', step: 'compute_reboot_instance', at: 't2', result: 'Success' });
    expect(actionEffectOf({ type: 'ServerSpawnProgressed', data: { progress: 50, at: 't' } })).toEqual({ kind: 'none' });
  });
});
