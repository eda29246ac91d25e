// docs/vm-states.md, rendered from the allowed-state table (server-allowed-states.ts), so the
// page cannot drift from what the decider does. `npm run docs:vm-states` writes it; a unit
// test fails while the committed page differs from this output.

import {
  ANY_TASK_STATE, LIVE_VM_STATES, SERVER_ALLOWED_STATES, SERVER_RULE_NAMES, type ServerAllowedStates, type ServerRuleName,
} from './server-allowed-states';
import { serverStatus } from './server-status';
import { TaskState } from './task-state';
import { VmState } from './vm-state';

/** Every status a server of this system can show, and what it means to a user. */
export const SERVER_STATUS_GUIDE: readonly { vmState: VmState; taskState: TaskState | null; meaning: string }[] = [
  { vmState: VmState.Build, taskState: TaskState.Scheduling, meaning: 'Accepted, quota reserved; the scheduler chooses a host, then the compute agent starts.' },
  { vmState: VmState.Build, taskState: TaskState.Networking, meaning: 'The compute agent gets a fixed and a floating IP from the network app.' },
  { vmState: VmState.Build, taskState: TaskState.BlockDeviceMapping, meaning: 'The compute agent sets up the volumes.' },
  { vmState: VmState.Build, taskState: TaskState.Spawning, meaning: 'The hypervisor creates the VM; progress rises.' },
  { vmState: VmState.Build, taskState: TaskState.Deleting, meaning: 'Deleted while building on a host; the compute agent cleans up.' },
  { vmState: VmState.Active, taskState: null, meaning: 'Running.' },
  { vmState: VmState.Active, taskState: TaskState.Rebooting, meaning: 'A soft reboot runs.' },
  { vmState: VmState.Active, taskState: TaskState.RebootingHard, meaning: 'A hard reboot runs.' },
  { vmState: VmState.Active, taskState: TaskState.Rebuilding, meaning: 'A rebuild runs; the new image already shows.' },
  { vmState: VmState.Active, taskState: TaskState.ImageSnapshot, meaning: 'createImage runs; the new image is SAVING.' },
  { vmState: VmState.Active, taskState: TaskState.Deleting, meaning: 'A delete runs; the compute agent releases the addresses.' },
  { vmState: VmState.Stopped, taskState: null, meaning: 'The hypervisor reports the guest shut down (its host died); a HARD reboot brings it back.' },
  { vmState: VmState.Stopped, taskState: TaskState.Rebooting, meaning: 'The host died during a soft reboot.' },
  { vmState: VmState.Stopped, taskState: TaskState.RebootingHard, meaning: 'A hard reboot of a stopped server runs.' },
  { vmState: VmState.Stopped, taskState: TaskState.Rebuilding, meaning: 'A rebuild of a stopped server runs.' },
  { vmState: VmState.Stopped, taskState: TaskState.ImageSnapshot, meaning: 'createImage of a stopped server runs.' },
  { vmState: VmState.Stopped, taskState: TaskState.Deleting, meaning: 'A delete of a stopped server runs.' },
  { vmState: VmState.Error, taskState: null, meaning: 'A step failed; the fault in the server details says why.' },
  { vmState: VmState.Error, taskState: TaskState.RebootingHard, meaning: 'A hard reboot tries to bring the server back.' },
  { vmState: VmState.Error, taskState: TaskState.Rebuilding, meaning: 'A rebuild tries to bring the server back.' },
  { vmState: VmState.Error, taskState: TaskState.Deleting, meaning: 'A delete of a server on a host runs.' },
  { vmState: VmState.Deleted, taskState: null, meaning: 'Gone; listed only by changes-since.' },
];

/** The build, in the spec's order ("Server States"), then its two ways to fail. */
const BUILD_FLOW: readonly ServerRuleName[] = [
  'CreateServer', 'ScheduleServer', 'StartNetworking', 'RecordNetwork', 'StartBlockDeviceMapping', 'StartSpawning', 'ReportSpawnProgress', 'FinishBuild',
];
const BUILD_FAILURES: readonly ServerRuleName[] = ['FailScheduling', 'FailBuild'];

