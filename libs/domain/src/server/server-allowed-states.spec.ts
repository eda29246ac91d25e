// Walks the allowed-state table: every row against every reachable (vm_state, task_state).
// Allowed: the decider answers with events of the row's kinds (none only where a repeat is
// idempotent). Refused: it throws, naming the action and the state, and so writes nothing.

import { PowerState } from './power-state';
import {
  SERVER_ALLOWED_STATES, SERVER_RULE_NAMES, isServerCommandAllowed, serverAction, type ServerRuleName,
} from './server-allowed-states';
import type { ServerCommand } from './server.commands';
import { decideServer, foldServer } from './server.decider';
import { InvalidServerStateError, ServerAlreadyExistsError, ServerNotFoundError } from './server.errors';
import type { BuildStep } from './server.events';
import {
  ADDED_FLOATING_IP, LATER, SITUATIONS, createData, fault, floatingIpAdded, type Situation,
} from './server.fixtures';
import type { ServerState } from './server.state';
import { TaskState } from './task-state';
import { VmState } from './vm-state';

const at = LATER;

/** One valid command for each row, fitted to the server it is sent to. */
function commandFor(rule: ServerRuleName, state: ServerState): ServerCommand {
  switch (rule) {
    case 'CreateServer': return { type: rule, data: createData };
    case 'ScheduleServer': return { type: rule, host: 'compute-2', agentId: 'agent-2', availabilityZone: 'az-1', at };
    case 'FailScheduling': return { type: rule, fault: fault('No valid host was found. ') };
    case 'StartNetworking': return { type: rule, at };
    case 'RecordNetwork': return { type: rule, fixedIp: '10.0.0.9', floatingIp: '15.185.96.19', at };
    case 'StartBlockDeviceMapping': return { type: rule, at };
    case 'StartSpawning': return { type: rule, at };
    case 'ReportSpawnProgress': return { type: rule, progress: 50, at };
    case 'FinishBuild': return { type: rule, powerState: PowerState.Running, at };
    case 'FailBuild': return { type: rule, step: (state.taskState ?? 'spawning') as BuildStep, fault: fault('spawn failed') };
    case 'UpdateServer': return { type: rule, name: 'renamed', at };
    case 'UpdateServerMetadata': return { type: rule, metadata: { a: '1' }, at };
    case 'ReplaceServerMetadata': return { type: rule, metadata: { a: '1' }, at };
    case 'SetServerMetadataItem': return { type: rule, key: 'a', value: '1', at };
    case 'DeleteServerMetadataItem': return { type: rule, key: 'foo', at };
    case 'RebootServer(SOFT)': return { type: 'RebootServer', rebootType: 'SOFT', at };
    case 'RebootServer(HARD)': return { type: 'RebootServer', rebootType: 'HARD', at };
    case 'CompleteReboot': return { type: rule, powerState: PowerState.Running, at };
    case 'FailReboot': return { type: rule, fault: fault('reboot failed') };
    case 'RebuildServer': return { type: rule, imageUuid: 'a3c0c8f4-0000-4000-8000-000000000122', imageId: '122', personality: [], at };
    case 'CompleteRebuild': return { type: rule, powerState: PowerState.Running, at };
    case 'FailRebuild': return { type: rule, fault: fault('rebuild failed') };
    case 'CreateServerImage': return { type: rule, imageUuid: 'b5e0a6d2-0000-4000-8000-000000100002', imageId: '100002', name: 'snap-2', at };
    case 'CompleteSnapshot': return { type: rule, at };
    case 'FailSnapshot': return { type: rule, reason: 'disk full', at };
    case 'DeleteServer': return { type: rule, at };
    case 'CompleteDelete': return { type: rule, at };
    case 'ReportPowerState': return { type: rule, powerState: state.powerState === PowerState.Running ? PowerState.Shutdown : PowerState.Running, at };
    case 'AddSecurityGroup': return { type: rule, name: 'web', at };
    case 'RemoveSecurityGroup': return { type: rule, name: 'default', at };
    case 'AddFloatingIp': return { type: rule, address: '15.185.96.88', at };
    case 'RemoveFloatingIp': return { type: rule, address: ADDED_FLOATING_IP, at };
    default: {
      const _exhaustive: never = rule;
      return _exhaustive;
    }
  }
}

