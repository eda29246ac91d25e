// The fields server calls share: names with a letter, refs as ids, numbers or links, metadata
// and personality with Nova's 400s and 413s, base64 with the spec's own wrapped example, and
// the tenant's per-request limits.

import { ComputeFault } from '../http/faults';
import {
  booleanOf, parseAccessIp, parseCount, parseMetadata, parsePersonality, parseRef, parseSecurityGroupNames, parseServerName, parseUserData, readBase64,
} from './server-request-fields';
import { checkMetadataCount, checkPersonalityLimits } from './server-request-limits';

/** The fault `work` throws (code and message), or undefined when it throws none. */
function faultOf(work: () => unknown): { code: number; message: string } | undefined {
  try {
    work();
  } catch (error) {
    if (!(error instanceof ComputeFault)) throw error;
    return { code: error.code, message: error.message };
  }
  return undefined;
}

/** The spec's File Injection example: base64 wrapped with spaces. */
const SPEC_CONTENTS =
  'ICAgICAgDQoiQSBjbG91ZCBkb2VzIG5vdCBrbm93IHdoeSBp dCBtb3ZlcyBpbiBqdXN0IHN1Y2ggYSBkaXJlY3Rpb24gYW5k IGF0IHN1Y2ggYSBzcGVlZC4uLkl0IGZlZWxzIGFuIGltcHVs c2lvbi4uLnRoaXMgaXMgdGhlIHBsYWNlIHRvIGdvIG5vdy4g QnV0IHRoZSBza3kga25vd3MgdGhlIHJlYXNvbnMgYW5kIHRo ZSBwYXR0ZXJucyBiZWhpbmQgYWxsIGNsb3VkcywgYW5kIHlv dSB3aWxsIGtub3csIHRvbywgd2hlbiB5b3UgbGlmdCB5b3Vy c2VsZiBoaWdoIGVub3VnaCB0byBzZWUgYmV5b25kIGhvcml6 b25zLiINCg0KLVJpY2hhcmQgQmFjaA==';

describe('server names (spec "Server Names")', () => {
  it('takes any string with a letter, without surrounding spaces', () => {
    expect(parseServerName('  web-1 ', 'server.name')).toBe('web-1');
    expect(parseServerName('Server 124817', 'server.name')).toBe('Server 124817');
    expect(parseServerName('ünïcode', 'server.name')).toBe('ünïcode');
  });

  it('refuses a name without a letter, so it cannot look like an id or a UUID', () => {
    expect(faultOf(() => parseServerName('122745', 'server.name'))).toEqual({ code: 400, message: expect.stringContaining("'server.name'") });
    expect(faultOf(() => parseServerName('1234-5678', 'server.name'))?.message).toContain('alphabetic character');
  });

  it('refuses a missing, non-string, empty or too long name, naming the field', () => {
    expect(faultOf(() => parseServerName(undefined, 'server.name'))?.message).toBe("Invalid input for field 'server.name': Server name is not defined");
    expect(faultOf(() => parseServerName(42, 'server.name'))?.code).toBe(400);
    expect(faultOf(() => parseServerName('   ', 'server.name'))?.message).toContain('empty string');
    expect(faultOf(() => parseServerName('a'.repeat(256), 'server.name'))?.code).toBe(400);
    expect(parseServerName('a'.repeat(255), 'server.name')).toHaveLength(255);
  });
});

describe('imageRef and flavorRef', () => {
  it('reads an id as a string or a number, a UUID, or a link', () => {
    expect(parseRef('120', 'server.imageRef')).toBe('120');
    expect(parseRef(100, 'server.flavorRef')).toBe('100');
    expect(parseRef('https://az-3.region-a.geo-1.compute.hpcloudsvc.com/36991859863737/images/120', 'server.imageRef')).toBe('120');
    expect(parseRef('http://h/v1.1/t/flavors/101/', 'server.flavorRef')).toBe('101');
    expect(parseRef('E5AC3D3C-CDA3-4106-B60A-0A29B382FDA2', 'server.imageRef')).toBe('E5AC3D3C-CDA3-4106-B60A-0A29B382FDA2');
  });

  it('refuses a missing ref or one of the wrong type, naming the field', () => {
    expect(faultOf(() => parseRef(undefined, 'server.flavorRef'))?.message).toBe("Invalid input for field 'server.flavorRef': flavorRef is required");
    expect(faultOf(() => parseRef({ id: 1 }, 'server.imageRef'))?.message).toContain("'server.imageRef'");
    expect(faultOf(() => parseRef(-1, 'server.imageRef'))?.code).toBe(400);
    expect(faultOf(() => parseRef('/', 'server.imageRef'))?.code).toBe(400);
  });
});

