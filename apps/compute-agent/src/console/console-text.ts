// What a simulated guest writes to its serial console, as lines: an Ubuntu cloud image booting
// under KVM, cloud-init naming the injected files, the user data, the config drive and the
// authorized key, and the SSH host key fingerprints in the shape of the spec's
// os-getConsoleOutput example. Pure and deterministic: the same facts give the same lines, and
// the fingerprints come from a generator keyed by the server (they change with a rebuild, as a
// new root disk makes new host keys). Nova: nova/virt/libvirt/driver.py get_console_output
// reads the same kind of text from the guest's console.log.

import { SeededRandom } from '../fake-virt/seeded-random';

/** What the guest knows about itself when it boots. */
export interface GuestFacts {
  hostname: string;
  /** The hypervisor host it runs on. */
  host: string;
  fixedIp: string | null;
  keyName: string | null;
  personalityPaths: string[];
  /** Size of the user data once decoded, or null when none was given. */
  userDataBytes: number | null;
  configDrive: boolean;
  imageId: string;
  serverUuid: string;
  /** How many times the root disk was rebuilt: the host keys are new after each rebuild. */
  rebuilds: number;
}

/** Nova's sanitize_hostname: the display name as a host name, or `server-<id>` if nothing is left. */
export function guestHostname(displayName: string, serverId: number): string {
  const name = displayName
    .replace(/[ _]/g, '-')
    .replace(/[^A-Za-z0-9.-]+/g, '')
    .toLowerCase()
    .replace(/^[.-]+|[.-]+$/g, '')
    .slice(0, 63)
    .replace(/[.-]+$/g, '');
  return name === '' ? `server-${serverId}` : name;
}

/** `Wed, 03 Oct 2012 05:26:53 +0000`, as cloud-init prints it. */
function rfc2822(at: string): string {
  return new Date(at).toUTCString().replace('GMT', '+0000');
}

/** A kernel log prefix: `[    1.234567]`. */
function kernel(seconds: number, text: string): string {
  return `[${seconds.toFixed(6).padStart(12, ' ')}] ${text}`;
}

function hex(bytes: number[]): string {
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join(':');
}

/** The three host key fingerprint lines (DSA, ECDSA, RSA), as `ec2:` prints them. */
export function hostKeyFingerprints(serverUuid: string, rebuilds: number, hostname: string): string[] {
  const rng = new SeededRandom(`host-keys|${serverUuid}|${rebuilds}`);
  return [
    `1024 ${hex(rng.bytes(16))}  root@${hostname} (DSA)`,
    `256 ${hex(rng.bytes(16))}  root@${hostname} (ECDSA)`,
    `2048 ${hex(rng.bytes(16))}  root@${hostname} (RSA)`,
  ];
}

/** The MAC Nova gives a guest's VIF (fa:16:3e:...), from the same generator family. */
function macAddress(serverUuid: string): string {
  return `fa:16:3e:${hex(new SeededRandom(`mac|${serverUuid}`).bytes(3))}`;
}

/** The kernel's first lines, from power-on to the root file system. */
function kernelLines(facts: GuestFacts): string[] {
  return [
    kernel(0, 'Initializing cgroup subsys cpuset'),
    kernel(0, 'Linux version 3.2.0-29-virtual (buildd@allspice) (gcc version 4.6.3 (Ubuntu/Linaro 4.6.3-1ubuntu5) ) #46-Ubuntu SMP'),
    kernel(0, 'Command line: root=LABEL=cloudimg-rootfs ro console=ttyS0'),
    kernel(0, 'Hypervisor detected: KVM'),
    kernel(0.812, `virtio-pci 0000:00:03.0: eth0 ${macAddress(facts.serverUuid)}`),
    kernel(1.364, 'EXT4-fs (vda1): mounted filesystem with ordered data mode. Opts: (null)'),
  ];
}

