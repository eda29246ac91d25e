// The fields the server calls share (create, update, rebuild, metadata), read from a JSON body
// or the same shape an XML body parses to, each checked as Nova checked it and refused with a
// fault that names the field: a wrong shape is 400 badRequest; a size Nova counted as a quota
// (metadata key or value over 255 bytes, a personality path over 255 bytes) is 413 overLimit.
// Nova: nova/api/openstack/compute/servers.py, nova/compute/api.py (_check_metadata_properties_quota,
// _check_injected_file_quota).

import { isIPv4, isIPv6 } from 'node:net';
import type { PersonalityFile, ServerMetadata } from '@app/domain/server';
import { type ComputeFault, Faults } from '../http/faults';

/** Longest display name, key or value, and personality path, in UTF-8 bytes (Nova's columns). */
export const MAX_FIELD_BYTES = 255;
/** Nova's limit on user_data, once base64 encoded (nova/api/openstack/compute/servers.py). */
export const MAX_USER_DATA_BYTES = 65_535;

const encoder = new TextEncoder();
export const byteLength = (s: string) => encoder.encode(s).length;

export const invalidField = (path: string, what: string): ComputeFault => Faults.badRequest(`Invalid input for field '${path}': ${what}`);

/** Shortens a long key or path for a message, so the message stays readable. */
export function shortForMessage(text: string): string {
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** An XML element with no content parses to '': an empty `<metadata/>` or `<personality/>`. */
const isEmptyXml = (value: unknown) => value === '';

/** A list that may come as a JSON array, or from XML as `{child: item}` / `{child: [items]}`. */
function listOf(value: unknown, xmlChild: string): unknown[] | undefined {
  if (Array.isArray(value)) return value;
  if (isEmptyXml(value)) return [];
  if (isPlainObject(value) && Object.keys(value).length === 1 && xmlChild in value) return ([] as unknown[]).concat(value[xmlChild]);
  return undefined;
}

/**
 * A display name (spec "Server Names"): any string with an alphabetic character in it, so that
 * it can never look like an id or a UUID; surrounding spaces are cut off, as Nova did.
 */
export function parseServerName(value: unknown, path: string): string {
  if (value === undefined || value === null) throw invalidField(path, 'Server name is not defined');
  if (typeof value !== 'string') throw invalidField(path, 'Server name is not a string');
  const name = value.trim();
  if (name === '') throw invalidField(path, 'Server name is an empty string');
  if (byteLength(name) > MAX_FIELD_BYTES) throw invalidField(path, `Server name must be at most ${MAX_FIELD_BYTES} bytes`);
  if (!/\p{L}/u.test(name)) throw invalidField(path, 'Server name must contain an alphabetic character, so that it cannot be taken for an id');
  return name;
}

/**
 * An imageRef or flavorRef: an id as a string or a number, a UUID, or a link whose last path
 * segment is one (`https://.../images/120`), as Nova's common.get_id_from_href read it.
 */
export function parseRef(value: unknown, path: string): string {
  if (value === undefined || value === null || value === '') throw invalidField(path, `${lastSegment(path)} is required`);
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value) || value < 0) throw invalidField(path, `${lastSegment(path)} must be an id, a UUID or a link, got ${value}`);
    return String(value);
  }
  if (typeof value !== 'string') throw invalidField(path, `${lastSegment(path)} must be an id, a UUID or a link`);
  const withoutQuery = value.trim().split(/[?#]/)[0].replace(/\/+$/, '');
  const tail = withoutQuery.split('/').pop() ?? '';
  if (tail === '') throw invalidField(path, `${lastSegment(path)} must be an id, a UUID or a link, got '${shortForMessage(value)}'`);
  return tail;
}

const lastSegment = (path: string) => path.split('.').pop()!;

/**
 * Metadata items: an object of string values; keys 1 to 255 bytes and values at most 255
 * (413, as Nova counted their size as a quota). The number of items is checked by the caller,
 * which knows the tenant's maxServerMeta and whether the items are merged.
 */
export function parseMetadata(value: unknown, path: string): ServerMetadata {
  if (isEmptyXml(value)) return {};
  if (!isPlainObject(value)) throw invalidField(path, 'metadata must be an object of keys and values');
  for (const [key, item] of Object.entries(value)) checkMetadataItem(key, item, path);
  return { ...(value as ServerMetadata) };
}

/** One metadata item, with Nova's messages (InvalidMetadata, InvalidMetadataSize). */
export function checkMetadataItem(key: string, item: unknown, path: string): asserts item is string {
  if (typeof item !== 'string') throw invalidField(`${path}.${shortForMessage(key)}`, 'the value must be a string');
  if (key.length === 0) throw invalidField(path, 'Metadata property key blank');
  if (byteLength(key) > MAX_FIELD_BYTES) {
    throw Faults.overLimit(`Metadata property key greater than ${MAX_FIELD_BYTES} bytes`, undefined, `key '${shortForMessage(key)}'`);
  }
  if (byteLength(item) > MAX_FIELD_BYTES) {
    throw Faults.overLimit(`Metadata property value greater than ${MAX_FIELD_BYTES} bytes`, undefined, `value of key '${shortForMessage(key)}'`);
  }
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Base64 text, whitespace allowed anywhere (the spec's own personality example wraps its
 * contents with spaces); undefined when it is not valid base64. Returns it without the
 * whitespace, and the size of what it decodes to.
 */
export function readBase64(text: string): { base64: string; bytes: number } | undefined {
  const base64 = text.replace(/\s+/g, '');
  if (!BASE64.test(base64)) return undefined;
  const padding = base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0;
  return { base64, bytes: (base64.length / 4) * 3 - padding };
}

/**
 * Files to inject (spec "File Injection"): a list of `{path, contents}` with base64 contents,
 * or from XML `<personality><file path="...">base64</file></personality>`. Shape and base64
 * are checked here (400); how many files and how large, against the tenant's limits, by
 * checkPersonalityLimits.
 */
export function parsePersonality(value: unknown, path: string): PersonalityFile[] {
  const fromXml = isEmptyXml(value) || (isPlainObject(value) && 'file' in value);
  const listed = listOf(value, 'file');
  if (listed === undefined) throw invalidField(path, 'Bad personality format: a list of {"path", "contents"} was expected');
  // In XML a file's contents are its text: `<file path="/etc/motd"/>` is an empty file.
  const files = fromXml ? listed.map((f) => (isPlainObject(f) ? { path: f.path, contents: f['#text'] ?? '' } : f)) : listed;
  return files.map((file, i) => {
    const at = `${path}[${i}]`;
    if (!isPlainObject(file)) throw invalidField(at, 'Bad personality format: each file must be an object with path and contents');
    const { path: filePath, contents } = file;
    if (filePath === undefined || filePath === null || filePath === '') throw invalidField(at, 'Bad personality format: missing path');
    if (typeof filePath !== 'string') throw invalidField(`${at}.path`, 'must be a string');
    if (contents === undefined || contents === null) throw invalidField(at, 'Bad personality format: missing contents');
    if (typeof contents !== 'string') throw invalidField(`${at}.contents`, 'must be a base64 string');
    if (byteLength(filePath) > MAX_FIELD_BYTES) {
      throw Faults.overLimit('Personality file path too long', undefined, `the path of a file to inject is at most ${MAX_FIELD_BYTES} bytes; '${shortForMessage(filePath)}' is longer`);
    }
    const decoded = readBase64(contents);
    if (!decoded) throw invalidField(`${at}.contents`, `Personality content for ${shortForMessage(filePath)} cannot be decoded`);
    return { path: filePath, contents: decoded.base64 };
  });
}

/** The decoded size of a personality file's base64 contents. */
export const decodedSize = (file: PersonalityFile) => readBase64(file.contents)?.bytes ?? 0;

/** user_data: base64 (spec "EC2 Metadata"), at most 65535 bytes encoded; null when absent. */
export function parseUserData(value: unknown, path: string): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string') throw invalidField(path, 'user_data must be a base64 string');
  const decoded = readBase64(value);
  if (!decoded) throw invalidField(path, 'Userdata content cannot be decoded');
  if (decoded.base64.length > MAX_USER_DATA_BYTES) {
    throw invalidField(path, `User data too large. User data must be no larger than ${MAX_USER_DATA_BYTES} bytes once base64 encoded. Your data is ${decoded.base64.length} bytes`);
  }
  return decoded.base64;
}

/** accessIPv4 / accessIPv6: '' (none) or an address of that version; undefined when absent. */
export function parseAccessIp(value: unknown, path: string, version: 4 | 6): string | undefined {
  if (value === undefined) return undefined;
  if (value === null || value === '') return '';
  if (typeof value !== 'string') throw invalidField(path, `${lastSegment(path)} must be a string`);
  const address = value.trim();
  if (!(version === 4 ? isIPv4(address) : isIPv6(address))) throw invalidField(path, `${lastSegment(path)} is not proper IPv${version} format`);
  return address;
}

const TRUE = new Set(['true', 't', 'yes', 'y', 'on', '1']);
const FALSE = new Set(['false', 'f', 'no', 'n', 'off', '0', '']);

/** A boolean, or its spelling in XML or a loose client ("True", "1", ...); undefined when it is neither. */
export function booleanOf(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number' && (value === 0 || value === 1)) return value === 1;
  if (typeof value !== 'string') return undefined;
  const text = value.trim().toLowerCase();
  return TRUE.has(text) ? true : FALSE.has(text) ? false : undefined;
}

/** min_count / max_count: a positive integer, as a number or (XML) its digits; undefined when absent. */
export function parseCount(value: unknown, path: string): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : undefined;
  if (text === undefined || !/^[+-]?\d+$/.test(text) || !Number.isSafeInteger(Number(text))) {
    throw invalidField(path, `${lastSegment(path)} must be an integer value`);
  }
  const count = Number(text);
  if (count < 1) throw invalidField(path, `${lastSegment(path)} must be > 0`);
  return count;
}

