// The guest's console: boot lines naming what the guest was given, host key fingerprints in
// the spec's os-getConsoleOutput shape, reboots, rebuilds, a host going down, and the tail.

import { type GuestFacts, bootLines, consoleTail, guestHostname, hostDownLines, hostKeyFingerprints, rebootLines, rebuildLines, spawnFailureLines } from './console-text';

const facts: GuestFacts = {
  hostname: 'web-1', host: 'rack7-host-00003', fixedIp: '10.0.0.5', keyName: 'deploy-key', personalityPaths: ['/etc/motd', '/root/.ssh/extra'],
  userDataBytes: 42, configDrive: true, imageId: '120', serverUuid: '0b0e9c6e-5a55-4bd4-a2e5-0a1a4c0d2f11', rebuilds: 0,
};
const at = '2012-10-03T05:26:53.000Z';

describe('the guest console', () => {
  it('turns a display name into a host name as Nova does', () => {
    expect(guestHostname('Web Server_1', 7)).toBe('web-server-1');
    expect(guestHostname('..My.Host..', 7)).toBe('my.host');
    expect(guestHostname('«»', 7)).toBe('server-7');
  });

  it('prints the host key fingerprints like the spec example, the same for the same disk', () => {
    const lines = hostKeyFingerprints(facts.serverUuid, 0, 'server-name-1');
    expect(lines[0]).toMatch(/^1024 ([0-9a-f]{2}:){15}[0-9a-f]{2} {2}root@server-name-1 \(DSA\)$/);
    expect(lines[1]).toMatch(/^256 ([0-9a-f]{2}:){15}[0-9a-f]{2} {2}root@server-name-1 \(ECDSA\)$/);
    expect(lines[2]).toMatch(/^2048 ([0-9a-f]{2}:){15}[0-9a-f]{2} {2}root@server-name-1 \(RSA\)$/);
    expect(hostKeyFingerprints(facts.serverUuid, 0, 'server-name-1')).toEqual(lines);
    expect(hostKeyFingerprints(facts.serverUuid, 1, 'server-name-1')).not.toEqual(lines);
  });

  it('boots naming the host name, the address, the files, the user data, the config drive and the key', () => {
    const text = bootLines(facts, at).join('\n');
    expect(text).toContain('Linux version 3.2.0');
    expect(text).toContain('ci-info: eth0  : 1 10.0.0.5');
    expect(text).toContain('cloud-init: found config drive on /dev/sr0');
    expect(text).toContain('cloud-init: injected file /etc/motd');
    expect(text).toContain('cloud-init: injected file /root/.ssh/extra');
    expect(text).toContain('cloud-init: user-data: 42 bytes');
    expect(text).toContain('cloud-init: setting hostname to web-1');
    expect(text).toContain('ec2: -----BEGIN SSH HOST KEY FINGERPRINTS-----');
    expect(text).toMatch(/ec2: 2048 [0-9a-f:]{47} {2}root@web-1 \(RSA\)/);
    expect(text).toContain("cloud-init: authorized key 'deploy-key' for user ubuntu");
    expect(text).toContain('cloud-init boot finished at Wed, 03 Oct 2012 05:26:53 +0000.');
    expect(bootLines(facts, at)).toEqual(bootLines(facts, at));
  });

  it('says so when there is no key, no user data and no config drive', () => {
    const text = bootLines({ ...facts, keyName: null, userDataBytes: null, configDrive: false, personalityPaths: [] }, at).join('\n');
    expect(text).toContain('no key pair given');
    expect(text).not.toContain('user-data');
    expect(text).not.toContain('injected file');
    expect(text).toContain('metadata service at http://169.254.169.254');
  });

  it('tells reboots, rebuilds (new host keys), a failed spawn and a host going down', () => {
    expect(rebootLines('SOFT', facts, at)[1]).toBe('The system is going down for reboot NOW!');
    expect(rebootLines('HARD', facts, at)[0]).toContain('hard reboot of the guest on rack7-host-00003');
    const rebuilt = rebuildLines({ ...facts, rebuilds: 1, imageId: '34971' }, at);
    expect(rebuilt[0]).toContain('rebuilding the guest from image 34971');
    const fingerprint = (lines: string[]) => lines.find((l) => l.includes('(RSA)'));
    expect(fingerprint(rebuilt)).not.toBe(fingerprint(bootLines(facts, at)));
    expect(spawnFailureLines(facts).at(-1)).toContain('Kernel panic');
    expect(hostDownLines('rack7-host-00003', 'maintenance', at)).toEqual(['nova-compute: host rack7-host-00003 went down (maintenance) at Wed, 03 Oct 2012 05:26:53 +0000: the guest lost power']);
  });

  it('tails the last lines as Nova does', () => {
    const lines = ['a', 'b', 'c', 'd'];
    expect(consoleTail(lines, 2)).toBe('c\nd');
    expect(consoleTail(lines)).toBe('a\nb\nc\nd');
    expect(consoleTail(lines, 0)).toBe('');
    expect(consoleTail(lines, 10)).toBe('a\nb\nc\nd');
  });
});
