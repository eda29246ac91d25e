// The administrator password of a new or rebuilt server: made up by the gateway, shown once in
// the create or rebuild answer and stored nowhere (not in an event, not in a table), as the
// spec's examples show it: the whole server, with `adminPass` among its fields.
// Nova: nova/utils.py generate_password, views/servers.py.

import { randomInt } from 'node:crypto';
import { represent, type Representation } from '../http/representation';
import type { ServerRecord } from './server-record';
import { type ServerLinks, serverDetailJson, serverDetailXml } from './server.view';

/** Nova's alphabet: no 0/O, 1/l/I, so that a password read aloud or typed is not mistaken. */
const ALPHABET = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
/** As long as the spec's examples ("2eb56Qh2uVAuC7ub"). */
export const ADMIN_PASS_LENGTH = 16;

export function generateAdminPass(length = ADMIN_PASS_LENGTH): string {
  return Array.from({ length }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
}

/** The server's details with `adminPass`: in JSON between `addresses` and `config_drive`, in XML after accessIPv6, as the spec's examples. */
export function serverWithAdminPassView(server: ServerRecord, at: ServerLinks, adminPass: string): Representation {
  const json = serverDetailJson(server, at);
  const sorted = Object.fromEntries(Object.entries({ ...json, adminPass }).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return represent({ server: sorted }, () => {
    const xml = serverDetailXml(server, at);
    const { accessIPv4, accessIPv6, ...rest } = xml.attrs ?? {};
    return { ...xml, attrs: { accessIPv4, accessIPv6, adminPass, ...rest } };
  });
}