describe('metadata', () => {
  it('takes an object of strings, and an empty XML <metadata/>', () => {
    expect(parseMetadata({ 'key-1': 'value-1', k: '' }, 'server.metadata')).toEqual({ 'key-1': 'value-1', k: '' });
    expect(parseMetadata('', 'server.metadata')).toEqual({});
  });

  it('is 400 for a non-object, a non-string value or a blank key', () => {
    expect(faultOf(() => parseMetadata(['a'], 'server.metadata'))?.code).toBe(400);
    expect(faultOf(() => parseMetadata({ a: 1 }, 'server.metadata'))?.message).toBe("Invalid input for field 'server.metadata.a': the value must be a string");
    expect(faultOf(() => parseMetadata({ '': 'v' }, 'server.metadata'))?.message).toContain('Metadata property key blank');
  });

  it('is 413, as Nova, for a key or value over 255 bytes (bytes, not characters)', () => {
    expect(faultOf(() => parseMetadata({ ['k'.repeat(256)]: 'v' }, 'server.metadata'))).toEqual({ code: 413, message: 'Metadata property key greater than 255 bytes' });
    expect(faultOf(() => parseMetadata({ k: 'é'.repeat(128) }, 'server.metadata'))).toEqual({ code: 413, message: 'Metadata property value greater than 255 bytes' });
    expect(parseMetadata({ ['k'.repeat(255)]: 'v'.repeat(255) }, 'server.metadata')).toBeDefined();
  });

  it('counts items against maxServerMeta; -1 is unlimited', () => {
    expect(faultOf(() => checkMetadataCount(50, { maxServerMeta: 50 }))).toBeUndefined();
    expect(faultOf(() => checkMetadataCount(51, { maxServerMeta: 50 }))).toEqual({ code: 413, message: 'Maximum number of metadata items exceeds 50' });
    expect(faultOf(() => checkMetadataCount(1000, { maxServerMeta: -1 }))).toBeUndefined();
  });
});

describe('personality (spec "File Injection")', () => {
  it('reads the spec example, whose base64 is wrapped with spaces, keeping it without them', () => {
    const [file] = parsePersonality([{ path: '/etc/banner.txt', contents: SPEC_CONTENTS }], 'server.personality');
    expect(file.path).toBe('/etc/banner.txt');
    expect(file.contents).toBe(SPEC_CONTENTS.replace(/ /g, ''));
    expect(Buffer.from(file.contents, 'base64').toString('utf8')).toContain('Richard Bach');
  });

  it('reads the XML shape: one file or several, the text being the contents', () => {
    expect(parsePersonality({ file: { path: '/a', '#text': 'QUJD' } }, 'server.personality')).toEqual([{ path: '/a', contents: 'QUJD' }]);
    expect(parsePersonality({ file: [{ path: '/a', '#text': 'QQ==' }, { path: '/b' }] }, 'server.personality')).toEqual([
      { path: '/a', contents: 'QQ==' },
      { path: '/b', contents: '' },
    ]);
    expect(parsePersonality('', 'server.personality')).toEqual([]);
  });

  it('is 400 for a bad shape, a missing path or contents, or contents that are not base64', () => {
    expect(faultOf(() => parsePersonality({ path: '/a' }, 'server.personality'))?.code).toBe(400);
    expect(faultOf(() => parsePersonality([{ contents: 'QQ==' }], 'server.personality'))?.message).toContain('missing path');
    expect(faultOf(() => parsePersonality([{ path: '/a' }], 'server.personality'))?.message).toContain('missing contents');
    expect(faultOf(() => parsePersonality([{ path: '/a', contents: 'not base64!' }], 'server.personality'))?.message).toBe(
      "Invalid input for field 'server.personality[0].contents': Personality content for /a cannot be decoded",
    );
    expect(faultOf(() => parsePersonality([{ path: '/a', contents: 'QQ=' }], 'server.personality'))?.code).toBe(400);
  });

  it('is 413 for a path over 255 bytes, too many files, or a file too large once decoded', () => {
    expect(faultOf(() => parsePersonality([{ path: `/${'p'.repeat(255)}`, contents: '' }], 'server.personality'))).toEqual({ code: 413, message: 'Personality file path too long' });
    const files = (n: number, bytes = 3) => Array.from({ length: n }, (_, i) => ({ path: `/f${i}`, contents: Buffer.alloc(bytes).toString('base64') }));
    const limits = { maxPersonality: 5, maxPersonalitySize: 10240 };
    expect(faultOf(() => checkPersonalityLimits(files(5), limits))).toBeUndefined();
    expect(faultOf(() => checkPersonalityLimits(files(6), limits))).toEqual({ code: 413, message: 'Personality file limit exceeded' });
    expect(faultOf(() => checkPersonalityLimits(files(1, 10240), limits))).toBeUndefined();
    expect(faultOf(() => checkPersonalityLimits(files(1, 10241), limits))).toEqual({ code: 413, message: 'Personality file content too long' });
    expect(faultOf(() => checkPersonalityLimits(files(9, 20000), { maxPersonality: -1, maxPersonalitySize: -1 }))).toBeUndefined();
  });
});

