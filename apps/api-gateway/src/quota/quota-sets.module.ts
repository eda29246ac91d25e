// The os-quota-sets extension (administrators set per-tenant limits).

import { Module } from '@nestjs/common';
import { QuotaSetsController } from './quota-sets.controller';

@Module({
  controllers: [QuotaSetsController],
})
export class QuotaSetsModule {}
