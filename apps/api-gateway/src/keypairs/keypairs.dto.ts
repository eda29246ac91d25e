// The body of POST /os-keypairs, in JSON `{"keypair": {"name": "k", "public_key": "ssh-rsa ..."}}`
// or XML `<keypair name="k"><public_key>ssh-rsa ...</public_key></keypair>` (or `<name>` as
// a child). The name's characters are checked by the domain, with Nova's message.

import { Type } from 'class-transformer';
import { IsDefined, IsObject, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';

/** Far above any real key (an RSA 16384-bit key is under 3 KiB), far below the body limit. */
export const PUBLIC_KEY_MAX_LENGTH = 16_384;

export class KeypairRequest {
  @IsDefined({ message: 'name is required' })
  @IsString()
  name: string;

  @IsOptional()
  @IsString()
  @MaxLength(PUBLIC_KEY_MAX_LENGTH)
  public_key?: string;
}

export class KeypairBody {
  @IsDefined({ message: 'keypair is required' })
  @IsObject()
  @ValidateNested()
  @Type(() => KeypairRequest)
  keypair: KeypairRequest;
}
