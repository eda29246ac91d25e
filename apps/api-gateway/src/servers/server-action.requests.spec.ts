// Action bodies (spec 4.4.7) in JSON and XML: each action's arguments as the spec's examples,
// Nova's defaults and refusals, and the body's one key.

import { ComputeFault } from '../http/faults';
import { parseXmlBody } from '../http/xml/xml-body';
import { parseServerAction } from './server-action.requests';

function faultOf(work: () => unknown): { code: number; message: string } | undefined {
  try {
    work();
  } catch (error) {
    if (!(error instanceof ComputeFault)) throw error;
    return { code: error.code, message: error.message };
  }
  return undefined;
}

const NS = 'xmlns="http://docs.openstack.org/compute/api/v1.1"';

describe('parseServerAction', () => {
  it('reads reboot, SOFT by default, the type in any case', () => {
    expect(parseServerAction({ reboot: { type: 'SOFT' } })).toEqual({ action: 'reboot', type: 'SOFT' });
    expect(parseServerAction({ reboot: { type: 'hard' } })).toEqual({ action: 'reboot', type: 'HARD' });
    expect(parseServerAction({ reboot: {} })).toEqual({ action: 'reboot', type: 'SOFT' });
    expect(parseServerAction(parseXmlBody(`<reboot type="HARD" ${NS}/>`))).toEqual({ action: 'reboot', type: 'HARD' });
    expect(parseServerAction(parseXmlBody('<reboot/>'))).toEqual({ action: 'reboot', type: 'SOFT' });
    expect(faultOf(() => parseServerAction({ reboot: { type: 'WARM' } }))).toEqual({ code: 400, message: "Invalid input for field 'reboot.type': Argument 'type' for reboot is not HARD or SOFT" });
  });

  it("reads rebuild as the spec's JSON and XML examples", () => {
    expect(parseServerAction({ rebuild: { imageRef: 120, metadata: { 'key-1': 'value-1' }, name: 'server-name-1' } })).toEqual({
      action: 'rebuild', imageRef: '120', metadata: { 'key-1': 'value-1' }, name: 'server-name-1', personality: [],
    });
    const xml = `<rebuild imageRef="120" name="server-name-2" ${NS}><metadata><meta key="key-1">value-1</meta></metadata></rebuild>`;
    expect(parseServerAction(parseXmlBody(xml))).toEqual({ action: 'rebuild', imageRef: '120', metadata: { 'key-1': 'value-1' }, name: 'server-name-2', personality: [] });
    expect(faultOf(() => parseServerAction({ rebuild: { name: 'x' } }))?.message).toContain('Could not parse imageRef from request.');
    expect(faultOf(() => parseServerAction({ rebuild: { imageRef: '120', name: '99' } }))?.code).toBe(400);
    expect(faultOf(() => parseServerAction({ rebuild: { imageRef: '120', personality: [{ path: '/a', contents: '!!' }] } }))?.code).toBe(400);
  });

  it('reads createImage with its name and metadata', () => {
    expect(parseServerAction({ createImage: { metadata: { 'key-1': 'value-1', 'key-2': 'value-2' }, name: 'image-1' } })).toEqual({
      action: 'createImage', name: 'image-1', metadata: { 'key-1': 'value-1', 'key-2': 'value-2' },
    });
    expect(parseServerAction(parseXmlBody(`<createImage name="image-1" ${NS}/>`))).toEqual({ action: 'createImage', name: 'image-1', metadata: {} });
    expect(faultOf(() => parseServerAction({ createImage: {} }))?.message).toContain('createImage entity requires name attribute');
    expect(faultOf(() => parseServerAction({ createImage: { name: 'i', metadata: { a: 1 } } }))?.code).toBe(400);
  });

  it('reads os-getConsoleOutput with or without a length', () => {
    expect(parseServerAction({ 'os-getConsoleOutput': { length: 50 } })).toEqual({ action: 'os-getConsoleOutput', length: 50 });
    expect(parseServerAction(parseXmlBody('<os-getConsoleOutput><length>50</length></os-getConsoleOutput>'))).toEqual({ action: 'os-getConsoleOutput', length: 50 });
    expect(parseServerAction({ 'os-getConsoleOutput': {} })).toEqual({ action: 'os-getConsoleOutput' });
    expect(parseServerAction({ 'os-getConsoleOutput': null })).toEqual({ action: 'os-getConsoleOutput' });
    expect(faultOf(() => parseServerAction({ 'os-getConsoleOutput': { length: 'lots' } }))?.code).toBe(400);
    expect(faultOf(() => parseServerAction({ 'os-getConsoleOutput': { length: -1 } }))?.code).toBe(400);
  });

  it('reads floating IP and security group actions, from JSON and the XML examples', () => {
    expect(parseServerAction({ addFloatingIp: { address: '15.185.230.113' } })).toEqual({ action: 'addFloatingIp', address: '15.185.230.113' });
    expect(parseServerAction(parseXmlBody(`<removeFloatingIp ${NS}>\n  <address>\n    15.185.230.99\n  </address>\n</removeFloatingIp>`))).toEqual({
      action: 'removeFloatingIp', address: '15.185.230.99',
    });
    expect(faultOf(() => parseServerAction({ addFloatingIp: {} }))?.message).toContain('Address not specified');
    expect(parseServerAction({ addSecurityGroup: { name: 'security-group-1' } })).toEqual({ action: 'addSecurityGroup', name: 'security-group-1' });
    expect(parseServerAction(parseXmlBody(`<removeSecurityGroup ${NS}><name>security-group-2</name></removeSecurityGroup>`))).toEqual({
      action: 'removeSecurityGroup', name: 'security-group-2',
    });
    expect(faultOf(() => parseServerAction({ addSecurityGroup: { name: '' } }))?.message).toContain('Security group name cannot be empty');
  });

  it('wants exactly one action, a known one; the ones this cloud does not offer are 501', () => {
    expect(faultOf(() => parseServerAction(undefined))?.code).toBe(400);
    expect(faultOf(() => parseServerAction({}))?.message).toBe('Malformed request body: no action was given');
    expect(faultOf(() => parseServerAction({ reboot: {}, rebuild: { imageRef: '1' } }))?.message).toBe('Malformed request body: one action at a time, got reboot, rebuild');
    expect(faultOf(() => parseServerAction({ pause: null }))).toEqual({ code: 400, message: 'There is no such action: pause' });
    expect(faultOf(() => parseServerAction({ resize: { flavorRef: '101' } }))?.code).toBe(501);
    expect(faultOf(() => parseServerAction({ reboot: 'SOFT' }))?.code).toBe(400);
  });
});
