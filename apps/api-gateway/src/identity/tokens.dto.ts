// The body of POST /v2.0/tokens (Keystone v2.0): password credentials and an optional tenant.

import { Type } from 'class-transformer';
import { IsDefined, IsObject, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';

export class PasswordCredentials {
  @IsString()
  @MaxLength(255)
  username: string;

  @IsString()
  @MaxLength(1024)
  password: string;
}

export class AuthRequest {
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => PasswordCredentials)
  passwordCredentials: PasswordCredentials;

  @IsOptional()
  @IsString()
  tenantName?: string;

  @IsOptional()
  @IsString()
  tenantId?: string;
}

export class TokensBody {
  @IsDefined({ message: 'auth is required' })
  @IsObject()
  @ValidateNested()
  @Type(() => AuthRequest)
  auth: AuthRequest;
}
