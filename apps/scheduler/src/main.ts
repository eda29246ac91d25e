// Entry point of the scheduler process: its own settings are checked first (one line on stderr
// and exit 1 when wrong, like the platform's), then the app starts.
import { bootstrapApp, ConfigError } from '@app/platform';
import { loadSchedulerConfig, type SchedulerConfig } from './config/scheduler-config';
import { SchedulerModule } from './scheduler.module';

function schedulerConfigOrExit(): SchedulerConfig {
  try {
    return loadSchedulerConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}

void bootstrapApp({ name: 'scheduler', module: SchedulerModule.with(schedulerConfigOrExit()) });