/**
 * Security group names: `[{"name": "g"}]` as the spec's example, plain strings (DESIGN.md "Where
 * the spec contradicts itself"), or from XML `<security_groups><security_group name="g"/>...`.
 * Each name once, in the order given; `default` when none is given (spec 4.4.5.2).
 */
export function parseSecurityGroupNames(value: unknown, path: string): string[] {
  if (value === undefined || value === null) return ['default'];
  const items = listOf(value, 'security_group');
  if (items === undefined) throw invalidField(path, 'security_groups must be a list of {"name": ...}');
  const names = items.map((item, i) => parseSecurityGroupName(isPlainObject(item) ? item.name : item, `${path}[${i}].name`));
  return names.length === 0 ? ['default'] : [...new Set(names)];
}

/** One security group name: a non-empty string of at most 255 bytes. */
export function parseSecurityGroupName(value: unknown, path: string): string {
  if (value === undefined || value === null) throw invalidField(path, 'Security group not specified');
  if (typeof value !== 'string') throw invalidField(path, 'Security group name must be a string');
  const name = value.trim();
  if (name === '') throw invalidField(path, 'Security group name cannot be empty');
  if (byteLength(name) > MAX_FIELD_BYTES) throw invalidField(path, `Security group name must be at most ${MAX_FIELD_BYTES} bytes`);
  return name;
}

/** An optional free-text field (key_name, availability_zone): a string of 1 to 255 bytes, or null. */
export function parseOptionalText(value: unknown, path: string): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string') throw invalidField(path, `${lastSegment(path)} must be a string`);
  if (byteLength(value) > MAX_FIELD_BYTES) throw invalidField(path, `${lastSegment(path)} must be at most ${MAX_FIELD_BYTES} bytes`);
  return value;
}