/** A full boot: kernel, cloud-init, host keys, the authorized key, "boot finished". */
export function bootLines(facts: GuestFacts, at: string): string[] {
  const lines = [...kernelLines(facts), `cloud-init start-local running: ${rfc2822(at)}. up 2.71 seconds`, 'no instance data found in start-local'];
  lines.push(`cloud-init start running: ${rfc2822(at)}. up 3.14 seconds`);
  lines.push(`ci-info: eth0  : 1 ${(facts.fixedIp ?? '0.0.0.0').padEnd(15)} 255.255.0.0     ${macAddress(facts.serverUuid)}`);
  if (facts.configDrive) lines.push('cloud-init: found config drive on /dev/sr0 (label config-2): meta.js, user-data, injected files');
  else lines.push(`cloud-init: data source: metadata service at http://169.254.169.254 (image ${facts.imageId})`);
  for (const path of facts.personalityPaths) lines.push(`cloud-init: injected file ${path}`);
  if (facts.userDataBytes !== null) lines.push(`cloud-init: user-data: ${facts.userDataBytes} bytes, running it`);
  lines.push(`cloud-init: setting hostname to ${facts.hostname}`);
  lines.push('Generating public/private rsa key pair.', 'Your identification has been saved in /etc/ssh/ssh_host_rsa_key.');
  lines.push('Generating public/private ecdsa key pair.', 'Your identification has been saved in /etc/ssh/ssh_host_ecdsa_key.');
  lines.push(' * Starting OpenBSD Secure Shell server sshd\u001b[74G[ OK ]');
  lines.push('ec2: ', 'ec2: #############################################################', 'ec2: -----BEGIN SSH HOST KEY FINGERPRINTS-----');
  for (const fingerprint of hostKeyFingerprints(facts.serverUuid, facts.rebuilds, facts.hostname)) lines.push(`ec2: ${fingerprint}`);
  lines.push('ec2: -----END SSH HOST KEY FINGERPRINTS-----', 'ec2: #############################################################');
  lines.push(facts.keyName ? `cloud-init: authorized key '${facts.keyName}' for user ubuntu` : 'cloud-init: no key pair given, no authorized key for user ubuntu');
  lines.push(`cloud-init boot finished at ${rfc2822(at)}. Up 14.27 seconds`);
  return lines;
}

/** A spawn that failed: the guest got as far as the kernel and panicked. */
export function spawnFailureLines(facts: GuestFacts): string[] {
  return [...kernelLines(facts).slice(0, 4), kernel(1.02, 'VFS: Cannot open root device "LABEL=cloudimg-rootfs" or unknown-block(0,0)'),
    kernel(1.02, 'Kernel panic - not syncing: VFS: Unable to mount root fs on unknown-block(0,0)')];
}

/** A reboot: SOFT goes through init, HARD is a power cycle; then the guest boots again. */
export function rebootLines(type: 'SOFT' | 'HARD', facts: GuestFacts, at: string): string[] {
  const down = type === 'SOFT'
    ? [`Broadcast message from root@${facts.hostname} (${rfc2822(at)}):`, 'The system is going down for reboot NOW!', ' * Will now restart']
    : [`nova-compute: hard reboot of the guest on ${facts.host} (power cycle) at ${rfc2822(at)}`];
  return [...down, ...bootLines(facts, at)];
}

/** A rebuild: a new root disk from the image, then a first boot (new host keys). */
export function rebuildLines(facts: GuestFacts, at: string): string[] {
  return [`nova-compute: rebuilding the guest from image ${facts.imageId} at ${rfc2822(at)}`, ...bootLines(facts, at)];
}

/** The host went down under the guest: it lost power, with no chance to shut down. */
export function hostDownLines(host: string, reason: string, at: string): string[] {
  return [`nova-compute: host ${host} went down (${reason}) at ${rfc2822(at)}: the guest lost power`];
}

/** The last `length` lines as one text (all of them when `length` is undefined), as Nova's _tail_log. */
export function consoleTail(lines: readonly string[], length?: number): string {
  if (length === 0) return '';
  return (length === undefined ? lines : lines.slice(-length)).join('\n');
}