/** Allowed, and deciding nothing new: a repeat of what already runs. */
function isIdempotentRepeat(rule: ServerRuleName, s: Situation): boolean {
  return (rule === 'DeleteServer' && s.taskState === TaskState.Deleting) || (rule === 'RebootServer(HARD)' && s.taskState === TaskState.RebootingHard);
}

/** RemoveFloatingIp needs an address added with addFloatingIp: every live server gets one. */
function historyFor(rule: ServerRuleName, s: Situation) {
  const live = s.vmState !== null && s.vmState !== VmState.Deleted;
  return rule === 'RemoveFloatingIp' && live ? [...s.history, floatingIpAdded] : s.history;
}

describe('server allowed-state table', () => {
  it('the situations are what their histories say', () => {
    for (const s of SITUATIONS) {
      const state = foldServer(s.history);
      expect([state.vmState, state.taskState, state.host !== null]).toEqual([s.vmState, s.taskState, s.hasHost]);
    }
    expect(new Set(SITUATIONS.map((s) => s.name)).size).toBe(SITUATIONS.length);
  });

  it('every row allows at least one reachable situation', () => {
    for (const rule of SERVER_RULE_NAMES) {
      expect([rule, SITUATIONS.some((s) => isServerCommandAllowed(rule, s.vmState, s.taskState, s.hasHost))]).toEqual([rule, true]);
    }
  });

  it('names the action a refusal shows', () => {
    expect(serverAction({ type: 'RebootServer', rebootType: 'SOFT', at })).toBe('reboot');
    expect(serverAction('RebuildServer')).toBe('rebuild');
    expect(serverAction('CreateServerImage')).toBe('createImage');
    expect(serverAction('DeleteServer')).toBe('delete');
  });

  it('checks placement only when asked to', () => {
    expect(isServerCommandAllowed('StartNetworking', VmState.Build, TaskState.Scheduling)).toBe(true);
    expect(isServerCommandAllowed('StartNetworking', VmState.Build, TaskState.Scheduling, false)).toBe(false);
    expect(isServerCommandAllowed('ScheduleServer', VmState.Build, TaskState.Scheduling, true)).toBe(false);
  });

  for (const rule of SERVER_RULE_NAMES) {
    const row = SERVER_ALLOWED_STATES[rule];
    describe(rule, () => {
      for (const s of SITUATIONS) {
        const allowed = isServerCommandAllowed(rule, s.vmState, s.taskState, s.hasHost);
        it(`${s.name}: ${allowed ? 'allowed' : 'refused'}`, () => {
          const state = foldServer(historyFor(rule, s));
          const command = commandFor(rule, state);
          if (allowed) {
            const events = decideServer(command, state);
            for (const e of events) expect(row.events).toContain(e.type);
            expect(events.length > 0).toBe(!isIdempotentRepeat(rule, s));
            foldServer([...historyFor(rule, s), ...events]);
            return;
          }
          let thrown: unknown;
          try {
            decideServer(command, state);
          } catch (e) {
            thrown = e;
          }
          if (rule === 'CreateServer') {
            expect(thrown).toBeInstanceOf(ServerAlreadyExistsError);
          } else if (s.vmState === null || s.vmState === VmState.Deleted) {
            expect(thrown).toBeInstanceOf(ServerNotFoundError);
          } else {
            expect(thrown).toBeInstanceOf(InvalidServerStateError);
            expect(thrown).toMatchObject({ command: command.type, action: row.action, vmState: s.vmState, taskState: s.taskState });
          }
        });
      }
    });
  }
});
