// The `changes-since` parameter (spec 3.7): an ISO 8601 time such as 2011-01-24T17:08Z,
// 2011-01-24T17:08:00 or 2011-01-24T17:08:00+01:00; no zone means UTC. Anything else is a 400
// naming the value. A `+` that arrives as a space (an unencoded `+` in a query string) is
// read as `+`. Nova: nova/utils.py parse_isotime.

import { Faults } from './faults';

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?(?:(Z|z)|([+\- ])(\d{2}):?(\d{2})?)?$/;

/** The instant a changes-since value names, or undefined when it is malformed. */
export function parseIsoTime(value: string): Date | undefined {
  const m = ISO.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h = '00', mi = '00', s = '00', fraction = '', , sign, oh, om = '00'] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const millis = Number(fraction.padEnd(3, '0').slice(0, 3));
  let offsetMinutes = 0;
  if (sign !== undefined) {
    if (Number(oh) > 23 || Number(om) > 59) return undefined;
    offsetMinutes = (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om));
  }
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, millis) - offsetMinutes * 60_000;
  const date = new Date(utc);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** `changes-since` from a query, or undefined when absent; 400 when malformed. */
export function parseChangesSince(raw: string | undefined): Date | undefined {
  if (raw === undefined) return undefined;
  const date = parseIsoTime(raw);
  if (!date) throw Faults.badRequest(`Invalid changes-since value '${raw}': expected an ISO 8601 time such as 2011-01-24T17:08Z`);
  return date;
}
