// GET / and GET /v1.1: which API versions this endpoint serves. No token needed.

import { Controller, Get } from '@nestjs/common';
import { GatewayConfig } from '../config/gateway-config';
import type { Representation } from '../http/representation';
import { versionView, versionsView } from './versions.view';

@Controller()
export class VersionsController {
  constructor(private readonly config: GatewayConfig) {}

  @Get()
  list(): Representation {
    return versionsView(this.config.publicUrl);
  }

  @Get('v1.1')
  get(): Representation {
    return versionView(this.config.publicUrl);
  }
}
