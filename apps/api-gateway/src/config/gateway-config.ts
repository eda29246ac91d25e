// The gateway's own settings (beyond the platform's), from environment variables with working
// local defaults, validated at start like the platform's: a wrong value stops the app with one
// line naming the variable.

import { plainToInstance } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min, validateSync } from 'class-validator';
import { ConfigError } from '@app/platform';

export class GatewayConfig {
  /** PUBLIC_URL: how clients reach this gateway; every link and the service catalog use it. */
  @IsString()
  publicUrl: string;

  /** IDENTITY_FILE: a JSON file of tenants and users (see docs/identity.md); built-in defaults when unset. */
  @IsOptional()
  @IsString()
  identityFile?: string;

  /** TOKEN_TTL_SECONDS: how long a token stays valid (default 24 h, as the spec says). */
  @IsInt({ message: 'must be an integer number of seconds from 60 to 31536000' })
  @Min(60, { message: 'must be an integer number of seconds from 60 to 31536000' })
  @Max(31_536_000, { message: 'must be an integer number of seconds from 60 to 31536000' })
  tokenTtlSeconds: number;

  /** BODY_LIMIT_BYTES: the largest request body accepted (413 overLimit beyond). */
  @IsInt({ message: 'must be an integer from 1024 to 104857600' })
  @Min(1024, { message: 'must be an integer from 1024 to 104857600' })
  @Max(104_857_600, { message: 'must be an integer from 1024 to 104857600' })
  bodyLimitBytes: number;
}

const VARIABLES: Record<keyof GatewayConfig, string> = {
  publicUrl: 'PUBLIC_URL',
  identityFile: 'IDENTITY_FILE',
  tokenTtlSeconds: 'TOKEN_TTL_SECONDS',
  bodyLimitBytes: 'BODY_LIMIT_BYTES',
};

const integer = (value: string | undefined, fallback: number) =>
  value === undefined ? fallback : /^[0-9]+$/.test(value) ? Number(value) : Number.NaN;

export function loadGatewayConfig(env: NodeJS.ProcessEnv = process.env, port = 8774): GatewayConfig {
  const publicUrl = (env.PUBLIC_URL ?? `http://127.0.0.1:${port}`).replace(/\/+$/, '');
  const config = plainToInstance(GatewayConfig, {
    publicUrl,
    identityFile: env.IDENTITY_FILE || undefined,
    tokenTtlSeconds: integer(env.TOKEN_TTL_SECONDS, 86_400),
    bodyLimitBytes: integer(env.BODY_LIMIT_BYTES, 1_048_576),
  });
  const problems = validateSync(config).map((e) => {
    const got = env[VARIABLES[e.property as keyof GatewayConfig]];
    return `${VARIABLES[e.property as keyof GatewayConfig]} ${Object.values(e.constraints ?? {})[0]}, got '${got}'`;
  });
  if (!/^https?:\/\/[^/\s]+(\/\S*)?$/.test(publicUrl)) problems.unshift(`PUBLIC_URL must be an http:// or https:// URL, got '${publicUrl}'`);
  if (problems.length > 0) throw new ConfigError(`config: ${problems.join('; ')}`);
  return config;
}
