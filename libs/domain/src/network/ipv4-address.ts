// IPv4 addresses as the integers they are (0 .. 2^32-1), so that pools can be searched and
// stored as numbers; the dotted quad is only how people read them.

const QUAD = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** Thrown for text that is not an IPv4 address or CIDR block; the message names the text. */
export class InvalidAddressError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidAddressError';
  }
}

/** `'10.0.0.1'` -> 167772161. Leading zeros are refused (`010.0.0.1` is ambiguous: octal or not). */
export function parseIpv4(text: string): number {
  const match = QUAD.exec(text);
  if (!match) throw new InvalidAddressError(`'${text}' is not an IPv4 address`);
  let value = 0;
  for (const part of match.slice(1)) {
    if (part.length > 1 && part.startsWith('0')) throw new InvalidAddressError(`'${text}' has a leading zero`);
    const octet = Number(part);
    if (octet > 255) throw new InvalidAddressError(`'${text}' has an octet above 255`);
    value = value * 256 + octet;
  }
  return value;
}

/** 167772161 -> `'10.0.0.1'`. */
export function formatIpv4(value: number): string {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) throw new InvalidAddressError(`${value} is not an IPv4 address`);
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}
