// Validation of request bodies with class-validator, for JSON and XML alike: a wrong body is
// a 400 badRequest that names the field and what it must be.

import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { Faults } from './faults';

function describe(errors: ValidationError[], prefix = ''): string[] {
  return errors.flatMap((e) => {
    const path = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((c) => `'${path}': ${c.replace(new RegExp(`^${e.property} `), '')}`);
    return [...own, ...describe(e.children ?? [], path)];
  });
}

export function bodyValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    transform: true,
    whitelist: false,
    forbidUnknownValues: false,
    stopAtFirstError: true,
    exceptionFactory: (errors) => Faults.badRequest(`Invalid input for field ${describe(errors).join('; ')}`),
  });
}