describe('base64, user_data, access IPs, booleans and counts', () => {
  it('measures decoded bytes and refuses what is not base64', () => {
    expect(readBase64('QUJD')).toEqual({ base64: 'QUJD', bytes: 3 });
    expect(readBase64('QQ==\n')).toEqual({ base64: 'QQ==', bytes: 1 });
    expect(readBase64('')).toEqual({ base64: '', bytes: 0 });
    expect(readBase64('QUJ')).toBeUndefined();
    expect(readBase64('QU*D')).toBeUndefined();
  });

  it('takes base64 user_data and refuses the rest', () => {
    expect(parseUserData(undefined, 'server.user_data')).toBeNull();
    expect(parseUserData('IyEvYmluL3NoCmVjaG8gaGk=', 'server.user_data')).toBe('IyEvYmluL3NoCmVjaG8gaGk=');
    expect(faultOf(() => parseUserData('#!/bin/sh', 'server.user_data'))?.message).toContain('Userdata content cannot be decoded');
    expect(faultOf(() => parseUserData(Buffer.alloc(60_000).toString('base64'), 'server.user_data'))?.message).toContain('User data too large');
  });

  it('checks access IPs by version; empty means none', () => {
    expect(parseAccessIp(undefined, 'server.accessIPv4', 4)).toBeUndefined();
    expect(parseAccessIp('', 'server.accessIPv4', 4)).toBe('');
    expect(parseAccessIp('10.0.0.1', 'server.accessIPv4', 4)).toBe('10.0.0.1');
    expect(parseAccessIp('fe80::1', 'server.accessIPv6', 6)).toBe('fe80::1');
    expect(faultOf(() => parseAccessIp('10.0.0.256', 'server.accessIPv4', 4))?.message).toContain('accessIPv4 is not proper IPv4 format');
    expect(faultOf(() => parseAccessIp('10.0.0.1', 'server.accessIPv6', 6))?.code).toBe(400);
  });

  it('reads booleans as JSON and XML write them', () => {
    expect([true, 'True', 'true', '1', 1].map(booleanOf)).toEqual([true, true, true, true, true]);
    expect([false, 'False', '0', ''].map(booleanOf)).toEqual([false, false, false, false]);
    expect(booleanOf('120')).toBeUndefined();
  });

  it('reads counts as numbers or digits, positive only', () => {
    expect(parseCount(undefined, 'server.min_count')).toBeUndefined();
    expect(parseCount('3', 'server.min_count')).toBe(3);
    expect(parseCount(2, 'server.max_count')).toBe(2);
    expect(faultOf(() => parseCount('two', 'server.min_count'))?.message).toBe("Invalid input for field 'server.min_count': min_count must be an integer value");
    expect(faultOf(() => parseCount(0, 'server.max_count'))?.message).toContain('max_count must be > 0');
    expect(faultOf(() => parseCount(1.5, 'server.max_count'))?.code).toBe(400);
  });
});

describe('security group names', () => {
  it('reads [{name}], plain strings and the XML shape; default when none', () => {
    expect(parseSecurityGroupNames([{ name: 'web' }, 'db', { name: 'web' }], 'server.security_groups')).toEqual(['web', 'db']);
    expect(parseSecurityGroupNames({ security_group: { name: 'web' } }, 'server.security_groups')).toEqual(['web']);
    expect(parseSecurityGroupNames({ security_group: [{ name: 'a' }, { name: 'b' }] }, 'server.security_groups')).toEqual(['a', 'b']);
    expect(parseSecurityGroupNames(undefined, 'server.security_groups')).toEqual(['default']);
    expect(parseSecurityGroupNames([], 'server.security_groups')).toEqual(['default']);
    expect(parseSecurityGroupNames('', 'server.security_groups')).toEqual(['default']);
  });

  it('refuses other shapes and empty names', () => {
    expect(faultOf(() => parseSecurityGroupNames('web', 'server.security_groups'))?.code).toBe(400);
    expect(faultOf(() => parseSecurityGroupNames([{ name: '' }], 'server.security_groups'))?.message).toBe(
      "Invalid input for field 'server.security_groups[0].name': Security group name cannot be empty",
    );
    expect(faultOf(() => parseSecurityGroupNames([{}], 'server.security_groups'))?.message).toContain('Security group not specified');
  });
});
