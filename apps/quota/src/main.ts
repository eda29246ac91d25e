// Entry point of the quota process: its own settings are checked first (one line on stderr
// and exit 1 when wrong, like the platform's), then the app starts.
import { bootstrapApp, ConfigError } from '@app/platform';
import { loadQuotaConfig, type QuotaConfig } from './config/quota-config';
import { QuotaModule } from './quota.module';

function quotaConfigOrExit(): QuotaConfig {
  try {
    return loadQuotaConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}

void bootstrapApp({ name: 'quota', module: QuotaModule.with(quotaConfigOrExit()) });
