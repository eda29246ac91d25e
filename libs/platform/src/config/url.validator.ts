// A class-validator decorator for URLs with a given scheme (`nats://`, `postgres://`),
// parsed with the WHATWG URL parser.

import { ValidateBy, type ValidationOptions } from 'class-validator';

function isUrlWithScheme(value: unknown, schemes: readonly string[], list: boolean): boolean {
  if (typeof value !== 'string') return false;
  const parts = list ? value.split(',').map((part) => part.trim()) : [value];
  return parts.every((part) => {
    try {
      const url = new URL(part);
      return schemes.includes(url.protocol.slice(0, -1)) && url.hostname !== '';
    } catch {
      return false;
    }
  });
}

/** The value is a URL whose scheme is one of `schemes`, with a host; `list` also accepts `a,b,c`. */
export function IsUrlWithScheme(
  schemes: readonly string[],
  options: ValidationOptions & { list?: boolean } = {},
): PropertyDecorator {
  const { list = false, ...validationOptions } = options;
  return ValidateBy(
    {
      name: 'isUrlWithScheme',
      constraints: [schemes],
      validator: { validate: (value: unknown) => isUrlWithScheme(value, schemes, list) },
    },
    validationOptions,
  );
}
