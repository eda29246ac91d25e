// The gateway's QuotaClient (libs/platform quotaClientProvider: NATS request/reply to the quota
// app, with a timeout), global so that every gateway feature can inject it.

import { Global, Module } from '@nestjs/common';
import { QuotaClient } from '@app/contracts';
import { quotaClientProvider } from '@app/platform';

@Global()
@Module({
  providers: [quotaClientProvider()],
  exports: [QuotaClient],
})
export class QuotaClientModule {}