const sameSet = <T>(a: readonly T[], b: readonly T[]) => a.length === b.length && a.every((x) => b.includes(x));
const code = (s: string) => `\`${s}\``;

function hostNote(row: ServerAllowedStates): string {
  if (row.host === 'none') return ', no host yet';
  if (row.host === 'assigned') return ', on a host';
  return '';
}

function vmStatesCell(row: ServerAllowedStates): string {
  if (sameSet(row.vmStates, LIVE_VM_STATES)) return 'any but DELETED';
  return row.vmStates.map((s) => (s === 'NONE' ? 'no server yet' : s)).join(', ');
}

function taskStatesCell(row: ServerAllowedStates): string {
  const tasks = sameSet(row.taskStates, ANY_TASK_STATE) ? 'any' : row.taskStates.map((t) => t ?? 'none').join(', ');
  return tasks + hostNote(row);
}

/** The statuses a build step is taken from, e.g. `BUILD(scheduling)`, on a host. */
function allowedIn(row: ServerAllowedStates): string {
  const statuses = row.vmStates.flatMap((vm) => row.taskStates.map((task) => (vm === 'NONE' ? 'no server yet' : code(serverStatus(vm, task)))));
  return statuses.join(', ') + hostNote(row);
}

function table(header: string[], rows: string[][]): string[] {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)];
}

export function renderVmStatesDoc(): string {
  const flowRow = (rule: ServerRuleName, i: number) => {
    const row = SERVER_ALLOWED_STATES[rule];
    return [String(i), code(rule), row.sender, allowedIn(row), row.events.map(code).join(', ')];
  };
  const lines = [
    '# Server states',
    '',
    '<!-- Generated by `npm run docs:vm-states` from libs/domain/src/server/server-allowed-states.ts.',
    '     Do not edit: change the table and run the script (a unit test fails while this page is stale). -->',
    '',
    'A server\'s state is two values, as in Nova: `vm_state`, the stable state, and `task_state`,',
    'what is in flight (none when nothing is). The task acts as a lock: each action is two facts,',
    '`...Requested` (sets the task) then `...ed` or `...Failed` (clears it). The hypervisor\'s',
    '`power_state` is a third value, reported by the compute agent. The API shows the status',
    '`VM_STATE`, or `VM_STATE(task_state)` while a task runs.',
    '',
    '## Status strings',
    '',
    ...table(
      ['status', 'vm_state', 'task_state', 'meaning'],
      SERVER_STATUS_GUIDE.map((s) => [code(serverStatus(s.vmState, s.taskState)), s.vmState, s.taskState ?? 'none', s.meaning]),
    ),
    '',
    '## The build flow',
    '',
    'Each step is a command to the server\'s decider, sent by one app, which writes the events',
    '(the `producer` in their metadata). The server is `ACTIVE` after `ServerBuilt`, power state',
    'RUNNING, progress 100; the compute agent then commits the quota reservation.',
    '',
    ...table(['step', 'command', 'sent by', 'allowed in', 'writes'], BUILD_FLOW.map((rule, i) => flowRow(rule, i + 1))),
    '',
    'A failure ends the build in `ERROR` with a fault; the claim, addresses and reservation are released:',
    '',
    ...table(['command', 'sent by', 'allowed in', 'writes'], BUILD_FAILURES.map((rule) => flowRow(rule, 0).slice(1))),
    '',
    '## Every command',
    '',
    'The allowed-state table (Nova\'s `check_instance_state`, nova/compute/api.py). A command',
    'outside its row is refused and writes nothing: no server (or a DELETED one) is 404,',
    '`CreateServer` on an existing server is refused as a duplicate, and any other state is',
    `409 naming the action and the state, e.g. ${code("Cannot 'reboot' while instance is in vm_state ACTIVE task_state rebooting")}.`,
    '',
    ...table(
      ['command', 'action (409)', 'sent by', 'vm_state', 'task_state', 'writes', 'notes'],
      SERVER_RULE_NAMES.map((rule) => {
        const row = SERVER_ALLOWED_STATES[rule];
        return [code(rule), code(row.action), row.sender, vmStatesCell(row), taskStatesCell(row), row.events.map(code).join(', '), row.note ?? ''];
      }),
    ),
    '',
  ];
  return lines.join('\n');
}
