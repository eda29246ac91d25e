// Entry point of the quota process.
import { bootstrapApp } from '@app/platform';
import { QuotaModule } from './quota.module';

void bootstrapApp({ name: 'quota', module: QuotaModule });
